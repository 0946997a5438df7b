# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make build-check`: build the collection tarball, check what is in it, install it, use it.

1. `ansible-galaxy collection build` into a scratch directory;
2. the tarball must hold what users need (plugins, roles, meta/runtime.yml, docs,
   README.md, LICENSE, the changelog, the emulator their CI can run) and none of the
   development leftovers (virtualenv, build/, test output, CI files, caches, the
   molecule scenarios, compiled Python);
3. `ansible-galaxy collection install` of the tarball into another scratch directory,
   `ansible-galaxy collection verify --offline` of the installed copy, `ansible-doc`
   of a module and of both roles, and a start of the installed emulator, all from that
   copy only (ANSIBLE_COLLECTIONS_PATH points nowhere else).

Prints the tarball's size and file count. Exits non-zero with the reasons on failure.
Standard library and PyYAML; the tools come from the virtualenv running this script.
"""

from __future__ import annotations

import fnmatch
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

# Paths (fnmatch, relative to the collection root) the tarball must not contain.
FORBIDDEN = [
    ".venv",
    ".venv/*",
    ".venv-matrix",
    ".venv-matrix/*",
    ".venv-docs",
    ".venv-docs/*",
    "build",
    "build/*",
    "tests/output",
    "tests/output/*",
    ".ci",
    ".ci/*",
    "Makefile",
    "extensions",
    "extensions/*",
    "benchmarks/results",
    "benchmarks/results/*",
    "*.pyc",
    "*.tar.gz",
    ".git",
    ".git/*",
    ".gitignore",
    "changelogs/.plugin-cache.yaml",
]
# Directory names that must not appear at any depth.
FORBIDDEN_DIRS = {"__pycache__", ".pytest_cache", ".hypothesis", ".cache", ".ansible", ".tox", ".mypy_cache"}
# Files the tarball must contain.
REQUIRED = [
    "MANIFEST.json",
    "FILES.json",
    "README.md",
    "LICENSE",
    "CHANGELOG.rst",
    "changelogs/changelog.yaml",
    "meta/runtime.yml",
    "plugins/modules/cgp_account.py",
    "plugins/module_utils/cgp_client.py",
    "plugins/doc_fragments/cgp.py",
    "roles/cgp_mail_domain/meta/argument_specs.yml",
    "roles/cgp_mail_domain/tasks/main.yml",
    "roles/cgp_server_baseline/meta/argument_specs.yml",
    "roles/cgp_server_baseline/tasks/main.yml",
    "docs/docsite/extra-docs.yml",
    "docs/docsite/links.yml",
    "docs/docsite/rst/guide_getting_started.rst",
    "docs/docsite/rst/guide_awx.rst",
    "docs/docsite/rst/guide_cgp_mail_domain.rst",
    "docs/docsite/rst/guide_cgp_server_baseline.rst",
    "meta/execution-environment.yml",
    "examples/awx/cgp_credential_type.yml",
    "examples/awx/create_credential_type.yml",
    "examples/execution-environment/execution-environment.yml",
    "tests/emulator/cgp-emulator",
    "tests/emulator/cgp_emulator/server.py",
]


def run(args, **kwargs):
    """Run a command; on failure exit with its output."""
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=False, **kwargs)
    if proc.returncode != 0:
        sys.exit(
            "build-check: %s failed (exit %d)\n%s%s"
            % (" ".join(map(str, args)), proc.returncode, proc.stdout, proc.stderr)
        )
    return proc.stdout


def problems_in(names):
    """The reasons the tarball's member list is not what users should get."""
    problems = []
    for name in names:
        if any(fnmatch.fnmatch(name, pattern) for pattern in FORBIDDEN):
            problems.append("must not be packed: %s" % name)
        elif FORBIDDEN_DIRS.intersection(name.split("/")):
            problems.append("must not be packed: %s" % name)
    present = set(names)
    problems += ["missing: %s" % name for name in REQUIRED if name not in present]
    return problems


def check_installed(collections_dir, scratch):
    """Use the installed copy: verify, ansible-doc a module and the roles, start its emulator."""
    env = dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=str(collections_dir),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_HOME=str(scratch / "ansible-home"),
        ANSIBLE_NOCOLOR="1",
    )
    installed = collections_dir / "ansible_collections" / "communigate" / "pro"
    run(
        [BIN / "ansible-galaxy", "collection", "verify", "--offline", "-p", collections_dir, "communigate.pro"],
        env=env,
        cwd=scratch,
    )
    doc = run([BIN / "ansible-doc", "-t", "module", "communigate.pro.cgp_account"], env=env, cwd=scratch)
    if str(installed) not in doc or "update_password" not in doc:
        sys.exit("build-check: ansible-doc did not render cgp_account from %s:\n%s" % (installed, doc[:2000]))
    for role in ("cgp_mail_domain", "cgp_server_baseline"):
        doc = run([BIN / "ansible-doc", "-t", "role", "communigate.pro.%s" % role], env=env, cwd=scratch)
        if "%s_login_host" % role not in doc:
            sys.exit("build-check: ansible-doc did not render the role %s:\n%s" % (role, doc[:2000]))
    emulator = subprocess.Popen(
        [
            sys.executable,
            str(installed / "tests" / "emulator" / "cgp-emulator"),
            "--port",
            "0",
            "--password",
            "build-check",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        ready = emulator.stdout.readline().split()
    finally:
        emulator.terminate()
        emulator.wait(timeout=10)
    if not ready or ready[0] != "READY":
        sys.exit("build-check: the installed emulator did not start: %r" % ready)


def main():
    version = yaml.safe_load((REPO / "galaxy.yml").read_text())["version"]
    with tempfile.TemporaryDirectory(prefix="cgp-build-check-") as tmp:
        scratch = Path(tmp)
        run([BIN / "ansible-galaxy", "collection", "build", "--output-path", scratch / "dist", REPO], cwd=REPO)
        tarball = scratch / "dist" / ("communigate-pro-%s.tar.gz" % version)
        with tarfile.open(tarball) as tar:
            members = tar.getmembers()
        names = [m.name[2:] if m.name.startswith("./") else m.name for m in members]
        problems = problems_in(names)
        if problems:
            sys.exit("build-check: %s\n  %s" % (tarball.name, "\n  ".join(problems)))
        files = sum(1 for m in members if m.isfile())
        print(
            "build-check: %s: %d bytes (%.1f KiB), %d files, %d directories"
            % (tarball.name, tarball.stat().st_size, tarball.stat().st_size / 1024.0, files, len(members) - files)
        )
        run(
            [BIN / "ansible-galaxy", "collection", "install", "-p", scratch / "installed", tarball],
            cwd=scratch,
            env=dict(os.environ, ANSIBLE_HOME=str(scratch / "ansible-home")),
        )
        check_installed(scratch / "installed", scratch)
        print(
            "build-check: installed with ansible-galaxy, verified, ansible-doc renders cgp_account and both roles,"
            " the installed emulator starts"
        )


if __name__ == "__main__":
    main()
