# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator as a process: READY line, signals, --state, the command log."""

import datetime
import json
import re
import signal
import subprocess
import sys

import pytest

from cgp_emulator.testing import EXECUTABLE, RawClient, count_log_commands

SECRET = "S3cr3t-Value;x"


def test_ready_line_and_sigterm_stop(tmp_path):
    log = tmp_path / "emu.log"
    process = subprocess.Popen(
        [sys.executable, EXECUTABLE, "--password", "pw", "--port", "0", "--log", str(log)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        match = re.match(r"READY 127\.0\.0\.1 ([0-9]+)\n\Z", line)
        assert match, line
        with RawClient(host="127.0.0.1", port=int(match.group(1))) as pwd:
            assert pwd.login("postmaster", "pw") == "200 login OK"
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
        assert process.stdout.read() == ""  # exactly one line on stdout
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()


def test_sigint_stops_cleanly(cgp_emulator_factory):
    emu = cgp_emulator_factory(subprocess=True)
    assert emu.stop(sig=signal.SIGINT) == 0


def test_password_is_required():
    result = subprocess.run([sys.executable, EXECUTABLE], capture_output=True, text=True, timeout=20, check=False)
    assert result.returncode == 2
    assert "--password" in result.stderr


def test_state_survives_a_restart(cgp_emulator_factory, tmp_path):
    state_file = tmp_path / "state.json"
    emu = cgp_emulator_factory(subprocess=True, state_file=str(state_file))
    with RawClient(emu) as pwd:
        pwd.login()
        pwd.command("INLINE")
        assert (
            pwd.command("CREATEDOMAIN kept.test {Stamp=#T01-02-2020_03:04:05;Addr=#I[10.0.0.1]:25;Blob=[AAEC];N=#7;}")
            == "200 OK"
        )
        assert pwd.command('CREATEACCOUNT u@kept.test {Password="%s";RealName="U Ser";}' % SECRET) == "200 OK"
        assert pwd.command("CREATEFORWARDER f@kept.test TO x@elsewhere.test") == "200 OK"
    assert emu.stop() == 0
    saved = json.loads(state_file.read_text())
    assert "kept.test" in saved["domains"]

    emu2 = cgp_emulator_factory(subprocess=True, state_file=str(state_file))
    with RawClient(emu2) as pwd:
        assert pwd.login() == "200 login OK"
        code, settings = pwd.call("GETDOMAINSETTINGS kept.test")
        assert settings["Stamp"] == datetime.datetime(2020, 2, 1, 3, 4, 5)
        assert settings["Blob"] == b"\x00\x01\x02"
        assert settings["N"] == 7
        assert str(settings["Addr"]) == "[10.0.0.1]:25"
        assert pwd.call("GETACCOUNTSETTINGS u@kept.test")[1] == {"RealName": "U Ser", "Password": SECRET}
        assert pwd.command('VERIFYACCOUNTPASSWORD u@kept.test PASSWORD "%s"' % SECRET) == "200 OK"
        assert pwd.call("GETFORWARDER f@kept.test")[1] == "x@elsewhere.test"
    with RawClient(emu2) as pwd:
        assert pwd.login("u@kept.test", SECRET) == "200 login OK"


def test_log_masks_every_secret(cgp_emulator_factory):
    emu = cgp_emulator_factory(subprocess=True, password=SECRET + "admin")
    with RawClient(emu) as pwd:
        assert pwd.apop() == "200 login OK"
    with RawClient(emu) as pwd:
        pwd.login()
        commands = [
            'CREATEACCOUNT a1 {Password="%s";RealName=A;}' % SECRET,
            'SETACCOUNTPASSWORD a1 PASSWORD "%s"' % SECRET,
            'setaccountpassword a1 password "%s" NAME app' % SECRET,
            'VERIFYACCOUNTPASSWORD a1 PASSWORD "%s"' % SECRET,
            'UPDATEACCOUNTSETTINGS a1 {Nested={password="%s";};L=({SIPPassword="%s";});}' % (SECRET, SECRET),
            'UPDATEACCOUNTSETTINGS a1 {Password="%s" broken' % SECRET,
        ]
        for line in commands:
            pwd.command(line)
    with RawClient(emu) as pwd:
        pwd.command("AUTH WEBUSER a1@example.test " + SECRET)
    with RawClient(emu) as pwd:
        pwd.login("a1", SECRET)
    assert emu.stop() == 0
    log = open(emu.log_path).read()
    assert SECRET not in log
    assert "S3cr3t" not in log
    assert "RealName=A" in log
    assert "<unparsable arguments>" in log
    assert log.count("********") >= 9
    # PASS/APOP/AUTH lines are logged too, masked; every command is one line
    assert count_log_commands(emu.log_path) == 1 + 2 + len(commands) + 1 + 2


@pytest.mark.parametrize("options", [{"drop_after": 3}, {"fail_command": ["LISTDOMAINS"]}])
def test_fault_options_on_the_command_line(cgp_emulator_factory, options):
    emu = cgp_emulator_factory(subprocess=True, **options)
    with RawClient(emu) as pwd:
        pwd.login()
        if "drop_after" in options:
            assert pwd.command("NOOP") == "200 OK"  # USER, PASS, NOOP: 3 commands
            with pytest.raises((EOFError, ConnectionResetError)):
                pwd.command("NOOP")
        else:
            assert pwd.command("LISTDOMAINS") == "500 injected failure"
            assert pwd.command("MAINDOMAINNAME") == "200 data follow"


def test_log_masks_session_ids(cgp_emulator_factory):
    emu = cgp_emulator_factory(subprocess=True)
    with RawClient(emu) as pwd:
        pwd.login()
        pwd.command("INLINE")
        pwd.command('CREATEACCOUNT s1 {Password="x-Secret-1";}')
        reply = pwd.command('CREATEWEBUSERSESSION s1 ADDRESS "127.0.0.1"')
        assert reply.startswith("201 ")
        session = reply.split(None, 1)[1].strip('"')
        for line in (
            'GETSESSION "%s"' % session,
            'UPDATESESSION "%s" {a=b;}' % session,
            'KILLSESSION "%s" DOMAIN "example.test"' % session,
        ):
            assert pwd.command(line).startswith("20")
    assert emu.stop() == 0
    log = open(emu.log_path).read()
    assert session not in log
    assert "KILLSESSION ********" in log or 'KILLSESSION "********"' in log
