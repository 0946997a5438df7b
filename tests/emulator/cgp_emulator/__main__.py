# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""python -m cgp_emulator (with tests/emulator on sys.path)."""

import sys

from . import main

sys.exit(main())
