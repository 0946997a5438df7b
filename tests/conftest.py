# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared pytest configuration for all tests of the collection.

Tests import the collection's code by its fully qualified name, e.g.
``from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec``.
``tests/collection_import.py`` explains how that works both from the repository
root (plain ``pytest`` / ``make unit``) and from an ``ansible_collections``
tree (``build/`` copy, ``ansible-test``).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _load_collection_import():
    """Load tests/collection_import.py by path (tests/ is not a package)."""
    path = Path(__file__).with_name('collection_import.py')
    spec = importlib.util.spec_from_file_location('_communigate_pro_collection_import', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_load_collection_import().ensure_collection_importable()


# The CGP emulator's fixtures (tests/emulator/cgp_emulator/pytest_plugin.py).
import sys as _sys  # noqa: E402

_EMULATOR_DIR = str(Path(__file__).with_name('emulator'))
if _EMULATOR_DIR not in _sys.path:
    _sys.path.insert(0, _EMULATOR_DIR)
from cgp_emulator.pytest_plugin import cgp_emulator, cgp_emulator_factory  # noqa: F401,E402  pylint: disable=unused-import,wrong-import-position
