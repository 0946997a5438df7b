"""Modules at scale, through real ansible-playbook runs against emulator subprocesses (issue 11).

What it measures, in one run (a table at the end, also written into benchmarks/README.md):

* the per-task cost of a no-op single-form ``cgp_account`` next to ``ansible.builtin.ping``
  (20 tasks each): the module's own cost above Ansible's floor;
* one ``cgp_account`` list-form task with a password for every account, for N = 1,000, 2,000,
  10,000, 20,000 and 100,000 accounts: create, the no-op re-run, and a re-run in which one
  account among N changes; wall time and peak memory;
* 20,000 forwarders (create, no-op) and a mailing list with 100,000 subscribers (create, no-op);
* beside them, a sequential baseline: a hand-written script that reconciles the 20,000 accounts
  one command at a time over one connection (LISTACCOUNTS, then per account VERIFYACCOUNTPASSWORD
  and GETACCOUNTSETTINGS, writing only the differences), on loopback and with --delay-ms 5, next
  to the list form on the same links.

Every figure is wall-clock time around one ``ansible-playbook`` process (its start-up included)
or around the baseline script. Peak memory is the largest sum of the proportional set sizes (Pss)
of ansible-playbook and every process under it (controller, forked worker, module), sampled every
50 ms: pages the worker shares with the controller it was forked from count once.
"""

import datetime
import json
import os
import platform
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "emulator"))
sys.path.insert(0, str(REPO / "tests" / "integration"))
from cgp_emulator.testing import start_subprocess  # noqa: E402  pylint: disable=wrong-import-position
from playbook_runner import VENV_BIN, ansible_env  # noqa: E402  pylint: disable=wrong-import-position

SIZES = (1000, 2000, 10000, 20000, 100000)
BASELINE = 20000
FORWARDERS = 20000
SUBSCRIBERS = 100000
SMALL = 20
DELAY_MS = 5
README = REPO / "benchmarks" / "README.md"
BEGIN, END = "<!-- bench_modules: begin -->", "<!-- bench_modules: end -->"


# ---------------------------------------------------------------- measuring


def tree_memory(pid):
    """The memory (bytes) of ``pid`` and every process under it: the sum of their proportional set sizes
    (Pss), so that pages a forked worker shares with the controller count once, not twice."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open("/proc/%d/smaps_rollup" % current) as handle:
                total += next(int(line.split()[1]) * 1024 for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration, IndexError, ValueError):
            pass
        todo.extend(children.get(current, ()))
    return total


def run_measured(argv, env, cwd):
    """(completed process, seconds, peak tree RSS in MB) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_memory(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - started
    sampler.join()
    return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr), elapsed, peak[0] / 2**20


class Bench:
    """Runs generated playbooks against one emulator."""

    def __init__(self, work, delay_ms=0):
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.emulator = start_subprocess(password="Bench-" + secrets.token_hex(6), delay_ms=delay_ms or None)
        self.env = ansible_env(self.emulator, work)
        self.count = 0

    def stop(self):
        self.emulator.stop()

    def play(self, tasks, changed, data=None):
        """Run one playbook of ``tasks`` (YAML text) with ``data`` as vars; check the recap's changed count.

        Returns (seconds, peak MB)."""
        self.count += 1
        playbook = self.work / ("play%02d.yml" % self.count)
        head = "- hosts: localhost\n  gather_facts: false\n"
        if data is not None:
            path = self.work / ("vars%02d.json" % self.count)
            path.write_text(json.dumps(data))
            head += "  vars_files: [%s]\n" % path
        playbook.write_text(head + "  tasks:\n" + tasks)
        argv = [str(VENV_BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)]
        proc, elapsed, peak = run_measured(argv, self.env, str(self.work))
        recap = re.search(r"ok=(\d+)\s+changed=(\d+).*failed=(\d+)", proc.stdout)
        if proc.returncode or recap is None or recap.group(3) != "0" or int(recap.group(2)) != changed:
            raise RuntimeError(
                "benchmark playbook %s: rc %d, expected changed=%d\n%s\n%s"
                % (playbook, proc.returncode, changed, proc.stdout[-4000:], proc.stderr[-2000:])
            )
        return elapsed, peak


def task(module, **options):
    lines = "".join("        %s: %s\n" % (key, value) for key, value in options.items())
    return "    - communigate.pro.%s:\n%s" % (module, lines)


# ---------------------------------------------------------------- scenarios


def accounts_of(count):
    return [
        {"name": "u%06d" % number, "password": "Pw-" + secrets.token_hex(8), "real_name": "User %d" % number}
        for number in range(count)
    ]


def per_task(bench, rows):
    """ping against a no-op single-form cgp_account, SMALL tasks each."""
    ping = bench.play("    - ansible.builtin.ping:\n" * SMALL, 0)
    bench.play(
        task("cgp_domain", name="small.test") + task("cgp_account", name="noop@small.test", real_name="No Op"), 2
    )
    noop = bench.play(task("cgp_account", name="noop@small.test", real_name="No Op") * SMALL, 0)
    rows.append(("per task", "ansible.builtin.ping x%d" % SMALL, "", ping[0] / SMALL, ping[1], ""))
    rows.append(
        ("per task", "no-op cgp_account x%d" % SMALL, "", noop[0] / SMALL, noop[1], "%.2fx ping" % (noop[0] / ping[0]))
    )


def accounts_scale(bench, rows, count, delay=""):
    """create, no-op, one changed among N, for one list-form task with passwords."""
    domain = "n%d.test" % count
    accounts = accounts_of(count)
    bench.play(task("cgp_domain", name=domain), 1)
    form = task("cgp_account", domain=domain, accounts='"{{ bench_accounts }}"')
    figures = {
        "create": bench.play(form, 1, {"bench_accounts": accounts}),
        "no-op": bench.play(form, 0, {"bench_accounts": accounts}),
    }
    if not delay:
        accounts[count // 2]["real_name"] = "Changed"
        figures["one changed"] = bench.play(form, 1, {"bench_accounts": accounts})
    for what, (seconds, peak) in figures.items():
        rows.append(("accounts" + delay, what, count, seconds, peak, ""))
        print("  accounts%-12s %-12s %7d %8.2f s %7.0f MB" % (delay, what, count, seconds, peak), flush=True)
    return accounts


def forwarders_scale(bench, rows):
    forwarders = [{"name": "f%06d" % number, "to": "t%d@example.net" % number} for number in range(FORWARDERS)]
    bench.play(task("cgp_domain", name="fwd.test"), 1)
    form = task("cgp_forwarder", domain="fwd.test", forwarders='"{{ bench_forwarders }}"')
    for what, changed in (("create", 1), ("no-op", 0)):
        seconds, peak = bench.play(form, changed, {"bench_forwarders": forwarders})
        rows.append(("forwarders", what, FORWARDERS, seconds, peak, ""))
        print("  forwarders           %-12s %7d %8.2f s %7.0f MB" % (what, FORWARDERS, seconds, peak), flush=True)


def subscribers_scale(bench, rows):
    subscribers = ["s%06d@example.net" % number for number in range(SUBSCRIBERS)]
    bench.play(task("cgp_domain", name="list.test") + task("cgp_account", name="owner@list.test"), 2)
    form = task("cgp_mailinglist", name="big@list.test", owner="owner", subscribers='"{{ bench_subscribers }}"')
    for what, changed in (("create", 1), ("no-op", 0)):
        seconds, peak = bench.play(form, changed, {"bench_subscribers": subscribers})
        rows.append(("subscribers", what, SUBSCRIBERS, seconds, peak, ""))
        print("  subscribers          %-12s %7d %8.2f s %7.0f MB" % (what, SUBSCRIBERS, seconds, peak), flush=True)


BASELINE_SCRIPT = r'''
"""A hand-written reconcile: one command at a time over one connection, only the differences written."""
import json, sys, time
from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPClient

host, port, user, password, domain, path = sys.argv[1:7]
wanted = json.load(open(path))
started = time.perf_counter()
with CGPClient(host, int(port), user, password) as cgp:
    existing = set(name.lower() for name in cgp.list_accounts(domain))
    for account in wanted:
        name = "%s@%s" % (account["name"], domain)
        if account["name"].lower() not in existing:
            cgp.create_account(name, settings={"Password": account["password"], "RealName": account["real_name"]})
            continue
        if not cgp.verify_account_password(name, account["password"]):
            cgp.set_account_password(name, account["password"])
        if cgp.get_account_settings(name).get("RealName") != account["real_name"]:
            cgp.update_account_settings(name, {"RealName": account["real_name"]})
print(time.perf_counter() - started)
'''


def baseline(bench, rows, accounts, delay):
    """The sequential script's no-op over the accounts already on the server (and its start-up)."""
    domain = "n%d.test" % len(accounts)
    script, data = bench.work / "baseline.py", bench.work / "baseline.json"
    script.write_text(BASELINE_SCRIPT)
    data.write_text(json.dumps(accounts))
    emulator = bench.emulator
    argv = [
        sys.executable,
        str(script),
        emulator.host,
        str(emulator.port),
        emulator.user,
        emulator.password,
        domain,
        str(data),
    ]
    env = dict(os.environ, PYTHONPATH=str(REPO / "build" / "test-collections"))
    proc, seconds, peak = run_measured(argv, env, str(bench.work))
    if proc.returncode:
        raise RuntimeError("baseline script failed:\n%s" % proc.stderr[-3000:])
    rows.append(("baseline" + delay, "no-op, one command at a time", len(accounts), seconds, peak, ""))
    print("  baseline%-12s %-12s %7d %8.2f s %7.0f MB" % (delay, "no-op", len(accounts), seconds, peak), flush=True)


# ---------------------------------------------------------------- report


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            models = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
        cpu = models[0] if models else cpu
    except OSError:
        pass
    from ansible.release import __version__ as ansible_core  # pylint: disable=import-outside-toplevel

    uname = platform.uname()
    return [
        "Date: %s" % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "Machine: %s %s %s (%s)" % (uname.system, uname.release, uname.machine, cpu),
        "CPUs: %d; Python %s; ansible-core %s; load average at the end %.2f"
        % (os.cpu_count() or 0, platform.python_version(), ansible_core, os.getloadavg()[0]),
        "Emulator: subprocess on 127.0.0.1 (loopback); the 5 ms rows use --delay-ms %d (link latency)" % DELAY_MS,
    ]


def checks(rows):
    """The issue's targets, from the figures."""
    figure = dict(((kind, what, count), seconds) for kind, what, count, seconds, _peak, _note in rows)
    lines = []
    for what in ("create", "no-op"):
        small, large = figure[("accounts", what, 2000)], figure[("accounts", what, 20000)]
        lines.append(
            "20,000 accounts, %s: %.1f s, %.1fx the 2,000-account %.1f s (target: at most about 10x)."
            % (what, large, large / small, small)
        )
    peak = max(peak for kind, _what, count, _s, peak, _n in rows if kind == "accounts" and count == 100000)
    lines.append(
        "100,000 accounts in one task: peak %.0f MB, controller and module together (aim: under 1 GiB)." % peak
    )
    loop, slow = figure[("accounts", "no-op", BASELINE)], figure[("baseline", "no-op, one command at a time", BASELINE)]
    lines.append(
        "20,000-account no-op on loopback: list form %.1f s, sequential script %.1f s: %.1fx the script "
        "(target: within 4x, Ansible's start-up included)." % (loop, slow, loop / slow)
    )
    far = figure[("accounts 5 ms", "no-op", BASELINE)]
    far_slow = figure[("baseline 5 ms", "no-op, one command at a time", BASELINE)]
    lines.append(
        "20,000-account no-op over a 5 ms link: list form %.1f s, sequential script %.1f s: %.1fx faster "
        "(target: at least 10x)." % (far, far_slow, far_slow / far)
    )
    ping = figure[("per task", "ansible.builtin.ping x%d" % SMALL, "")]
    noop = figure[("per task", "no-op cgp_account x%d" % SMALL, "")]
    lines.append(
        "Per task: ping %.3f s, no-op single-form cgp_account %.3f s: %.2fx (aim: 1.1x or better)."
        % (ping, noop, noop / ping)
    )
    return lines


def table(rows):
    lines = ["| what | step | objects | seconds | peak MB | note |", "|---|---|---:|---:|---:|---|"]
    for kind, what, count, seconds, peak, note in rows:
        lines.append(
            "| %s | %s | %s | %.2f | %.0f | %s |"
            % (kind, what, f"{count:,}" if count != "" else "", seconds, peak, note)
        )
    return lines


def write_readme(text):
    if not README.exists():
        return
    content = README.read_text()
    if BEGIN in content and END in content:
        head, rest = content.split(BEGIN, 1)
        README.write_text(head + BEGIN + "\n" + text + "\n" + END + rest.split(END, 1)[1])


def main():
    started = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-modules-") as tmp:
        work = Path(tmp)
        print("modules: ansible-playbook against emulator subprocesses", flush=True)
        bench = Bench(work / "loopback")
        try:
            per_task(bench, rows)
            for count in SIZES:
                accounts = accounts_scale(bench, rows, count)
                if count == BASELINE:
                    baseline(bench, rows, accounts, "")
            forwarders_scale(bench, rows)
            subscribers_scale(bench, rows)
        finally:
            bench.stop()
        bench = Bench(work / "delay", delay_ms=DELAY_MS)
        try:
            accounts = accounts_scale(bench, rows, BASELINE, " 5 ms")
            baseline(bench, rows, accounts, " 5 ms")
        finally:
            bench.stop()
    lines, info, targets = table(rows), machine(), checks(rows)
    print("\n" + "\n".join(lines) + "\n\n" + "\n".join(targets) + "\n" + "\n".join(info))
    write_readme(
        "\n".join(
            ["Latest `make bench` module figures (written by `benchmarks/bench_modules.py`):", ""]
            + ["- " + line for line in info]
            + [""]
            + lines
            + [""]
            + ["- " + line for line in targets]
        )
    )
    print("modules: done in %.0f s" % (time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
