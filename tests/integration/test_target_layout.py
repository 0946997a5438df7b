# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every integration target follows the pattern of tests/integration/README.md.

That pattern is what lets both runners run a target: the pytest harness (test_targets.py,
connection in CGP_* variables) and `ansible-test integration` (which passes no environment
through, so setup_cgp_emulator starts an emulator). A target that strays from it works in
one of them only, so these checks fail on the first one that does.
"""

from __future__ import annotations

import pytest
import yaml

from playbook_runner import TARGETS
from test_targets import TARGET_NAMES

SETUP = "setup_cgp_emulator"
# Every target's tasks/main.yml, byte for byte: the connection from setup_cgp_emulator's
# variables, then the target's own tasks.
WRAPPER = TARGETS / "cgp_domain" / "tasks" / "main.yml"


def aliases(target):
    lines = (TARGETS / target / "aliases").read_text().splitlines()
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def test_there_are_targets_and_a_setup_target():
    assert len(TARGET_NAMES) >= 20
    assert SETUP not in TARGET_NAMES, "the setup target must not run on its own"
    assert (TARGETS / SETUP / "tasks" / "main.yml").is_file()


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_target_has_aliases_for_ansible_test(target):
    assert (TARGETS / target / "aliases").is_file(), "ansible-test needs tests/integration/targets/%s/aliases" % target
    assert "context/target" in aliases(target)
    assert "gather_facts/no" in aliases(target)


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_target_depends_on_the_setup_target(target):
    meta = yaml.safe_load((TARGETS / target / "meta" / "main.yml").read_text())
    assert meta["dependencies"] == [SETUP]


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_target_main_is_the_common_wrapper(target):
    main = TARGETS / target / "tasks" / "main.yml"
    assert main.read_text() == WRAPPER.read_text(), (
        "%s must be the common wrapper (copy tests/integration/targets/cgp_domain/tasks/main.yml);"
        " the target's own tasks go in tasks/tests.yml" % main.relative_to(TARGETS.parents[2]))
    assert (TARGETS / target / "tasks" / "tests.yml").is_file()


def test_wrapper_feeds_the_action_group_from_the_setup_variables():
    wrapper = yaml.safe_load(WRAPPER.read_text())
    (block,) = wrapper
    connection = block["module_defaults"]["group/communigate.pro.cgp"]
    assert connection == {key: "{{ cgp_%s }}" % key for key in
                          ("login_host", "login_port", "login_user", "login_password")}
    assert block["block"] == [{"name": "Tests", "ansible.builtin.import_tasks": "tests.yml"}]
    defaults = yaml.safe_load((TARGETS / SETUP / "defaults" / "main.yml").read_text())
    assert sorted(defaults) == sorted("cgp_%s" % key for key in connection)
