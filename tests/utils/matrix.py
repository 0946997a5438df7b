# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make matrix`: the tests on every ansible-core the collection supports.

    python tests/utils/matrix.py check              # every interpreter the matrix needs is here
    python tests/utils/matrix.py run CORE [STEP...] # one leg; steps: unit sanity integration (default: all)
    python tests/utils/matrix.py lock CORE VERSION  # re-pin a leg: requirements/matrix/ansible-core-CORE.txt

A leg is one ansible-core release line with one controller Python (CORES below). It
has its own virtualenv, .venv-matrix/CORE/, installed from the leg's lock file
(requirements/matrix/ansible-core-CORE.txt, every package pinned) and re-created when
that file changes; the 2.19 leg uses the development .venv (requirements-dev.lock),
which pins the same ansible-core as `make test`. Its steps:

unit         pytest over tests/ (`-n 2`) but the integration targets' pytest harness
             (`make test` runs that one; here ansible-test runs the targets) and the
             checks of tools only the development .venv has (UNIT_DESELECT);
sanity       ansible-test sanity --venv, every test; compile and import on every Python
             the core supports on managed nodes at or above the floor in tests/config.yml;
integration  ansible-test integration of every target (setup_cgp_emulator starts the
             emulators) with the modules on the oldest managed-node Python (below), in
             two shards side by side (ansible-test runs one target at a time).

"The oldest managed-node Python" of a leg is the oldest Python that both the core and
tests/config.yml accept: what proves the declared floor. An interpreter the matrix needs
that cannot be found is an error (exit 2, with the list), never a skipped test, except
the versions in NOT_ON_BUILD_MACHINES, which each run names as not covered.

Interpreters: MATRIX_PYTHON_3_7=/path/to/python3.7 (one variable per version) wins; then
pyenv's versions (PYENV_ROOT or ~/.pyenv: the newest X.Y.* with a bin/pythonX.Y); then
pythonX.Y on PATH, if it runs and is that version (a bare pyenv shim is not).

Standard library and PyYAML (the development .venv runs this script).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
LOCKS = REPO / "requirements" / "matrix"
VENVS = REPO / ".venv-matrix"
BUILD = REPO / "build" / "matrix"
STANDIN = REPO / "tests" / "sanity" / "get_pip_standin.py"
COLLECTION = Path("ansible_collections") / "communigate" / "pro"

# core -> the controller Python of its leg (issue 13's matrix).
CORES = {"2.16": "3.11", "2.17": "3.11", "2.18": "3.11", "2.19": "3.11", "2.20": "3.12", "2.21": "3.13"}
# The leg whose virtualenv is the development .venv (its ansible-core pin is `make test`'s).
DEV_VENV_CORE = "2.19"
# Managed-node Pythons some core supports that the build machines do not have (pyenv has
# 2.7 and 3.6 to 3.13). Reported as not covered on every run; anything else missing fails.
NOT_ON_BUILD_MACHINES = {"3.14"}


class MatrixError(Exception):
    """A failure that ends the run with a message (exit 1), or a missing interpreter (exit 2)."""

    def __init__(self, message, code=1):
        super().__init__(message)
        self.code = code


def say(message):
    print("matrix: %s" % message, flush=True)


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def module_python_floor():
    """The X.Y of tests/config.yml's modules.python_requires ('>=X.Y')."""
    config = yaml.safe_load((REPO / "tests" / "config.yml").read_text())
    spec = config["modules"]["python_requires"]
    match = re.fullmatch(r"\s*>=\s*(\d+\.\d+)\s*", spec)
    if not match:
        raise MatrixError("tests/config.yml: modules.python_requires must be '>=X.Y', not %r" % spec)
    return match.group(1)


def core_target_pythons(core):
    """The managed-node Pythons ansible-core CORE supports (from its ansible-test), as a static table.

    Kept here rather than read from the installed core so that `check` needs no virtualenv;
    `run` compares it with the installed ansible-test and fails if they differ.
    """
    return {
        "2.16": ["2.7", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12"],
        "2.17": ["3.7", "3.8", "3.9", "3.10", "3.11", "3.12"],
        "2.18": ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"],
        "2.19": ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"],
        "2.20": ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14"],
        "2.21": ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14"],
    }[core]


def leg_pythons(core):
    """(controller, module Pythons to test, module Pythons not on the build machines) of a leg."""
    floor = version_key(module_python_floor())
    wanted = [v for v in core_target_pythons(core) if version_key(v) >= floor]
    return (
        CORES[core],
        [v for v in wanted if v not in NOT_ON_BUILD_MACHINES],
        [v for v in wanted if v in NOT_ON_BUILD_MACHINES],
    )


def runs_as(path, version):
    """True if ``path`` is a Python interpreter of version X.Y."""
    try:
        out = subprocess.run(
            [str(path), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
            env=dict(os.environ, PYENV_VERSION=""),
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and out.stdout.strip() == version


def find_python(version):
    """Absolute path of a Python X.Y interpreter, or None."""
    override = os.environ.get("MATRIX_PYTHON_" + version.replace(".", "_"))
    if override:
        return override if runs_as(override, version) else None
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    candidates = sorted(
        (
            p
            for p in (pyenv_root / "versions").glob(version + ".*")
            if re.fullmatch(re.escape(version) + r"\.\d+", p.name)
        ),
        key=lambda p: version_key(p.name),
        reverse=True,
    )
    for prefix in candidates:
        path = prefix / "bin" / ("python" + version)
        if runs_as(path, version):
            return str(path)
    on_path = shutil.which("python" + version)
    if on_path and runs_as(on_path, version):
        return on_path
    return None


def resolve_pythons(cores):
    """{X.Y: path} for every interpreter the legs need; MatrixError(code 2) naming the missing ones."""
    needed = {}
    for core in cores:
        controller, targets = leg_pythons(core)[:2]
        for version in [controller] + targets:
            needed.setdefault(version, []).append(core)
    found, missing = {}, []
    for version in sorted(needed, key=version_key):
        path = find_python(version)
        if path:
            found[version] = path
        else:
            missing.append("  Python %s (needed by ansible-core %s)" % (version, ", ".join(needed[version])))
    if missing:
        raise MatrixError(
            "MISSING INTERPRETERS: the matrix cannot run without:\n%s\n"
            "Install them (pyenv install X.Y) or point MATRIX_PYTHON_X_Y at one." % "\n".join(missing),
            code=2,
        )
    return found


def report_not_covered(cores):
    for core in cores:
        absent = leg_pythons(core)[2]
        if absent:
            say(
                "NOT COVERED: ansible-core %s supports Python %s on managed nodes; the build machines have no"
                " such interpreter (NOT_ON_BUILD_MACHINES in tests/utils/matrix.py)" % (core, ", ".join(absent))
            )


def run(args, env=None, cwd=None, log=None):
    """Run a command, streaming its output (and appending it to ``log``); MatrixError if it fails."""
    say("$ %s" % " ".join(str(a) for a in args))
    started = time.monotonic()
    proc = subprocess.Popen(
        [str(a) for a in args],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    with open(log, "a") if log else open(os.devnull, "w") as out:
        for line in proc.stdout:
            sys.stdout.write(line)
            out.write(line)
    rc = proc.wait()
    if rc != 0:
        raise MatrixError("%s failed (exit %d)" % (Path(str(args[0])).name, rc))
    return time.monotonic() - started


def lock_file(core):
    return REPO / "requirements-dev.lock" if core == DEV_VENV_CORE else LOCKS / ("ansible-core-%s.txt" % core)


def venv_dir(core):
    return REPO / ".venv" if core == DEV_VENV_CORE else VENVS / core


def ensure_venv(core, pythons):
    """The leg's virtualenv, (re)created from its lock file when that changed."""
    venv = venv_dir(core)
    if core == DEV_VENV_CORE:
        if not (venv / ".installed").is_file():
            raise MatrixError("the %s leg uses the development .venv: run `make venv` first" % core)
        return venv
    lock = lock_file(core)
    if not lock.is_file():
        raise MatrixError("no lock file %s (create it: matrix.py lock %s VERSION)" % (lock.relative_to(REPO), core))
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    stamp = venv / ".installed"
    if stamp.is_file() and stamp.read_text().strip() == digest:
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    run([pythons[CORES[core]], "-m", "venv", venv])
    run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", lock])
    stamp.write_text(digest + "\n")
    return venv


def check_installed_core(core, venv):
    """The venv holds ansible-core CORE, and its ansible-test supports the Pythons the table says."""
    code = (
        "import ansible.release as r; "
        "from ansible_test._util.target.common import constants as c; "
        "print(r.__version__); print(' '.join(c.REMOTE_ONLY_PYTHON_VERSIONS + c.CONTROLLER_PYTHON_VERSIONS))"
    )
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise MatrixError("%s: cannot read its ansible-core: %s" % (venv, out.stderr))
    version, supported = out.stdout.splitlines()
    if not version.startswith(core + "."):
        raise MatrixError("%s holds ansible-core %s, not %s.x" % (venv, version, core))
    if supported.split() != core_target_pythons(core):
        raise MatrixError(
            "ansible-core %s supports Python %s on managed nodes; core_target_pythons() says %s:"
            " update the table" % (version, supported, " ".join(core_target_pythons(core)))
        )
    return version


def python_links(core, pythons):
    """A directory of pythonX.Y links to the leg's interpreters, first on PATH.

    ansible-test, once delegated into its controller venv, looks the target Pythons up by
    name again; a pyenv shim found by that name fails without PYENV_VERSION.
    """
    links = BUILD / core / "bin"
    links.mkdir(parents=True, exist_ok=True)
    for version, path in pythons.items():
        link = links / ("python" + version)
        if os.path.islink(link) and os.readlink(link) == path:
            continue
        if os.path.lexists(link):
            link.unlink()
        link.symlink_to(path)
    return links


def leg_env(venv, links):
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(venv / "bin"), str(links), env.get("PATH", "")])
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    return env


def get_pip_standins(venv, versions):
    """ansible-test bootstraps pip in its venvs with a get-pip.py it would download: cache our stand-in."""
    code = (
        "import sys, types; from ansible_test._internal.python_requirements import get_venv_packages; "
        "print(' '.join(get_venv_packages(types.SimpleNamespace(version=v))['pip'] for v in sys.argv[1:]))"
    )
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code] + list(versions), capture_output=True, text=True, check=True
    )
    cache = Path.home() / ".ansible" / "test" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    for pip_version in sorted(set(out.stdout.split())):
        target = cache / ("get_pip_%s.py" % pip_version.replace(".", "_"))
        if not target.is_file() or target.read_bytes() != STANDIN.read_bytes():
            shutil.copyfile(STANDIN, target)


def collection_tree(core, name="tree"):
    """A copy of the checkout at build/matrix/CORE/NAME/ansible_collections/communigate/pro (ansible-test's layout)."""
    tree = BUILD / core / name / COLLECTION
    subprocess.run(
        [
            str(venv_dir(DEV_VENV_CORE) / "bin" / "python"),
            str(REPO / "tests" / "utils" / "sync_collection_tree.py"),
            str(tree),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return tree


def controller_option(core, venv):
    """ansible-test's controller: the leg's virtualenv itself (it has the core and its requirements)."""
    return "origin:python=%s@%s" % (CORES[core], venv / "bin" / "python")


# Left out of a leg's pytest run: the integration targets' harness (step_integration runs
# the targets with ansible-test) and the checks of tools only the development .venv has
# (ansible-builder; the ansible package's awx.awx), which do not depend on the core.
UNIT_DESELECT = [
    "tests/integration/test_targets.py::test_target",
    "tests/integration/test_execution_environment.py",
    "tests/integration/test_awx_credential_type.py::test_create_playbook_syntax_checks_against_awx_awx",
]


def step_unit(core, venv, pythons, log):
    """pytest over tests/ but UNIT_DESELECT."""
    env = leg_env(venv, python_links(core, pythons))
    deselect = []
    for node in UNIT_DESELECT:
        deselect += ["--deselect", node]
    return run(
        [
            venv / "bin" / "python",
            "-m",
            "pytest",
            "-n",
            "2",
            "--dist",
            "loadgroup",
            "-q",
            "-o",
            "cache_dir=%s" % (BUILD / core / ".pytest_cache"),
        ]
        + deselect,
        env=env,
        cwd=REPO,
        log=log,
    )


def step_sanity(core, venv, pythons, targets, log):
    tree = collection_tree(core)
    get_pip_standins(venv, sorted(set([CORES[core]] + targets), key=version_key))
    args = [venv / "bin" / "ansible-test", "sanity", "--color", "no", "--controller", controller_option(core, venv)]
    for version in targets:
        args += ["--target-python", "%s@%s" % (version, pythons[version])]
    return run(args, env=leg_env(venv, python_links(core, pythons)), cwd=tree, log=log)


def integration_targets():
    """(name, weight) of the targets ansible-test runs; the weight is the target's task count."""
    targets = []
    for target in sorted((REPO / "tests" / "integration" / "targets").iterdir()):
        if target.name.startswith(("setup_", "prepare_")) or not (target / "tasks" / "main.yml").is_file():
            continue
        tasks = target / "tasks" / "tests.yml"
        weight = tasks.read_text().count("\n- name:") if tasks.is_file() else 1
        targets.append((target.name, weight))
    return targets


def shards(count):
    """The targets split into ``count`` lists of about equal task counts (heaviest first, to the lightest)."""
    groups = [[] for unused in range(count)]
    loads = [0] * count
    for name, weight in sorted(integration_targets(), key=lambda item: -item[1]):
        lightest = loads.index(min(loads))
        groups[lightest].append(name)
        loads[lightest] += weight
    return [sorted(group) for group in groups if group]


INTEGRATION_SHARDS = 2  # ansible-test runs targets one at a time: two runs side by side use both cores


def ssh_key_pair():
    """The key pair ansible-test makes for its connections on first use (~/.ansible/test/id_rsa), made here
    before the shards start: two ansible-test runs starting side by side on a machine without it both ran
    ssh-keygen, and the second one stopped at its "Overwrite (y/n)?" question, running no target."""
    key = Path.home() / ".ansible" / "test" / "id_rsa"
    if key.is_file() and key.with_name("id_rsa.pub").is_file():
        return
    key.parent.mkdir(parents=True, exist_ok=True)
    for stale in (key, key.with_name("id_rsa.pub")):
        if stale.exists():
            stale.unlink()
    subprocess.run(["ssh-keygen", "-m", "PEM", "-q", "-t", "rsa", "-N", "", "-f", str(key)], check=True)
    # as ansible-test does: paramiko wants the RSA header of older ssh-keygen versions
    key.write_text(re.sub(r"(BEGIN|END) PRIVATE KEY", r"\1 RSA PRIVATE KEY", key.read_text()))


def step_integration(core, venv, pythons, oldest, log):
    """ansible-test integration of every target, in shards run side by side, each in its own tree."""
    ssh_key_pair()
    env = leg_env(venv, python_links(core, pythons))
    started = time.monotonic()
    running = []
    for number, names in enumerate(shards(INTEGRATION_SHARDS), 1):
        tree = collection_tree(core, "shard-%d" % number)
        shard_log = BUILD / core / ("integration-%d.log" % number)
        args = [
            venv / "bin" / "ansible-test",
            "integration",
            "--color",
            "no",
            "--controller",
            controller_option(core, venv),
            "--target",
            "controller:python=%s@%s" % (oldest, pythons[oldest]),
        ] + names
        say("$ %s  (output: %s)" % (" ".join(str(a) for a in args), shard_log.relative_to(REPO)))
        with open(shard_log, "w") as out:
            process = subprocess.Popen([str(a) for a in args], env=env, cwd=tree, stdout=out, stderr=subprocess.STDOUT)
        running.append((number, names, tree, shard_log, process))
    failed = []
    for number, names, tree, shard_log, process in running:
        rc = process.wait()
        subprocess.run(
            [
                sys.executable,
                str(tree / "tests" / "utils" / "molecule_emulator.py"),
                "stop",
                str(tree / "tests" / "output" / ".tmp" / "cgp-emulator"),
            ],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        text = shard_log.read_text(errors="replace")
        with open(log, "a") as out:
            out.write(text)
        ran = text.count(" integration test role")
        say(
            "integration shard %d: %s, %d of %d target(s) run: %s"
            % (number, "passed" if rc == 0 else "FAILED (exit %d)" % rc, ran, len(names), " ".join(names))
        )
        if rc != 0 or ran != len(names):
            sys.stdout.write("".join(text.splitlines(True)[-80:]))
            failed.append(number)
    if failed:
        raise MatrixError(
            "ansible-test integration failed in shard(s) %s (logs: build/matrix/%s/integration-N.log)"
            % (", ".join(map(str, failed)), core)
        )
    return time.monotonic() - started


STEPS = ("unit", "sanity", "integration")


def run_leg(core, steps):
    if core not in CORES:
        raise MatrixError("unknown core %r (the matrix: %s)" % (core, ", ".join(CORES)))
    pythons = resolve_pythons([core])
    report_not_covered([core])
    controller, targets = leg_pythons(core)[:2]
    oldest = targets[0]
    started = time.monotonic()
    venv = ensure_venv(core, pythons)
    version = check_installed_core(core, venv)
    log = BUILD / core / "matrix.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    say(
        "ansible-core %s, controller Python %s, module Pythons %s (oldest %s): %s"
        % (version, controller, " ".join(targets), oldest, " ".join(steps))
    )
    timings = []
    for step in steps:
        if step == "unit":
            seconds = step_unit(core, venv, pythons, log)
        elif step == "sanity":
            seconds = step_sanity(core, venv, pythons, targets, log)
        else:
            seconds = step_integration(core, venv, pythons, oldest, log)
        timings.append("%s %ds" % (step, seconds))
    say("ansible-core %s: PASSED (%s; %ds in all)" % (version, ", ".join(timings), time.monotonic() - started))


def lock(core, version):
    """Pin a leg: a fresh venv with ansible-core==VERSION and common.in, frozen into its lock file."""
    if core == DEV_VENV_CORE:
        raise MatrixError("the %s leg uses requirements-dev.lock; change ansible-core there" % core)
    if not version.startswith(core + "."):
        raise MatrixError("%s is not an ansible-core %s release" % (version, core))
    python = resolve_pythons([core])[CORES[core]]
    scratch = BUILD / ("lock-" + core)
    shutil.rmtree(scratch, ignore_errors=True)
    run([python, "-m", "venv", scratch])
    run(
        [
            scratch / "bin" / "python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "ansible-core==" + version,
            "-r",
            LOCKS / "common.in",
        ]
    )
    frozen = subprocess.run(
        [str(scratch / "bin" / "python"), "-m", "pip", "freeze", "--exclude", "pip", "--exclude", "setuptools"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    header = (
        "# The ansible-core %s leg of `make matrix` (Python %s): every package pinned.\n"
        "# Generated by: .venv/bin/python tests/utils/matrix.py lock %s %s\n" % (core, CORES[core], core, version)
    )
    lock_file(core).write_text(header + frozen)
    shutil.rmtree(scratch, ignore_errors=True)
    say("wrote %s" % lock_file(core).relative_to(REPO))


def main(argv):
    try:
        if argv[:1] == ["check"] and len(argv) == 1:
            pythons = resolve_pythons(CORES)
            report_not_covered(CORES)
            for version, path in sorted(pythons.items(), key=lambda item: version_key(item[0])):
                say("Python %s: %s" % (version, path))
        elif argv[:1] == ["run"] and len(argv) >= 2:
            steps = argv[2:] or list(STEPS)
            unknown = [s for s in steps if s not in STEPS]
            if unknown:
                raise MatrixError("unknown step(s) %s (steps: %s)" % (", ".join(unknown), ", ".join(STEPS)))
            run_leg(argv[1], steps)
        elif argv[:1] == ["lock"] and len(argv) == 3:
            lock(argv[1], argv[2])
        else:
            raise MatrixError(__doc__.split("\n\n")[1])
    except MatrixError as error:
        print("matrix: FAILED: %s" % error, file=sys.stderr, flush=True)
        return error.code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
