# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Server statistics (SNMP) elements: GETSTATELEMENT, SETSTATELEMENT and GETNEXTSTATNAME
(L11470-11585), and GETSNMPELEMENT, the older name of GETSTATELEMENT that CGP::CLI still sends.

The reference names no element. The CGP Guide's Statistics page shows camelCase names per module
(``smtpInputActive``, ``smtpInputTotal``, ``smtpInputJobs``, ``smtpInputTrafficIn``) and its Events
page ``numQueuedMessages`` and ``popInputJobs``; the rest of the set below follows that pattern with
plausible values (a real server has about 250). ``custom1`` to ``custom4`` stand for the "Custom"
elements, the only ones SETSTATELEMENT may change; their values live in the state.
"""

from .errors import CLIError
from .registry import command

UNKNOWN_ELEMENT = (501, "unknown statistics element")
LAST_ELEMENT = (501, "no more statistics elements")
READ_ONLY_ELEMENT = (501, "only Custom statistics elements can be modified")
CUSTOM_KEY = "STATELEMENTS"  # State.server[CUSTOM_KEY]: custom element -> value

# ID -> value: INTEGER elements (a current level) and COUNTER elements (a total since the start).
FIXED_ELEMENTS = {
    "numQueuedMessages": 0,
    "smtpInputActive": 0,
    "smtpInputTotal": 1520,
    "smtpInputJobs": 1544,
    "smtpInputTrafficIn": 48211904,
    "smtpOutputActive": 0,
    "smtpOutputTotal": 981,
    "smtpOutputJobs": 1003,
    "smtpOutputTrafficOut": 30117741,
    "popInputActive": 0,
    "popInputTotal": 298,
    "popInputJobs": 310,
    "popInputTrafficOut": 9120554,
    "imapInputActive": 2,
    "imapInputTotal": 4102,
    "imapInputJobs": 4410,
    "imapInputTrafficOut": 221854036,
    "httpuInputActive": 1,
    "httpuInputTotal": 7730,
    "sipInputActive": 0,
    "sipInputTotal": 56,
}
CUSTOM_ELEMENTS = ("custom1", "custom2", "custom3", "custom4")
ORDER = sorted(FIXED_ELEMENTS) + list(CUSTOM_ELEMENTS)


def _value(state, name):
    """The value of the element ``name`` (matched exactly: element IDs are case-sensitive), or UNKNOWN_ELEMENT."""
    if name in FIXED_ELEMENTS:
        return FIXED_ELEMENTS[name]
    if name in CUSTOM_ELEMENTS:
        return int(state.server.get(CUSTOM_KEY, {}).get(name, 0))
    raise CLIError(*UNKNOWN_ELEMENT)


@command("GETSTATELEMENT", "GETSNMPELEMENT", sysadmin=True)
def get_stat_element(ctx, args):
    name = args.string("statistics element ID")
    args.done()
    return _value(ctx.state, name)


@command("SETSTATELEMENT", sysadmin=True, write=True)
def set_stat_element(ctx, args):
    name = args.string("statistics element ID")
    mode = args.keyword("INC", "SET") or "SET"
    value = args.int("numeric value")
    args.done()
    current = _value(ctx.state, name)
    if name not in CUSTOM_ELEMENTS:
        raise CLIError(*READ_ONLY_ELEMENT)
    ctx.state.server.setdefault(CUSTOM_KEY, {})[name] = current + value if mode == "INC" else value


@command("GETNEXTSTATNAME", sysadmin=True)
def get_next_stat_name(ctx, args):
    name = args.string("statistics element ID")
    args.done()
    if name == "":
        return ORDER[0]
    if name not in ORDER:
        raise CLIError(*UNKNOWN_ELEMENT)
    index = ORDER.index(name) + 1
    if index == len(ORDER):
        raise CLIError(*LAST_ELEMENT)
    return ORDER[index]
