# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""make conformance-emulator (part of make test): the conformance kit against the bundled emulator,
started as a separate server as if it were a remote one, holding data of its own that must
survive untouched.

1. Starts the emulator as a process over TLS (a fresh self-signed certificate, given to the kit
   as its CA), with main domain mail.staging.test instead of the emulator's default.
2. Seeds it: domains with settings, aliases, rules and objects, accounts in the main domain,
   server-wide and cluster-wide settings, an alert, and a domain that looks like a leftover of
   another conformance run (its prefix is not this run's: the kit must leave it alone).
3. Runs the kit without CGP_TEST_ALLOW_WRITES: it must refuse without connecting.
4. Runs the kit (tests/conformance/run.py, a separate process) with both opt-ins, -vvv output
   and the emulator's log checked for the run's secrets.
5. Reads everything back through the CLI and compares it with what was there before the run,
   and checks that the kit's own sweep and restore had nothing to do: every job cleaned up after
   itself (the kit's cleanup is the safety net for a real server, not the way jobs clean up).

In make test (no argument) the kit runs the guess checks and a few short targets chosen to cover
what can harm a shared server: deleting and purging domains and accounts, a server-wide target
that saves and restores, and the server alert (QUICK, about a minute). ``--all`` (make
conformance-emulator-full) runs every target and both roles' scenarios, as against a real server:
about ten minutes on two cores. ``--only=name,...`` runs the jobs named (CGP_TEST_ONLY's form).
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

from config import REPO, cgp_client
import snapshot

sys.path.insert(0, str(REPO / "tests" / "emulator"))
from cgp_emulator import testing  # noqa: E402  pylint: disable=wrong-import-position,import-error

MAIN = "mail.staging.test"
OUTPUT = REPO / "build" / "conformance"
RUN = [sys.executable, str(REPO / "tests" / "conformance" / "run.py")]
# The short run of make test: every guess check, the targets that delete and purge (what could
# harm data that is not the kit's), a server-wide target (save, change, restore) and cgp_cli (the
# server alert, raw writes).
QUICK = "guesses,cgp_domain,cgp_account_purge,cgp_domain_info,cgp_filters,cgp_cli,cgp_server_info"


def seed(client):
    """Data the server holds before the run (every kind of object the kit's jobs also touch)."""
    client.create_account(
        "alice@" + MAIN, settings={"Password": "Alice-" + secrets.token_hex(4), "RealName": "Alice Admin"}
    )
    client.create_account("helpdesk@" + MAIN)
    client.create_forwarder("info@" + MAIN, "alice@" + MAIN)
    client.create_list("news@" + MAIN, "alice")
    client.list_operation("news@" + MAIN, "feed", "reader@customer.example", silently=True)
    for domain in ("customer-a.test", "customer-b.test", "cgpconf-000000-00-leftover.test"):
        client.create_domain(domain, settings={"MailToUnknown": "Rejected"})
    client.set_domain_aliases("customer-a.test", ["www.customer-a.test"])
    client.update_account_defaults("customer-a.test", {"MaxAccountSize": "250M"})
    client.set_domain_mail_rules("customer-a.test", [[5, "Keep", [], [["Stop Processing"]]]])
    client.create_account("bob@customer-a.test", settings={"Password": "Bob-" + secrets.token_hex(4)})
    client.set_account_aliases("bob@customer-a.test", ["robert"])
    client.create_group("staff@customer-b.test", {"Members": ["carol"]})
    client.create_account("carol@customer-b.test")
    client.set_server_object("lan_ips", "192.0.2.0-192.0.2.255\n; the office")
    client.set_server_object("router_table", "<*@old.customer-a.test> = *@customer-a.test")
    # The priority as the reference writes rules (a string atom, L3271-3343), as a server holds it.
    client.set_server_object("server_mail_rules", [["3", "Tag", [], [["Add Header", "X-Seen: yes"]]]])
    client.update_server_object("server_account_defaults", {"MaxAccountSize": "150M", "RulesAllowed": "Any"})
    client.update_server_object("server_settings", {"ServerName": MAIN})
    client.update_server_object("module", {"SendChannels": "25"}, module="SMTP")
    client.set_server_object("client_ips", "198.51.100.0-198.51.100.63", cluster=True)
    client.execute("POSTSERVERALERT", "Staging server: expect test data")


def dump(client):
    """Everything the CLI shows of the server, for the before/after comparison."""
    everything = {"snapshot": snapshot.take(client), "domains": {}}
    for domain in client.list_domains():
        objects = {
            "settings": client.get_domain_settings(domain),
            "aliases": client.get_domain_aliases(domain),
            "account_defaults": client.get_account_defaults(domain),
            "account_template": client.get_account_template(domain),
            "default_prefs": client.get_account_default_prefs(domain),
            "mail_rules": client.get_domain_mail_rules(domain),
            "accounts": {},
            "forwarders": {},
            "groups": {},
            "lists": {},
        }
        for account in client.list_accounts(domain):
            name = "%s@%s" % (account, domain)
            objects["accounts"][account] = [
                client.get_account_settings(name),
                client.get_account_prefs(name),
                client.get_account_aliases(name),
                client.get_account_mail_rules(name),
                client.get_account_rights(name),
                client.get_account_telnums(name),
            ]
        for forwarder in client.list_forwarders(domain):
            objects["forwarders"][forwarder] = client.get_forwarder("%s@%s" % (forwarder, domain))
        for group in client.list_groups(domain):
            objects["groups"][group] = client.get_group("%s@%s" % (group, domain))
        for mailing_list in client.list_lists(domain):
            name = "%s@%s" % (mailing_list, domain)
            objects["lists"][mailing_list] = [client.get_list(name), client.read_subscribers(name)]
        everything["domains"][domain] = objects
    return everything


def compare(before, after, path=""):
    """["path: before -> after"] wherever two dumps differ."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after), key=str):
            found += compare(before.get(key), after.get(key), "%s/%s" % (path, key))
        return found
    return [] if before == after else ["%s: %r -> %r" % (path, before, after)]


def kit_environment(emulator, ca, allow, only=QUICK):
    env = dict(os.environ)
    env.pop("CGP_TEST_ONLY", None)
    if only:
        env["CGP_TEST_ONLY"] = only
    env.update(
        {
            "CGP_TEST_HOST": emulator.host,
            "CGP_TEST_PORT": str(emulator.port),
            "CGP_TEST_USER": emulator.user,
            "CGP_TEST_PASSWORD": emulator.password,
            "CGP_TEST_TLS": "yes",
            "CGP_TEST_CA_PATH": ca,
            "CGP_TEST_SERVER_LOG": emulator.log_path,
            "CGP_TEST_VERBOSITY": "3",
            "CGP_TEST_OUTPUT": str(OUTPUT),
        }
    )
    if allow:
        env.update({"CGP_TEST_ALLOW_WRITES": "yes", "CGP_TEST_ALLOW_SERVER_SETTINGS": "yes"})
    else:
        env.pop("CGP_TEST_ALLOW_WRITES", None)
    return env


def guesses_that_did_not_hold(junit):
    """The emulator is the guess: against it every check must hold (or be not checkable)."""
    if not junit.is_file():
        return ["no report %s" % junit]
    cases = ET.parse(str(junit)).getroot().iter("testcase")
    return [
        "guess %s did not hold against the emulator: the check and the emulator disagree" % case.get("name")
        for case in cases
        if case.find("properties/property[@value='did not hold']") is not None
    ]


def cleanups(summary):
    """Against the emulator every target cleans up after itself: the kit's own sweep and restore find nothing.

    (The roles' scenarios are the exception: cgp_server_baseline sets a baseline and leaves it, as
    the role would, and the kit puts the server-wide values back after it.)
    """
    text = summary.read_text() if summary.is_file() else ""
    heading = "## What the kit did to leave the server as it found it"
    notes = text.split(heading, 1)[1].split("\n## ", 1)[0] if heading in text else ""
    return [
        "a target left this for the kit to clean up: %s" % line[2:]
        for line in notes.splitlines()
        if line.startswith("- ") and not line.startswith("- after scenario ")
    ]


def connections(log_path):
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        return sum(1 for line in handle if line.startswith("* ") and " connect from " in line)


def refusal_check(emulator, ca):
    """Without the opt-in the kit must exit 2, say why, and not connect at all."""
    seen = connections(emulator.log_path)
    proc = subprocess.run(RUN, env=kit_environment(emulator, ca, False), capture_output=True, text=True, check=False)
    problems = []
    if proc.returncode != 2 or "CGP_TEST_ALLOW_WRITES" not in proc.stderr:
        problems.append(
            "the kit did not refuse without CGP_TEST_ALLOW_WRITES=yes (exit %d): %s" % (proc.returncode, proc.stderr)
        )
    if connections(emulator.log_path) != seen:
        problems.append("the kit connected to the server although it refused")
    return problems


def main(argv):
    only = None if "--all" in argv else QUICK
    only = next((arg.split("=", 1)[1] for arg in argv if arg.startswith("--only=")), only)
    started = time.monotonic()
    password = "Adm1n-" + secrets.token_hex(8)
    with tempfile.TemporaryDirectory(prefix="cgp-conformance-emulator-") as work:
        cert, key = testing.self_signed_cert(work, "127.0.0.1")
        emulator = testing.start_subprocess(
            password=password, main_domain=MAIN, tls_cert=cert, tls_key=key, log_path=os.path.join(work, "emulator.log")
        )
        try:
            with cgp_client.CGPClient(
                emulator.host, emulator.port, "postmaster", password, tls=True, ca_path=cert
            ) as client:
                seed(client)
                before = dump(client)
            problems = refusal_check(emulator, cert)
            kit = subprocess.run(RUN, env=kit_environment(emulator, cert, True, only), check=False)
            if kit.returncode != 0:
                problems.append(
                    "the conformance run failed (exit %d): see build/conformance/summary.md" % kit.returncode
                )
            problems += guesses_that_did_not_hold(OUTPUT / "junit.xml")
            problems += cleanups(OUTPUT / "summary.md")
            with cgp_client.CGPClient(
                emulator.host, emulator.port, "postmaster", password, tls=True, ca_path=cert
            ) as client:
                problems += ["pre-existing data changed: %s" % diff for diff in compare(before, dump(client))]
        finally:
            emulator.stop()
    for problem in problems:
        print("conformance-emulator: %s" % problem, file=sys.stderr)
    print(
        "conformance-emulator: %s (%s, %.0f s)"
        % (
            "FAILED"
            if problems
            else "the kit passed, refused without the opt-in, and left the emulator's own data untouched",
            "every job" if only is None else "jobs " + only,
            time.monotonic() - started,
        )
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
