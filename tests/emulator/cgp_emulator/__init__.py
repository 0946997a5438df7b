# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A CommuniGate Pro PWD/CLI server emulator for tests and demos.

Two files of the collection are loaded by file path: the codec
(plugins/module_utils/cgp_codec.py), so the emulator parses exactly what
clients send, and cgp_secrets.py, the collection's one definition of a
secret, so the command log masks exactly what the collection masks.  No other
collection code is imported.  Everything else is standard library.
"""

import importlib.util
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
MODULE_UTILS = os.path.join(REPO_ROOT, "plugins", "module_utils")
_COLLECTION_PACKAGE = "ansible_collections.communigate.pro.plugins.module_utils"


def _load(basename):
    """The collection's module_utils file ``basename``.py, loaded by path."""
    path = os.path.join(MODULE_UTILS, basename + ".py")
    # Reuse the collection's module when it is already imported from the same file, so
    # values (IPAddress, PAST...) compare equal across the two.
    loaded = sys.modules.get("%s.%s" % (_COLLECTION_PACKAGE, basename))
    if loaded is not None and os.path.abspath(getattr(loaded, "__file__", "") or "") == path:
        return loaded
    name = "cgp_emulator._" + basename
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


codec = _load("cgp_codec")
cgp_secrets = _load("cgp_secrets")


def main(argv=None):
    """Command line entry point (see cli.main)."""
    from .cli import main as _main

    return _main(argv)
