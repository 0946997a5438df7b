# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a secret is, in one place, and how secrets are hidden.

A secret is any value under a dictionary key that ``is_secret_key`` accepts:
``Password`` and every key ending in ``Password`` (``AppPassword``, the
``password`` of an RPOP/RIMAP record, ...) except the few that hold a choice,
keys ending in ``Secret``, and private keys. It is a secret at any depth and
whatever its type, whether a task gave it or the server returned it.

Standard library only and no other collection import: the client, the module
layer, the filters and the emulator (which loads this file by path) share it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

MASK = "********"
# What ansible-core shows for a value that is exactly a no_log value; kept so output reads the same.
NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

_SECRET_SUFFIXES = ("password", "secret", "privatekey", "privatesecurekey")
# Keys that end like a secret but hold a setting about secrets (a yes/no or a choice), never a secret.
_NOT_SECRET = frozenset((
    "canmodifypassword", "useapppassword", "requirepassword", "update_password", "allowapppassword",
))
# Masking is idempotent: an already masked value is not reported as a secret again.
_MASKED = (MASK, NO_LOG_PLACEHOLDER)


def is_secret_key(key):
    """True when values under ``key`` (a dictionary key of any CGP object or option) are secrets."""
    if not isinstance(key, str):
        return False
    low = key.lower()
    return low not in _NOT_SECRET and low.endswith(_SECRET_SUFFIXES)


def mask(value):
    """A copy of ``value`` with every value under a secret key replaced by MASK, at any depth.

    Containers under a secret key are masked whole; None stays None (it means "not set").
    """
    if isinstance(value, dict):
        return dict((key, _masked(item) if is_secret_key(key) else mask(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [mask(item) for item in value]
    return value


def _masked(value):
    return None if value is None else MASK


def mask_pair(before, after):
    """``before`` and ``after`` masked, with a changed secret shown as ``MASK (changed)`` in ``after``.

    So a diff still says that a password changed, never what it was or became.
    """
    return mask(before), _mark_changes(before, after)


def _mark_changes(before, after):
    if not isinstance(after, dict):
        return mask(after)
    before = before if isinstance(before, dict) else {}
    result = {}
    for key, item in after.items():
        if is_secret_key(key):
            changed = item is not None and key in before and before[key] != item
            result[key] = MASK + " (changed)" if changed else _masked(item)
        else:
            result[key] = _mark_changes(before.get(key), item)
    return result


def secret_values(value):
    """Every secret inside ``value`` as a non-empty string, for registering with no_log."""
    if isinstance(value, dict):
        for key, item in value.items():
            if is_secret_key(key):
                yield from _scalars(item)
            else:
                yield from secret_values(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from secret_values(item)


def _scalars(value):
    """The strings a secret value can show up as in output (numbers too: 4242 prints as "4242")."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _scalars(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _scalars(item)
    elif value is not None and not isinstance(value, bool):
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        if text and text not in _MASKED:
            yield text
