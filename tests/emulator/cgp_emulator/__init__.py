# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A CommuniGate Pro PWD/CLI server emulator for tests and demos.

The collection's codec (plugins/module_utils/cgp_codec.py) is loaded by file
path, so the emulator parses exactly what clients send, without importing any
other collection code.  Everything else is standard library.
"""

import importlib.util
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CODEC_PATH = os.path.join(REPO_ROOT, "plugins", "module_utils", "cgp_codec.py")
_COLLECTION_CODEC = "ansible_collections.communigate.pro.plugins.module_utils.cgp_codec"


def _load_codec():
    # Reuse the collection's codec module when it is already imported from the
    # same file, so values (IPAddress, PAST...) compare equal across the two.
    loaded = sys.modules.get(_COLLECTION_CODEC)
    if loaded is not None and os.path.abspath(getattr(loaded, "__file__", "") or "") == CODEC_PATH:
        return loaded
    name = "cgp_emulator._cgp_codec"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, CODEC_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


codec = _load_codec()


def main(argv=None):
    """Command line entry point (see server.main)."""
    from .server import main as _main
    return _main(argv)
