# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account logic shared by cgp_account and cgp_account_info: names, the friendly
options (real_name, quota, enabled, language, time_zone) and how they map onto
CGP settings and preferences, quota sizes, the pipelined per-account reads, and
the planner that reconciles one or many accounts of a domain."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPWrongPasswordError, Keyword, Secret
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import (
    InputError, apply_changes, item_error, purge_names, refuse_duplicates, settings_changes, split_name, to_cgp,
    values_equal)

# friendly option -> CGP key
FRIENDLY_SETTINGS = (("real_name", "RealName"), ("quota", "MaxAccountSize"), ("enabled", "AccessModes"))
FRIENDLY_PREFS = (("language", "Language"), ("time_zone", "TimeZone"))

ACCOUNT_TYPES = ("MultiMailbox", "TextMailbox", "MailDirMailbox", "SlicedMailbox", "AGrade", "BGrade", "CGrade")
INFO_KEYS = ("LastLogin", "LastAddress", "StorageUsed")

# The options of one account: the single form's, and those of each element of the accounts list.
ACCOUNT_OPTIONS = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    password=dict(type="str", no_log=True),
    real_name=dict(type="str"),
    quota=dict(type="raw"),
    enabled=dict(type="bool"),
    language=dict(type="str"),
    time_zone=dict(type="str"),
    settings=dict(type="dict"),
    purge_settings=dict(type="bool", default=False),
    prefs=dict(type="dict"),
    aliases=dict(type="list", elements="str"),
    telnums=dict(type="list", elements="str"),
    rename_from=dict(type="str"),
    account_type=dict(type="str", choices=list(ACCOUNT_TYPES)),
    storage_path=dict(type="str"),
    legacy=dict(type="bool", default=False),
)
DIFF_KEYS = ("name", "settings", "prefs", "aliases", "telnums")

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

def read_accounts(cgp, names, effective=False, info_keys=None, verify=None):
    """Pipelined reads of qualified account names: one round trip for all of them.

    ``verify`` ({name: password}) adds VERIFYACCOUNTPASSWORD to the same batch; the account then has
    ``password_ok`` (True or False)."""
    reads = [("settings", "GETACCOUNTSETTINGS"), ("aliases", "GETACCOUNTALIASES"),
             ("telnums", "GETACCOUNTTELNUMS"), ("prefs", "GETACCOUNTPREFS")]
    if effective:
        reads += [("effective_settings", "GETACCOUNTEFFECTIVESETTINGS"), ("effective_prefs", "GETACCOUNTEFFECTIVEPREFS")]
    verify = verify or {}
    plan = []
    for name in names:
        plan.extend((name, key, (verb, name)) for key, verb in reads)
        if info_keys is not None:
            plan.append((name, "info", ("GETACCOUNTINFO", name, list(info_keys))))
        if name in verify:
            plan.append((name, "password_ok", ("VERIFYACCOUNTPASSWORD", name, Keyword("PASSWORD"), Secret(verify[name]))))
    results = cgp.batch([command for _name, _key, command in plan], expected=(CGPWrongPasswordError,)) if plan else []
    accounts = dict((name, {"name": name}) for name in names)
    for (name, key, _command), value in zip(plan, results):
        if key == "password_ok":
            value = not isinstance(value, CGPWrongPasswordError)
        elif key in ("settings", "effective_settings"):
            value = without_password(value)
        elif key in ("aliases", "telnums"):
            value = list(value or [])
        accounts[name][key] = value if value is not None else {}
    for account in accounts.values():
        account.update(friendly(account["settings"], account["prefs"]))
    return [accounts[name] for name in names]


# ---------------------------------------------------------------- the planner

def account_spec(params, domain):
    """The desired state of one account from its options; InputError names the option."""
    local, domain = split_name(params["name"], domain)
    old = split_name(params["rename_from"], domain, "rename_from") if params["rename_from"] else None
    return {"local": local, "domain": domain, "old": old, "params": params,
            "settings": desired_settings(params), "prefs": desired_prefs(params),
            "aliases": alias_names(params["aliases"], domain) if params["aliases"] is not None else None}


def account_specs(items, domain, option="accounts"):
    """Validated specs of every element of the list form; the InputError names ``accounts[i].option``."""
    specs, entries = [], []
    for index, item in enumerate(items):
        try:
            spec = account_spec(item, domain)
        except InputError as exc:
            raise InputError(item_error(option, index, str(exc), ACCOUNT_OPTIONS))
        specs.append(spec)
        entries.append((index, "name", spec["local"], item["name"]))
        if spec["old"] and spec["old"][1].lower() == domain.lower() and spec["old"][0].lower() != spec["local"].lower():
            entries.append((index, "rename_from", spec["old"][0], item["rename_from"]))
    refuse_duplicates(option, entries)
    return specs


def login_account(login_user, domain):
    """The bare name of the login account when it is in ``domain`` (a bare login_user counts as in it)."""
    local, at, own = (login_user or "").rpartition("@")
    if not at:
        local, own = own, domain
    return local if local and own.lower() == domain.lower() else None


class AccountPlanner(object):
    """Reconciles accounts of one domain with their specs, in order, over one connection.

    Reads: one LISTACCOUNTS, one pipelined batch for the current state of every account concerned
    (with VERIFYACCOUNTPASSWORD where a password is to be checked), one batch re-reading what
    changed. Writes go one by one through ``cgp.write``; ``progress`` collects per-account results.
    """

    def __init__(self, cgp, progress, domain, update_password="always", option="accounts"):
        self.cgp, self.progress, self.domain = cgp, progress, domain
        self.update_password = update_password
        self.option = option
        self.listings = {}

    def listing(self, domain, prefix=""):
        """{lowered name: server spelling} of the accounts of ``domain`` (read once)."""
        key = domain.lower()
        if key not in self.listings:
            self.listings[key] = dict((name.lower(), name) for name in list_accounts(self.cgp, domain, prefix))
        return self.listings[key]

    def plan(self, spec):
        """Where the account stands: its name, whether it exists, the rename source."""
        names = self.listing(self.domain)
        existing = names.get(spec["local"].lower())
        plan = {"spec": spec, "existing": existing, "source": None,
                "name": "%s@%s" % (existing or spec["local"], self.domain)}
        old, params = spec["old"], spec["params"]
        if params["state"] == "absent" or old is None:
            return plan
        if existing is None:
            old_existing = self.listing(old[1], "rename_from: ").get(old[0].lower())
            if old_existing:
                plan["source"] = "%s@%s" % (old_existing, old[1])
        elif old[0].lower() != spec["local"].lower() and old[1].lower() == self.domain.lower() and old[0].lower() in names:
            self.cgp.module.warn("accounts '%s' and '%s' both exist, so rename_from was ignored"
                                 % (plan["name"], params["rename_from"]))
        return plan

    def run(self, specs, purge=False, exclude=(), protect=None):
        """Apply every spec, then (with ``purge``) delete the accounts of the domain that no spec names,
        except the bare names in ``exclude`` and ``protect`` (the login account: spared with a warning)."""
        cgp = self.cgp
        plans = [self.plan(spec) for spec in specs]
        doomed = []
        if purge:
            names = self.listing(self.domain)
            keep = [plan["spec"]["local"] for plan in plans]
            keep += [plan["source"].rpartition("@")[0] for plan in plans
                     if plan["source"] and plan["source"].rpartition("@")[2].lower() == self.domain.lower()]
            doomed = purge_names(sorted(names.values(), key=str.lower), keep, exclude)
            if protect and protect.lower() in set(name.lower() for name in doomed):
                doomed = purge_names(doomed, [protect])
                cgp.module.warn("purge: account '%s@%s' is not deleted: it is the account this task logs in as "
                                "(login_user)" % (names[protect.lower()], self.domain))
            doomed = ["%s@%s" % (name, self.domain) for name in doomed]
        self.progress.order = [plan["name"] for plan in plans] + doomed
        targets, verify = [], {}
        for plan in plans:
            params = plan["spec"]["params"]
            target = plan["source"] or (plan["name"] if plan["existing"] else None)
            if params["state"] == "present" and target:
                plan["target"] = target
                targets.append(target)
                if params["password"] is not None and self.update_password == "always":
                    verify[target] = params["password"]
        current = dict(zip(targets, read_accounts(cgp, targets, verify=verify)))
        done = []
        for index, plan in enumerate(plans):
            self.progress.begin("%s[%d]" % (self.option, index), plan["name"])
            if plan["spec"]["params"]["state"] == "absent":
                self.delete(plan["name"] if plan["existing"] else None)
            else:
                done.append(self.apply(plan, current.get(plan.get("target"))))
        for name in doomed:
            self.progress.begin("purge", name)
            self.delete(name, purged=True)
        changed = [item[0]["name"] for item in done if item[0]["changed"]]
        after = {}
        if changed and not cgp.check_mode:
            after = dict(zip(changed, read_accounts(cgp, changed)))
        for result, predicted, password_changed in done:
            account = after.get(result["name"], predicted)
            result["account"] = account
            result["diff"]["after"] = dict((k, account[k]) for k in DIFF_KEYS)
            if password_changed:
                result["diff"]["after"]["password_changed"] = True
        return self.progress.results

    def delete(self, name, purged=False):
        """DELETEACCOUNT when ``name`` exists (None: it does not)."""
        if name:
            self.cgp.write("delete_account", name, context="account '%s': cannot delete it:" % name)
        self.progress.end({"state": "absent", "purged": purged, "password_changed": False,
                           "diff": {"before": {"name": name} if name else {}, "after": {}}})

    def apply(self, plan, current):
        """The writes for one present account; returns (result, predicted account, password changed)."""
        cgp, spec, name = self.cgp, plan["spec"], plan["name"]
        params = spec["params"]
        before = {}
        if plan["source"]:
            cgp.write("rename_account", plan["source"], name, path=params["storage_path"],
                      context="account '%s': cannot rename it to '%s':" % (plan["source"], name))
            before = {"name": plan["source"]}
        password_changed = disabled_now = False
        if current is None:
            current = self.create(name, params, spec["settings"])
            password_changed = params["password"] is not None
        else:
            current = dict(current)
            password_ok = current.pop("password_ok", None)
            before = dict(current, name=before.get("name", name))
            disabled_now = self.update_settings(name, current, spec["settings"], params)
            if params["password"] is not None and self.update_password == "always" and not password_ok:
                cgp.write("set_account_password", name, params["password"],
                          context="account '%s': cannot set its password:" % name)
                password_changed = True
        changes = settings_changes(spec["prefs"], current["prefs"])
        if changes:
            cgp.write("update_account_prefs", name, changes, context="account '%s': cannot update its preferences:" % name)
            current["prefs"] = apply_changes(current["prefs"], changes)
        aliases = spec["aliases"]
        if aliases is not None and not same_names(aliases, current["aliases"]):
            cgp.write("set_account_aliases", name, aliases,
                      context="account '%s': cannot set its aliases to (%s):" % (name, ", ".join(aliases)))
            current["aliases"] = aliases
        telnums = params["telnums"]
        if telnums is not None and sorted(telnums) != sorted(str(t) for t in current["telnums"]):
            cgp.write("set_account_telnums", name, telnums, context="account '%s': cannot set its telnums:" % name)
            current["telnums"] = telnums
        if disabled_now:
            cgp.write("kill_account_sessions", name, context="account '%s': cannot end its sessions:" % name)
        predicted = dict(current)
        predicted.update(friendly(current["settings"], current["prefs"]))
        predicted["name"] = name
        result = self.progress.end({"state": "present", "purged": False, "password_changed": password_changed,
                                    "diff": {"before": dict((k, before[k]) for k in DIFF_KEYS if k in before)}})
        return result, predicted, password_changed

    def create(self, name, params, settings):
        """One CREATEACCOUNT with the settings and the password; returns the predicted account."""
        create_settings = dict((k, v) for k, v in to_cgp(settings).items() if v not in (None, "default"))
        if params["password"] is not None:
            create_settings = dict([("Password", params["password"])] + list(create_settings.items()))
        self.cgp.write("create_account", name, account_type=params["account_type"], path=params["storage_path"],
                       legacy=params["legacy"], settings=create_settings or None,
                       context="account '%s': cannot create it:" % name)
        create_settings.pop("Password", None)
        return {"name": name, "settings": create_settings, "aliases": [], "telnums": [], "prefs": {}}

    def update_settings(self, name, current, settings, params):
        """UPDATEACCOUNTSETTINGS when needed; returns whether this run disables the account."""
        wanted = fit_to_current(settings, current["settings"], params["enabled"])
        changes = settings_changes(wanted, current["settings"], purge=params["purge_settings"])
        if not changes:
            return False
        self.cgp.write("update_account_settings", name, changes,
                       context="account '%s': cannot update its settings:" % name)
        disabled_now = is_disabled(changes.get("AccessModes")) and not is_disabled(current["settings"].get("AccessModes"))
        current["settings"] = apply_changes(current["settings"], changes)
        return disabled_now
