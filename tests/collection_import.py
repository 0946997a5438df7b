# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Make this checkout importable as ``ansible_collections.communigate.pro``.

Convention: tests and benchmarks import the collection's code by its fully
qualified name, exactly as modules and Ansible itself do, for example::

    from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec

``ensure_collection_importable()`` (called by ``tests/conftest.py`` and by
``benchmarks/run.py``) makes that name work in both places the code runs from:

* Inside an ``ansible_collections/communigate/pro`` directory tree (the copy
  that ``make collection-tree`` keeps in ``build/``, which ``ansible-test``
  uses, or an installed collection): the directory that contains
  ``ansible_collections`` is put on ``sys.path``, and ordinary namespace
  packages do the rest.
* In a plain checkout (the repository root, e.g. plain ``pytest`` or
  ``make bench``): a small meta path finder registers the checkout as the
  namespace package ``ansible_collections.communigate.pro``.  It is placed
  first on ``sys.meta_path`` so the checkout always wins over any other copy of
  this collection; the parent packages ``ansible_collections`` and
  ``ansible_collections.communigate`` are only synthesised when no real ones
  can be found, so other installed collections stay importable.

Nothing is written to disk; ``build/`` is not needed.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from pathlib import Path

COLLECTION_PACKAGE = 'ansible_collections.communigate.pro'
COLLECTION_ROOT = Path(__file__).resolve().parent.parent

_PARENT_PACKAGES = ('ansible_collections', 'ansible_collections.communigate')


class _CheckoutCollectionFinder(importlib.abc.MetaPathFinder):
    """Resolve ``ansible_collections.communigate.pro`` to a plain checkout."""

    def __init__(self, root: Path) -> None:
        self.root = str(root)

    def find_spec(self, fullname, path=None, target=None):  # pylint: disable=unused-argument
        """Return a namespace package spec for the collection and its parents."""
        if fullname == COLLECTION_PACKAGE:
            locations = [self.root]
        elif fullname in _PARENT_PACKAGES:
            if importlib.machinery.PathFinder.find_spec(fullname, path) is not None:
                return None  # a real one exists: let the normal machinery import it
            locations = []
        else:
            return None

        spec = importlib.machinery.ModuleSpec(fullname, None, is_package=True)
        spec.submodule_search_locations = locations
        return spec


def ensure_collection_importable(root: Path = COLLECTION_ROOT) -> None:
    """Make ``root`` importable as ``ansible_collections.communigate.pro`` (idempotent)."""
    if root.parts[-3:] == ('ansible_collections', 'communigate', 'pro'):
        base = str(root.parents[2])
        if base not in sys.path:
            sys.path.insert(0, base)
        return

    if not any(isinstance(finder, _CheckoutCollectionFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _CheckoutCollectionFinder(root))
