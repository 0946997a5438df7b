# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cgp_client against the CGP emulator over real sockets (no mocked server)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time

import pytest

from ansible_collections.communigate.pro.plugins.module_utils import cgp_client
from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import (
    CGPAccessDeniedError,
    CGPAlreadyExistsError,
    CGPAuthenticationError,
    CGPClient,
    CGPConnectionError,
    CGPError,
    CGPNotFoundError,
    DICT,
    LINES,
    RULES,
    SERVER_SCOPES,
    Keyword,
    Secret,
    mask_command,
)

DOMAIN = "example.test"
NASTY = 'a"b\\c\r\nDELETEACCOUNT x\x00#1'
WRONG = "Wr0ng-pa$$ \"word\""


def client_for(emu, **options):
    """A client for the emulator's administrator unless user/password are given."""
    options.setdefault("timeout", 5)
    user = options.pop("user", emu.user)
    password = options.pop("password", emu.password)
    return CGPClient(emu.host, emu.port, user, password, **options)


@pytest.fixture
def client(cgp_emulator):
    with client_for(cgp_emulator) as admin:
        yield admin


def assert_secret_hidden(exc, secret):
    for text in (str(exc), repr(exc), exc.command or "", exc.text):
        assert secret not in text


# ---------------------------------------------------------------- login


@pytest.mark.parametrize(
    "method, used", [("auto", "apop"), ("apop", "apop"), ("plain", "plain"), ("webuser", "webuser")]
)
def test_login_methods(cgp_emulator, method, used):
    with client_for(cgp_emulator, login_method=method) as admin:
        assert admin.server_token and admin.server_token in admin.banner
        assert admin.login_used == used
        assert admin.main_domain_name() == DOMAIN
    log = cgp_emulator.read_log()
    assert {"apop": "APOP postmaster", "plain": "USER postmaster", "webuser": "AUTH WEBUSER postmaster"}[used] in log
    assert cgp_emulator.password not in log


@pytest.mark.parametrize("method", ["auto", "apop", "plain", "webuser"])
def test_wrong_password_for_each_method(cgp_emulator, method):
    with pytest.raises(CGPAuthenticationError) as info:
        client_for(cgp_emulator, password=WRONG, login_method=method).connect()
    exc = info.value
    assert "method %s" % ("apop" if method == "auto" else method) in str(exc)
    assert "%s:%d" % (cgp_emulator.host, cgp_emulator.port) in str(exc)
    assert "incorrect password" in str(exc) and exc.code == 515
    assert_secret_hidden(exc, WRONG)


def test_login_rejects_line_breaks_before_sending(cgp_emulator):
    before = cgp_emulator.command_count()
    with pytest.raises(CGPAuthenticationError, match="must not contain CR, LF or NUL"):
        client_for(cgp_emulator, password="pw\r\nDELETEDOMAIN x", login_method="plain").connect()
    assert cgp_emulator.command_count() == before
    with pytest.raises(ValueError, match="login_method"):
        CGPClient(login_method="kerberos")


def test_password_with_spaces_and_quotes_logs_in(cgp_emulator_factory):
    emu = cgp_emulator_factory(password='s p "a" \\ #1')
    for method in ("apop", "plain", "webuser"):
        with client_for(emu, login_method=method) as admin:
            assert admin.main_domain_name() == DOMAIN


# ---------------------------------------------------------------- replies


def test_inline_and_multiline_replies_agree(cgp_emulator):
    tricky = 'x ( { [ " \\ ; ) } ] \t end'
    settings = {"RealName": tricky, "Nested": {"a": ["1", "2", {"b": tricky}]}, "Password": "pw"}
    aliases = ["alias%02d" % i for i in range(30)]  # long enough to be sent one element per line
    with client_for(cgp_emulator) as admin:
        assert admin.create_account("multi@" + DOMAIN, settings=settings) is None  # "200 OK": no data
        admin.set_account_aliases("multi@" + DOMAIN, aliases)
    reads = [
        ("LISTDOMAINS",),
        ("MAINDOMAINNAME",),
        ("GETACCOUNTSETTINGS", "multi@" + DOMAIN),
        ("GETACCOUNTALIASES", "multi@" + DOMAIN),
        ("LISTACCOUNTS", DOMAIN),
        ("GETDOMAINALIASES", DOMAIN),
    ]
    answers = []
    for inline in (True, False):
        with client_for(cgp_emulator, inline=inline) as admin:
            answers.append([admin.execute(*command) for command in reads])
            answers.append(admin.batch(reads * 3)[: len(reads)])
    assert all(answer == answers[0] for answer in answers)
    assert answers[0][2]["RealName"] == tricky and answers[0][2]["Nested"] == settings["Nested"]
    assert answers[0][3] == aliases
    assert answers[0][0] == [DOMAIN]


def test_reader_handles_split_and_coalesced_packets():
    left, right = socket.socketpair()
    try:
        right.settimeout(5)
        reader = cgp_client._LineReader(right)
        replies = b'201 {a=b;}\r\n200 data follow\r\n{\r\n  k = "x;{(";\r\n  l = (1,\r\n 2);\r\n}\r\n200 OK\n'
        for index in range(len(replies)):  # one byte per packet
            left.sendall(replies[index : index + 1])
        left.sendall(replies * 50)  # then many replies in one packet
        for _round in range(51):
            assert reader.readline() == "201 {a=b;}"
            assert reader.readline() == "200 data follow"
            scanner = cgp_client._ObjectScanner()
            while not scanner.feed(reader.readline()):
                pass
            assert cgp_client.cgp_codec.loads(scanner.text()) == {"k": "x;{(", "l": ["1", "2"]}
            assert reader.readline() == "200 OK"
    finally:
        left.close()
        right.close()


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, text",
    [
        (lambda c: c.get_account_settings("nobody@" + DOMAIN), "unknown user account"),
        (lambda c: c.get_domain_settings("nowhere.test"), "unknown secondary domain name"),
        (lambda c: c.list_accounts("nowhere.test"), "unknown secondary domain name"),
        (lambda c: c.get_group("nogroup@" + DOMAIN), "group is not found"),
        (lambda c: c.get_forwarder("nofwd@" + DOMAIN), "forwarder is not found"),
        (lambda c: c.get_list("nolist@" + DOMAIN), "unknown mailing list"),
    ],
)
def test_not_found(client, call, text):
    with pytest.raises(CGPNotFoundError) as info:
        call(client)
    assert text in info.value.text.lower()
    assert info.value.code >= 500 and info.value.command.startswith(client.last_command.split()[0])


def test_already_exists(client):
    client.create_account("dup@" + DOMAIN, settings={"Password": "dup-secret"})
    with pytest.raises(CGPAlreadyExistsError) as info:
        client.create_account("dup@" + DOMAIN, settings={"Password": "dup-secret"})
    assert_secret_hidden(info.value, "dup-secret")
    assert '"********"' in info.value.command
    client.create_domain("dup.test")
    with pytest.raises(CGPAlreadyExistsError):
        client.create_domain("dup.test")


def test_access_denied_for_a_non_admin(cgp_emulator):
    with client_for(cgp_emulator) as admin:
        admin.create_account("user1@" + DOMAIN, settings={"Password": "user-pass-1"})
    with client_for(cgp_emulator, user="user1@" + DOMAIN, password="user-pass-1") as user:
        assert isinstance(user.get_account_settings("user1@" + DOMAIN), dict)
        with pytest.raises(CGPAccessDeniedError) as info:
            user.create_domain("mine.test")
        assert "required access right" in str(info.value) and info.value.command == "CREATEDOMAIN \"mine.test\""
        assert user.connected  # a command error leaves the session usable
        assert isinstance(user.get_account_settings("user1@" + DOMAIN), dict)


def test_connection_refused_names_the_address():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(CGPConnectionError) as info:
        CGPClient("127.0.0.1", port, "postmaster", "pw", timeout=2).connect()
    assert "127.0.0.1:%d" % port in str(info.value) and "connecting" in str(info.value)
    assert time.monotonic() - started < 2


def test_unknown_command_is_a_plain_error(client):
    with pytest.raises(CGPError) as info:
        client.execute("NOSUCHCOMMAND", "x")
    assert info.value.__class__ is CGPError and info.value.code == 500


def test_injected_failure_in_a_batch(cgp_emulator_factory):
    emu = cgp_emulator_factory(fail_command="GETDOMAINSETTINGS")
    with client_for(emu) as admin:
        results = admin.batch([("MAINDOMAINNAME",), ("GETDOMAINSETTINGS", DOMAIN), ("LISTDOMAINS",)])
    assert results[0] == DOMAIN and results[2] == [DOMAIN]
    assert results[1].__class__ is CGPError and results[1].text == "injected failure"
    assert results[1].command == 'GETDOMAINSETTINGS "example.test"'


# ---------------------------------------------------------------- timeouts and dropped connections


def test_timeout_reading_the_banner(cgp_emulator_factory):
    emu = cgp_emulator_factory(delay_ms=1500)
    started = time.monotonic()
    with pytest.raises(CGPConnectionError) as info:
        client_for(emu, timeout=0.2).connect()
    assert time.monotonic() - started < 1.0
    assert "timed out after 0.2 s" in str(info.value) and "banner" in str(info.value)


def test_timeout_on_a_command(cgp_emulator_factory):
    emu = cgp_emulator_factory(delay_ms=500)
    admin = client_for(emu, timeout=5).connect()
    admin.timeout = 0.1
    started = time.monotonic()
    with pytest.raises(CGPConnectionError) as info:
        admin.get_account_settings("postmaster@" + DOMAIN)
    assert time.monotonic() - started < 0.45
    message = str(info.value)
    assert "timed out after 0.1 s" in message and "GETACCOUNTSETTINGS" in message
    assert "%s:%d" % (emu.host, emu.port) in message
    assert not admin.connected
    admin.close()


def test_dropped_connection_names_the_command_and_reconnects(cgp_emulator_factory):
    emu = cgp_emulator_factory(drop_after=3)  # APOP, INLINE, one command, then the connection drops
    admin = client_for(emu, login_method="apop").connect()
    assert admin.main_domain_name() == DOMAIN
    with pytest.raises(CGPConnectionError) as info:
        admin.get_account_settings("postmaster@" + DOMAIN)
    assert "GETACCOUNTSETTINGS" in str(info.value) and "closed" in str(info.value)
    assert not admin.connected
    assert admin.main_domain_name() == DOMAIN  # the next call opens a new session
    admin.close()


def test_dropped_connection_in_a_batch(cgp_emulator_factory):
    emu = cgp_emulator_factory(drop_after=12)  # APOP, INLINE and 10 commands
    with client_for(emu, login_method="apop") as admin:
        with pytest.raises(CGPConnectionError) as info:
            admin.batch([("GETACCOUNTSETTINGS", "postmaster@" + DOMAIN)] * 25)
    message = str(info.value)
    assert "10 replies read" in message and "batch of 25 commands" in message
    assert "GETACCOUNTSETTINGS" in message and "%s:%d" % (emu.host, emu.port) in message


@pytest.fixture
def raw_peer():
    """A one-connection TCP peer that sends a fixed greeting: for what the emulator never says."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    threads = []

    def start(greeting):
        def serve():
            conn = server.accept()[0]
            conn.sendall(greeting)
            conn.recv(100)
            conn.close()

        threads.append(threading.Thread(target=serve, daemon=True))
        threads[-1].start()
        return server.getsockname()[1]

    yield start
    for thread in threads:
        thread.join(2)
    server.close()


def test_unreadable_reply_is_a_connection_error(raw_peer):
    port = raw_peer(b"SSH-2.0-OpenSSH_9.6\r\n")
    with pytest.raises(CGPConnectionError, match="127.0.0.1:%d: unreadable reply 'SSH-2.0" % port):
        CGPClient("127.0.0.1", port, "postmaster", "pw", timeout=2).connect()


def test_apop_needs_a_banner_token(raw_peer):
    port = raw_peer(b"200 CommuniGate Pro PWD Server ready\r\n")
    with pytest.raises(CGPAuthenticationError, match="method apop: the server banner carries no APOP token"):
        CGPClient("127.0.0.1", port, "postmaster", "pw", login_method="apop", timeout=2).connect()


# ---------------------------------------------------------------- TLS


def _openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _make_ca(directory, name):
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        cwd=directory,
    )


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to create test certificates")
    directory = tmp_path_factory.mktemp("tls")
    _make_ca(directory, "ca")
    _make_ca(directory, "otherca")
    (directory / "server.ext").write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n"
    )
    _openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=localhost",
        cwd=directory,
    )
    _openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        cwd=directory,
    )
    return {name: str(directory / name) for name in ("ca.pem", "otherca.pem", "server.pem", "server.key")}


@pytest.fixture
def tls_emulator(cgp_emulator_factory, tls_files):
    return cgp_emulator_factory(tls_cert=tls_files["server.pem"], tls_key=tls_files["server.key"])


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_tls_verified_with_the_right_ca(tls_emulator, tls_files, host):
    with CGPClient(
        host, tls_emulator.port, "postmaster", "adminsecret", tls=True, ca_path=tls_files["ca.pem"], timeout=5
    ) as admin:
        assert admin.main_domain_name() == DOMAIN
        assert admin._sock.version().startswith("TLS")


def test_tls_rejected_with_another_ca(tls_emulator, tls_files):
    with pytest.raises(CGPConnectionError) as info:
        CGPClient(
            "127.0.0.1",
            tls_emulator.port,
            "postmaster",
            "adminsecret",
            tls=True,
            ca_path=tls_files["otherca.pem"],
            timeout=5,
        ).connect()
    assert "certificate verification failed" in str(info.value)
    assert "127.0.0.1:%d" % tls_emulator.port in str(info.value)


def test_tls_without_verification(tls_emulator):
    with CGPClient(
        "127.0.0.1", tls_emulator.port, "postmaster", "adminsecret", tls=True, validate_certs=False, timeout=5
    ) as admin:
        assert admin.main_domain_name() == DOMAIN


def test_plain_client_against_a_tls_server_fails_cleanly(tls_emulator):
    with pytest.raises(CGPConnectionError):
        CGPClient("127.0.0.1", tls_emulator.port, "postmaster", "adminsecret", timeout=0.3).connect()


# ---------------------------------------------------------------- injection


def test_injection_is_impossible(cgp_emulator):
    name = "o'hara#1{x}|y@" + DOMAIN  # every special character the emulator allows in a name
    with client_for(cgp_emulator) as admin:
        admin.create_account("x@" + DOMAIN)
        calls = [
            lambda: admin.create_account(name, settings={"RealName": NASTY}),
            lambda: admin.get_account_settings(name),
            lambda: admin.update_account_settings(name, {"RealName": NASTY + "2", NASTY: NASTY}),
            lambda: admin.get_account_settings(name),
            lambda: admin.get_account_one_setting(name, NASTY),
            lambda: admin.list_accounts(DOMAIN),
        ]
        results = []
        for call in calls:
            before = cgp_emulator.command_count()
            results.append(call())
            assert cgp_emulator.command_count() == before + 1
            assert "\r" not in admin.last_command and "\n" not in admin.last_command
        # Names with a quote, backslash, CR, LF or NUL are refused by the server: as one command.
        for bad in ('in"j@', "in\\j@", "in\r\nDELETEACCOUNT x@", "in\x00j@", NASTY + "@"):
            before = cgp_emulator.command_count()
            with pytest.raises(CGPError, match="invalid object name"):
                admin.create_account(bad + DOMAIN, settings={"RealName": NASTY})
            assert cgp_emulator.command_count() == before + 1
        assert "x" in admin.list_accounts(DOMAIN)
    assert results[1] == {"RealName": NASTY}
    assert results[3] == {"RealName": NASTY + "2", NASTY: NASTY}
    assert results[4] == NASTY
    assert name.split("@", maxsplit=1)[0] in results[5]
    assert cgp_emulator.verb_count("DELETEACCOUNT") == 0


def test_keywords_and_verbs_are_validated(client):
    for bad in ("IN TO", "x\"", "", "1ABC", "A\r\nB"):
        with pytest.raises(ValueError):
            Keyword(bad)
        with pytest.raises(ValueError):
            client.execute(bad)
    with pytest.raises(ValueError, match="list operation"):
        client.list_operation("l@" + DOMAIN, "subscribe\r\nDELETEDOMAIN", "a@b.c")
    assert (
        Keyword("INTO") == "INTO"
        and mask_command("RENAMEACCOUNT", ["a", Keyword("INTO"), "INTO"]) == "RENAMEACCOUNT a INTO INTO"
    )


# ---------------------------------------------------------------- batch


def test_batch_of_1000_reads(cgp_emulator):
    names = ["user%04d@%s" % (index, DOMAIN) for index in range(1000)]
    with client_for(cgp_emulator) as admin:
        created = admin.batch(
            [
                ("CREATEACCOUNT", name, {"RealName": "User %d" % index})
                for index, name in enumerate(names)
                if index != 500
            ]
        )
        assert created == [None] * 999
        names[500] = "nobody@" + DOMAIN
        before_count, before_sent = cgp_emulator.command_count(), admin.commands_sent
        results = admin.batch([("GETACCOUNTSETTINGS", name) for name in names])
        assert cgp_emulator.command_count() - before_count == 1000 == admin.commands_sent - before_sent
        assert admin.main_domain_name() == DOMAIN  # the session is still in step
    assert len(results) == 1000
    assert isinstance(results[500], CGPNotFoundError) and "nobody@" in results[500].command
    for index, result in enumerate(results):
        if index != 500:
            assert result == {"RealName": "User %d" % index}


def test_empty_batch_sends_nothing(cgp_emulator):
    admin = client_for(cgp_emulator)
    assert admin.batch([]) == [] and not admin.connected


# ---------------------------------------------------------------- masking


def test_mask_command_masks_secrets_at_any_depth():
    text = mask_command(
        "SETX",
        [
            Secret("s1"),
            {"a": {"PASSWORD": "p1", "l": [Secret("s2"), {"password": "p3"}]}},
            [[Secret("s4")]],
            Keyword("PASSWORD"),
            "plain value",
        ],
    )
    assert text == (
        'SETX "********" {a={PASSWORD="********";l=("********",{password="********";});};} '
        '(("********")) PASSWORD "plain value"'
    )
    assert "s1" not in repr(Secret("s1")) and "s1" not in str(Secret("s1"))


def test_set_account_password_error_never_shows_the_password(client):
    secret = "T0p-Secret!"
    with pytest.raises(CGPNotFoundError) as info:
        client.set_account_password("nobody@" + DOMAIN, secret)
    assert_secret_hidden(info.value, secret)
    assert info.value.command == 'SETACCOUNTPASSWORD "nobody@example.test" PASSWORD "********"'
    assert secret not in client.last_command


def test_passwords_set_and_verified(client, cgp_emulator):
    client.create_account("pw@" + DOMAIN)
    client.set_account_password("pw@" + DOMAIN, "first-secret")
    assert client.verify_account_password("pw@" + DOMAIN, "first-secret") is True
    assert client.verify_account_password("pw@" + DOMAIN, "other-secret") is False
    with pytest.raises(CGPNotFoundError):
        client.verify_account_password("nobody@" + DOMAIN, "x")
    log = cgp_emulator.read_log()
    assert "first-secret" not in log and "other-secret" not in log


# ---------------------------------------------------------------- session handling


def test_context_manager_sends_quit(cgp_emulator):
    with client_for(cgp_emulator, login_method="apop") as admin:
        before = cgp_emulator.command_count()
        assert admin.noop() is None
    assert cgp_emulator.verb_count("QUIT") == 1
    assert cgp_emulator.command_count() == before + 2  # NOOP and QUIT
    assert not admin.connected
    admin.close()  # a second close is harmless
    assert admin.commands_sent == 1 and admin.last_command == "NOOP"


def test_typed_methods_send_the_reference_syntax(client):
    client.create_domain("typed.test", settings={"MailToUnknown": "Rejected"})
    client.create_account("t1@typed.test", account_type="MultiMailbox", settings={"RealName": "T One"})
    assert client.last_command == 'CREATEACCOUNT "t1@typed.test" MultiMailbox {RealName="T One";}'
    client.rename_account("t1@typed.test", "t2@typed.test")
    assert client.last_command == 'RENAMEACCOUNT "t1@typed.test" INTO "t2@typed.test"'
    assert "t2" in client.list_accounts("typed.test")
    client.create_forwarder("fw@typed.test", "dest@example.com")
    assert client.last_command == 'CREATEFORWARDER "fw@typed.test" TO "dest@example.com"'
    assert client.get_forwarder("fw@typed.test") == "dest@example.com"
    assert client.find_forwarders("typed.test", "dest@example.com") == ["fw"]
    client.delete_domain("typed.test", force=True)
    assert client.last_command == 'DELETEDOMAIN "typed.test" FORCE'
    assert "typed.test" not in client.list_domains()
    with pytest.raises(ValueError, match="CLUSTER"):
        client.get_server_object("server_settings", cluster=True)


def test_pipeline_window_refills_with_multiline_replies(cgp_emulator, monkeypatch):
    monkeypatch.setattr(cgp_client, "_PIPELINE_BYTES", 200)  # a few commands in flight at a time
    with client_for(cgp_emulator, inline=False) as admin:
        admin.batch(
            [
                ("CREATEACCOUNT", "w%03d@%s" % (index, DOMAIN), {"RealName": "W %d" % index, "Tag": "x;{"})
                for index in range(300)
            ]
        )
        results = admin.batch([("GETACCOUNTSETTINGS", "w%03d@%s" % (index, DOMAIN)) for index in range(300)])
    assert results == [{"RealName": "W %d" % index, "Tag": "x;{"} for index in range(300)]


def test_intercepted_commands_are_not_sent(cgp_emulator):
    seen = []

    def intercept(verb, args):
        seen.append(mask_command(verb, args))
        return verb.startswith("SET")

    with client_for(cgp_emulator) as admin:
        admin.intercept = intercept
        before = cgp_emulator.command_count()
        assert admin.set_account_password("postmaster@" + DOMAIN, "new-secret") is None
        assert admin.batch(
            [("MAINDOMAINNAME",), ("SETACCOUNTPASSWORD", "x", Keyword("PASSWORD"), Secret("s")), ("LISTDOMAINS",)]
        ) == [DOMAIN, None, [DOMAIN]]
        assert cgp_emulator.command_count() == before + 2
    assert seen[0] == 'SETACCOUNTPASSWORD "postmaster@example.test" PASSWORD "********"' and len(seen) == 4


def test_every_typed_method_speaks_the_emulators_syntax(client):
    """One call of each typed method, in an order that makes them all succeed."""
    d, a, b = "tour.test", "alice@tour.test", "bob@tour.test"
    rule = [5, "#Vacation", [["Human Generated", "---"]], [["Reply with", "away"]]]
    steps = [
        ("create_domain", (d,), {"settings": {"MailToUnknown": "Rejected"}}),
        ("rename_domain", (d, "tour2.test"), {}),
        ("rename_domain", ("tour2.test", d), {}),
        ("get_domain_settings", (d,), {}),
        ("update_domain_settings", (d, {"MailToUnknown": "Discarded"}), {}),
        ("set_domain_settings", (d, {"MailToUnknown": "Rejected"}), {}),
        ("get_domain_effective_settings", (d,), {}),
        ("set_domain_aliases", (d, ["tour-alias.test"]), {}),
        ("get_domain_aliases", (d,), {}),
        ("set_domain_mail_rules", (d, [rule]), {}),
        ("get_domain_mail_rules", (d,), {}),
        ("set_domain_signal_rules", (d, [[995, "No answer", [], [["Redirect to", "#voicemail"]]]]), {}),
        ("get_domain_signal_rules", (d,), {}),
        ("update_account_defaults", (d, {"MaxAccountSize": "50M"}), {}),
        ("set_account_defaults", (d, {"MaxAccountSize": "60M"}), {}),
        ("get_account_defaults", (d,), {}),
        ("update_account_default_prefs", (d, {"Language": "German"}), {}),
        ("set_account_default_prefs", (d, {"Language": "French"}), {}),
        ("get_account_default_prefs", (d,), {}),
        ("update_account_template", (d, {"RealName": "New user"}), {}),
        ("set_account_template", (d, {"RealName": "Newcomer"}), {}),
        ("get_account_template", (d,), {}),
        ("create_account", (a,), {"account_type": "MultiMailbox", "settings": {"Password": "alice-pw"}}),
        ("create_account", ("carol@tour.test",), {}),
        ("rename_account", ("carol@tour.test", b), {}),
        ("set_account_type", (b, "AGrade"), {}),
        ("list_accounts", (d,), {}),
        ("list_domain_objects", (d, 100), {"accounts": True, "aliases": True, "forwarders": True, "cookie": ""}),
        ("update_account_settings", (a, {"RealName": "Alice"}), {}),
        ("set_account_settings", (a, {"RealName": "Alice A", "Password": "alice-pw"}), {}),
        ("get_account_settings", (a,), {}),
        ("get_account_effective_settings", (a,), {}),
        ("get_account_one_setting", (a, "RealName"), {}),
        ("set_account_password", (a, "alice-pw2"), {}),
        ("set_account_password", (a, "app-pw"), {"tag": "mobile"}),
        ("verify_account_password", (a, "alice-pw2"), {}),
        ("set_account_aliases", (a, ["ali"]), {}),
        ("get_account_aliases", (a,), {}),
        ("set_account_telnums", (a, ["+15550100"]), {}),
        ("get_account_telnums", (a,), {}),
        ("modify_account_telnums", (a, {"op": "add", "telnum": "+15550101"}), {}),
        ("set_account_mail_rules", (a, [rule]), {}),
        ("update_account_mail_rule", (a, [6, "#Other", [], []]), {}),
        ("delete_account_mail_rule", (a, "#Other"), {}),
        ("get_account_mail_rules", (a,), {}),
        ("update_account_signal_rule", (a, [2005, "To mobile", [], [["Redirect to", "sip:+1555@tour.test"]]]), {}),
        ("update_account_signal_rule", (a, [2006, "To mobile"]), {}),
        ("get_account_signal_rules", (a,), {}),
        ("delete_account_signal_rule", (a, "To mobile"), {}),
        ("set_account_rpops", (a, {"pop1": {"authName": "al", "domain": "pop.example.com", "password": "r-pw"}}), {}),
        ("get_account_rpops", (a,), {}),
        (
            "set_account_rimaps",
            (a, {"imap1": {"authName": "al", "domain": "imap.example.com", "password": "i-pw"}}),
            {},
        ),
        ("get_account_rimaps", (a,), {}),
        ("update_account_prefs", (a, {"Language": "German"}), {}),
        ("set_account_prefs", (a, {"Language": "Dutch"}), {}),
        ("get_account_prefs", (a,), {}),
        ("get_account_effective_prefs", (a,), {}),
        ("get_account_info", (a,), {"keys": ["LastLogin"]}),
        ("get_account_info", (a,), {"keys": "LastLogin"}),
        ("set_account_rights", (a, ["CanCreateAccounts"]), {}),
        ("get_account_rights", (a,), {}),
        ("kill_account_sessions", (a,), {}),
        ("get_account_stat", (a,), {}),
        ("get_account_stat", (a,), {"key": "Logins"}),
        ("get_domain_stat", (d,), {}),
        ("get_domain_stat", (d,), {"key": "MessagesSent"}),
        ("get_stat_element", ("smtpInputTotal",), {}),
        ("create_mailbox", (a, "Calendar"), {"mailbox_class": "IPF.Appointment"}),
        ("create_mailbox", (a, "Team/Sub"), {}),
        ("rename_mailbox", (a, "Team", "Crew"), {"nested": True}),
        ("rename_mailbox", (a, "Calendar", "Cal"), {}),
        ("list_mailboxes", (a,), {"filter": "*"}),
        ("get_mailbox_info", (a, "Cal"), {}),
        ("set_mailbox_class", (a, "Cal", "IPF.Task"), {}),
        ("set_mailbox_acl", (a, "Cal", {"bob": "+lr"}), {}),
        ("get_mailbox_acl", (a, "Cal"), {}),
        ("get_mailbox_rights", (a, "Cal", b), {}),
        ("set_mailbox_subscription", (a, ["Cal"]), {}),
        ("get_mailbox_subscription", (a,), {}),
        ("set_mailbox_aliases", (a, {"Work": "Cal"}), {}),
        ("get_mailbox_aliases", (a,), {}),
        ("delete_mailbox", (a, "Crew"), {"nested": True}),
        ("delete_mailbox", (a, "Cal"), {}),
        ("create_group", ("grp@tour.test",), {"settings": {"Members": ["alice"]}}),
        ("rename_group", ("grp@tour.test", "team@tour.test"), {}),
        ("set_group", ("team@tour.test", {"Members": []}), {}),
        ("get_group", ("team@tour.test",), {}),
        ("list_groups", (d,), {}),
        ("delete_group", ("team@tour.test",), {}),
        ("create_forwarder", ("fw@tour.test", "x@example.com"), {}),
        ("rename_forwarder", ("fw@tour.test", "fw2@tour.test"), {}),
        ("get_forwarder", ("fw2@tour.test",), {}),
        ("find_forwarders", (d, "x@example.com"), {}),
        ("list_forwarders", (d,), {}),
        ("delete_forwarder", ("fw2@tour.test",), {}),
        ("create_list", ("news@tour.test", "alice"), {}),
        ("rename_list", ("news@tour.test", "info"), {}),
        ("update_list", ("info@tour.test", {"Subscribe": "anybody"}), {}),
        ("get_list", ("info@tour.test",), {}),
        ("list_operation", ("info@tour.test", "feed", "sub@example.com"), {"silently": True}),
        ("list_subscribers", ("info@tour.test",), {"filter": "sub", "limit": 10}),
        ("read_subscribers", ("info@tour.test",), {}),
        ("get_subscriber_info", ("info@tour.test", "sub@example.com"), {}),
        ("set_posting_mode", ("info@tour.test", "sub@example.com", "MODERATEALL"), {}),
        ("set_posting_mode", ("info@tour.test", "sub@example.com", 3), {}),
        ("list_lists", (d,), {}),
        ("get_domain_lists", (d,), {}),
        ("get_account_lists", (a,), {}),
        ("delete_list", ("info@tour.test",), {}),
        ("create_webuser_session", (a, "192.0.2.1"), {"skin": "Basic"}),
        ("list_account_sessions", (a,), {"protocol": "WebUser"}),
        ("suspend_domain", (d,), {}),
        ("resume_domain", (d,), {}),
        ("list_modules", (), {}),
        ("get_system_info", ("serverOS",), {}),
        ("get_version", (), {}),
        ("list_cli_commands", (), {}),
        ("noop", (), {}),
        ("get_current_time", (), {}),
        ("list_domains", (), {}),
        ("main_domain_name", (), {}),
    ]
    steps += [("delete_account", (b,), {}), ("delete_domain", (d,), {"force": True})]
    results = {}
    for name, args, kwargs in steps:
        try:
            results[name] = getattr(client, name)(*args, **kwargs)
        except CGPError as exc:
            pytest.fail("%s failed: %s" % (name, exc))
    for scope in SERVER_SCOPES.values():
        module = "SMTP" if scope.needs_module else None
        value = "" if scope.kind == LINES else [] if scope.kind == RULES else {}
        for cluster in (False, True) if scope.cluster_stem else (False,):
            for operation in ("UPDATE", "SET") if scope.kind == DICT else ("SET",):
                if scope.can(operation):
                    write = client.update_server_object if operation == "UPDATE" else client.set_server_object
                    write(scope.name, value, module=module, cluster=cluster)
            assert client.get_server_object(scope.name, module=module, cluster=cluster) is not None, scope.name
    steps += [(name, (), {}) for name in ("get_server_object", "update_server_object", "set_server_object")]
    sessions = results["list_account_sessions"]
    assert results["create_webuser_session"] in sessions
    steps += [("get_session", (sessions[0],), {"domain": d}), ("kill_session", (sessions[0],), {})]
    client.create_domain(d)
    client.create_account(a)
    session = client.create_webuser_session(a, "192.0.2.1")
    assert isinstance(client.get_session(session), dict) and client.kill_session(session, domain=d) is None
    assert session not in client.last_command
    exercised = {step[0] for step in steps}
    typed = {name for name in dir(CGPClient) if not name.startswith("_") and callable(getattr(CGPClient, name))}
    assert typed - {"batch", "close", "connect", "execute"} == exercised
    assert results["verify_account_password"] is True and results["get_account_one_setting"] == "Alice A"
    assert results["get_forwarder"] == "x@example.com" and results["find_forwarders"] == ["fw2"]
    assert results["get_account_mail_rules"] == [rule]
    assert results["get_account_signal_rules"] == [[2006, "To mobile", [], [["Redirect to", "sip:+1555@tour.test"]]]]
    assert results["get_account_rpops"]["pop1"]["password"] == "r-pw"
    assert results["get_account_rimaps"] == {
        "imap1": {"authName": "al", "domain": "imap.example.com", "password": "i-pw"}
    }
    assert results["get_domain_signal_rules"] == [[995, "No answer", [], [["Redirect to", "#voicemail"]]]]
    assert results["get_domain_stat"] == "0" and isinstance(results["get_stat_element"], int)
