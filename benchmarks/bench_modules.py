"""Modules through real ansible-playbook runs against emulator subprocesses on loopback.

What it measures, in one run (a table at the end, also written into benchmarks/README.md):

* the per-task cost of a no-op ``cgp_account`` next to ``ansible.builtin.ping`` (20 tasks each):
  the module's own cost above Ansible's floor;
* 1,000 accounts: created by one list-form task, the no-op re-run (also without the passwords,
  and with ``pipelining: false``: one command at a time), and a loop of single-object tasks for
  comparison (100 tasks, extrapolated to 1,000);
* the same with the emulator's ``--delay-ms 5`` (a WAN-like link), where pipelining shows;
* the list form's server conversation alone (the module's planner run in this process, without
  Ansible), pipelined and one command at a time, on the 5 ms link.

Every Ansible figure is wall-clock time around one ``ansible-playbook`` process ("run"), and the
time of the measured task(s) alone ("task", from a small callback plugin: task start to result, so
without ansible-playbook's start-up). Nothing is subtracted. The accounts have distinct
passwords, so the no-op re-run also checks 1,000 passwords (VERIFYACCOUNTPASSWORD).
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
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "emulator"))
sys.path.insert(0, str(REPO / "tests" / "integration"))
from cgp_emulator.testing import start_subprocess  # noqa: E402  pylint: disable=wrong-import-position
from playbook_runner import VENV_BIN, ansible_env  # noqa: E402  pylint: disable=wrong-import-position

ACCOUNTS = 1000
LOOP = 100
SMALL = 20
DELAY_MS = 5
DOMAIN = "bench.test"
LOOP_DOMAIN = "loop.test"
README = REPO / "benchmarks" / "README.md"
BEGIN, END = "<!-- bench_modules: begin -->", "<!-- bench_modules: end -->"

# Task start to task result (a loop counts as one task), written as JSON when the play ends.
TIMER = '''
import json, os, time
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.started, self.times = None, []

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.started = (task.get_name(), time.perf_counter())

    def _done(self, result, *args, **kwargs):
        self.times.append([self.started[0], time.perf_counter() - self.started[1]])

    v2_runner_on_ok = v2_runner_on_failed = v2_runner_on_skipped = _done

    def v2_playbook_on_stats(self, stats):
        with open(os.environ["BENCH_TIMES"], "w") as handle:
            json.dump(self.times, handle)
'''


class Bench(object):
    """Runs generated playbooks against one emulator and keeps the figures."""

    def __init__(self, work, delay_ms=0):
        self.work = work
        work.mkdir(parents=True, exist_ok=True)
        self.emulator = start_subprocess(password="Bench-" + secrets.token_hex(6), delay_ms=delay_ms or None)
        self.env = ansible_env(self.emulator, work)
        plugins = work / "callbacks"
        plugins.mkdir(exist_ok=True)
        (plugins / "bench_timer.py").write_text(TIMER)
        self.env.update(ANSIBLE_CALLBACK_PLUGINS=str(plugins), ANSIBLE_CALLBACKS_ENABLED="bench_timer",
                        BENCH_TIMES=str(work / "times.json"))
        self.count = 0

    def stop(self):
        self.emulator.stop()

    def play(self, tasks, changed, vars_files=()):
        """Run one playbook of ``tasks`` (YAML text); check the recap's changed count; (run s, task s)."""
        self.count += 1
        playbook = self.work / ("play%02d.yml" % self.count)
        head = "- hosts: localhost\n  gather_facts: false\n"
        if vars_files:
            head += "  vars_files:\n" + "".join("    - %s\n" % path for path in vars_files)
        playbook.write_text(head + "  tasks:\n" + tasks)
        argv = [str(VENV_BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)]
        started = time.perf_counter()
        proc = subprocess.run(argv, env=self.env, cwd=str(self.work), capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        recap = re.search(r"ok=(\d+)\s+changed=(\d+).*failed=(\d+)", proc.stdout)
        if proc.returncode or recap is None or recap.group(3) != "0" or int(recap.group(2)) != changed:
            raise RuntimeError("benchmark playbook %s: rc %d, expected changed=%d\n%s\n%s"
                               % (playbook, proc.returncode, changed, proc.stdout[-4000:], proc.stderr[-2000:]))
        task_seconds = sum(seconds for name, seconds in json.loads((self.work / "times.json").read_text())
                           if name.startswith("bench"))
        return elapsed, task_seconds


def account_vars(work):
    """Vars files with ACCOUNTS accounts (distinct passwords, a real name, a quota), and the same without passwords."""
    accounts = [{"name": "user%04d" % number, "password": "Pw-" + secrets.token_hex(8),
                 "real_name": "Bench User %d" % number, "quota": 100} for number in range(ACCOUNTS)]
    paths = []
    for name, data in (("accounts.json", accounts),
                       ("nopasswords.json", [dict((k, v) for k, v in item.items() if k != "password") for item in accounts])):
        path = work / name
        path.write_text(json.dumps({"bench_accounts": data}))
        paths.append(str(path))
    return accounts, paths[0], paths[1]


def list_task(name, pipelining=True):
    return ("    - name: bench %s\n      communigate.pro.cgp_account:\n        domain: %s\n"
            "        pipelining: %s\n        accounts: \"{{ bench_accounts }}\"\n"
            % (name, DOMAIN, "true" if pipelining else "false"))


def loop_task(name, domain, count):
    return ("    - name: bench %s\n      communigate.pro.cgp_account:\n        name: \"{{ item.name }}\"\n"
            "        domain: %s\n        password: \"{{ item.password }}\"\n        real_name: \"{{ item.real_name }}\"\n"
            "        quota: \"{{ item.quota }}\"\n      loop: \"{{ bench_accounts[:%d] }}\"\n"
            "      loop_control:\n        label: \"{{ item.name }}\"\n" % (name, domain, count))


def domains_task(*names):
    return "".join("    - communigate.pro.cgp_domain:\n        name: %s\n" % name for name in names)


def scenarios(bench, rows, label, files, delay):
    """The 1,000-account figures on one emulator (rows: link, what, tasks, run s, task s, note)."""
    def add(what, tasks, figures, note=""):
        rows.append((label, what, tasks, figures[0], figures[1], note))
        print("  %-9s %-46s %5s %8.2f s run %8.2f s task  %s" % (label, what, tasks, figures[0], figures[1], note),
              flush=True)

    accounts, no_passwords = files
    bench.play(domains_task(DOMAIN, LOOP_DOMAIN), changed=2)
    add("create 1,000 accounts, list form", "1", bench.play(list_task("create"), 1, [accounts]))
    add("no-op re-run, list form", "1", bench.play(list_task("noop"), 0, [accounts]))
    if not delay:
        add("no-op re-run, list form, no passwords given", "1", bench.play(list_task("noop"), 0, [no_passwords]))
    add("no-op re-run, list form, pipelining: false", "1", bench.play(list_task("noop", False), 0, [accounts]))
    scale = ACCOUNTS / LOOP
    if delay:
        figures = bench.play(loop_task("loop noop", DOMAIN, LOOP), 0, [accounts])
        add("no-op, loop of single-object tasks", "%d" % LOOP, (figures[0] * scale, figures[1] * scale),
            "x%d: extrapolated from %d tasks" % (scale, LOOP))
    else:
        figures = bench.play(loop_task("loop create", LOOP_DOMAIN, LOOP), 1, [accounts])
        add("create, loop of single-object tasks", "%d" % LOOP, (figures[0] * scale, figures[1] * scale),
            "x%d: extrapolated from %d tasks" % (scale, LOOP))


class _StubModule(object):
    """Stands in for AnsibleModule when the planner runs in this process."""
    _diff = False

    @staticmethod
    def warn(text):
        print("  warning: %s" % text)

    @staticmethod
    def fail_json(**result):
        raise RuntimeError(result["msg"])


def planner_seconds(emulator, accounts, pipelining):
    """Connect, read and plan the 1,000 accounts (a no-op: nothing to write) as the list form does; seconds."""
    # pylint: disable=import-outside-toplevel
    from ansible_collections.communigate.pro.plugins.module_utils import cgp_account, cgp_client, cgp_module
    items = [dict(dict((k, v.get("default")) for k, v in cgp_account.ACCOUNT_OPTIONS.items()), **item) for item in accounts]
    cgp = cgp_module.CGPModule.__new__(cgp_module.CGPModule)
    cgp.module, cgp.params, cgp.check_mode = _StubModule(), {"pipelining": pipelining}, False
    cgp.commands, cgp.changed, cgp.progress, cgp._recording = [], False, None, False  # pylint: disable=protected-access
    started = time.perf_counter()
    cgp.client = cgp_client.CGPClient(emulator.host, emulator.port, emulator.user, emulator.password)
    cgp.client.intercept = cgp._intercept  # pylint: disable=protected-access
    cgp.client.connect()
    progress = cgp_module.ListProgress(cgp, "accounts")
    results = cgp_account.AccountPlanner(cgp, progress, DOMAIN).run(cgp_account.account_specs(items, DOMAIN))
    cgp.close()
    elapsed = time.perf_counter() - started
    if cgp.commands or len(results) != ACCOUNTS or any(result["changed"] for result in results):
        raise RuntimeError("the in-process no-op re-run was not a no-op: %s" % cgp.commands[:3])
    return elapsed


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
        "CPUs: %d; Python %s; ansible-core %s" % (os.cpu_count() or 0, platform.python_version(), ansible_core),
        "Emulator: subprocess on 127.0.0.1 (loopback); delay rows use --delay-ms %d (link latency)" % DELAY_MS,
    ]


def ratio(slow, fast):
    return slow / fast if fast else float("inf")


def table(rows, small, conversation):
    """The Markdown tables and the target checks."""
    lines = ["| link | what | tasks | run s | task s | note |", "|---|---|---:|---:|---:|---|"]
    for label, what, tasks, run, task, note in small + rows:
        lines.append("| %s | %s | %s | %.2f | %.2f | %s |" % (label, what, tasks, run, task, note))
    lines += ["", "The list form's server conversation alone (its planner in this process, no Ansible; connect, "
              "LISTACCOUNTS, 5,000 reads, plan, no writes):", "",
              "| link | 1,000-account no-op re-run | seconds |", "|---|---|---:|"]
    for label, what, seconds in conversation:
        lines.append("| %s | %s | %.2f |" % (label, what, seconds))
    figures = dict(((label, what), (run, task)) for label, what, tasks, run, task, note in rows)
    delay = "delay %dms" % DELAY_MS
    noop, create = figures[("loopback", "no-op re-run, list form")], figures[("loopback", "create 1,000 accounts, list form")]
    bare = figures[("loopback", "no-op re-run, list form, no passwords given")]
    slow, fast = figures[(delay, "no-op re-run, list form, pipelining: false")], figures[(delay, "no-op re-run, list form")]
    alone = dict((what, seconds) for label, what, seconds in conversation)
    per_ping, per_account = small[0][3] / SMALL, small[1][3] / SMALL
    checks = [
        "Per task (run / %d): ping %.3f s, no-op cgp_account %.3f s: the module costs %.3f s above Ansible's floor."
        % (SMALL, per_ping, per_account, per_account - per_ping),
        "1,000-account no-op re-run on loopback: %.2f s per run (%.2f s task; %.2f s per run without the passwords); "
        "target under 3 s: %s." % (noop[0], noop[1], bare[0], "met" if noop[0] < 3 else "NOT met"),
        "1,000-account creation on loopback: %.2f s per run (%.2f s task); target under 10 s: %s."
        % (create[0], create[1], "met" if create[0] < 10 else "NOT met"),
        "With %d ms delay, the pipelined no-op re-run is %.1fx faster than one command at a time per run (%.1fx per task, "
        "%.1fx for the server conversation alone); target 20x: %s." % (
            DELAY_MS, ratio(slow[0], fast[0]), ratio(slow[1], fast[1]),
            ratio(alone["one command at a time"], alone["pipelined"]),
            "met" if ratio(slow[0], fast[0]) >= 20 else "met for the server conversation, not end to end"
            if ratio(alone["one command at a time"], alone["pipelined"]) >= 20 else "NOT met"),
    ]
    return lines, checks


def write_readme(text):
    if not README.exists():
        return
    content = README.read_text()
    if BEGIN in content and END in content:
        head, rest = content.split(BEGIN, 1)
        content = head + BEGIN + "\n" + text + "\n" + END + rest.split(END, 1)[1]
        README.write_text(content)


def main():
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-modules-") as tmp:
        work = Path(tmp)
        accounts, with_passwords, without_passwords = account_vars(work)
        rows, small, conversation = [], [], []
        print("modules: ansible-playbook against emulator subprocesses (%d accounts)" % ACCOUNTS, flush=True)
        bench = Bench(work / "small")
        try:
            ping = bench.play("".join("    - name: bench ping %d\n      ansible.builtin.ping:\n" % number
                                      for number in range(SMALL)), 0)
            small.append(("loopback", "ansible.builtin.ping", str(SMALL), ping[0], ping[1], "Ansible's floor"))
            bench.play(domains_task(DOMAIN) + "    - communigate.pro.cgp_account:\n        name: noop@%s\n"
                       "        real_name: No Op\n" % DOMAIN, 2)
            noop = bench.play("".join("    - name: bench noop %d\n      communigate.pro.cgp_account:\n"
                                      "        name: noop@%s\n        real_name: No Op\n" % (number, DOMAIN)
                                      for number in range(SMALL)), 0)
            small.append(("loopback", "no-op cgp_account (single form)", str(SMALL), noop[0], noop[1], ""))
            for row in small:
                print("  %-9s %-46s %5s %8.2f s run %8.2f s task  %s" % row, flush=True)
        finally:
            bench.stop()
        for label, delay in (("loopback", 0), ("delay %dms" % DELAY_MS, DELAY_MS)):
            bench = Bench(work / ("delay" if delay else "loopback"), delay_ms=delay)  # a fresh emulator each
            try:
                scenarios(bench, rows, label, (with_passwords, without_passwords), delay)
                if delay:
                    for what, pipelining in (("pipelined", True), ("one command at a time", False)):
                        seconds = planner_seconds(bench.emulator, accounts, pipelining)
                        conversation.append((label, what, seconds))
                        print("  %-9s server conversation alone, %-24s %8.2f s" % (label, what, seconds), flush=True)
            finally:
                bench.stop()
    lines, checks = table(rows, small, conversation)
    info = machine()
    print()
    print("\n".join(lines))
    print()
    print("\n".join(checks))
    print("\n".join(info))
    text = "\n".join(["Latest `make bench` module figures (written by `benchmarks/bench_modules.py`):", ""]
                     + ["- " + line for line in info] + [""] + lines + [""] + ["- " + line for line in checks])
    write_readme(text)
    print("modules: done in %.0f s" % (time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
