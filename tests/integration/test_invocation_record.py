# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets never reach the module's invocation record (syslog / journal) nor its invocation.module_args,
whatever option carries them and whatever their type."""

from __future__ import annotations

import json

from module_runner import run_module

SECRET = "S3cret-in-args-771"
NUMBER = 4242424242


def everything(result):
    return result.stdout + "\n".join(result.syslog)


def test_cgp_cli_secret_args_stay_out_of_the_syslog_record(cgp_emulator):
    result = run_module(
        "cgp_cli", {"command": "ECHO", "args": ["visible-word", SECRET], "secret_args": [1]}, cgp_emulator
    )
    assert result.syslog, "the module logs its invocation"
    assert "visible-word" in result.syslog[0]
    assert SECRET not in everything(result)


def test_a_secret_given_as_a_number_is_masked_everywhere(cgp_emulator):
    result = run_module(
        "cgp_domain",
        {"name": "num.test", "account_template": {"Password": NUMBER}, "account_defaults": {"RealName": "x"}},
        cgp_emulator,
        diff=True,
    )
    assert result["changed"] is True
    assert str(NUMBER) not in everything(result)
    assert result["invocation"]["module_args"]["account_template"] == {
        "Password": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    }
    assert result["domain"]["account_template"] == {"Password": "********"}


def test_list_form_passwords_stay_out_of_every_record(cgp_emulator):
    accounts = [{"name": "user%d" % n, "password": "Pw-%d-%s" % (n, SECRET)} for n in range(20)]
    result = run_module("cgp_account", {"domain": "example.test", "accounts": accounts}, cgp_emulator)
    assert result["changed"] is True and len(result["results"]) == 20
    assert SECRET not in everything(result)
    assert json.dumps(result["invocation"]).count("VALUE_SPECIFIED_IN_NO_LOG_PARAMETER") >= 20
