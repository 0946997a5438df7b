# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The playbook communigate.pro.export on one domain of 1,000, 10,000 and 20,000 accounts.

Each account has a password, a real name, a quota on every third and two aliases on every fourth, written
with the client in pipelined batches (not measured). "export s" is wall-clock time around one
``ansible-playbook communigate.pro.export`` process (Ansible's start-up, the server-wide read and the
writing of the files included); "per 1,000" divides it by the number of accounts. A table is printed and
written into benchmarks/README.md between the bench_export markers.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "emulator"))
sys.path.insert(0, str(REPO / "tests" / "integration"))
from cgp_emulator.testing import start_subprocess  # noqa: E402  pylint: disable=wrong-import-position
from export_seed import Recorder, client_for  # noqa: E402  pylint: disable=wrong-import-position
from playbook_runner import VENV_BIN, ansible_env  # noqa: E402  pylint: disable=wrong-import-position

SIZES = (1000, 10000, 20000)
DOMAIN = "bench.test"
CHUNK = 2000
README = REPO / "benchmarks" / "README.md"
BEGIN, END = "<!-- bench_export: begin -->", "<!-- bench_export: end -->"


def seed(emulator, count):
    """Fill DOMAIN up to ``count`` accounts (the sizes grow, so each run adds to the last)."""
    with client_for(emulator) as client:
        batch = Recorder(client)
        if DOMAIN not in client.list_domains():
            batch.create_domain(DOMAIN)
            batch.send()
        have = len(client.list_accounts(DOMAIN))
        for index in range(have, count):
            name = "user%05d@%s" % (index, DOMAIN)
            settings = {"Password": "Pw-%05d" % index, "RealName": "User %d" % index}
            if index % 3 == 0:
                settings["MaxAccountSize"] = "%dM" % (100 + index % 900)
            batch.create_account(name, settings=settings)
            if index % 4 == 0:
                batch.set_account_aliases(name, ["u%05d" % index, "alias-%05d" % index])
            if len(batch.commands) >= CHUNK:
                batch.send()
        batch.send()


def export(emulator, work, count):
    target = work / ("export-%d" % count)
    argv = [
        str(VENV_BIN / "ansible-playbook"),
        "-i",
        "localhost,",
        "-c",
        "local",
        "communigate.pro.export",
        "-e",
        "cgp_export_dir=%s" % target,
    ]
    started = time.perf_counter()
    proc = subprocess.run(
        argv, env=ansible_env(emulator, work), cwd=str(REPO), capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise RuntimeError("export of %d accounts failed:\n%s" % (count, proc.stdout[-5000:] + proc.stderr[-3000:]))
    size = (target / "domains" / ("%s.yml" % DOMAIN)).stat().st_size
    return seconds, size


def write_readme(text):
    content = README.read_text()
    if BEGIN in content and END in content:
        head, rest = content.split(BEGIN, 1)
        content = head + BEGIN + "\n" + text + "\n" + END + rest.split(END, 1)[1]
    else:
        content = content.rstrip("\n") + "\n\n" + BEGIN + "\n" + text + "\n" + END + "\n"
    README.write_text(content)


def main():
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        work = Path(tmp)
        emulator = start_subprocess()
        try:
            for count in SIZES:
                seed(emulator, count)
                seconds, size = export(emulator, work, count)
                rows.append((count, seconds, size))
                print("export: %6d accounts: %.2f s (%.0f KB domain file)" % (count, seconds, size / 1024), flush=True)
        finally:
            emulator.stop()
    lines = [
        "Latest `make bench` export figures (written by `benchmarks/bench_export.py`):",
        "",
        "- Date: %s; CPUs: %d; load average at the end %.2f"
        % (
            datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            os.cpu_count() or 0,
            os.getloadavg()[0],
        ),
        "",
        "| accounts | export s | per 1,000 accounts s | domain file KB |",
        "|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {count:,} | {seconds:.2f} | {seconds * 1000 / count:.2f} | {size / 1024:.0f} |"
        for count, seconds, size in rows
    ]
    write_readme("\n".join(lines))
    print("\n".join(lines))
    return 0
