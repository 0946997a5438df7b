# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PWD protocol behaviour of the emulator, over raw sockets (no client library)."""

import hashlib
import re
import socket
import ssl

import pytest

from cgp_emulator.testing import RawClient, self_signed_cert

BANNER = re.compile(
    r"200 CommuniGate Pro at example\.test PWD Server 6\.3 ready "
    r"(<[0-9]+\.[0-9]+@example\.test>)\Z"
)


def test_banner_has_a_fresh_apop_token_per_connection(cgp_emulator):
    with RawClient(cgp_emulator) as first, RawClient(cgp_emulator) as second:
        assert BANNER.match(first.banner)
        assert BANNER.match(second.banner)
        assert first.token != second.token


def test_apop_login_with_correct_digest(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        digest = hashlib.md5((pwd.token + "adminsecret").encode()).hexdigest()
        assert pwd.command("APOP postmaster " + digest) == "200 login OK"
        assert pwd.call("MAINDOMAINNAME") == (200, "example.test")


def test_apop_login_with_wrong_digest_is_refused(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        digest = hashlib.md5((pwd.token + "wrong").encode()).hexdigest()
        assert pwd.command("APOP postmaster " + digest) == "515 incorrect password"
        assert pwd.command("LISTDOMAINS").startswith("500 ")


def test_apop_digest_of_another_connection_is_refused(cgp_emulator):
    with RawClient(cgp_emulator) as first, RawClient(cgp_emulator) as second:
        digest = hashlib.md5((first.token + "adminsecret").encode()).hexdigest()
        assert second.command("APOP postmaster " + digest) == "515 incorrect password"


def test_user_pass_login(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        assert pwd.command("USER postmaster") == "300 please send the PASS"
        assert pwd.command("PASS adminsecret") == "200 login OK"


def test_user_pass_wrong_password_then_retry(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        assert pwd.login(password="nope") == "515 incorrect password"
        assert pwd.login() == "200 login OK"


def test_pass_takes_the_rest_of_the_line_verbatim(cgp_emulator_factory):
    emu = cgp_emulator_factory(password=' sp ace"\\x ')
    with RawClient(emu) as pwd:
        assert pwd.login() == "200 login OK"
    with RawClient(emu) as pwd:
        assert pwd.login(password="sp ace") == "515 incorrect password"


def test_auth_webuser_login(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        assert pwd.command("AUTH WEBUSER postmaster adminsecret") == "200 login OK"
    with RawClient(cgp_emulator) as pwd:
        assert pwd.command("AUTH WEBUSER postmaster bad") == "515 incorrect password"


def test_unknown_user_is_refused_like_a_wrong_password(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        assert pwd.login(user="nobody") == "515 incorrect password"


def test_commands_before_login_are_refused(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        assert pwd.command("LISTDOMAINS") == "500 please log in first"
        assert pwd.command("NOOP") == "200 OK"


def test_inline_switches_data_replies_to_201(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        pwd.login()
        assert pwd.command("LISTACCOUNTS") == "200 data follow"
        assert pwd.read_line() == "{"
        assert pwd.read_line() == "  postmaster = macnt;"
        assert pwd.read_line() == "}"
        assert pwd.command("INLINE") == "200 inline mode set"
        assert pwd.command("LISTACCOUNTS") == "201 {postmaster=macnt;}"
        assert pwd.command("GETACCOUNTSETTINGS postmaster") == "201 {Password=adminsecret;}"


def test_multiline_data_for_long_arrays_and_nested_values(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        pwd.login()
        names = ["domain%02d.example.test" % i for i in range(8)]
        for name in names:
            assert pwd.command("CREATEDOMAIN " + name) == "200 OK"
        assert pwd.command("LISTDOMAINS") == "200 data follow"
        assert pwd.read_line() == "("
        assert pwd.read_line() == "  example.test,"
        lines = [pwd.read_line() for dummy in range(9)]
        assert lines[-1] == ")"
        settings = '{Nested={A=(1,"two words",#3);};Blob=[AAE=];}'
        assert pwd.command("UPDATEDOMAINSETTINGS domain00.example.test " + settings) == "200 OK"
        code, data = pwd.call("GETDOMAINSETTINGS domain00.example.test")
        assert code == 200
        assert data == {"Nested": {"A": ["1", "two words", 3]}, "Blob": b"\x00\x01"}


def test_lf_and_crlf_line_endings_and_crlf_replies(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        pwd.send_raw(b"USER postmaster\r\nPASS adminsecret\nNOOP\r\n")
        assert pwd.read_raw_line() == b"300 please send the PASS\r\n"
        assert pwd.read_raw_line() == b"200 login OK\r\n"
        assert pwd.read_raw_line() == b"200 OK\r\n"


def test_verbs_and_keywords_are_case_insensitive(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        assert pwd.command("user postmaster") == "300 please send the PASS"
        assert pwd.command("pass adminsecret") == "200 login OK"
        assert pwd.command("inline") == "200 inline mode set"
        assert pwd.command("createAccount a1 textmailbox") == "200 OK"
        assert pwd.command("RenameAccount a1 Into a2") == "200 OK"
        assert pwd.command("listaccounts") == "201 {postmaster=macnt;a2=mbox;}"


def test_unquoted_qualified_names(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        pwd.login()
        pwd.command("INLINE")
        assert pwd.command("CREATEDOMAIN example.com") == "200 OK"
        assert pwd.command("CREATEACCOUNT user@example.com") == "200 OK"
        assert pwd.command("LISTACCOUNTS example.com") == "201 {user=macnt;}"


def test_pipelined_commands_are_answered_in_order(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        lines = ["USER postmaster", "PASS adminsecret", "INLINE"]
        lines += ["CREATEACCOUNT u%d" % i for i in range(20)]
        lines += ["CREATEACCOUNT u3", "GETACCOUNTSETTINGS nobody", "MAINDOMAINNAME", "QUIT"]
        pwd.send_raw("".join(line + "\n" for line in lines))
        replies = [pwd.read_line() for dummy in lines]
        assert replies[:3] == ["300 please send the PASS", "200 login OK", "200 inline mode set"]
        assert replies[3:23] == ["200 OK"] * 20
        assert replies[23:] == [
            "501 Account with this name already exists",
            "513 Unknown user account",
            "201 example.test",
            "200 CommuniGate Pro PWD connection closed",
        ]
        assert pwd.read_raw_line() == b""


def test_unknown_verb_and_bad_arguments_keep_the_connection(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        pwd.login()
        assert pwd.command("FROBNICATE x") == "500 Unknown command"
        reply = pwd.command('CREATEACCOUNT "unterminated')
        assert reply.startswith("500 unterminated string")
        assert pwd.command("CREATEACCOUNT") == "500 account name expected"
        assert pwd.command("CREATEACCOUNT a b c") == "500 unknown account type"
        assert pwd.command("NOOP") == "200 OK"


def test_overlong_line_is_refused_and_connection_kept(cgp_emulator_factory):
    emu = cgp_emulator_factory(max_line=1000)
    with RawClient(emu) as pwd:
        pwd.login()
        pwd.send_raw("NOOP " + "x" * 5000 + "\nMAINDOMAINNAME\n")
        assert pwd.read_line() == "500 command line is too long"
        assert pwd.read_line() == "200 data follow"
        assert pwd.read_line() == "example.test"


@pytest.mark.parametrize("delay_ms", [0, 30])
def test_big_requests_and_replies_and_long_pipelines(cgp_emulator_factory, link, delay_ms):
    server_options, client_options = link
    emu = cgp_emulator_factory(delay_ms=delay_ms, **server_options)
    big = "x" * (3 * 1024 * 1024)  # more than any socket buffer or TLS record
    with RawClient(emu, **client_options) as pwd:
        pwd.login()
        assert pwd.command("INLINE") == "200 inline mode set"
        assert pwd.call('ECHO "%s"' % big) == (201, big)
        pwd.send_raw("".join("ECHO %d\n" % number for number in range(3000)) + "QUIT\n")
        assert [pwd.read_line() for _number in range(3000)] == ['201 %d' % n for n in range(3000)]
        assert pwd.read_line() == "200 CommuniGate Pro PWD connection closed"
        assert pwd.read_raw_line() == b""


def test_quit_closes_the_connection(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        pwd.login()
        assert pwd.command("QUIT") == "200 CommuniGate Pro PWD connection closed"
        assert pwd.read_raw_line() == b""


def test_many_concurrent_connections(cgp_emulator):
    clients = [RawClient(cgp_emulator) for dummy in range(25)]
    try:
        for i, pwd in enumerate(clients):
            pwd.send_raw("USER postmaster\nPASS adminsecret\nINLINE\nCREATEACCOUNT c%d\n" % i)
        for pwd in clients:
            assert [pwd.read_line() for dummy in range(4)][-1] == "200 OK"
    finally:
        for pwd in clients:
            pwd.close()
    assert len(cgp_emulator.state.domains["example.test"].accounts) == 26
    assert cgp_emulator.command_count() == 100


def test_tls_from_the_first_byte(cgp_emulator_factory, tmp_path):
    pair = self_signed_cert(str(tmp_path))
    if pair is None:
        pytest.skip("openssl is not installed")
    emu = cgp_emulator_factory(tls_cert=pair[0], tls_key=pair[1])
    context = ssl.create_default_context(cafile=pair[0])
    with RawClient(emu, ssl_context=context) as pwd:
        assert BANNER.match(pwd.banner)
        assert pwd.apop() == "200 login OK"
    with socket.create_connection((emu.host, emu.port), timeout=5) as plain:
        plain.sendall(b"USER postmaster\n")  # not a TLS hello: the server hangs up
        try:
            answer = plain.recv(100)
        except ConnectionResetError:
            answer = b""
        assert not answer.startswith(b"200")
