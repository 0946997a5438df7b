# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kit's reports: JUnit XML (for CI) and a readable Markdown summary.

Targets, scenarios and the final check are test cases that pass, fail or are skipped. Every guess
check is a test case of its own suite that never fails: its outcome (held / did not hold / not
checkable) is a property and the first word of its output, because a guess that did not hold is a
finding about the emulator, not a failure of the collection.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

HELD, NOT_HELD, UNCHECKABLE = "held", "did not hold", "not checkable"


def _suite(root, name, cases):
    suite = ET.SubElement(
        root,
        "testsuite",
        name=name,
        tests=str(len(cases)),
        failures=str(sum(1 for c in cases if c.status == "failed")),
        skipped=str(sum(1 for c in cases if c.status == "skipped")),
        time="%.1f" % sum(c.seconds for c in cases),
    )
    for case in cases:
        element = ET.SubElement(
            suite, "testcase", classname="conformance.%s" % case.kind, name=case.name, time="%.1f" % case.seconds
        )
        if case.status == "failed":
            ET.SubElement(element, "failure", message=case.message).text = case.message
        elif case.status == "skipped":
            ET.SubElement(element, "skipped", message=case.message)
        if case.log:
            ET.SubElement(element, "system-out").text = "log: %s" % case.log
    return suite


def junit(path, outcomes, guesses, server):
    """Write the JUnit XML file: suites conformance (jobs and checks) and guesses."""
    root = ET.Element("testsuites", name="communigate.pro conformance against %s" % server)
    _suite(root, "conformance", outcomes)
    suite = ET.SubElement(
        root,
        "testsuite",
        name="guesses",
        tests=str(len(guesses)),
        failures="0",
        skipped=str(sum(1 for g in guesses if g.outcome == UNCHECKABLE)),
    )
    for guess in guesses:
        case = ET.SubElement(suite, "testcase", classname="conformance.guess", name=guess.id)
        properties = ET.SubElement(case, "properties")
        ET.SubElement(properties, "property", name="outcome", value=guess.outcome)
        if guess.outcome == UNCHECKABLE:
            ET.SubElement(case, "skipped", message=guess.detail)
        ET.SubElement(case, "system-out").text = "%s: %s" % (guess.outcome, guess.detail)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(str(path), encoding="utf-8", xml_declaration=True)


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def summary(outcomes, guesses, server, notes):
    """The Markdown summary: which jobs passed, which guesses held, what the kit did on the way."""
    lines = ["# Conformance run against %s" % server, ""]
    counts = {status: sum(1 for o in outcomes if o.status == status) for status in ("passed", "failed", "skipped")}
    lines += [
        "%(passed)d passed, %(failed)d failed, %(skipped)d skipped." % counts,
        "",
        "| kind | name | result | seconds | detail |",
        "|---|---|---|---|---|",
    ]
    lines += [
        "| %s | %s | %s | %.0f | %s |" % (o.kind, o.name, o.status, o.seconds, _cell(o.message)) for o in outcomes
    ]
    held = {outcome: sum(1 for g in guesses if g.outcome == outcome) for outcome in (HELD, NOT_HELD, UNCHECKABLE)}
    lines += [
        "",
        "## Guesses (docs/emulator-guesses.md)",
        "",
        "%d held, %d did not hold, %d not checkable." % (held[HELD], held[NOT_HELD], held[UNCHECKABLE]),
        "",
        "| check | outcome | what the server did |",
        "|---|---|---|",
    ]
    lines += ["| %s | %s | %s |" % (g.id, g.outcome, _cell(g.detail)) for g in guesses]
    if notes:
        lines += ["", "## What the kit did to leave the server as it found it", ""] + ["- %s" % n for n in notes]
    return "\n".join(lines) + "\n"
