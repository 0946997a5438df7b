# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a collection module in this process, the way Ansible runs it, and return its result.

The module's own main() runs with the real AnsibleModule: its argument spec, validation,
no_log handling and JSON output; only the transport differs from ansible-playbook (the
arguments are handed over in memory, stdout is captured). What the module sends to the
system log is captured too, since that is where AnsibleModule writes the invocation record.

    result = run_module("cgp_account", {"name": "a@b.test", ...}, emulator, check_mode=True)
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import syslog

from ansible.module_utils import basic
from ansible.module_utils.common.parameters import PASS_VARS
from ansible.module_utils.common.text.converters import to_bytes

MODULES = "ansible_collections.communigate.pro.plugins.modules."


class ModuleResult(dict):
    """The module's JSON result; ``syslog`` holds the messages it logged, ``stdout`` the raw output."""

    syslog = ()
    stdout = ""


def connection(emulator):
    return {
        "login_host": emulator.host,
        "login_port": emulator.port,
        "login_user": emulator.user,
        "login_password": emulator.password,
    }


def run_module(name, args, emulator=None, check_mode=False, diff=False):
    """The result of module ``name`` run with ``args`` (the connection of ``emulator`` added)."""
    module_args = dict(connection(emulator) if emulator is not None else {}, **args)
    module_args.update(
        _ansible_check_mode=check_mode,
        _ansible_diff=diff,
        _ansible_no_log=False,
        _ansible_verbosity=3,
        _ansible_module_name=name,
    )
    if "inject_invocation" in PASS_VARS:
        # ansible-core 2.21 returns the invocation only when the controller asks (INJECT_INVOCATION), as -vvv
        # on older cores always did: ask, so the tests see what such a run shows
        module_args["_ansible_inject_invocation"] = True
    module = importlib.import_module(MODULES + name)
    logged, stdout = [], io.StringIO()
    saved = (basic._ANSIBLE_ARGS, getattr(basic, "_ANSIBLE_PROFILE", None), syslog.syslog, syslog.openlog)
    basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": module_args}))
    if hasattr(basic, "_ANSIBLE_PROFILE"):
        basic._ANSIBLE_PROFILE = "legacy"
    syslog.syslog = lambda *message: logged.append(message[-1])
    syslog.openlog = lambda *args, **kwargs: None
    try:
        with contextlib.redirect_stdout(stdout):
            try:
                module.main()
            except SystemExit:
                pass
    finally:
        basic._ANSIBLE_ARGS, profile, syslog.syslog, syslog.openlog = saved
        if hasattr(basic, "_ANSIBLE_PROFILE"):
            basic._ANSIBLE_PROFILE = profile
    result = ModuleResult(json.loads(stdout.getvalue()))
    result.syslog, result.stdout = logged, stdout.getvalue()
    return result
