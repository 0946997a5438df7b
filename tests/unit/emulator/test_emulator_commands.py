# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Domain, account and forwarder command semantics, over raw sockets (INLINE mode)."""

from cgp_emulator.testing import RawClient, data, ok
from cgp_emulator.testing import inline_session as user_session


# ---------------------------------------------------------------- domains


def test_delete_domain_main_nonempty_and_force(admin):
    assert admin.command("DELETEDOMAIN example.test") == "501 the main domain cannot be renamed or deleted"
    assert admin.command("RENAMEDOMAIN example.test INTO x.test").startswith("501 the main domain")
    ok(admin, "CREATEDOMAIN d.test")
    ok(admin, "CREATEFORWARDER f@d.test TO a@b.test")
    assert admin.command("DELETEDOMAIN d.test") == "501 domain is not empty"
    ok(admin, "DELETEDOMAIN d.test force")
    assert data(admin, "LISTDOMAINS") == ["example.test"]
    assert admin.command("DELETEDOMAIN d.test") == "512 Unknown secondary domain name"
    ok(admin, "CREATEDOMAIN e.test")
    ok(admin, "DELETEDOMAIN e.test")


def test_create_rename_domain_and_collisions(admin):
    ok(admin, "CREATEDOMAIN a.test SHARED PATH store1 {MailToUnknown=Discarded;}")
    assert admin.command("CREATEDOMAIN A.TEST") == "501 domain with this name already exists"
    ok(admin, "SETDOMAINALIASES a.test (alias-a.test)")
    assert admin.command("CREATEDOMAIN alias-a.test") == "501 domain with this name already exists"
    assert data(admin, "GETDOMAINALIASES alias-a.test") == ["alias-a.test"]
    ok(admin, "CREATEACCOUNT u@alias-a.test")  # a domain alias names the same domain
    assert data(admin, "LISTACCOUNTS a.test") == {"u": "macnt"}
    ok(admin, "RENAMEDOMAIN a.test into b.test")
    assert data(admin, "LISTDOMAINS") == ["example.test", "b.test"]
    assert data(admin, "GETDOMAINSETTINGS b.test") == {"MailToUnknown": "Discarded"}
    assert data(admin, "GETDOMAINLOCATION b.test") == "Domains/store1.mnt/b.test"
    assert admin.command("CREATEDOMAIN \"bad/name\"") == "500 invalid domain name"


def test_update_domain_settings_default_removes(admin):
    ok(admin, "CREATEDOMAIN d.test {MailToUnknown=Discarded;A=1;}")
    ok(admin, 'UPDATEDOMAINSETTINGS d.test {MailToUnknown=default;B="two";}')
    assert data(admin, "GETDOMAINSETTINGS d.test") == {"A": "1", "B": "two"}
    effective = data(admin, "GETDOMAINEFFECTIVESETTINGS d.test")
    assert effective["MailToUnknown"] == "Rejected" and effective["B"] == "two"
    ok(admin, "UPDATEDOMAINSETTINGS {Main=yes;}")  # no name: the admin's own domain
    assert data(admin, "GETDOMAINSETTINGS") == {"Main": "yes"}
    ok(admin, "SETDOMAINSETTINGS d.test {Only=1;}")
    assert data(admin, "GETDOMAINSETTINGS d.test") == {"Only": "1"}


def test_account_template_defaults_and_prefs_scopes(admin):
    ok(admin, "CREATEDOMAIN d.test")
    ok(admin, "UPDATEACCOUNTTEMPLATE d.test {MaxAccountSize=10M;RealName=Template;ServiceClass=basic;}")
    ok(admin, "UPDATEACCOUNTDEFAULTS d.test {RulesAllowed=\"Filter Only\";}")
    ok(admin, 'CREATEACCOUNT u@d.test {RealName="U One";ServiceClass=default;Password=pw;}')
    assert data(admin, "GETACCOUNTSETTINGS u@d.test") == {
        "MaxAccountSize": "10M",
        "RealName": "U One",
        "Password": "pw",
    }
    effective = data(admin, "GETACCOUNTEFFECTIVESETTINGS u@d.test")
    assert effective["RulesAllowed"] == "Filter Only"
    assert effective["AccessModes"] == "All" and effective["Password"] == "pw"
    assert data(admin, "GETACCOUNTONESETTING u@d.test RulesAllowed") == "Filter Only"
    assert admin.command("GETACCOUNTONESETTING u@d.test NoSuchKey") == "201 #NULL#"
    ok(admin, "UPDATEACCOUNTDEFAULTS d.test {RulesAllowed=default;}")
    assert data(admin, "GETACCOUNTDEFAULTS d.test") == {}
    ok(admin, "UPDATEACCOUNTTEMPLATE d.test {RealName=default;}")
    assert data(admin, "GETACCOUNTTEMPLATE d.test") == {"MaxAccountSize": "10M", "ServiceClass": "basic"}
    ok(admin, "SETACCOUNTDEFAULTPREFS d.test {Language=french;}")
    ok(admin, "UPDATEACCOUNTPREFS u@d.test {TimeZone=\"Europe/Paris\";}")
    prefs = data(admin, "GETACCOUNTEFFECTIVEPREFS u@d.test")
    assert prefs["Language"] == "french" and prefs["TimeZone"] == "Europe/Paris"
    ok(admin, "UPDATEACCOUNTPREFS u@d.test {TimeZone=default;}")
    assert data(admin, "GETACCOUNTPREFS u@d.test") == {}


def test_list_domain_objects_with_cookie_paging(admin):
    ok(admin, "CREATEDOMAIN d.test")
    for name in ("carol", "alice", "bob"):
        ok(admin, "CREATEACCOUNT %s@d.test" % name)
    ok(admin, "SETACCOUNTALIASES alice@d.test (al, ally)")
    ok(admin, "CREATEFORWARDER fw@d.test TO out@x.test")
    seen, cookie = {}, ""
    while True:
        result = data(admin, 'LISTDOMAINOBJECTS d.test 2 ACCOUNTS ALIASES FORWARDERS COOKIE "%s"' % cookie)
        assert result[0] == "3" and result[2] == "2" and result[3] == "1"
        seen.update(result[1])
        cookie = result[4]
        if not cookie:
            break
    assert seen == {
        "alice": "macnt",
        "al": ["alice"],
        "ally": ["alice"],
        "bob": "macnt",
        "carol": "macnt",
        "fw": [["out@x.test"]],
    }
    aliases = {"al": ["alice"], "ally": ["alice"]}
    assert data(admin, "LISTDOMAINOBJECTS d.test FILTER al 10 ALIASES") == ["3", aliases, "2", "1"]


# ---------------------------------------------------------------- accounts


def test_name_collisions_share_one_namespace(admin):
    ok(admin, "CREATEACCOUNT acc")
    ok(admin, "SETACCOUNTALIASES acc (nick)")
    ok(admin, "CREATEFORWARDER fwd TO x@y.test")
    assert admin.command("CREATEACCOUNT nick") == "501 alias with this name already exists"
    assert admin.command("CREATEACCOUNT FWD") == "501 forwarder with this name already exists"
    assert admin.command("CREATEFORWARDER acc TO z@y.test") == "501 Account with this name already exists"
    assert admin.command("CREATEFORWARDER nick TO z@y.test") == "501 alias with this name already exists"
    assert admin.command("RENAMEFORWARDER fwd INTO acc") == "501 Account with this name already exists"
    assert admin.command("RENAMEACCOUNT acc INTO fwd") == "501 forwarder with this name already exists"
    ok(admin, "CREATEACCOUNT other")
    assert admin.command("SETACCOUNTALIASES other (nick)") == "501 alias with this name already exists"
    assert admin.command("SETACCOUNTALIASES other (fwd)") == "501 forwarder with this name already exists"
    ok(admin, "SETACCOUNTALIASES acc (nick, nick2)")  # its own aliases are no collision


def test_rename_delete_and_type(admin):
    ok(admin, "CREATEDOMAIN d.test")
    ok(admin, "CREATEACCOUNT a AGrade PATH vol1 {RealName=A;}")
    assert data(admin, "LISTACCOUNTS") == {"postmaster": "macnt", "a": "agrd"}
    ok(admin, "RENAMEACCOUNT a INTO b@d.test")
    assert data(admin, "GETACCOUNTSETTINGS b@d.test") == {"RealName": "A"}
    assert data(admin, "GETACCOUNTLOCATION b@d.test") == "vol1.mnt/b.agrd"
    ok(admin, "SETACCOUNTTYPE b@d.test MultiMailbox")
    ok(admin, "CREATEACCOUNT t@d.test TextMailbox")
    assert admin.command("SETACCOUNTTYPE t@d.test AGrade") == "501 the account type cannot be changed this way"
    assert admin.command("SETACCOUNTTYPE b@d.test TextMailbox").startswith("501 ")
    ok(admin, "DELETEACCOUNT b@d.test")
    assert admin.command("DELETEACCOUNT b@d.test") == "513 Unknown user account"
    assert admin.command("GETACCOUNTSETTINGS x@nowhere.test") == "512 Unknown secondary domain name"
    assert admin.command("DELETEACCOUNT postmaster").startswith("501 the server administrator")


def test_passwords(cgp_emulator, admin):
    ok(admin, "CREATEACCOUNT u {Password=first;}")
    assert data(admin, "GETACCOUNTSETTINGS u") == {"Password": "first"}
    ok(admin, "VERIFYACCOUNTPASSWORD u PASSWORD first")
    assert admin.command("VERIFYACCOUNTPASSWORD u PASSWORD wrong") == "515 incorrect password"
    ok(admin, 'SETACCOUNTPASSWORD u PASSWORD "se cond"')
    ok(admin, "SETACCOUNTPASSWORD u PASSWORD apppw NAME phone")
    ok(admin, "VERIFYACCOUNTPASSWORD u PASSWORD \"se cond\"")
    ok(admin, "UPDATEACCOUNTSETTINGS u {Password=third;PasswordComplexity=MixedCaseDigit;}")
    ok(admin, "VERIFYACCOUNTPASSWORD u PASSWORD third")
    assert admin.command("SETACCOUNTPASSWORD u PASSWORD simple CHECK") == "501 the password is too simple"
    ok(admin, "SETACCOUNTPASSWORD u PASSWORD Better1 CHECK")
    ok(admin, "UPDATEACCOUNTSETTINGS u {CanModifyPassword=NO;}")
    assert admin.command("SETACCOUNTPASSWORD u PASSWORD Better2 CHECK").startswith("510 ")
    with RawClient(cgp_emulator) as pwd:
        assert pwd.login("u@example.test", "Better1") == "200 login OK"


def test_mail_rules_update_semantics(admin):
    ok(admin, "CREATEACCOUNT u")
    ok(admin, 'SETACCOUNTMAILRULES u ((1,"#Redirect",(),(("Mirror to","x@y.test"))))')
    ok(admin, 'UPDATEACCOUNTMAILRULE u (5,"Vacation",(("Human Generated","---")),(("Reply with",hi)),note)')
    ok(admin, 'UPDATEACCOUNTMAILRULE u (9,"#Redirect")')
    assert admin.command('UPDATEACCOUNTMAILRULE u (2,"missing")') == "501 rule is not found"
    ok(admin, 'UPDATEACCOUNTMAILRULE u (7,"Vacation",(),())')
    rules = data(admin, "GETACCOUNTMAILRULES u")
    assert rules == [["9", "#Redirect", [], [["Mirror to", "x@y.test"]]], ["7", "Vacation", [], []]]
    ok(admin, 'UPDATEACCOUNTMAILRULE u DELETE "no such rule"')
    ok(admin, "UPDATEACCOUNTMAILRULE u DELETE Vacation")
    assert [r[1] for r in data(admin, "GETACCOUNTMAILRULES u")] == ["#Redirect"]
    ok(admin, 'SETACCOUNTSIGNALRULES u ((1,"s",(),()))')
    assert data(admin, "GETACCOUNTSIGNALRULES u") == [["1", "s", [], []]]


def test_telnums_info_rights_and_identity(admin):
    ok(admin, "CREATEACCOUNT u")
    ok(admin, "CREATEACCOUNT v")
    ok(admin, 'SETACCOUNTTELNUMS u ("100", "101")')
    assert admin.command('SETACCOUNTTELNUMS v ("100")') == "501 telnum already exists"
    assert data(admin, 'MODIFYACCOUNTTELNUMS u {op=add;telnum="102";}') == {}
    assert admin.command('MODIFYACCOUNTTELNUMS u {op=add;telnum="102";}') == "501 telnum already exists"
    assert admin.command('MODIFYACCOUNTTELNUMS u {op=del;telnum="999";}') == "501 telnum is not found"
    assert data(admin, "MODIFYACCOUNTTELNUMS u {op=pop;}") == {"telnum": "100"}
    assert data(admin, "GETACCOUNTTELNUMS u") == ["101", "102"]
    assert data(admin, "LISTDOMAINTELNUMS example.test 10") == {"101": "u", "102": "u", "": 2}
    assert data(admin, "GETACCOUNTINFO u Key LastLogin") == ""
    assert data(admin, "GETACCOUNTINFO postmaster (LastLogin, Nope)").keys() == {"LastLogin"}
    ok(admin, "SETACCOUNTRIGHTS u (Domain)")
    assert data(admin, "GETACCOUNTRIGHTS u") == ["Domain"]
    ok(admin, "SETACCOUNTALIASES u (alias1)")
    ok(admin, 'VERIFYACCOUNTIDENTITY u FOR "U <alias1@example.test>"')
    assert admin.command('VERIFYACCOUNTIDENTITY u FOR "v@example.test"').startswith("501 ")
    assert data(admin, "GETACCOUNTSTAT u KEY Logins") == 0


def test_the_password_is_shown_to_administrators_only(cgp_emulator, admin):
    # A real server includes the stored Password in the account settings it returns to an
    # administrator (public client code reads it back); the reference says nothing about users.
    ok(admin, "CREATEDOMAIN d.test")
    ok(admin, "CREATEACCOUNT user@d.test {Password=upw;RealName=U;}")
    ok(admin, "CREATEACCOUNT boss@d.test {Password=bpw;}")
    ok(admin, "CREATEACCOUNT nopw@d.test")
    ok(admin, "SETACCOUNTRIGHTS boss@d.test (Domain)")
    ok(admin, "SETACCOUNTPASSWORD user@d.test PASSWORD upw2")
    ok(admin, "SETACCOUNTPASSWORD user@d.test PASSWORD apppw NAME phone")  # app passwords stay hidden
    assert data(admin, "GETACCOUNTSETTINGS user@d.test") == {"RealName": "U", "Password": "upw2"}
    assert data(admin, "GETACCOUNTEFFECTIVESETTINGS user@d.test")["Password"] == "upw2"
    assert data(admin, "GETACCOUNTONESETTING user@d.test Password") == "upw2"
    assert data(admin, "GETACCOUNTSETTINGS nopw@d.test") == {}  # no password, no key
    boss = user_session(cgp_emulator, "boss@d.test", "bpw")  # a domain administrator
    assert data(boss, "GETACCOUNTSETTINGS user@d.test")["Password"] == "upw2"
    assert data(boss, 'GETACCOUNTSETTINGS "*"') == {"Password": "bpw"}
    boss.close()
    user = user_session(cgp_emulator, "user@d.test", "upw2")  # not an administrator
    assert data(user, 'GETACCOUNTSETTINGS "*"') == {"RealName": "U"}
    assert "Password" not in data(user, "GETACCOUNTEFFECTIVESETTINGS user@d.test")
    assert user.command('GETACCOUNTONESETTING "*" Password') == "201 #NULL#"
    user.close()


# ---------------------------------------------------------------- forwarders


def test_forwarders(admin):
    ok(admin, "CREATEDOMAIN d.test")
    ok(admin, 'CREATEFORWARDER "f1@d.test" TO "Dest@x.test"')
    ok(admin, "CREATEFORWARDER f2@d.test TO dest@x.test")
    ok(admin, "CREATEFORWARDER f3@d.test TO null")
    assert data(admin, "LISTFORWARDERS d.test") == ["f1", "f2", "f3"]
    assert data(admin, "GETFORWARDER f1@d.test") == "Dest@x.test"
    assert data(admin, "FINDFORWARDERS d.test TO dest@x.test") == ["f1", "f2"]
    ok(admin, "RENAMEFORWARDER f1@d.test INTO f9@d.test")
    assert admin.command("GETFORWARDER f1@d.test") == "501 forwarder is not found"
    ok(admin, "DELETEFORWARDER f9@d.test")
    assert admin.command("DELETEFORWARDER f9@d.test") == "501 forwarder is not found"
    assert admin.command("CREATEFORWARDER f4@d.test") == "500 TO expected"


# ---------------------------------------------------------------- access rights


def test_non_admin_access(cgp_emulator, admin):
    ok(admin, "CREATEDOMAIN d.test")
    ok(admin, "CREATEDOMAIN other.test")
    ok(admin, "CREATEACCOUNT user@d.test {Password=upw;}")
    ok(admin, "CREATEACCOUNT boss@d.test {Password=bpw;}")
    ok(admin, "CREATEACCOUNT x@other.test")
    denied = "510 you do not have the required access right"

    user = user_session(cgp_emulator, "user@d.test", "upw")
    assert data(user, "GETACCOUNTSETTINGS \"*\"") == {}
    assert data(user, "LISTACCOUNTS") == {"user": "macnt", "boss": "macnt"}
    assert data(user, "GETDOMAINSETTINGS") == {}
    assert user.command("LISTDOMAINS") == denied
    assert user.command("LISTACCOUNTS other.test") == denied
    assert user.command("GETACCOUNTSETTINGS x@other.test") == denied
    assert user.command("CREATEACCOUNT new") == denied
    assert user.command("UPDATEACCOUNTSETTINGS user {RealName=me;}") == denied
    ok(user, "VERIFYACCOUNTPASSWORD user@d.test PASSWORD upw")
    assert user.command("VERIFYACCOUNTPASSWORD boss@d.test PASSWORD bpw") == denied
    user.close()

    ok(admin, "SETACCOUNTRIGHTS boss@d.test (Domain)")
    boss = user_session(cgp_emulator, "boss@d.test", "bpw")
    ok(boss, "CREATEACCOUNT new")  # a bare name is in the login's own domain
    ok(boss, "UPDATEACCOUNTSETTINGS user {RealName=me;}")
    assert boss.command("CREATEACCOUNT new@other.test") == denied
    assert boss.command("CREATEDOMAIN z.test") == denied  # sysadmin only
    assert boss.command("SETACCOUNTSETTINGS user {}") == denied
    boss.close()
    assert "new" in cgp_emulator.state.domains["d.test"].accounts

    ok(admin, "SUSPENDDOMAIN d.test")
    with RawClient(cgp_emulator) as pwd:
        assert pwd.login("user@d.test", "upw") == "515 incorrect password"
    ok(admin, "RESUMEDOMAIN d.test")
    with RawClient(cgp_emulator) as pwd:
        assert pwd.login("user@d.test", "upw") == "200 login OK"


def test_admin_by_qualified_name_master_right_and_disabled_logins(cgp_emulator, admin):
    with RawClient(cgp_emulator) as pwd:
        assert pwd.apop("postmaster@example.test") == "200 login OK"
        assert pwd.call("LISTDOMAINS")[0] == 200
    ok(admin, "CREATEACCOUNT second {Password=pw2;}")
    ok(admin, "SETACCOUNTRIGHTS second (Master)")
    second = user_session(cgp_emulator, "second", "pw2")
    ok(second, "CREATEDIRECTORYDOMAIN dir.test")
    second.close()
    ok(admin, "CREATEACCOUNT off {Password=pw3;AccessModes=None;}")
    with RawClient(cgp_emulator) as pwd:
        assert pwd.login("off", "pw3") == "515 incorrect password"
    assert data(admin, "LISTDOMAINS") == ["example.test", "dir.test"]


def test_an_account_logs_in_by_one_of_its_aliases_and_acts_as_itself(cgp_emulator, admin):
    ok(admin, "CREATEDOMAIN al.test")
    ok(admin, "CREATEACCOUNT boss@al.test {Password=bpw;}")
    ok(admin, 'SETACCOUNTALIASES boss@al.test (chief)')
    ok(admin, "SETACCOUNTRIGHTS boss@al.test (Domain)")
    chief = user_session(cgp_emulator, "Chief@al.test", "bpw")
    ok(chief, "CREATEACCOUNT helper")  # a domain administrator's write, in its own domain
    chief.close()
    assert "helper" in cgp_emulator.state.domains["al.test"].accounts
    with RawClient(cgp_emulator) as pwd:
        assert pwd.login("chief@al.test", "wrong") == "515 incorrect password"
