# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulator groups, mailing lists, server settings, sessions and misc commands.

Raw PWD over a socket (no client library): log in, INLINE, one line per
command, "201 <data>" decoded with the collection's codec.
"""

import datetime
import socket

import pytest

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec
from cgp_emulator import registry
from cgp_emulator.cmd_settings import SCOPES

MY_MODULES = ("cmd_groups", "cmd_lists", "cmd_settings", "cmd_sessions", "cmd_misc")


class Pwd:
    """A minimal PWD client: login, INLINE, send a line, read the answer line."""

    def __init__(self, emu, user=None, password=None):
        self.sock = socket.create_connection((emu.host, emu.port), timeout=10)
        self.rfile = self.sock.makefile("rb")
        assert self.line().startswith("200 ")
        assert self.send("USER %s" % (user or emu.user)).startswith("300 ")
        assert self.send("PASS %s" % (password or emu.password)) == "200 login OK"
        assert self.send("INLINE").startswith("200 ")

    def line(self):
        return self.rfile.readline().decode("utf-8").rstrip("\r\n")

    def send(self, text):
        self.sock.sendall((text + "\n").encode("utf-8"))
        return self.line()

    def ok(self, text):
        """Run a command that must succeed; its decoded data (None for 200 OK)."""
        reply = self.send(text)
        if reply == "200 OK":
            return None
        assert reply.startswith("201 "), "%s -> %s" % (text, reply)
        return cgp_codec.loads(reply[4:])

    def err(self, text):
        """Run a command that must fail; (code, text)."""
        reply = self.send(text)
        code, message = reply.split(" ", 1) if " " in reply else (reply, "")
        assert int(code) >= 500, "%s -> %s" % (text, reply)
        return int(code), message

    def close(self):
        self.rfile.close()
        self.sock.close()


@pytest.fixture
def pwd(cgp_emulator):
    client = Pwd(cgp_emulator)
    client.ok("CREATEACCOUNT bob@example.test")
    yield client
    client.close()


def q(value):
    """A value as command text."""
    return cgp_codec.dumps(value)


# ---------------------------------------------------------------- groups


def test_group_create_get_set_rename_delete(pwd):
    pwd.ok('CREATEGROUP staff@example.test {Members=(bob,"x@remote.org");RealName="The Staff";}')
    assert pwd.ok("LISTGROUPS example.test") == ["staff"]
    assert pwd.ok("GETGROUP staff@example.test") == {"Members": ["bob", "x@remote.org"], "RealName": "The Staff"}
    pwd.ok("SETGROUP staff@example.test {RealName=Team;}")  # replaces everything
    assert pwd.ok("GETGROUP staff@example.test") == {"RealName": "Team", "Members": []}
    pwd.ok("RENAMEGROUP staff@example.test into team@example.test")
    assert pwd.ok("LISTGROUPS") == ["team"]
    assert pwd.err("GETGROUP staff@example.test") == (501, "group is not found")
    pwd.ok("DELETEGROUP team@example.test")
    assert pwd.ok("LISTGROUPS example.test") == []
    assert pwd.err("DELETEGROUP team@example.test") == (501, "group is not found")
    assert pwd.err("SETGROUP team@example.test {}") == (501, "group is not found")


def test_group_without_settings_and_bad_members(pwd):
    pwd.ok("CREATEGROUP empty")
    assert pwd.ok("GETGROUP empty@example.test") == {"Members": []}
    assert pwd.err("CREATEGROUP bad {Members=notanarray;}")[0] == 500
    assert pwd.err("LISTGROUPS nowhere.test") == (512, "Unknown secondary domain name")


def test_groups_share_the_object_namespace(pwd):
    pwd.ok("CREATEGROUP staff")
    pwd.ok("CREATELIST news FOR bob")
    assert pwd.err("CREATEGROUP bob") == (501, "Account with this name already exists")
    assert pwd.err("CREATEGROUP staff") == (501, "group with this name already exists")
    assert pwd.err("CREATEGROUP news") == (501, "mailing list with this name already exists")
    assert "already exists" in pwd.err("CREATEACCOUNT staff")[1]
    assert "already exists" in pwd.err("RENAMEGROUP staff INTO bob")[1]
    pwd.ok("RENAMEGROUP staff INTO Staff")  # case change of itself
    assert pwd.ok("LISTGROUPS") == ["Staff"]


# ---------------------------------------------------------------- mailing lists


def test_list_create_owner_rules(pwd):
    pwd.ok("CREATEDOMAIN other.test")
    pwd.ok("CREATEACCOUNT carol@other.test")
    pwd.ok("CREATELIST news@example.test FOR bob")
    pwd.ok("CREATELIST qualified@example.test FOR bob@example.test")
    assert pwd.err("CREATELIST x@example.test FOR nobody") == (513, "Unknown user account")
    assert pwd.err("CREATELIST x@example.test FOR carol@other.test") == (513, "Unknown user account")
    assert pwd.err("CREATELIST x@example.test FOR carol") == (513, "Unknown user account")
    assert "already exists" in pwd.err("CREATELIST bob FOR bob")[1]
    assert pwd.ok("LISTLISTS example.test") == ["news", "qualified"]
    assert pwd.ok("GETACCOUNTLISTS bob@example.test") == {"news": "0", "qualified": "0"}
    assert pwd.ok("GETACCOUNTLISTS postmaster@example.test") == {}
    settings = pwd.ok("GETLIST news@example.test")
    assert settings["Owner"] == "bob"
    assert settings["Distribution"] == "feed"


def test_list_rename_update_delete(pwd):
    pwd.ok("CREATELIST news FOR bob")
    pwd.ok('UPDATELIST news@example.test {Subscribe="anybody";Charset=default;FeedPrefixMode=YES;}')
    settings = pwd.ok("GETLIST news@example.test")
    assert settings["Subscribe"] == "anybody"
    assert settings["FeedPrefixMode"] == "YES"
    assert "Charset" not in settings  # "default" removed it
    assert settings["Postings"] == "from subscribers"  # untouched key kept
    pwd.ok("RENAMELIST news@example.test into weekly")
    assert pwd.ok("LISTLISTS") == ["weekly"]
    assert pwd.ok("GETLIST weekly@example.test")["Subscribe"] == "anybody"
    pwd.ok("CREATEDOMAIN other.test")
    assert pwd.err("RENAMELIST weekly into x@other.test")[0] == 500
    assert "already exists" in pwd.err("RENAMELIST weekly into bob")[1]
    assert pwd.err("GETLIST news@example.test") == (501, "Unknown Mailing List")
    pwd.ok("DELETELIST weekly@example.test")
    assert pwd.ok("LISTLISTS") == []
    assert pwd.err("DELETELIST weekly") == (501, "Unknown Mailing List")


def test_list_subscribe_feed_unsubscribe(pwd):
    pwd.ok("CREATELIST news FOR bob")
    pwd.ok("LIST news@example.test subscribe silently %s" % q("Bill Jones <BJones@company.com>"))
    info = pwd.ok("GETSUBSCRIBERINFO news@example.test NAME bjones@company.com")
    assert info["mode"] == "feed"
    assert info["RealName"] == "Bill Jones"
    assert info["posts"] == "0"
    assert len(info["timeSubscribed"]) == 14 and info["timeSubscribed"].isdigit()
    assert info["confirmationID"]

    # the reference sample, with the subscriber sent as one quoted string
    pwd.ok('LIST news@example.test FEED confirm %s' % q('"Ann Lee" <ann@company.com>'))
    assert pwd.ok("GETSUBSCRIBERINFO news NAME ann@company.com")["mode"] == "subscribe"
    pwd.ok("LIST news DIGEST ann@company.com")  # confirmed: now active
    assert pwd.ok("GETSUBSCRIBERINFO news NAME ann@company.com")["mode"] == "digest"
    pwd.ok("LIST news Index silently confirm ann@company.com")  # active: mode change only
    assert pwd.ok("GETSUBSCRIBERINFO news NAME ann@company.com")["mode"] == "index"
    assert pwd.ok("LISTSUBSCRIBERS news") == ["BJones@company.com", "ann@company.com"]
    assert pwd.ok("GETDOMAINLISTS example.test") == {"news": "2"}

    pwd.ok("LIST news unsubscribe confirm ann@company.com")  # still listed
    assert pwd.ok("GETSUBSCRIBERINFO news NAME ann@company.com")["mode"] == "unsubscribe"
    pwd.ok("LIST news unsubscribe silently ann@company.com")
    assert pwd.ok("GETSUBSCRIBERINFO news NAME ann@company.com") == {}
    pwd.ok("LIST news unsubscribe silently ann@company.com")  # absent: no-op
    pwd.ok("LIST news banned confirm spam@bad.test")  # banning never waits
    assert pwd.ok("GETSUBSCRIBERINFO news NAME spam@bad.test")["mode"] == "banned"
    assert pwd.err("LIST news explode x@y.test")[0] == 500
    assert pwd.err("LIST news feed")[0] == 500
    assert pwd.err("LIST nolist feed x@y.test") == (501, "Unknown Mailing List")


def test_list_subscribe_uses_the_distribution_setting(pwd):
    pwd.ok("CREATELIST news FOR bob")
    pwd.ok("UPDATELIST news {Distribution=digest;}")
    pwd.ok("LIST news subscribe a@x.test")
    assert pwd.ok("GETSUBSCRIBERINFO news NAME a@x.test")["mode"] == "digest"


def test_read_subscribers_shape_filter_and_limit(pwd):
    pwd.ok("CREATELIST news FOR bob")
    for address in ("Ann <ann@a.test>", "ben@b.test", "anna@a.test"):
        pwd.ok("LIST news feed silently %s" % q(address))
    total, items = pwd.ok("READSUBSCRIBERS news@example.test")
    assert total == 2 + 1
    assert [i["Sub"] for i in items] == ["ann@a.test", "ben@b.test", "anna@a.test"]
    first = items[0]
    assert first["RealName"] == "Ann" and first["mode"] == "feed" and first["posts"] == 0
    assert isinstance(first["subscribeTime"], datetime.datetime)
    assert "RealName" not in items[1] and "bounces" not in items[1]
    total, items = pwd.ok("READSUBSCRIBERS news FILTER a.test 1")
    assert total == 3 and [i["Sub"] for i in items] == ["ann@a.test"]
    assert pwd.ok("LISTSUBSCRIBERS news FILTER A.TEST") == ["ann@a.test", "anna@a.test"]
    assert pwd.ok("LISTSUBSCRIBERS news FILTER a.test #1") == ["ann@a.test"]
    assert pwd.ok("LISTSUBSCRIBERS news FILTER nothing") == []


def test_posting_modes(pwd):
    pwd.ok("CREATELIST news FOR bob")
    pwd.ok("LIST news feed a@x.test")

    def posts():
        return pwd.ok("GETSUBSCRIBERINFO news NAME a@x.test")["posts"]

    assert posts() == "0"
    for mode, expected in (
        ("#3", ["3"]),
        ("5", ["5"]),
        ("MODERATEALL", "moderateAll"),
        ("prohibited", "prohibited"),
        ("SPECIAL", "special"),
        ("UNMODERATED", "0"),
        ("#2", ["2"]),
        ("#0", "0"),
        ("", "0"),
    ):
        pwd.ok(("SETPOSTINGMODE news FOR a@x.test " + mode).strip())
        assert posts() == expected, mode
    assert pwd.err("SETPOSTINGMODE news FOR nobody@x.test SPECIAL") == (501, "subscriber is not found")
    assert pwd.err("SETPOSTINGMODE news FOR a@x.test sometimes")[0] == 500


def test_process_bounce(pwd):
    pwd.ok("CREATELIST news FOR bob")
    pwd.ok("UPDATELIST news {MaxBounces=8;FatalWeight=5;}")
    pwd.ok("LIST news feed a@x.test")
    pwd.ok("PROCESSBOUNCE news FOR a@x.test")
    info = pwd.ok("GETSUBSCRIBERINFO news NAME a@x.test")
    assert info["bounces"] == "1" and len(info["lastBounced"]) == 14
    pwd.ok("PROCESSBOUNCE news FATAL FOR a@x.test")
    assert pwd.ok("GETSUBSCRIBERINFO news NAME a@x.test")["bounces"] == "6"
    items = pwd.ok("READSUBSCRIBERS news")[1]
    assert items[0]["bounces"] == 6 and isinstance(items[0]["lastBounceTime"], datetime.datetime)
    pwd.ok("PROCESSBOUNCE news FATAL FOR a@x.test")  # 11 >= MaxBounces
    assert pwd.ok("GETSUBSCRIBERINFO news NAME a@x.test") == {}
    assert pwd.err("PROCESSBOUNCE news FOR a@x.test") == (501, "subscriber is not found")


def test_lists_survive_a_state_file_restart(cgp_emulator_factory, tmp_path):
    state_file = str(tmp_path / "state.json")
    emu = cgp_emulator_factory(state_file=state_file)
    client = Pwd(emu)
    client.ok("CREATEACCOUNT bob")
    client.ok("CREATELIST news FOR bob")
    client.ok("LIST news feed %s" % q("Ann <ann@a.test>"))
    client.ok("SETPOSTINGMODE news FOR ann@a.test #4")
    client.ok('CREATEGROUP staff {Members=(bob);}')
    client.ok('SETLANIPS "10.0.0.0/8\\e192.168.0.1"')
    before = client.ok("READSUBSCRIBERS news")
    client.close()
    emu.stop()
    emu = cgp_emulator_factory(state_file=state_file)
    client = Pwd(emu)
    assert client.ok("READSUBSCRIBERS news") == before
    assert client.ok("GETSUBSCRIBERINFO news NAME ann@a.test")["posts"] == ["4"]
    assert client.ok("GETGROUP staff") == {"Members": ["bob"]}
    assert client.ok("GETLANIPS") == "10.0.0.0/8\n192.168.0.1"
    client.close()


# ---------------------------------------------------------------- server settings


def test_module_get_update_set(pwd):
    modules = pwd.ok("LISTMODULES")
    assert {"SMTP", "POP", "IMAP", "HTTPU", "PWD", "LDAP", "SIP"} <= set(modules)
    smtp = pwd.ok("GETMODULE SMTP")
    assert smtp["LogLevel"] == "2" and "UseESMTP" in smtp
    pwd.ok("UPDATEMODULE smtp {LogLevel=5;UseESMTP=default;}")
    smtp2 = pwd.ok("GETMODULE SMTP")
    assert smtp2["LogLevel"] == "5" and "UseESMTP" not in smtp2
    assert smtp2["SendChannels"] == smtp["SendChannels"]
    pwd.ok("SETMODULE SMTP {LogLevel=1;}")
    assert pwd.ok("GETMODULE SMTP") == {"LogLevel": "1"}
    assert pwd.ok("GETMODULE IMAP")["LogLevel"] == "2"  # others untouched
    assert pwd.err("GETMODULE NOSUCH") == (501, "unknown module name")


def test_ip_lists_are_multi_line_strings(pwd):
    text = "10.0.0.0/8\n192.168.1.1-192.168.1.9 ; office\n"
    pwd.ok("SETLANIPS %s" % q(text))
    assert q(text).count("\\e") == 2  # sent on one line
    assert pwd.ok("GETLANIPS") == text
    assert pwd.ok("GETCLUSTERLANIPS") == ""
    pwd.ok('SETCLUSTERLANIPS "172.16.0.0/12"')
    assert pwd.ok("GETCLUSTERLANIPS") == "172.16.0.0/12"
    assert pwd.ok("GETLANIPS") == text
    pwd.ok('SETBLACKLISTEDIPS "10.9.9.9"')
    assert pwd.ok("GETIPSTATE 192.168.1.5") == "LAN"
    assert pwd.ok("GETIPSTATE #I[172.16.3.4]") == "LAN"  # cluster list counts
    assert pwd.ok("GETIPSTATE 10.9.9.9") == "Blacklisted"
    assert pwd.ok("GETIPSTATE 8.8.8.8 TEMP") == "Remote"
    for kind in ("CLIENT", "WHITEHOLE", "NATED", "NATSITE", "DEBUG", "DENIED"):
        pwd.ok('SET%sIPS "1.2.3.%d"' % (kind, len(kind)))
        assert pwd.ok("GET%sIPS" % kind) == "1.2.3.%d" % len(kind)
        assert pwd.ok("GETCLUSTER%sIPS" % kind) == ""
    assert pwd.err("SETLANIPS (a,b)")[0] == 500


def test_router_table_and_cluster_variants_are_separate(pwd):
    pwd.ok('SETROUTERTABLE "<postmaster@*> = postmaster\\e<*@old.test> = *@new.test"')
    assert pwd.ok("GETROUTERTABLE") == "<postmaster@*> = postmaster\n<*@old.test> = *@new.test"
    assert pwd.ok("GETCLUSTERROUTERTABLE") == ""
    pwd.ok('SETCLUSTERROUTERTABLE "<a@*> = b"')
    assert pwd.ok("GETCLUSTERROUTERTABLE") == "<a@*> = b"
    assert pwd.ok("GETROUTERTABLE").startswith("<postmaster@*>")
    pwd.ok('SETSERVERMAILRULES ((1,"#Redirect",(),(("Mirror to","x@y.test"))))')
    assert pwd.ok("GETSERVERMAILRULES") == [["1", "#Redirect", [], [["Mirror to", "x@y.test"]]]]
    assert pwd.ok("GETCLUSTERMAILRULES") == []
    pwd.ok("SETCLUSTERNETWORK {UseDNSFromOS=NO;}")
    assert pwd.ok("GETCLUSTERNETWORK") == {"UseDNSFromOS": "NO"}
    assert pwd.ok("GETNETWORK")["UseDNSFromOS"] == "YES"


def test_default_scopes_update_merges_set_replaces(pwd):
    pwd.ok("UPDATEDOMAINDEFAULTS {MailToUnknown=Discarded;LogLevel=default;}")
    defaults = pwd.ok("GETDOMAINDEFAULTS")
    assert defaults["MailToUnknown"] == "Discarded" and "LogLevel" not in defaults
    assert "MailboxDelimiter" in defaults
    effective = pwd.ok("GETDOMAINEFFECTIVESETTINGS example.test")  # the core reads them
    assert effective["MailToUnknown"] == "Discarded"
    pwd.ok("UPDATECLUSTERDOMAINDEFAULTS {X=1;}")
    assert pwd.ok("GETCLUSTERDOMAINDEFAULTS")["X"] == "1"
    assert "X" not in pwd.ok("GETDOMAINDEFAULTS")
    pwd.ok("SETSERVERACCOUNTDEFAULTS {MaxAccountSize=5M;}")
    assert pwd.ok("GETSERVERACCOUNTDEFAULTS") == {"MaxAccountSize": "5M"}
    assert pwd.ok("GETACCOUNTEFFECTIVESETTINGS bob")["MaxAccountSize"] == "5M"
    pwd.ok("UPDATESERVERACCOUNTPREFS {Language=german;}")
    assert pwd.ok("GETSERVERACCOUNTPREFS")["Language"] == "german"
    assert pwd.ok("GETCLUSTERACCOUNTPREFS")["Language"] == "english"
    pwd.ok("UPDATECLUSTERACCOUNTDEFAULTS {RulesAllowed=None;}")
    assert pwd.ok("GETCLUSTERACCOUNTDEFAULTS")["RulesAllowed"] == "None"
    pwd.ok("UPDATELOGSETTINGS {LogLevel=5;}")
    assert pwd.ok("GETLOGSETTINGS")["LogLevel"] == "5"
    pwd.ok("UPDATESERVERSETTINGS {ServerName=mail;}")
    assert pwd.ok("GETSERVERSETTINGS")["ServerName"] == "mail"


def test_every_settings_scope_round_trips(pwd):
    values = {dict: {"Probe": "1"}, list: ["probe"], str: "line1\nline2"}
    for _key, kind, suffix, ops, cluster_suffix, _default in SCOPES:
        for name in filter(None, (suffix, cluster_suffix)):
            original = pwd.ok("GET" + name)
            assert isinstance(original, kind), name
            verb = "SET" if "S" in ops else "UPDATE"
            pwd.ok("%s%s %s" % (verb, name, q(values[kind])))
            value = pwd.ok("GET" + name)
            if verb == "SET":
                assert value == values[kind], name
            else:
                assert value["Probe"] == "1", name
    # server and cluster values stayed apart
    pwd.ok('SETSERVERINTERCEPT {Server=1;}')
    assert pwd.ok("GETCLUSTERINTERCEPT") == {"Probe": "1"}


def test_settings_need_the_server_administrator(cgp_emulator):
    admin = Pwd(cgp_emulator)
    admin.ok('CREATEACCOUNT user1 {Password="userpass";}')
    admin.ok('CREATELIST news FOR user1')
    user = Pwd(cgp_emulator, user="user1", password="userpass")
    denied = (510, "you do not have the required access right")
    for line in (
        "LISTMODULES",
        "GETMODULE SMTP",
        "UPDATEMODULE SMTP {LogLevel=1;}",
        "GETLANIPS",
        'SETLANIPS "1.2.3.4"',
        "GETCLUSTERLANIPS",
        "GETROUTERTABLE",
        "GETDOMAINDEFAULTS",
        "UPDATESERVERACCOUNTPREFS {A=b;}",
        "GETSERVERALERTS",
        "ROUTE bob",
        "GETIPSTATE 1.2.3.4",
    ):
        assert user.err(line) == denied, line
    for line in (
        "CREATEGROUP g",
        "UPDATELIST news {A=b;}",
        "LIST news feed x@y.test",
        "CREATEWEBUSERSESSION user1 ADDRESS 1.2.3.4",
    ):
        assert user.err(line) == denied, line
    assert user.ok("GETVERSION")  # anyone may ask
    assert admin.ok("GETMODULE SMTP")["LogLevel"] == "2"  # nothing changed
    user.close()
    admin.close()


# ---------------------------------------------------------------- sessions


def test_sessions_create_find_list_get_update_kill(pwd):
    web = pwd.ok("CREATEWEBUSERSESSION bob@example.test ADDRESS #I[1.2.3.4] SKIN Pronto")
    ximss = pwd.ok('CREATEXIMSSSESSION bob@example.test ADDRESS "5.6.7.8" FOR 9.9.9.9')
    assert isinstance(web, str) and len(web) >= 16 and web != ximss
    assert sorted(pwd.ok("LISTACCOUNTSESSIONS bob@example.test")) == sorted([web, ximss])
    assert pwd.ok("LISTACCOUNTSESSIONS bob@example.test PROTOCOL XIMSS") == [ximss]
    assert pwd.ok("LISTACCOUNTSESSIONS bob@example.test ADDRESS 5.6.7.8 FOR 9.9.9.9") == [ximss]
    assert pwd.ok("LISTACCOUNTSESSIONS bob@example.test TRANSPORT http PROTOCOL webuser") == [web]
    assert pwd.ok("FINDACCOUNTSESSION bob@example.test ADDRESS 1.2.3.4") == web
    assert pwd.err("FINDACCOUNTSESSION bob@example.test PROTOCOL XMPP") == (501, "session is not found")
    assert pwd.ok("LISTACCOUNTSESSIONS postmaster@example.test") == []

    data = pwd.ok("GETSESSION %s" % web)
    assert data["protocol"] == "WebUser" and data["address"] == "1.2.3.4"
    assert data["user"] == "bob@example.test" and data["skin"] == "Pronto"
    assert isinstance(data["created"], datetime.datetime)
    assert pwd.ok("GETSESSION %s DOMAIN example.test" % ximss)["origAddress"] == "9.9.9.9"
    pwd.ok("CREATEDOMAIN other.test")
    assert pwd.err("GETSESSION %s DOMAIN other.test" % web) == (501, "session is not found")

    pwd.ok("UPDATESESSION %s {client=Mobile;theme=dark;}" % web)
    assert pwd.ok("GETSESSION %s" % web)["theme"] == "dark"
    assert pwd.ok("FINDACCOUNTSESSION bob@example.test CLIENT mobile") == web
    pwd.ok("UPDATESESSION %s DOMAIN example.test {theme=#NULL#;}" % web)
    assert "theme" not in pwd.ok("GETSESSION %s" % web)

    pwd.ok("KILLSESSION %s" % web)
    assert pwd.err("GETSESSION %s" % web) == (501, "session is not found")
    assert pwd.err("KILLSESSION %s" % web) == (501, "session is not found")
    assert pwd.ok("LISTACCOUNTSESSIONS bob@example.test") == [ximss]
    assert pwd.err("CREATEWEBUSERSESSION nobody ADDRESS 1.2.3.4") == (513, "Unknown user account")
    assert pwd.err("CREATEWEBUSERSESSION bob ADDRESS notanip")[0] == 500
    assert pwd.err("CREATEWEBUSERSESSION bob")[0] == 500


def test_lite_sessions_and_account_kill(pwd):
    lite = pwd.ok("CREATELITESESSION ADDRESS 10.0.0.1 FOR 10.0.0.2")
    pwd.ok("CREATEWEBUSERSESSION bob ADDRESS 10.0.0.1")
    assert pwd.ok("LISTLITESESSIONS") == [lite]
    assert pwd.ok("LISTLITESESSIONS ADDRESS 10.0.0.1 FOR 10.0.0.2") == [lite]
    assert pwd.ok("LISTLITESESSIONS ADDRESS 10.0.0.9") == []
    assert pwd.ok("GETSESSION %s" % lite)["protocol"] == "LITE"
    pwd.ok("KILLACCOUNTSESSIONS bob@example.test")  # the core's command
    assert pwd.ok("LISTACCOUNTSESSIONS bob@example.test") == []
    assert pwd.ok("LISTLITESESSIONS") == [lite]
    web = pwd.ok("CREATEWEBUSERSESSION bob ADDRESS 10.0.0.1")
    pwd.ok("DELETEACCOUNT bob@example.test")  # drops its sessions too
    assert pwd.err("GETSESSION %s" % web) == (501, "session is not found")


# ---------------------------------------------------------------- miscellaneous


def test_misc_information_commands(pwd):
    assert pwd.ok("GETVERSION").startswith("6.3.")
    now = pwd.ok("GETCURRENTTIME")
    assert isinstance(now, datetime.datetime)
    assert abs((datetime.datetime.utcnow() - now).total_seconds()) < 60
    value = {"a": ["1", 2, None], "b": {"c": "d e"}}
    assert pwd.ok("ECHO %s" % q(value)) == value
    assert pwd.send("ECHO #NULL#") == "201 #NULL#"
    assert pwd.ok("GETSYSTEMINFO mainDomainName") == "example.test"
    assert pwd.err("GETSYSTEMINFO nonsense") == (501, "unknown SystemInfo item")
    assert pwd.ok("GETMESSAGEQUEUEINFO SMTP QUEUE remote.test") == {"nTotal": 0, "size": 0}
    assert pwd.ok("GETMESSAGEQUEUEINFO NOSUCH QUEUE x") == {}
    assert pwd.ok("GETTEMPCLIENTIPS") == ""
    assert pwd.ok("GETTEMPBLACKLISTEDIPS") == ""
    assert pwd.ok("GETCURRENTCONTROLLER") == "127.0.0.1"


def test_route(pwd):
    pwd.ok('CREATEFORWARDER fwd@example.test TO "bob@example.test"')
    pwd.ok("CREATEGROUP staff")
    pwd.ok("CREATELIST news FOR bob")
    assert pwd.ok("ROUTE bob@example.test") == ["LOCAL", "bob@example.test", "INBOX"]
    assert pwd.ok("ROUTE BOB mail") == ["LOCAL", "bob@example.test", "INBOX"]
    assert pwd.ok("ROUTE fwd@example.test access") == ["LOCAL", "bob@example.test", "INBOX"]
    assert pwd.ok("ROUTE staff@example.test") == ["GROUP", "staff@example.test", ""]
    assert pwd.ok("ROUTE news@example.test signal") == ["LIST", "news@example.test", ""]
    assert pwd.ok("ROUTE user@Remote.Test") == ["SMTP", "remote.test", "user@Remote.Test"]
    assert pwd.err("ROUTE nobody@example.test") == (513, "Unknown user account")


def test_alerts(pwd):
    pwd.ok('POSTSERVERALERT "disk almost full"')
    alerts = pwd.ok("GETSERVERALERTS")
    ((stamp, text),) = alerts.items()
    assert text == "disk almost full" and stamp[:14].isdigit()
    pwd.ok('POSTSERVERALERT "second"')
    assert len(pwd.ok("GETSERVERALERTS")) == 2
    assert pwd.ok("GETCLUSTERALERTS") == {}
    pwd.ok("REMOVESERVERALERT %s" % q(stamp))
    assert list(pwd.ok("GETSERVERALERTS").values()) == ["second"]
    assert pwd.err("REMOVESERVERALERT %s" % q(stamp)) == (501, "alert is not found")
    pwd.ok("SETSERVERALERTS {}")
    assert pwd.ok("GETSERVERALERTS") == {}

    pwd.ok("POSTDOMAINALERT example.test ALERT %s" % q("maintenance tonight"))
    assert list(pwd.ok("GETDOMAINALERTS").values()) == ["maintenance tonight"]
    pwd.ok('SETDOMAINALERTS example.test {"20240101000000"=old;}')
    pwd.ok('REMOVEDOMAINALERT example.test ALERT "20240101000000"')
    assert pwd.ok("GETDOMAINALERTS example.test") == {}

    pwd.ok('POSTACCOUNTALERT bob ALERT "hello"')
    assert list(pwd.ok("GETACCOUNTALERTS bob@example.test").values()) == ["hello"]
    assert pwd.ok("GETACCOUNTALERTS postmaster") == {}
    pwd.ok("SETACCOUNTALERTS bob {}")
    assert pwd.ok("GETACCOUNTALERTS bob") == {}


def test_listclicommands_lists_every_verb(pwd):
    verbs = pwd.ok("LISTCLICOMMANDS")
    mine = {verb for verb, entry in registry.COMMANDS.items() if entry.func.__module__.rsplit(".", 1)[-1] in MY_MODULES}
    assert len(mine) > 150
    assert mine <= set(verbs)
    assert set(registry.COMMANDS) | {"NOOP"} == set(verbs)
    for verb in (
        "CREATEGROUP",
        "READSUBSCRIBERS",
        "SETCLUSTERDENIEDIPS",
        "GETSERVERINTERCEPT",
        "UPDATECLUSTERACCOUNTPREFS",
        "CREATELITESESSION",
        "REMOVEACCOUNTALERT",
        "ROUTE",
    ):
        assert verb in verbs
