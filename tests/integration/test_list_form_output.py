# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a list form hands back at size: compact results by default, a diff that stays readable."""

from __future__ import annotations

from module_runner import run_module

FORWARDERS = [{"name": "f%03d" % n, "to": "t%d@example.net" % n} for n in range(250)]


def test_the_diff_shows_two_hundred_changed_objects_and_counts_the_rest(cgp_emulator):
    result = run_module("cgp_forwarder", {"domain": "example.test", "forwarders": FORWARDERS}, cgp_emulator, diff=True)
    assert result["changed"] and len(result["results"]) == 250 and len(result["commands"]) == 250
    after = result["diff"]["after"]
    assert len(after) == 201
    assert after["f199@example.test"] == {"name": "f199@example.test", "to": "t199@example.net"}
    assert "(and 50 more changed objects: see results)" in after and "f200@example.test" not in after


def test_compact_results_say_what_was_done_and_full_results_show_the_objects(cgp_emulator):
    run_module("cgp_forwarder", {"domain": "example.test", "forwarders": FORWARDERS[:3]}, cgp_emulator)
    changed = [dict(FORWARDERS[0], to="new@example.net")] + FORWARDERS[1:3]
    compact = run_module("cgp_forwarder", {"domain": "example.test", "forwarders": changed}, cgp_emulator)
    assert compact["results"] == [
        {
            "name": "f000@example.test",
            "state": "present",
            "changed": True,
            "purged": False,
            "recreated": True,
            "commands": [
                'DELETEFORWARDER "f000@example.test"',
                'CREATEFORWARDER "f000@example.test" TO "new@example.net"',
            ],
        },
        {"name": "f001@example.test", "state": "present", "changed": False},
        {"name": "f002@example.test", "state": "present", "changed": False},
    ]
    full = run_module(
        "cgp_forwarder", {"domain": "example.test", "forwarders": changed, "result_detail": "full"}, cgp_emulator
    )
    assert full["results"][2]["forwarder"] == {"name": "f002@example.test", "to": "t2@example.net"}
