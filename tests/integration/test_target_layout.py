# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every integration target follows the pattern of tests/integration/README.md.

That pattern is what lets both runners run a target: the pytest harness (test_targets.py,
connection in CGP_* variables) and `ansible-test integration` (which passes no environment
through, so setup_cgp_emulator starts an emulator). A target that strays from it works in
one of them only, so these checks fail on the first one that does.
"""

from __future__ import annotations

import sys

import pytest
import yaml

from playbook_runner import REPO, TARGETS
from test_targets import TARGET_NAMES

sys.path.insert(0, str(REPO / "tests" / "utils"))
import prefix_targets  # noqa: E402  pylint: disable=wrong-import-position

SETUP = "setup_cgp_emulator"
# What a conformance run (tests/conformance/) sets; the defaults mean "the target has the server to itself".
CONFORMANCE_VARIABLES = ["cgp_it_prefix", "cgp_it_main_domain", "cgp_it_server_wide"]
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
        " the target's own tasks go in tasks/tests.yml" % main.relative_to(TARGETS.parents[2])
    )
    assert (TARGETS / target / "tasks" / "tests.yml").is_file()


def test_wrapper_feeds_the_action_group_from_the_setup_variables():
    wrapper = yaml.safe_load(WRAPPER.read_text())
    (block,) = wrapper
    connection = block["module_defaults"]["group/communigate.pro.cgp"]
    assert connection == {
        key: "{{ cgp_%s }}" % key for key in ("login_host", "login_port", "login_user", "login_password")
    }
    assert block["block"][-1] == {"name": "Tests", "ansible.builtin.import_tasks": "tests.yml"}
    defaults = yaml.safe_load((TARGETS / SETUP / "defaults" / "main.yml").read_text())
    assert sorted(defaults) == sorted(["cgp_%s" % key for key in connection] + CONFORMANCE_VARIABLES)


def test_wrapper_cleans_up_the_prefixed_domains_of_a_conformance_run():
    """Outside a conformance run (empty prefix) the wrapper adds nothing; inside one, it always cleans up."""
    (block,) = yaml.safe_load(WRAPPER.read_text())
    conditional = block["block"][:-1] + block["always"]
    assert conditional and all(task["when"] == "cgp_it_prefix | length > 0" for task in conditional)
    (cleanup,) = block["always"]
    deletes = [task for task in cleanup["block"] if "communigate.pro.cgp_domain" in task]
    assert deletes[0]["communigate.pro.cgp_domain"]["force"] is True
    assert "select('match', cgp_it_prefix | regex_escape)" in deletes[0]["loop"]


def task_files(target):
    """The target's own task files (every one but the common wrapper)."""
    return sorted(p for p in (TARGETS / target / "tasks").glob("*.yml") if p.name != "main.yml")


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_every_domain_name_has_the_conformance_prefix(target):
    """A conformance run gives each target its own prefix; a name without it would leave the throwaway domains."""
    for path in task_files(target):
        found = prefix_targets.unprefixed(path.read_text())
        assert not found, (
            "%s: write these names as {{ cgp_it_prefix }}<name>.test (or cgp_it_prefix ~ '<name>.test' in a Jinja"
            " expression); python tests/utils/prefix_targets.py %s does it: %s"
            % (path.relative_to(REPO), path.relative_to(REPO), found)
        )


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_server_wide_targets_save_and_restore(target):
    """A target about server-wide settings says so in its aliases and restores them in an always section.

    (Other targets may change a server-wide value in one guarded block: the next test.)
    """
    text = "\n".join(p.read_text() for p in task_files(target))
    server_wide = "cgp_server_wide" in aliases(target)
    if server_wide:
        assert "communigate.pro.cgp_settings:" in text, "a target with the alias cgp_server_wide uses cgp_settings"
        tasks = yaml.safe_load((TARGETS / target / "tasks" / "tests.yml").read_text())
        assert len(tasks) == 1 and "always" in tasks[0], "tests.yml: one block that saves, tests and restores"


def _server_wide_writes():
    """The verbs that change a server-wide object (SERVER_SCOPES' SET/UPDATE, server and cluster), the alerts or a
    statistics element."""
    from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import SERVER_SCOPES

    verbs = {"POSTSERVERALERT", "REMOVESERVERALERT", "SETSERVERALERTS", "SETSTATELEMENT"}
    for scope in SERVER_SCOPES.values():
        for operation in ("SET", "UPDATE"):
            if scope.can(operation):
                verbs.add(operation + scope.stem)
                if scope.cluster_stem:
                    verbs.add(operation + scope.cluster_stem)
    return verbs


def _unguarded_cli_writes(tasks, verbs, guarded=False):
    """Names of the cgp_settings tasks, and the cgp_cli tasks sending one of ``verbs``, outside a
    `when: cgp_it_server_wide` task or block."""
    found = []
    for task in tasks or []:
        inside = guarded or "cgp_it_server_wide" in str(task.get("when", ""))
        for part in ("block", "rescue", "always"):
            found += _unguarded_cli_writes(task.get(part), verbs, inside)
        command = str((task.get("communigate.pro.cgp_cli") or {}).get("command", "")).upper()
        if (command in verbs or "communigate.pro.cgp_settings" in task) and not inside:
            found.append(task.get("name", command))
    return found


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_server_wide_writes_elsewhere_run_only_with_the_opt_in(target):
    """Outside the cgp_server_wide targets, a server-wide write (cgp_settings, or raw) runs only where the run allows it."""
    if "cgp_server_wide" in aliases(target):
        return
    verbs = _server_wide_writes()
    for path in task_files(target):
        found = _unguarded_cli_writes(yaml.safe_load(path.read_text()), verbs)
        assert not found, (
            "%s: these tasks change server-wide values; run them `when: cgp_it_server_wide`, in a"
            " block that puts the value back in `always`: %s" % (path.relative_to(REPO), found)
        )
