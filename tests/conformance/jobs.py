# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The kit's jobs: an integration target, or a role's molecule scenario, run with ansible-playbook.

Each job gets its own prefix (``<run prefix><nn>-``) for the domains it creates, runs against the
configured server, and leaves a log; after it ends, the kit deletes whatever domain still has its
prefix. A job fails when ansible-playbook fails, when a scenario's second converge changes
anything, or when one of the run's secrets shows up in its output.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from config import REPO

sys.path.insert(0, str(REPO / "tests" / "integration"))
from playbook_runner import TARGETS, collections_path  # noqa: E402  pylint: disable=wrong-import-position,import-error

SCENARIOS = REPO / "extensions" / "molecule"
SERVER_WIDE_ALIAS = "cgp_server_wide"
_RECAP = re.compile(r"^\S+\s*:\s*ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)
TIMEOUT = 1800


class Outcome:
    """What became of one job (status: passed, failed or skipped)."""

    def __init__(self, kind, name, status, seconds=0.0, message="", log=None):
        self.kind, self.name, self.status = kind, name, status
        self.seconds, self.message, self.log = seconds, message, log


def _aliases(target):
    lines = (TARGETS / target / "aliases").read_text().splitlines()
    return [line.split("#", 1)[0].strip() for line in lines]


def targets():
    """[(name, server_wide)] of every integration target that runs on its own."""
    names = sorted(
        p.name
        for p in TARGETS.iterdir()
        if (p / "tasks" / "main.yml").is_file()
        and not p.name.startswith(("setup_", "prepare_"))
        and "hidden" not in _aliases(p.name)
    )
    return [(name, SERVER_WIDE_ALIAS in _aliases(name)) for name in names]


def scenarios():
    """[(name, server_wide)] of the roles' molecule scenarios; the server baseline is server-wide."""
    names = sorted(p.parent.name for p in SCENARIOS.glob("*/molecule.yml"))
    return [(name, name == "cgp_server_baseline") for name in names]


class Job:
    """One target or scenario, with its own prefix, work directory and log."""

    def __init__(self, config, kind, name, index):
        self.config, self.kind, self.name = config, kind, name
        self.prefix = "%s%02d-" % (config.run_prefix, index)
        self.log = config.output / "logs" / ("%s-%s.log" % (kind, name))
        self.extra_env = {}

    def environment(self, work):
        env = dict(os.environ)
        env.pop("PYTHONPATH", None)
        env.update(self.config.module_environment())
        env.update(
            {
                "ANSIBLE_COLLECTIONS_PATH": str(collections_path()),
                "ANSIBLE_ROLES_PATH": str(TARGETS),
                "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
                "ANSIBLE_LOCAL_TEMP": str(work / "ansible-local"),
                "ANSIBLE_REMOTE_TEMP": str(work / "ansible-remote"),
                "ANSIBLE_HOME": str(work / "ansible-home"),
                "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_FORCE_COLOR": "0",
                "ANSIBLE_RETRY_FILES_ENABLED": "0",
                "ANSIBLE_DEPRECATION_WARNINGS": "0",
                "ANSIBLE_PIPELINING": "1",
                "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
            }
        )
        env.update(self.extra_env)
        return env

    def playbook(self, env, playbook, *extra):
        """Run one playbook; return (rc, output)."""
        args = [
            str(Path(sys.executable).parent / "ansible-playbook"),
            "-i",
            "localhost,",
            "-c",
            "local",
            str(playbook),
        ] + list(extra)
        if self.config.verbosity:
            args.append("-" + "v" * self.config.verbosity)
        try:
            proc = subprocess.run(
                args, env=env, cwd=str(REPO), capture_output=True, text=True, timeout=TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired as exc:
            return 124, "%s\n%s\ntimed out after %d s" % (exc.stdout or "", exc.stderr or "", TIMEOUT)
        return proc.returncode, proc.stdout + proc.stderr

    def run(self):
        """Run the job; return its Outcome (never raises for a failing playbook)."""
        started = time.monotonic()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="cgp-conformance-") as work:
            steps = self.steps(Path(work))
            output, message = [], ""
            for step, (playbook, extra, check) in steps:
                rc, text = self.playbook(self.environment(Path(work)), playbook, *extra)
                output.append("=== %s: %s (exit %d)\n%s" % (self.name, step, rc, text))
                message = check(rc, text)
                if message:
                    message = "%s: %s" % (step, message)
                    break
        text = "\n".join(output)
        self.log.write_text(text)
        leaked = [index for index, secret in enumerate(self.config.secrets) if secret in text]
        if leaked and not message:
            message = "a secret of the run appears in the output (secrets #%s)" % ", ".join(map(str, leaked))
        return Outcome(
            self.kind, self.name, "failed" if message else "passed", time.monotonic() - started, message, self.log
        )

    def extra_vars(self, work):
        """The variables a target gets, in a file only this user can read (-e @file)."""
        path = work / "vars.json"
        path.touch(mode=0o600)
        path.write_text(
            json.dumps(
                {
                    "cgp_test_password": self.config.test_password,
                    "cgp_test_other_password": self.config.other_password,
                    "cgp_test_number_secret": self.config.number_secret,
                    "cgp_it_prefix": self.prefix,
                    "cgp_it_main_domain": self.config.main_domain,
                    "cgp_it_server_wide": self.config.server_wide,
                }
            )
        )
        return ["-e", "@%s" % path]

    def steps(self, work):
        """[(step name, (playbook, extra arguments, check(rc, output) -> failure message or ""))]."""
        if self.kind == "target":
            playbook = work / "run.yml"
            playbook.write_text("- hosts: localhost\n  gather_facts: false\n  roles:\n    - %s\n" % self.name)
            return [("run", (playbook, self.extra_vars(work), _succeeded))]
        return scenario_steps(self, work)


def _succeeded(rc, output):
    if rc != 0:
        return "ansible-playbook failed (exit %d)" % rc
    recaps = _RECAP.findall(output)
    if not recaps or any(int(failed) or int(unreachable) for _changed, unreachable, failed in recaps):
        return "the play recap reports failed tasks"
    return ""


def _unchanged(rc, output):
    failure = _succeeded(rc, output)
    if failure:
        return failure
    if any(int(changed) for changed, _unreachable, _failed in _RECAP.findall(output)):
        return "the second converge changed something (not idempotent)"
    return ""


def scenario_steps(job, work):
    """The scenario's own sequence (molecule.yml) without create, destroy and syntax: the server exists."""
    directory = SCENARIOS / job.name
    scenario = yaml.safe_load((directory / "molecule.yml").read_text())
    playbooks = scenario["ansible"]["playbooks"]
    connection = {
        "cgp_molecule_host": job.config.host,
        "cgp_molecule_port": job.config.port,
        "cgp_molecule_user": job.config.user,
        "cgp_molecule_password": job.config.password,
        "cgp_molecule_prefix": job.prefix,
        "cgp_molecule_shared_server": True,
    }
    vars_file = work / "emulator.yml"
    vars_file.touch(mode=0o600)
    vars_file.write_text(json.dumps(connection))
    job.extra_env = {
        "MOLECULE_EPHEMERAL_DIRECTORY": str(work),
        "MOLECULE_SCENARIO_DIRECTORY": str(directory),
        "MOLECULE_PROJECT_DIRECTORY": str(REPO),
    }
    vault = scenario.get("ansible", {}).get("env", {}).get("ANSIBLE_VAULT_PASSWORD_FILE")
    if vault:
        job.extra_env["ANSIBLE_VAULT_PASSWORD_FILE"] = vault.replace("${MOLECULE_SCENARIO_DIRECTORY}", str(directory))
    steps = []
    for step in scenario["scenario"]["test_sequence"]:
        if step in ("prepare", "converge", "verify"):
            steps.append((step, (directory / playbooks[step], [], _succeeded)))
        elif step == "check":
            steps.append((step, (directory / playbooks["converge"], ["--check"], _succeeded)))
        elif step == "idempotence":
            steps.append((step, (directory / playbooks["converge"], [], _unchanged)))
    return steps
