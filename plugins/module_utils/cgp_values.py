# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values as CommuniGate Pro stores them, and the one place where two values are compared.

Pure functions on plain values: no client, no Ansible.
"""

import base64
import datetime

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import is_masked, is_secret_key


def to_cgp(value):
    """A YAML value as CGP stores it: settings are strings, booleans YES/NO."""
    if isinstance(value, bool):
        return "YES" if value else "NO"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return dict((str(k), to_cgp(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [to_cgp(v) for v in value]
    return value


_TRUE = ("YES", "TRUE", "ON")
_FALSE = ("NO", "FALSE", "OFF")

# Settings CGP keeps as a yes/no flag: for these a text given as YES, TRUE or ON (any case) means the
# same as the YAML boolean, as it does to the server. Elsewhere only a YAML boolean matches the
# server's spellings of a boolean (docs/comparison.md).
BOOLEAN_SETTINGS = frozenset(
    key.lower()
    for key in (
        # accounts (and their defaults and templates)
        "PWDAllowed",
        "PasswordRecovery",
        "RequireAPOP",
        "UseAppPassword",
        "UseCertificateAuth",
        "UseExtPassword",
        "UseKerberosPassword",
        "UseSysPassword",
        # groups
        "Expand",
        "FinalDelivery",
        "RemoveAuthor",
        "RemoveToAndCc",
        "SetReplyTo",
        # modules
        "UseESMTP",
    )
)


def normalize(value):
    """The one comparison form of a value, whichever side it came from: CGP's text forms
    (numbers as strings, YAML booleans as YES/NO), containers compared element by element, and a
    datablock as the base64 text results show it in (so a domain's certificate read with an info module
    and given back is the same value, not a string to write over it)."""
    value = to_cgp(value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, list):
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return dict((k, normalize(v)) for k, v in value.items())
    return value


def values_equal(desired, current, key=None):
    """Whether the server's ``current`` already is the ``desired`` value (of the setting ``key``).

    CGP keeps booleans as text. Where the task gives a YAML boolean, or the setting is one of
    BOOLEAN_SETTINGS, any of the server's spellings of it (YES/TRUE/ON, NO/FALSE/OFF, any case)
    count as equal; other text is compared exactly, so a name "Yes" is not a name "True". A list
    is never equal to its element.
    """
    if isinstance(key, str) and key.lower() in BOOLEAN_SETTINGS and isinstance(desired, str):
        flag = _flag(desired)
        desired = desired if flag is None else flag
    if isinstance(desired, bool):
        spellings = _TRUE if desired else _FALSE
        return (
            isinstance(current, bool)
            and current == desired
            or (isinstance(current, str) and current.strip().upper() in spellings)
        )
    if isinstance(desired, dict):
        return (
            isinstance(current, dict)
            and set(str(k) for k in desired) == set(current)
            and all(values_equal(item, current[str(name)], name) for name, item in desired.items())
        )
    if isinstance(desired, (list, tuple)):
        return (
            isinstance(current, (list, tuple))
            and len(desired) == len(current)
            and all(values_equal(one, other) for one, other in zip(desired, current))
        )
    return normalize(desired) == normalize(current)


def _flag(text):
    """True or False for a yes/no spelling, None for other text."""
    upper = text.strip().upper()
    return True if upper in _TRUE else False if upper in _FALSE else None


def same_names(wanted, current):
    """Two lists of names hold the same names, in any order and case."""
    return sorted(n.lower() for n in wanted) == sorted(str(n).lower() for n in current or [])


def settings_changes(desired, current, purge=False, removal="default"):
    """Keys to send so that ``current`` holds ``desired``.

    Only the user's keys are compared unless ``purge``; then keys the user did
    not give are removed (sent as ``removal``). A desired value of ``None`` or
    the string ``default`` means "key absent"; a masked secret (as the modules return one) means
    "leave it as it is".
    """
    current = current or {}
    changes = {}
    for key, value in (desired or {}).items():
        if is_secret_key(key) and is_masked(value):
            continue  # a secret as a module returned it (masked): "leave it as it is"
        if value is None or value == "default":
            if key in current:
                changes[key] = removal
        elif key not in current or not values_equal(value, current[key], key):
            changes[key] = to_cgp(value)
    if purge:
        for key in current:
            if key not in (desired or {}):
                changes[key] = removal
    return changes


def apply_changes(current, changes, removal="default"):
    """The dictionary ``current`` becomes once ``changes`` are applied."""
    result = dict(current or {})
    for key, value in changes.items():
        if value == removal:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def json_safe(value):
    """Codec values as JSON-friendly data for module results."""
    if isinstance(value, dict):
        return dict((k, json_safe(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, cgp_codec.TimeConstant):
        return "#T" + value.name
    if isinstance(value, (cgp_codec.IPAddress, cgp_codec.XML)):
        return str(value)
    return value
