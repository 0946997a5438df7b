# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection: --delay-ms, --drop-after, --fail-command; command counters."""

import time

import pytest

from cgp_emulator.testing import RawClient

PIPELINED = 10
DELAY_MS = 200


def test_delay_is_latency_pipelined_commands_share_it(cgp_emulator_factory, link):
    # --delay-ms models a link: a reply leaves <delay> after its command arrived, and the
    # commands sent together are answered together instead of one delay after another,
    # over TLS as over plain TCP.
    server_options, client_options = link
    emu = cgp_emulator_factory(delay_ms=DELAY_MS, **server_options)
    with RawClient(emu, **client_options) as pwd:
        pwd.login()
        start = time.monotonic()
        pwd.send_raw("NOOP\n" * PIPELINED)
        replies = [pwd.read_line() for _number in range(PIPELINED)]
        elapsed = time.monotonic() - start
    assert replies == ["200 OK"] * PIPELINED
    assert DELAY_MS / 1000.0 * 0.9 <= elapsed < PIPELINED * DELAY_MS / 1000.0 / 3  # serial would take N x D


def test_delay_applies_to_every_reply_of_a_conversation(cgp_emulator_factory, link):
    server_options, client_options = link
    emu = cgp_emulator_factory(delay_ms=DELAY_MS, **server_options)
    start = time.monotonic()
    with RawClient(emu, **client_options) as pwd:  # banner, then USER and PASS one at a time
        assert pwd.login() == "200 login OK"
        assert time.monotonic() - start >= 3 * DELAY_MS / 1000.0 * 0.9


def test_delay_replies_before_a_drop_are_still_sent(cgp_emulator_factory):
    emu = cgp_emulator_factory(delay_ms=100, drop_after=3)
    with RawClient(emu) as pwd:
        pwd.send_raw("USER %s\nPASS %s\nNOOP\nNOOP\n" % (emu.user, emu.password))
        assert [pwd.read_line() for _number in range(3)] == ["300 please send the PASS", "200 login OK", "200 OK"]
        assert pwd.read_raw_line() == b""


def test_delay_makes_a_short_read_timeout_expire(cgp_emulator_factory):
    emu = cgp_emulator_factory(delay_ms=400)
    with pytest.raises(OSError):  # socket.timeout is an OSError
        RawClient(emu, timeout=0.1)


def test_drop_after_n_commands_on_every_connection(cgp_emulator_factory):
    emu = cgp_emulator_factory(drop_after=4)
    for number in range(2):
        with RawClient(emu) as pwd:
            assert pwd.login() == "200 login OK"
            assert pwd.command("INLINE") == "200 inline mode set"
            assert pwd.command("CREATEACCOUNT x%d" % number) == "200 OK"
            pwd.send_raw("CREATEACCOUNT never\n")
            assert pwd.read_raw_line() == b""
    accounts = emu.state.domains["example.test"].accounts
    assert "never" not in accounts and "x0" in accounts and "x1" in accounts


def test_fail_command_is_repeatable_and_not_executed(cgp_emulator_factory):
    emu = cgp_emulator_factory(fail_command=["CREATEACCOUNT", "getdomainsettings"])
    with RawClient(emu) as pwd:
        pwd.login()
        assert pwd.command("CreateAccount x") == "500 injected failure"
        assert pwd.command("GETDOMAINSETTINGS") == "500 injected failure"
        assert pwd.command("CREATEFORWARDER f TO a@b.c") == "200 OK"
    assert "x" not in emu.state.domains["example.test"].accounts


def test_fail_command_on_a_login_verb(cgp_emulator_factory):
    emu = cgp_emulator_factory(fail_command="INLINE")
    with RawClient(emu) as pwd:
        pwd.login()
        assert pwd.command("INLINE") == "500 injected failure"
        assert pwd.command("MAINDOMAINNAME") == "200 data follow"


def test_command_counters(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        pwd.login()
        pwd.command("NOOP")
        pwd.command("GETACCOUNTSETTINGS postmaster")
        pwd.read_data()
        pwd.command("BOGUS")
        pwd.command("QUIT")
    assert cgp_emulator.command_count() == 6
    assert cgp_emulator.verb_count("getaccountsettings") == 1
    assert cgp_emulator.verb_count("BOGUS") == 1
