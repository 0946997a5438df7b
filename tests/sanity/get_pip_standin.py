# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the get-pip.py script that ansible-test downloads.

``ansible-test sanity --venv`` creates its virtual environments without pip and
bootstraps pip with a get-pip.py script that it downloads from a host that is
not reachable from our build machines.  Before downloading, ansible-test looks
for a cached copy at ``~/.ansible/test/cache/get_pip_<pip version, dots as
underscores>.py`` and, if present, runs it (through ansible-test's
``quiet_pip.py`` wrapper, via runpy) as::

    <venv python> get_pip_X_Y.py --disable-pip-version-check pip==X.Y \
        --no-setuptools --no-wheel

``make sanity-setup`` copies this file to that cache path.  Like get-pip.py,
it runs ``pip install`` with those arguments (less get-pip.py's own
``--no-setuptools``/``--no-wheel``) using a pip that is not installed yet: the
pip wheel bundled with the interpreter for ``ensurepip``, run straight from the
wheel file.  The packages come from the package index.  If the bundled wheel
cannot be found, it falls back to ``python -m ensurepip`` followed by
``python -m pip install`` (slower, and it also installs setuptools, which is
then removed again).
"""

from __future__ import annotations

import os
import subprocess
import sys

# Options understood by get-pip.py itself rather than by ``pip install``.
GET_PIP_ONLY_OPTIONS = ('--no-setuptools', '--no-wheel')


def run(*args: str) -> None:
    """Run the current interpreter with the given arguments; show its output only if it fails."""
    result = subprocess.run(
        [sys.executable, *args], check=False, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if result.returncode:
        sys.stderr.write(result.stdout)
        raise SystemExit(
            f'get_pip stand-in: {sys.executable} {" ".join(args)} failed with exit status {result.returncode}'
        )


def bundled_pip_wheel() -> str | None:
    """Return the path of the pip wheel that ensurepip would install, if it can be found."""
    try:
        import ensurepip  # pylint: disable=import-outside-toplevel

        package = ensurepip._get_packages()['pip']  # pylint: disable=protected-access
        path = package.wheel_path or os.path.join(os.path.dirname(ensurepip.__file__), '_bundled', package.wheel_name)
    except Exception:  # pylint: disable=broad-exception-caught
        return None
    return path if os.path.isfile(path) else None


def main() -> None:
    """Install the given ``pip install`` arguments into an interpreter that has no pip yet."""
    args = sys.argv[1:]
    pip_args = [arg for arg in args if arg not in GET_PIP_ONLY_OPTIONS]

    wheel = bundled_pip_wheel()
    if wheel:
        run(os.path.join(wheel, 'pip'), 'install', *pip_args)
        how = f'pip from {os.path.basename(wheel)}'
    else:
        run('-m', 'ensurepip', '--default-pip')
        run('-m', 'pip', 'install', *pip_args)
        if '--no-setuptools' in args:
            run('-m', 'pip', 'uninstall', '--yes', '--quiet', 'setuptools')
        how = 'ensurepip + pip'

    print(f'get_pip stand-in: installed {" ".join(pip_args)} with {how}', file=sys.stderr)


if __name__ == '__main__':
    main()
