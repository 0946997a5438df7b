"""PWD client over loopback against the in-process emulator: logins per second, and
1,000 GETACCOUNTSETTINGS pipelined in one batch vs sent one at a time, in one run."""

import os
import sys
import time

from ansible_collections.communigate.pro.plugins.module_utils import cgp_client

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "emulator"))
from cgp_emulator.testing import start_in_process  # noqa: E402  pylint: disable=wrong-import-position

DOMAIN = "example.test"
ACCOUNTS = 1000
LOGIN_SECONDS = 2.0
LOGIN_MAX = 200


def logins_per_second(emulator, method):
    """connect + login + one command + QUIT, repeated for LOGIN_SECONDS or LOGIN_MAX times."""
    count = 0
    started = time.perf_counter()
    while count < LOGIN_MAX and time.perf_counter() - started < LOGIN_SECONDS:
        with cgp_client.CGPClient(
            emulator.host, emulator.port, emulator.user, emulator.password, login_method=method
        ) as client:
            client.main_domain_name()
        count += 1
    return count, count / (time.perf_counter() - started)


def best_of(func, repeat=3):
    """(result, best wall-clock seconds) over repeat runs."""
    best = None
    for _round in range(repeat):
        started = time.perf_counter()
        result = func()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return result, best


def main():
    emulator = start_in_process()
    try:
        print("client: emulator in this process on %s:%d (loopback)" % (emulator.host, emulator.port))
        for method in ("auto", "plain"):
            count, rate = logins_per_second(emulator, method)
            print(
                "  logins (%s: connect, login, INLINE, 1 command, QUIT): %d in a row, %.0f per second"
                % (method, count, rate)
            )

        names = ["bench%04d@%s" % (index, DOMAIN) for index in range(ACCOUNTS)]
        commands = [("GETACCOUNTSETTINGS", name) for name in names]
        with cgp_client.CGPClient(emulator.host, emulator.port, emulator.user, emulator.password) as client:
            created = client.batch(
                [("CREATEACCOUNT", name, {"RealName": "Bench User %d" % index}) for index, name in enumerate(names)]
            )
            assert created == [None] * ACCOUNTS
            batched, batch_seconds = best_of(lambda: client.batch(commands))
            single, single_seconds = best_of(lambda: [client.execute(*command) for command in commands])
        assert batched == single and batched[7] == {"RealName": "Bench User 7"}
        print("  %d GETACCOUNTSETTINGS (best of 3):" % ACCOUNTS)
        print("    %-16s %8s %12s" % ("mode", "seconds", "commands/s"))
        for label, seconds in (("batch (pipelined)", batch_seconds), ("one at a time", single_seconds)):
            print("    %-16s %8.3f %12.0f" % (label, seconds, ACCOUNTS / seconds))
        print("    batch is %.1fx faster than one at a time" % (single_seconds / batch_seconds))
    finally:
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
