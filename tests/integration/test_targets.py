# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every integration target runs as a real ansible-playbook -vvv against its own emulator.

A target is a role under tests/integration/targets/<name>/ whose tasks assert
what a user would see (changed, idempotence, check mode, diff, errors). The
secrets passed to it must appear nowhere: not in Ansible's verbose output, not
in the emulator's log.
"""

from __future__ import annotations

import secrets

import pytest

from playbook_runner import TARGETS, run_target


def is_hidden(target):
    """ansible-test's rule: setup_* / prepare_* targets and those aliased ``hidden`` only serve others."""
    lines = (target / "aliases").read_text().splitlines() if (target / "aliases").is_file() else []
    aliases = [line.split("#", 1)[0].strip() for line in lines]
    return target.name.startswith(("setup_", "prepare_")) or "hidden" in aliases


TARGET_NAMES = sorted(p.name for p in TARGETS.iterdir() if (p / "tasks" / "main.yml").is_file() and not is_hidden(p))


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_target(target, cgp_emulator_factory, tmp_path):
    admin_password = "Adm1n-" + secrets.token_hex(8)
    emulator = cgp_emulator_factory(subprocess=True, password=admin_password)
    user_password = "Us3r-" + secrets.token_hex(8)
    other_password = "0ther-" + secrets.token_hex(8)
    number_secret = 7_000_000_000 + secrets.randbelow(10**9)  # a secret a task gives as a number
    result = run_target(
        target,
        emulator,
        tmp_path,
        extra_vars={
            "cgp_test_password": user_password,
            "cgp_test_other_password": other_password,
            "cgp_test_number_secret": number_secret,
        },
    )
    print(result)  # pytest shows it when the test fails
    assert result.rc == 0, "ansible-playbook failed: see the captured output"
    assert "failed=0" in result.stdout, result
    log = emulator.read_log()
    for secret in (admin_password, user_password, other_password, str(number_secret)):
        assert secret not in result.output, "secret leaked into ansible -vvv output"
        assert secret not in log, "secret leaked into the emulator log"
