# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The conformance kit's own safety: it refuses before connecting, it cleans up only its own
domains, puts server-wide values back, reports guesses without failing, and its idea of how the
emulator writes data is the emulator's. (The whole kit runs in make conformance-emulator.)"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import config
import guesses
import jobs
import report
import snapshot

from cgp_emulator import render

RUN = [sys.executable, str(Path(__file__).with_name("run.py"))]


def _kit(env_extra, listener):
    env = {key: value for key, value in os.environ.items() if not key.startswith("CGP_TEST_")}
    env.update({"CGP_TEST_HOST": "127.0.0.1", "CGP_TEST_PORT": str(listener.getsockname()[1])})
    env.update(env_extra)
    return subprocess.run(RUN, env=env, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def listener():
    """A socket the kit would connect to: the tests check that nothing does."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    yield sock
    sock.close()


def _nobody_connected(sock):
    try:
        sock.accept()[0].close()
    except socket.timeout:
        return True
    return False


@pytest.mark.parametrize("value", [None, "", "no", "YES please", "true"])
def test_refuses_without_the_write_opt_in_and_connects_nowhere(listener, value):
    extra = {"CGP_TEST_USER": "postmaster", "CGP_TEST_PASSWORD": "x"}
    if value is not None:
        extra["CGP_TEST_ALLOW_WRITES"] = value
    proc = _kit(extra, listener)
    assert proc.returncode == 2
    assert "refusing to start" in proc.stderr and "CGP_TEST_ALLOW_WRITES=yes" in proc.stderr
    assert "staging server" in proc.stderr
    assert _nobody_connected(listener)


def test_names_missing_settings_before_connecting(listener):
    proc = _kit({"CGP_TEST_ALLOW_WRITES": "yes"}, listener)
    assert proc.returncode == 2
    assert "CGP_TEST_USER, CGP_TEST_PASSWORD" in proc.stderr
    assert _nobody_connected(listener)


def test_every_run_has_its_own_prefix_and_secrets():
    env = {"CGP_TEST_ALLOW_WRITES": "yes", "CGP_TEST_HOST": "h", "CGP_TEST_USER": "u", "CGP_TEST_PASSWORD": "p"}
    first, second = config.from_environment(env), config.from_environment(env)
    assert first.run_prefix.startswith("cgpconf-") and first.run_prefix != second.run_prefix
    assert first.test_password != second.test_password
    assert not first.server_wide and first.jobs == 2
    assert config.from_environment(dict(env, CGP_TEST_ALLOW_SERVER_SETTINGS="yes")).server_wide


def test_server_wide_jobs_are_the_aliased_targets_and_the_baseline_scenario():
    wide = {name for name, server_wide in jobs.targets() + jobs.scenarios() if server_wide}
    assert wide == {"cgp_settings", "cgp_server_info", "cgp_server_baseline"}
    assert {job[0] for job in jobs.scenarios()} == {"cgp_mail_domain", "cgp_server_baseline"}


def test_an_update_only_scope_is_put_back_with_default_for_added_keys():
    before = {"LogLevel": "2", "KeepPeriod": "30d"}
    now = {"LogLevel": "5", "FlushPeriod": "1s"}
    assert snapshot._update_back(before, now) == {"LogLevel": "2", "KeepPeriod": "30d", "FlushPeriod": "default"}


def test_restore_and_sweep_touch_only_what_the_run_changed(cgp_emulator):
    client = config.cgp_client.CGPClient(cgp_emulator.host, cgp_emulator.port, "postmaster", "adminsecret").connect()
    try:
        client.create_domain("customer.test")
        client.set_server_object("lan_ips", "192.0.2.1")
        before = snapshot.take(client)
        client.create_domain("cgpconf-aaaaaa-01-x.test")
        client.create_domain("cgpconf-bbbbbb-01-x.test")  # another run's: not ours to delete
        client.set_server_object("lan_ips", "10.0.0.1")
        client.update_server_object("log_settings", {"KeepPeriod": "1d", "Extra": "x"})
        client.update_server_object("module", {"SendChannels": "99"}, module="SMTP")
        client.execute("POSTSERVERALERT", "test")
        done = []
        snapshot.sweep(client, "cgpconf-aaaaaa-", done.append)
        snapshot.restore(client, before, done.append)
        after = snapshot.take(client)
    finally:
        client.close()
    assert snapshot.differences(before, after) == [
        "domains: %r -> %r" % (before["domains"], sorted(before["domains"] + ["cgpconf-bbbbbb-01-x.test"]))
    ]
    assert "deleted the leftover domain cgpconf-aaaaaa-01-x.test" in done
    assert {
        "restored server lan_ips",
        "restored server log_settings",
        "restored module SMTP",
        "restored the server alerts",
    } <= set(done)


def test_guesses_never_fail_the_report(tmp_path):
    outcomes = [
        jobs.Outcome("target", "cgp_domain", "passed", 3.0),
        jobs.Outcome("target", "cgp_x", "failed", 1.0, "ansible-playbook failed"),
    ]
    results = [
        guesses.Result("a", report.HELD, "ok"),
        guesses.Result("b", report.NOT_HELD, "it | differs"),
        guesses.Result("c", report.UNCHECKABLE, "no such command"),
    ]
    report.junit(tmp_path / "junit.xml", outcomes, results, "h:106")
    root = ET.parse(str(tmp_path / "junit.xml")).getroot()
    suites = {suite.get("name"): suite for suite in root}
    assert suites["conformance"].get("failures") == "1"
    assert suites["guesses"].get("failures") == "0" and suites["guesses"].get("skipped") == "1"
    outcome = suites["guesses"].find("testcase[@name='b']/properties/property").get("value")
    assert outcome == "did not hold"
    text = report.summary(outcomes, results, "h:106", ["deleted x"])
    assert "1 passed, 1 failed, 0 skipped." in text and "1 held, 1 did not hold, 1 not checkable." in text
    assert "| b | did not hold | it \\| differs |" in text and "- deleted x" in text


@pytest.mark.parametrize(
    "value",
    [
        {"RealName": "Probe User", "Size": "100M", "Notes": "a-b.c_d@e", "Odd": "-1", "Empty": "", "Tag": "#x"},
        [1, "two words", ["x@y.test", b"\x00\x01"], {"k": None}],
        {"Müller": "naïve", "Line": "a\nb"},
    ],
)
def test_the_inline_check_expects_exactly_what_the_emulator_writes(value):
    assert guesses.bare_form(value) == render.inline(value)


def test_every_guess_check_has_its_row_and_every_row_names_a_check():
    """docs/emulator-guesses.md: one row per guess, each pinned by a check of guesses.py or a target."""
    rows = [
        line
        for line in (config.REPO / "docs" / "emulator-guesses.md").read_text().splitlines()
        if line.startswith("| ") and not line.startswith(("| check ", "|---"))
    ]
    first_cells = [row.split(" | ", 1)[0][2:] for row in rows]
    named = {cell.split("`")[1] for cell in first_cells if cell.startswith("`")}
    assert named == {check_id for check_id, _func, _wide in guesses.CHECKS}
    jobs_named = {job[0] for job in jobs.targets() + jobs.scenarios()}
    for cell in first_cells:
        if not cell.startswith("`"):
            assert cell.startswith(("target ", "pinned by target ", "pinned by scenario ")), cell
            assert cell.split("`")[1] in jobs_named, "%s: no such target or scenario" % cell
