"""The emulator at production sizes, through a real socket with pipelined commands.

An emulator subprocess per scenario (so the server has its own interpreter and CPU), driven by
the collection's client (``CGPClient.batch``, which pipelines): create and read 1,000 / 10,000 /
100,000 accounts in one domain (also creating them with ``--state``, which saves the state file
in the background), 2,000 / 20,000 forwarders, and 10,000 / 100,000 subscribers of one mailing
list. Each row gives the wall-clock time, the emulator process's own CPU time, the cost per
object, and the growth ratio: the per-object cost divided by that of the next smaller size
(about 1.0 when the cost is linear; 10 would mean quadratic).

Then the latency model: 1,000 GETACCOUNTSETTINGS with ``--delay-ms 5``, pipelined and one at a
time, over plain TCP and over TLS (pipelined commands share the delay on both).
"""

import contextlib
import os
import sys
import tempfile
import time

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPClient, Keyword

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "emulator"))
from cgp_emulator.testing import self_signed_cert, start_subprocess  # noqa: E402  pylint: disable=wrong-import-position

ACCOUNT_SIZES = (1000, 10000, 100000)
FORWARDER_SIZES = (2000, 20000)
SUBSCRIBER_SIZES = (10000, 100000)
DOMAIN = "bench.test"
PAGE = 1000
PASSWORD = "Bench-Pw-1"
LATENCY_ACCOUNTS = 1000
DELAY_MS = 5
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid):
    """User + system CPU time of a process (Linux /proc), or None where it cannot be read."""
    try:
        with open("/proc/%d/stat" % pid, encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / float(_TICKS)


class Scenario:
    """One emulator subprocess and one client connection; ``measure`` times one step."""

    def __init__(self, emulator, cert=None):
        self.emulator = emulator
        self.client = CGPClient(
            emulator.host,
            emulator.port,
            emulator.user,
            emulator.password,
            timeout=600,
            tls=cert is not None,
            ca_path=cert,
        )
        self.steps = []

    def measure(self, label, func, check):
        """Run func(), check its result, and keep (label, wall-clock seconds, emulator CPU seconds or None)."""
        pid = self.emulator.process.pid
        cpu, started = cpu_seconds(pid), time.perf_counter()
        result = func()
        wall, cpu_after = time.perf_counter() - started, cpu_seconds(pid)
        assert check(result), label
        self.steps.append((label, wall, None if cpu is None or cpu_after is None else cpu_after - cpu))

    def batch(self, commands):
        """Pipeline the commands; every one must succeed."""
        results = self.client.batch(commands)
        failed = [r for r in results if isinstance(r, Exception)]
        if failed:
            raise RuntimeError("%d of %d commands failed, first: %s" % (len(failed), len(results), failed[0]))
        return results


@contextlib.contextmanager
def scenario(work, state_file=None, tls=None, delay_ms=0):
    """A Scenario on a fresh emulator subprocess with the domain DOMAIN; stopped afterwards
    (with a state file, the stop, which saves it, is timed as a step). ``tls``: (cert, key) files."""
    emulator = start_subprocess(
        log_path=os.path.join(work, "emulator.log"),
        state_file=state_file,
        tls_cert=tls and tls[0],
        tls_key=tls and tls[1],
        delay_ms=delay_ms,
    )
    run = Scenario(emulator, cert=tls and tls[0])
    try:
        with run.client:
            run.client.execute("CREATEDOMAIN", DOMAIN)
            yield run
    finally:
        started = time.perf_counter()
        emulator.stop(timeout=600)
        if state_file:
            run.steps.append(("stop (final save)", time.perf_counter() - started, None))


def list_all_objects(client):
    """Every object of the domain through LISTDOMAINOBJECTS pages of PAGE, following the cookie."""
    seen, cookie, pages = 0, "", 0
    while True:
        result = client.execute("LISTDOMAINOBJECTS", DOMAIN, str(PAGE), Keyword("ACCOUNTS"), Keyword("COOKIE"), cookie)
        seen, cookie, pages = seen + len(result[1]), result[4], pages + 1
        if not cookie:
            return seen, pages


def account_steps(work, size):
    """Create, list, read, verify and page ``size`` accounts in one domain."""
    names = ["user%06d@%s" % (index, DOMAIN) for index in range(size)]
    with scenario(work) as run:
        run.measure(
            "CREATEACCOUNT",
            lambda: run.batch(
                [
                    ("CREATEACCOUNT", name, {"Password": PASSWORD, "RealName": "User %d" % index})
                    for index, name in enumerate(names)
                ]
            ),
            lambda r: len(r) == size,
        )
        run.measure("LISTACCOUNTS", lambda: run.client.execute("LISTACCOUNTS", DOMAIN), lambda r: len(r) == size)
        run.measure(
            "GETACCOUNTSETTINGS",
            lambda: run.batch([("GETACCOUNTSETTINGS", name) for name in names]),
            lambda r: r[-1]["RealName"] == "User %d" % (size - 1),
        )
        run.measure(
            "VERIFYACCOUNTPASSWORD",
            lambda: run.batch([("VERIFYACCOUNTPASSWORD", name, Keyword("PASSWORD"), PASSWORD) for name in names]),
            lambda r: len(r) == size,
        )
        run.measure(
            "LISTDOMAINOBJECTS (pages of %d)" % PAGE, lambda: list_all_objects(run.client), lambda r: r[0] == size
        )
    return run.steps


def state_steps(work, size):
    """Create ``size`` accounts with --state (saved in the background), then stop (the final save)."""
    state_file = os.path.join(work, "state.json")
    names = ["user%06d@%s" % (index, DOMAIN) for index in range(size)]
    with scenario(work, state_file) as run:
        run.measure(
            "CREATEACCOUNT with --state",
            lambda: run.batch([("CREATEACCOUNT", name, {"Password": PASSWORD}) for name in names]),
            lambda r: len(r) == size,
        )
    assert os.path.getsize(state_file) > size * 10
    return run.steps


def forwarder_steps(work, size):
    """Create, list and read ``size`` forwarders in one domain."""
    names = ["fwd%06d@%s" % (index, DOMAIN) for index in range(size)]
    with scenario(work) as run:
        run.measure(
            "CREATEFORWARDER",
            lambda: run.batch(
                [
                    ("CREATEFORWARDER", name, Keyword("TO"), "out%d@remote.test" % index)
                    for index, name in enumerate(names)
                ]
            ),
            lambda r: len(r) == size,
        )
        run.measure("LISTFORWARDERS", lambda: run.client.execute("LISTFORWARDERS", DOMAIN), lambda r: len(r) == size)
        run.measure(
            "GETFORWARDER",
            lambda: run.batch([("GETFORWARDER", name) for name in names]),
            lambda r: r[-1] == "out%d@remote.test" % (size - 1),
        )
    return run.steps


def subscriber_steps(work, size):
    """Subscribe ``size`` addresses to one mailing list, then read and list them."""
    listname = "news@" + DOMAIN
    with scenario(work) as run:
        run.batch([("CREATEACCOUNT", "owner@" + DOMAIN), ("CREATELIST", listname, Keyword("FOR"), "owner")])
        run.measure(
            "LIST subscribe",
            lambda: run.batch([("LIST", listname, "feed", "s%06d@remote.test" % index) for index in range(size)]),
            lambda r: len(r) == size,
        )
        run.measure(
            "READSUBSCRIBERS", lambda: run.client.execute("READSUBSCRIBERS", listname), lambda r: len(r[1]) == size
        )
        run.measure(
            "LISTSUBSCRIBERS", lambda: run.client.execute("LISTSUBSCRIBERS", listname), lambda r: len(r) == size
        )
    return run.steps


def latency_rows(work):
    """[(link, mode, seconds)] for LATENCY_ACCOUNTS GETACCOUNTSETTINGS on a DELAY_MS link."""
    names = ["user%04d@%s" % (index, DOMAIN) for index in range(LATENCY_ACCOUNTS)]
    reads = [("GETACCOUNTSETTINGS", name) for name in names]
    rows = []
    cert = self_signed_cert(work)
    for link, tls in (("tcp", None), ("tls", cert)):
        if link == "tls" and cert is None:
            print("  (no openssl tool: no TLS rows)")
            continue
        with scenario(work, tls=tls, delay_ms=DELAY_MS) as run:
            run.batch([("CREATEACCOUNT", name) for name in names])
            run.measure("pipelined", lambda: run.batch(reads), lambda r: len(r) == LATENCY_ACCOUNTS)
            run.measure(
                "one at a time",
                lambda: [run.client.execute(*read) for read in reads],
                lambda r: len(r) == LATENCY_ACCOUNTS,
            )
        rows.extend((link, label, wall) for label, wall, _cpu in run.steps)
    return rows


def print_latency(rows):
    print(
        "  %d GETACCOUNTSETTINGS with --delay-ms %d (serial would be %.1f s):"
        % (LATENCY_ACCOUNTS, DELAY_MS, LATENCY_ACCOUNTS * DELAY_MS / 1000.0)
    )
    print("  %-5s %-14s %9s" % ("link", "mode", "seconds"))
    for link, label, wall in rows:
        print("  %-5s %-14s %9.3f" % (link, label, wall))


def run_sizes(what, sizes, steps_for):
    """Rows (what, step, size, seconds, cpu) for each size, each on a fresh emulator."""
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-emulator-") as work:
            rows.extend((what, label, size, wall, cpu) for label, wall, cpu in steps_for(work, size))
        print("  %s: %d done" % (what, size), flush=True)
    return rows


def print_table(rows):
    print("  %-12s %-32s %8s %9s %9s %11s %7s" % ("objects", "step", "n", "seconds", "emu cpu", "us/object", "growth"))
    previous = {}
    for what, label, size, wall, cpu in rows:
        per_object = wall / size * 1e6
        growth = "%.2f" % (per_object / previous[(what, label)]) if (what, label) in previous else ""
        previous[(what, label)] = per_object
        print(
            "  %-12s %-32s %8d %9.3f %9s %11.1f %7s"
            % (what, label, size, wall, "-" if cpu is None else "%.2f" % cpu, per_object, growth)
        )


def main():
    print(
        "emulator: subprocess on loopback, driven by CGPClient.batch (pipelined); "
        "growth = us/object / us/object at the previous size (1.0 = linear)",
        flush=True,
    )
    rows = run_sizes("accounts", ACCOUNT_SIZES, account_steps)
    rows += run_sizes("accounts", ACCOUNT_SIZES, state_steps)
    rows += run_sizes("forwarders", FORWARDER_SIZES, forwarder_steps)
    rows += run_sizes("subscribers", SUBSCRIBER_SIZES, subscriber_steps)
    print_table(rows)
    with tempfile.TemporaryDirectory(prefix="bench-emulator-") as work:
        print_latency(latency_rows(work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
