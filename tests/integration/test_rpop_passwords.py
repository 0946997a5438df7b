# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cgp_account_rpop: GETACCOUNTRPOPS returns every record's remote password in clear. Records the task
does not change are written back with the password the server holds, and no password the server
returned reaches the module's output or its invocation record."""

from __future__ import annotations

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPClient

from module_runner import run_module

ACCOUNT = "jane@example.test"
KEPT = "Kept-r3mote-pw-5150"
OTHER = "0ther-r3mote-pw-7070"
NEW = "N3w-r3mote-pw-9090"


def records(emulator, kind="rpops"):
    return getattr(emulator.state.domains["example.test"].accounts["jane"], kind)


def test_a_record_the_task_does_not_change_keeps_its_password(cgp_emulator):
    with CGPClient(cgp_emulator.host, cgp_emulator.port, cgp_emulator.user, cgp_emulator.password) as client:
        client.create_account(ACCOUNT)
        client.set_account_rpops(
            ACCOUNT,
            {
                "kept": {"authName": "jane", "domain": "pop.kept.example", "password": KEPT, "APOP": "1"},
                "other": {"authName": "j", "domain": "pop.other.example", "password": OTHER},
            },
        )
    result = run_module(
        "cgp_account_rpop",
        {"account": ACCOUNT, "name": "other", "period": "1h", "password": NEW},
        cgp_emulator,
        diff=True,
    )
    assert result["changed"] is True, result
    assert records(cgp_emulator) == {
        "kept": {"authName": "jane", "domain": "pop.kept.example", "password": KEPT, "APOP": "1"},
        "other": {"authName": "j", "domain": "pop.other.example", "password": NEW, "period": "1h"},
    }
    output = result.stdout + "\n".join(result.syslog) + cgp_emulator.read_log()
    for secret in (KEPT, OTHER, NEW):
        assert secret not in output
    assert result["diff"]["after"]["records"]["other"]["password"] == "******** (changed)"
    assert result["diff"]["after"]["records"]["kept"] == {
        "name": "kept",
        "auth_name": "jane",
        "host": "pop.kept.example",
        "apop": True,
        "password": "********",
    }


def test_a_purge_and_an_rimap_record_leave_the_other_kinds_records_alone(cgp_emulator):
    with CGPClient(cgp_emulator.host, cgp_emulator.port, cgp_emulator.user, cgp_emulator.password) as client:
        client.create_account(ACCOUNT)
        client.set_account_rpops(
            ACCOUNT, {"kept": {"authName": "jane", "domain": "pop.kept.example", "password": KEPT}}
        )
    result = run_module(
        "cgp_account_rpop",
        {
            "account": ACCOUNT,
            "protocol": "imap",
            "purge": True,
            "records": [{"name": "work", "host": "imap.work.example", "auth_name": "jd", "password": NEW}],
        },
        cgp_emulator,
    )
    assert result["changed"] is True, result
    assert records(cgp_emulator, "rimaps") == {
        "work": {"authName": "jd", "domain": "imap.work.example", "password": NEW}
    }
    assert records(cgp_emulator)["kept"]["password"] == KEPT
    assert NEW not in result.stdout and KEPT not in result.stdout
