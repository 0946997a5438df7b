# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run every ``benchmarks/bench_*.py`` module's ``main()``, in sorted file name order.

Usage (from anywhere; ``make bench`` does this with the project venv)::

    python benchmarks/run.py [NAME_SUBSTRING ...]

With arguments, only benchmark files whose name contains one of them run.
Benchmarks import the collection's code by its fully qualified name, e.g.
``ansible_collections.communigate.pro.plugins.module_utils.cgp_codec``; see
``tests/collection_import.py``.  A ``main()`` that returns a non-zero integer
counts as a failure, as does an exception; the exit status is 1 if any failed.
"""

from __future__ import annotations

import importlib.util
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent


def load_module(name: str, path: Path):
    """Import the Python file at ``path`` as module ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    """Run the selected benchmarks and return the process exit status."""
    load_module(
        '_communigate_pro_collection_import', REPO_ROOT / 'tests' / 'collection_import.py'
    ).ensure_collection_importable()

    paths = sorted(BENCH_DIR.glob('bench_*.py'))
    if argv:
        paths = [path for path in paths if any(word in path.name for word in argv)]

    if not paths:
        print('benchmarks/run.py: no benchmarks/bench_*.py modules to run', file=sys.stderr)
        return 0

    failed = []
    for path in paths:
        print(f'=== {path.name}', flush=True)
        started = time.perf_counter()
        try:
            result = load_module(f'benchmarks_{path.stem}', path).main()
        except Exception:  # pylint: disable=broad-exception-caught
            traceback.print_exc()
            result = 1
        elapsed = time.perf_counter() - started
        status = 'ok' if not result else f'FAILED ({result})'
        print(f'=== {path.name}: {status} in {elapsed:.1f}s', flush=True)
        if result:
            failed.append(path.name)

    if failed:
        print(f'benchmarks/run.py: failed: {", ".join(failed)}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
