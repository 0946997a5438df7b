# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Execution environments: what ansible-builder makes of the collection and of the example.

Building the image needs a container engine, which the build machines do not have; what
runs here is everything before that: ansible-builder's introspection of the collection
(meta/execution-environment.yml, read the way a build reads it) and `ansible-builder
create` of examples/execution-environment/, which validates the file and writes the build
context.
"""

from __future__ import annotations

import shutil

import yaml

from playbook_runner import REPO, VENV_BIN, collections_path, run

EXAMPLE = REPO / "examples" / "execution-environment"


def test_collection_declares_no_dependencies_to_ansible_builder(tmp_path):
    meta = yaml.safe_load((REPO / "meta" / "execution-environment.yml").read_text())
    assert meta == {"version": 1, "dependencies": {}}
    result = run([str(VENV_BIN / "ansible-builder"), "introspect", str(collections_path())], env=None)
    assert result.rc == 0, result
    found = yaml.safe_load(result.stdout.split("---", 1)[1])
    assert found == {"python": [], "system": []}, found


def test_introspection_reads_our_meta_file(tmp_path):
    """The same introspection finds a requirement once meta/execution-environment.yml declares one."""
    tree = tmp_path / "ansible_collections" / "communigate" / "pro"
    (tree / "meta").mkdir(parents=True)
    shutil.copy(REPO / "galaxy.yml", tree / "galaxy.yml")
    (tree / "meta" / "execution-environment.yml").write_text(
        "---\nversion: 1\ndependencies:\n  python: extra-requirements.txt\n"
    )
    (tree / "extra-requirements.txt").write_text("dnspython\n")
    result = run([str(VENV_BIN / "ansible-builder"), "introspect", str(tmp_path)], env=None)
    assert result.rc == 0, result
    assert "dnspython" in result.stdout


def test_ansible_builder_creates_the_example_context(tmp_path):
    context = tmp_path / "context"
    result = run(
        [
            str(VENV_BIN / "ansible-builder"),
            "create",
            "--file",
            str(EXAMPLE / "execution-environment.yml"),
            "--context",
            str(context),
            "--output-filename",
            "Containerfile",
        ],
        env=None,
        cwd=EXAMPLE,
    )
    assert result.rc == 0, result
    containerfile = (context / "Containerfile").read_text()
    assert "quay.io/centos/centos:stream9" in containerfile
    assert "ansible-core>=2.16,<2.17" in containerfile
    assert "python3.11" in containerfile
    requirements = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert {"name": "communigate.pro", "version": ">=0.1.0"} in requirements["collections"]
