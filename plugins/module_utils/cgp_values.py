# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values as CommuniGate Pro stores them, and the one place where two values are compared.

Pure functions on plain values: no client, no Ansible.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import datetime

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec


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


def normalize(value):
    """The one comparison form of a setting value, whichever side it came from."""
    value = to_cgp(value)
    if isinstance(value, list):
        if len(value) == 1:
            return normalize(value[0])
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return dict((k, normalize(v)) for k, v in value.items())
    if isinstance(value, str):
        upper = value.upper()
        if upper in ("YES", "TRUE", "ON"):
            return "YES"
        if upper in ("NO", "FALSE", "OFF"):
            return "NO"
    return value


def values_equal(desired, current):
    return normalize(desired) == normalize(current)


def settings_changes(desired, current, purge=False, removal="default"):
    """Keys to send so that ``current`` holds ``desired``.

    Only the user's keys are compared unless ``purge``; then keys the user did
    not give are removed (sent as ``removal``). A desired value of ``None`` or
    the string ``default`` means "key absent".
    """
    current = current or {}
    changes = {}
    for key, value in (desired or {}).items():
        if value is None or value == "default":
            if key in current:
                changes[key] = removal
        elif key not in current or not values_equal(value, current[key]):
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
