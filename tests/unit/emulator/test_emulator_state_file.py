# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""--state: saved in the background when a burst of writes ends, not after every write;
always on a clean stop; a failed save is logged and tried again."""

import json
import os
import time

from cgp_emulator.testing import RawClient

BURST = 300


def wait_for(predicate, seconds=15):
    """True once predicate() is (polling), False after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def saved_accounts(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return set(json.load(handle)["domains"]["example.test"]["accounts"])
    except (OSError, ValueError):
        return set()


def pipeline(emu, lines):
    with RawClient(emu) as pwd:
        pwd.login()
        pwd.send_raw("".join(line + "\n" for line in lines))
        return [pwd.read_line() for _line in lines]


def test_a_burst_of_writes_is_saved_once_it_ends_not_after_every_write(cgp_emulator_factory, tmp_path):
    state_file = str(tmp_path / "state.json")
    emu = cgp_emulator_factory(state_file=state_file)
    names = ["u%03d" % index for index in range(BURST)]
    assert pipeline(emu, ["CREATEACCOUNT " + name for name in names]) == ["200 OK"] * BURST
    assert wait_for(lambda: set(names) <= saved_accounts(state_file))  # no stop needed
    assert 1 <= emu.server.saver.saves < BURST / 10


def test_a_clean_stop_saves_the_last_writes(cgp_emulator_factory, tmp_path):
    state_file = str(tmp_path / "state.json")
    emu = cgp_emulator_factory(state_file=state_file)
    assert pipeline(emu, ["CREATEACCOUNT last"]) == ["200 OK"]
    emu.stop()
    assert "last" in saved_accounts(state_file)


def test_reads_do_not_save(cgp_emulator_factory, tmp_path):
    emu = cgp_emulator_factory(state_file=str(tmp_path / "state.json"))
    replies = pipeline(
        emu, ["INLINE", "GETACCOUNTSETTINGS postmaster", "LISTDOMAINS", "VERIFYACCOUNTPASSWORD postmaster PASSWORD x"]
    )
    assert [reply[:3] for reply in replies] == ["200", "201", "201", "515"]
    time.sleep(0.5)
    assert emu.server.saver.saves == 0


def test_a_failed_save_is_logged_and_tried_again(cgp_emulator_factory, tmp_path):
    directory = tmp_path / "gone"
    directory.mkdir()
    state_file = str(directory / "state.json")
    emu = cgp_emulator_factory(state_file=state_file)
    directory.rmdir()
    assert pipeline(emu, ["CREATEACCOUNT kept"]) == ["200 OK"]
    assert wait_for(lambda: "* state not saved to %s" % state_file in emu.read_log())
    directory.mkdir()
    assert wait_for(lambda: "kept" in saved_accounts(state_file))
    assert not [name for name in os.listdir(str(directory)) if name.startswith(".cgp-state-")]


def saved_sessions(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle).get("sessions", "{}")


def test_killed_account_sessions_stay_killed_after_a_restart(cgp_emulator_factory, tmp_path):
    # KILLACCOUNTSESSIONS changes the state (it drops the account's stored sessions): it is a write,
    # saved like any other, so the sessions do not come back when the emulator starts again.
    state_file = str(tmp_path / "state.json")
    emu = cgp_emulator_factory(state_file=state_file)
    assert pipeline(emu, ["CREATEACCOUNT bob", "CREATEWEBUSERSESSION bob ADDRESS 10.0.0.1"])[0] == "200 OK"
    emu.stop()
    assert "bob" in saved_sessions(state_file)
    emu = cgp_emulator_factory(state_file=state_file)
    assert pipeline(emu, ["KILLACCOUNTSESSIONS bob"]) == ["200 OK"]
    emu.stop()
    assert "bob" not in saved_sessions(state_file)
    emu = cgp_emulator_factory(state_file=state_file)
    assert pipeline(emu, ["INLINE", "LISTACCOUNTSESSIONS bob"])[1] == "201 ()"
