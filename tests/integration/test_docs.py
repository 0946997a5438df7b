# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-doc renders every plugin, and the action group lists every module."""

from __future__ import annotations

import json
import os

import pytest
import yaml

from playbook_runner import REPO, VENV_BIN, collections_path, run

MODULES = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("cgp_*.py"))


def doc_env(tmp_path):
    env = dict(
        os.environ, ANSIBLE_COLLECTIONS_PATH=str(collections_path()), ANSIBLE_HOME=str(tmp_path), ANSIBLE_NOCOLOR="1"
    )
    env.pop("PYTHONPATH", None)
    return env


@pytest.mark.parametrize("module", MODULES)
def test_ansible_doc_renders(module, tmp_path):
    result = run([str(VENV_BIN / "ansible-doc"), "--json", "communigate.pro." + module], doc_env(tmp_path))
    assert result.rc == 0, result
    doc = json.loads(result.stdout)["communigate.pro." + module]["doc"]
    assert doc["short_description"]
    assert "login_host" in doc["options"], "the connection doc fragment is missing"
    for name, option in doc["options"].items():
        assert option.get("description"), "option %s has no description" % name
        assert option.get("type") or option.get("choices"), "option %s has no type" % name


def test_action_group_lists_every_module():
    runtime = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())
    assert sorted(runtime["action_groups"]["cgp"]) == MODULES
