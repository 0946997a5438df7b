# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run real ansible-playbook / ansible commands against an emulator.

The collection is made visible to Ansible through a link
``build/test-collections/ansible_collections/communigate/pro`` -> the checkout,
so what runs is exactly the working tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TARGETS = REPO / "tests" / "integration" / "targets"
VENV_BIN = Path(sys.executable).parent


def collections_path() -> Path:
    """A collections directory whose communigate.pro is this checkout (a link, made once)."""
    if REPO.parent.name == "communigate" and REPO.parent.parent.name == "ansible_collections":
        return REPO.parent.parent.parent
    root = REPO / "build" / "test-collections"
    link = root / "ansible_collections" / "communigate" / "pro"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            link.symlink_to(REPO, target_is_directory=True)
        except FileExistsError:
            pass
    return root


def ansible_env(emulator, tmp_path: Path, extra=None) -> dict:
    """Environment for Ansible commands: local collection, emulator connection in CGP_* variables."""
    env = dict(os.environ)
    env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": str(collections_path()),
            "ANSIBLE_ROLES_PATH": os.pathsep.join([str(TARGETS), str(REPO / "roles")]),
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_LOCAL_TEMP": str(tmp_path / "ansible-local"),
            "ANSIBLE_REMOTE_TEMP": str(tmp_path / "ansible-remote"),
            "ANSIBLE_HOME": str(tmp_path / "ansible-home"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_DEPRECATION_WARNINGS": "0",
            "ANSIBLE_HOST_KEY_CHECKING": "0",
            "PATH": str(VENV_BIN) + os.pathsep + env.get("PATH", ""),
            "CGP_HOST": emulator.host,
            "CGP_PORT": str(emulator.port),
            "CGP_USER": emulator.user,
            "CGP_PASSWORD": emulator.password,
        }
    )
    env.pop("PYTHONPATH", None)
    env.update(extra or {})
    return env


class Result:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.output = proc.stdout + proc.stderr

    def __repr__(self):
        return "rc=%d\n--- stdout ---\n%s\n--- stderr ---\n%s" % (self.rc, self.stdout[-20000:], self.stderr[-5000:])


def run(args, env, cwd=None, timeout=600) -> Result:
    proc = subprocess.run(args, env=env, cwd=cwd or REPO, capture_output=True, text=True, timeout=timeout, check=False)
    return Result(proc)


def run_playbook(playbook: Path, env, *extra_args, verbosity="-vvv") -> Result:
    args = [str(VENV_BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)]
    if verbosity:
        args.append(verbosity)
    return run(args + list(extra_args), env)


def run_target(name: str, emulator, tmp_path: Path, extra_vars=None) -> Result:
    """Run integration target ``name`` (a role under tests/integration/targets) with -vvv."""
    playbook = tmp_path / ("run-%s.yml" % name)
    playbook.write_text("- hosts: localhost\n  gather_facts: false\n  roles:\n    - %s\n" % name)
    args = ["-e", json.dumps(extra_vars)] if extra_vars else []  # JSON keeps numbers numbers
    return run_playbook(playbook, ansible_env(emulator, tmp_path), *args)
