# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start and stop the bundled emulator for a molecule scenario.

    python tests/utils/molecule_emulator.py start DIR   # DIR: the scenario's ephemeral directory
    python tests/utils/molecule_emulator.py stop DIR

``start`` runs tests/emulator/cgp-emulator detached on a free port with a random
administrator password, waits for its READY line, and writes DIR/emulator.yml
(cgp_molecule_host, _port, _user, _password, and cgp_molecule_prefix and
cgp_molecule_shared_server, which a conformance run sets otherwise: the vars the
scenarios' playbooks load) and DIR/emulator.pid. ``stop`` ends that process (SIGTERM, then SIGKILL)
and removes both files; it does nothing when no emulator was started, so
molecule's destroy step can always run it. Standard library only.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EMULATOR = REPO / "tests" / "emulator" / "cgp-emulator"
READY_TIMEOUT = 20
STOP_TIMEOUT = 10


def is_our_emulator(pid: int) -> bool:
    """True if ``pid`` is alive and runs cgp-emulator (a reused pid is never killed)."""
    try:
        cmdline = Path("/proc/%d/cmdline" % pid).read_bytes()
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True  # no /proc: trust the pid file, which only this script writes
    return b"cgp-emulator" in cmdline


def stop(state_dir: Path) -> None:
    pid_file = state_dir / "emulator.pid"
    if pid_file.is_file():
        pid = int(pid_file.read_text().strip())
        if is_our_emulator(pid):
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + STOP_TIMEOUT
            while is_our_emulator(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if is_our_emulator(pid):
                os.kill(pid, signal.SIGKILL)
            print("emulator (pid %d) stopped" % pid)
        pid_file.unlink()
    (state_dir / "emulator.yml").unlink(missing_ok=True)


def start(state_dir: Path) -> None:
    stop(state_dir)  # a leftover from an interrupted run
    state_dir.mkdir(parents=True, exist_ok=True)
    password = "Molecule-" + secrets.token_hex(12)
    ready_file = state_dir / "emulator.ready"
    with open(ready_file, "w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                str(EMULATOR),
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--user",
                "postmaster",
                "--password",
                password,
                "--log",
                str(state_dir / "emulator.log"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    (state_dir / "emulator.pid").write_text("%d\n" % process.pid)
    deadline = time.monotonic() + READY_TIMEOUT
    words = []
    while time.monotonic() < deadline and process.poll() is None:
        words = ready_file.read_text().split()
        if len(words) >= 3 and words[0] == "READY":
            break
        time.sleep(0.05)
    if len(words) < 3 or words[0] != "READY":
        stop(state_dir)
        sys.exit("emulator did not start: %s" % ready_file.read_text())
    # The prefix and the shared-server flag are what a conformance run (tests/conformance/) changes:
    # here the scenario has the emulator to itself.
    connection = {
        "cgp_molecule_host": words[1],
        "cgp_molecule_port": int(words[2]),
        "cgp_molecule_user": "postmaster",
        "cgp_molecule_password": password,
        "cgp_molecule_prefix": "",
        "cgp_molecule_shared_server": False,
    }
    vars_file = state_dir / "emulator.yml"
    vars_file.touch(mode=0o600)
    vars_file.write_text(json.dumps(connection, indent=2) + "\n")  # JSON is YAML
    print("emulator (pid %d) listening on %s:%s" % (process.pid, words[1], words[2]))


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit("usage: molecule_emulator.py start|stop DIR")
    {"start": start, "stop": stop}[sys.argv[1]](Path(sys.argv[2]))


if __name__ == "__main__":
    main()
