# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account logic shared by cgp_account and cgp_account_info: names, the friendly
options (real_name, quota, enabled, language, time_zone) and how they map onto
CGP settings and preferences, quota sizes, and the pipelined per-account reads."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import InputError, to_cgp, values_equal

# friendly option -> CGP key
FRIENDLY_SETTINGS = (("real_name", "RealName"), ("quota", "MaxAccountSize"), ("enabled", "AccessModes"))
FRIENDLY_PREFS = (("language", "Language"), ("time_zone", "TimeZone"))

ACCOUNT_TYPES = ("MultiMailbox", "TextMailbox", "MailDirMailbox", "SlicedMailbox", "AGrade", "BGrade", "CGrade")
INFO_KEYS = ("LastLogin", "LastAddress", "StorageUsed")

_SIZE = re.compile(r"\s*([0-9]+)\s*([KMGT]?)B?\s*\Z", re.I)
_UNITS = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}
UNLIMITED = "unlimited"


# ---------------------------------------------------------------- names

def list_accounts(cgp, domain, prefix=""):
    """LISTACCOUNTS domain as a list of names; a clear failure when the domain does not exist."""
    accounts = cgp.read_or_none("list_accounts", domain)
    if accounts is None:
        cgp.fail("%sdomain '%s' does not exist" % (prefix, domain))
    return list(accounts)


def alias_names(aliases, domain):
    """Aliases as bare names: ``alias@<the account's domain>`` is accepted, another domain is not."""
    names = []
    for alias in aliases:
        local, at, own = alias.rpartition("@")
        if not at:
            local = own
        elif own.lower() != domain.lower():
            raise InputError("aliases: '%s' is not in the account's domain '%s'" % (alias, domain))
        if not local:
            raise InputError("aliases: '%s' is not an alias name" % alias)
        names.append(local)
    return names


def same_names(wanted, current):
    return sorted(n.lower() for n in wanted) == sorted(str(n).lower() for n in current)


# ---------------------------------------------------------------- values

def quota_value(value):
    """The MaxAccountSize string for a quota option: an int or digits are megabytes."""
    if isinstance(value, bool):
        raise InputError("quota: %r is not a size" % (value,))
    if isinstance(value, int):
        if value < 0:
            raise InputError("quota: %r is negative" % (value,))
        return "%dM" % value
    text = str(value).strip()
    if text.lower() in (UNLIMITED, "default"):
        return text.lower()
    if text.isdigit():
        return "%sM" % int(text)
    match = _SIZE.match(text)
    if match is None:
        raise InputError("quota: '%s' is not a size (a number of megabytes, a size such as 100M or 2G, or unlimited)"
                         % text)
    return "%d%s" % (int(match.group(1)), match.group(2).upper())


def size_bytes(value):
    """A CGP size string as bytes (None for unlimited), or False when it is not a size."""
    text = str(value).strip()
    if text.lower() == UNLIMITED:
        return None
    match = _SIZE.match(text)
    if match is None:
        return False
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


def same_size(desired, current):
    one = size_bytes(desired)
    return one is not False and one == size_bytes(current)


def is_disabled(access_modes):
    return isinstance(access_modes, str) and access_modes.strip().lower() == "none"


def without_password(settings):
    """Settings with any Password key removed (it is never returned nor compared)."""
    return dict((k, v) for k, v in (settings or {}).items() if k.lower() != "password")


def _merge_friendly(params, given, pairs, container, equal=values_equal):
    """Put the friendly options into ``given``; fail on a different value under the CGP key."""
    merged = dict(given)
    for option, key in pairs:
        value = params.get(option)
        if value is None:
            continue
        if key in merged and merged[key] is not None and not equal(value, merged[key]):
            raise InputError("%s and %s.%s are both given, with different values (%r and %r); give one"
                             % (option, container, key, params.get(option), merged[key]))
        merged[key] = value
    return merged


def desired_settings(params):
    """The settings the user asks for (friendly options merged in), before seeing the account."""
    given = dict(params.get("settings") or {})
    for key in given:
        if key.lower() == "password":
            raise InputError("settings: set the password with the password option, not settings.%s" % key)
    values = dict(params)
    if values.get("quota") is not None:
        values["quota"] = quota_value(values["quota"])
        if given.get("MaxAccountSize") is not None and same_size(values["quota"], given["MaxAccountSize"]):
            given["MaxAccountSize"] = values["quota"]
    enabled = values.pop("enabled", None)
    access = given.get("AccessModes")
    if enabled is not None and access is not None and access != "default" and is_disabled(to_cgp(access)) == enabled:
        raise InputError("enabled and settings.AccessModes are both given, with different values (%r and %r); give one"
                         % (enabled, access))
    if enabled is False:
        values["enabled"] = "None"
    return _merge_friendly(values, given, FRIENDLY_SETTINGS, "settings")


def desired_prefs(params):
    return _merge_friendly(params, dict(params.get("prefs") or {}), FRIENDLY_PREFS, "prefs")


def fit_to_current(desired, current, enabled):
    """Adjust desired settings to the account: equal sizes keep the server's spelling, and
    enabled=true removes an AccessModes of None."""
    desired = dict(desired)
    size, have = desired.get("MaxAccountSize"), current.get("MaxAccountSize")
    if size is not None and have is not None and same_size(size, have):
        desired["MaxAccountSize"] = have
    if enabled and "AccessModes" not in desired and is_disabled(current.get("AccessModes")):
        desired["AccessModes"] = "default"
    return desired


def friendly(settings, prefs):
    """The friendly options as an account's own (explicit) settings and prefs give them."""
    return {"real_name": settings.get("RealName"), "quota": settings.get("MaxAccountSize"),
            "enabled": not is_disabled(settings.get("AccessModes")),
            "language": prefs.get("Language"), "time_zone": prefs.get("TimeZone")}


# ---------------------------------------------------------------- reads

def read_accounts(cgp, names, effective=False, info_keys=None):
    """Pipelined reads of qualified account names: one round trip for all of them."""
    reads = [("settings", "GETACCOUNTSETTINGS"), ("aliases", "GETACCOUNTALIASES"),
             ("telnums", "GETACCOUNTTELNUMS"), ("prefs", "GETACCOUNTPREFS")]
    if effective:
        reads += [("effective_settings", "GETACCOUNTEFFECTIVESETTINGS"), ("effective_prefs", "GETACCOUNTEFFECTIVEPREFS")]
    plan = []
    for name in names:
        plan.extend((name, key, (verb, name)) for key, verb in reads)
        if info_keys is not None:
            plan.append((name, "info", ("GETACCOUNTINFO", name, list(info_keys))))
    results = cgp.batch([command for _name, _key, command in plan]) if plan else []
    accounts = dict((name, {"name": name}) for name in names)
    for (name, key, _command), value in zip(plan, results):
        if key in ("settings", "effective_settings"):
            value = without_password(value)
        elif key in ("aliases", "telnums"):
            value = list(value or [])
        accounts[name][key] = value if value is not None else {}
    for account in accounts.values():
        account.update(friendly(account["settings"], account["prefs"]))
    return [accounts[name] for name in names]
