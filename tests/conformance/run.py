# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""make conformance: the collection's integration targets, the roles' scenarios and the guess checks
against a real CommuniGate Pro server (docs/conformance.md).

    CGP_TEST_HOST=mail-staging.example.com CGP_TEST_USER=postmaster CGP_TEST_PASSWORD=... \\
    CGP_TEST_ALLOW_WRITES=yes python tests/conformance/run.py

Refuses before connecting unless CGP_TEST_ALLOW_WRITES=yes. Everything it creates lives in
throwaway domains named <run prefix>..., deleted after each job and again at the end. Jobs that
change server-wide settings run only with CGP_TEST_ALLOW_SERVER_SETTINGS=yes, one at a time, and the
kit puts every server-wide value back after each of them. At the end it compares the server with
what it read at the start. Exit status: 0 all passed, 1 something failed, 2 refused.
"""

from __future__ import annotations

import concurrent.futures
import sys
import threading
import time

import config as kit_config
import guesses
import jobs
import report
import snapshot


class Run:
    """One conformance run: the jobs, the guess checks, and the cleanup around them."""

    def __init__(self, config):
        self.config = config
        self.outcomes, self.guesses, self.notes = [], [], []
        self.before = None
        self.lock = threading.Lock()

    def note(self, text):
        with self.lock:
            self.notes.append(text)
        print("conformance: %s" % text, flush=True)

    def plan(self):
        """(parallel jobs, server-wide jobs, skipped outcomes) in the order they run."""
        parallel, serial, skipped = [], [], []
        listed = [("target", name, wide) for name, wide in jobs.targets()]
        listed += [("scenario", name, wide) for name, wide in jobs.scenarios()]
        for index, (kind, name, wide) in enumerate(listed, 1):
            if not self.config.wants(name):
                continue
            if wide and not self.config.server_wide:
                skipped.append(
                    jobs.Outcome(
                        kind,
                        name,
                        "skipped",
                        message="changes server-wide settings: set CGP_TEST_ALLOW_SERVER_SETTINGS=yes",
                    )
                )
                continue
            (serial if wide else parallel).append(jobs.Job(self.config, kind, name, index))
        return parallel, serial, skipped

    def finish_job(self, job, restore):
        """Run a job, then delete its leftover domains (and put server-wide values back)."""
        print("conformance: %s %s ..." % (job.kind, job.name), flush=True)
        outcome = job.run()
        print(
            "conformance: %s %s %s (%.0f s)%s"
            % (job.kind, job.name, outcome.status, outcome.seconds, ": " + outcome.message if outcome.message else ""),
            flush=True,
        )

        def note(text):  # the summary says which job left it
            self.note("after %s %s: %s" % (job.kind, job.name, text))

        client = self.config.client()
        try:
            snapshot.sweep(client, job.prefix, note)
            if restore:
                snapshot.restore(client, self.before, note)
        finally:
            client.close()
        with self.lock:
            self.outcomes.append(outcome)

    def run_jobs(self):
        parallel, serial, skipped = self.plan()
        self.outcomes.extend(skipped)
        with concurrent.futures.ThreadPoolExecutor(max_workers=self.config.jobs) as pool:
            for future in [pool.submit(self.finish_job, job, False) for job in parallel]:
                future.result()
        for job in serial:
            self.finish_job(job, True)

    def final_check(self, client):
        """Sweep, restore, and compare the server with the snapshot taken at the start."""
        started = time.monotonic()
        snapshot.sweep(client, self.config.run_prefix, self.note)
        snapshot.restore(client, self.before, self.note)
        found = snapshot.differences(self.before, snapshot.take(client))
        message = "; ".join(found)
        self.outcomes.append(
            jobs.Outcome(
                "check", "server left as found", "failed" if found else "passed", time.monotonic() - started, message
            )
        )
        if self.config.server_log:
            with open(self.config.server_log, encoding="utf-8", errors="replace") as handle:
                log = handle.read()
            leaked = [index for index, secret in enumerate(self.config.secrets) if secret in log]
            self.outcomes.append(
                jobs.Outcome(
                    "check",
                    "no secret in the server log",
                    "failed" if leaked else "passed",
                    message="secrets #%s found" % leaked if leaked else "",
                )
            )

    def execute(self):
        client = self.config.client()
        try:
            self.before = snapshot.take(client)
            self.config.main_domain = self.before["main_domain"]
            clash = [d for d in self.before["domains"] if d.lower().startswith(self.config.run_prefix)]
            if clash:
                raise SystemExit("conformance: domains with this run's prefix exist already: %s" % clash)
            print(
                "conformance: %s, main domain %s, prefix %s"
                % (client.address, self.config.main_domain, self.config.run_prefix),
                flush=True,
            )
        finally:
            client.close()
        try:
            if self.config.wants("guesses"):
                self.guesses = guesses.run_all(self.config)
            self.run_jobs()
        finally:
            client = self.config.client()
            try:
                self.final_check(client)
            finally:
                client.close()
            self.write_reports()

    def write_reports(self):
        server = "%s:%d" % (self.config.host, self.config.port)
        report.junit(self.config.output / "junit.xml", self.outcomes, self.guesses, server)
        text = report.summary(self.outcomes, self.guesses, server, self.notes)
        (self.config.output / "summary.md").write_text(text)
        print(text)
        print("conformance: reports in %s (junit.xml, summary.md, logs/)" % self.config.output)

    @property
    def failed(self):
        return any(outcome.status == "failed" for outcome in self.outcomes)


def main():
    try:
        config = kit_config.from_environment()
    except kit_config.ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    run = Run(config)
    run.execute()
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
