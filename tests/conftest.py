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
