#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cgp_account
short_description: Manage CommuniGate Pro accounts
version_added: 0.1.0
description:
  - Create, update, rename and delete accounts of a CommuniGate Pro domain, with their password, settings,
    preferences, aliases and telephone numbers.
  - The common fields (display name, quota, password, language, time zone, enabled) have their own options, so no
    CGP setting names are needed for them. Anything else goes through O(settings) and O(prefs).
  - Settings and preferences are compared on the keys you give; other keys are left alone unless
    O(purge_settings=true).
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
attributes:
  check_mode:
    support: full
    description: Sends only read commands (including the password check) and reports the same C(changed) and
      C(commands) a real run would.
  diff_mode:
    support: full
    description: Shows the account's settings, preferences, aliases and telephone numbers before and after.
      The password is never shown; C(password_changed) says whether it is set.
options:
  name:
    description:
      - The account, as V(user@domain), or a bare name together with O(domain).
    type: str
    required: true
  domain:
    description:
      - Domain of the account when O(name) is a bare name. If O(name) has a domain, the two must agree.
    type: str
  state:
    description:
      - V(present) creates or updates the account, V(absent) deletes it with its mailboxes.
    type: str
    choices: [present, absent]
    default: present
  password:
    description:
      - The account's password. Never logged, never returned.
      - See O(update_password) for when it is set on an existing account.
    type: str
  update_password:
    description:
      - V(always) checks the password with C(VerifyAccountPassword) first and sets it only when it is not the
        current one, so an unchanged password is not a change.
      - V(on_create) uses O(password) only when the account is created.
    type: str
    choices: [always, on_create]
    default: always
  real_name:
    description:
      - The display name (the C(RealName) setting).
      - As with O(settings), the value V(default) removes the account's own value.
    type: str
  quota:
    description:
      - Maximum size of the account's storage (the C(MaxAccountSize) setting).
      - An integer, or a string of digits, is a number of megabytes (V(100) means C(100M)). A size string such as
        V(500K), V(100M), V(2G) or V(1T), or V(unlimited), is sent as is. V(default) removes the account's own
        value so the domain or server default applies.
      - Sizes are compared by value, so V(1G) and a stored C(1024M) are equal.
    type: raw
  enabled:
    description:
      - V(false) disables the account by setting C(AccessModes) to C(None) (no service can be used, no login),
        and kills the account's open sessions when it was enabled before. CGP has no other suspend command for
        accounts; this is what other CGP provisioning tools do.
      - V(true) removes an C(AccessModes) of C(None) from the account's own settings, so the domain or server
        default applies again. Any other C(AccessModes) value is left alone.
    type: bool
  language:
    description:
      - The account's language preference (the C(Language) preference), for example V(german).
    type: str
  time_zone:
    description:
      - The account's time zone preference (the C(TimeZone) preference), for example V(HostOS).
    type: str
  settings:
    description:
      - Account settings (C(GetAccountSettings) keys such as C(RulesAllowed)), merged on the keys given.
      - A value of V(default) or V(null) removes the key, so the domain or server default applies.
        V(true)/V(false) are sent as C(YES)/C(NO), numbers as strings.
      - A key that a friendly option also sets (C(RealName), C(MaxAccountSize), C(AccessModes)) may be given in both
        places only with the same value. C(Password) is refused here; use O(password).
    type: dict
  purge_settings:
    description:
      - Remove every explicitly set account setting that is not in O(settings) or set by a friendly option
        (O(real_name), O(quota), O(enabled)). The password is never removed.
    type: bool
    default: false
  prefs:
    description:
      - Account preferences (C(GetAccountPrefs) keys), merged on the keys given; V(default) removes a key.
      - O(language) and O(time_zone) may be given here too only with the same value.
    type: dict
  aliases:
    description:
      - The exact list of the account's aliases (other names in its domain), as bare names or V(alias@domain)
        in the account's domain. Omit to leave aliases alone; an empty list removes them all.
      - An alias whose name is taken by another account, alias or forwarder fails with the server's error.
    type: list
    elements: str
  telnums:
    description:
      - The exact list of the account's telephone numbers. Omit to leave them alone; an empty list removes them all.
    type: list
    elements: str
  rename_from:
    description:
      - Rename this existing account (V(user@domain), or a bare name in O(name)'s domain) to O(name), keeping its
        mailboxes, settings and password, then manage it as O(name).
      - Nothing is renamed if O(name) already exists (a second run is a no-op). If neither account exists,
        O(name) is created.
    type: str
  account_type:
    description:
      - Storage type of a new account. Used only when the account is created.
      - The CLI cannot read an account's type back (C(ListAccounts) gives only the storage file extension, which
        does not tell V(MultiMailbox) from the A/B/C grades), so this module does not change the type of an
        existing account.
    type: str
    choices: [MultiMailbox, TextMailbox, MailDirMailbox, SlicedMailbox, AGrade, BGrade, CGrade]
  storage_path:
    description:
      - Storage mount point for the account's files, without the C(.mnt) suffix. Used on creation and rename.
    type: str
  legacy:
    description:
      - Create the account with the legacy (visible to legacy mailers) INBOX. Used only on creation.
    type: bool
    default: false
notes:
  - Name collisions (an account, alias or forwarder with the same name) are reported by the server; the module
    fails with the command and the server's text.
seealso:
  - module: communigate.pro.cgp_account_info
  - module: communigate.pro.cgp_domain
"""

EXAMPLES = r"""
- name: Create a mailbox with a password, display name, quota and language
  communigate.pro.cgp_account:
    name: jane@example.com
    password: "{{ vault_jane_password }}"
    real_name: Jane Doe
    quota: 2G
    language: german
    aliases: [j.doe]

- name: Set the password only when the account is created
  communigate.pro.cgp_account:
    name: bob
    domain: example.com
    password: "{{ initial_password }}"
    update_password: on_create

- name: Disable an account and set a raw CGP setting
  communigate.pro.cgp_account:
    name: bob@example.com
    enabled: false
    settings:
      RulesAllowed: Filter Only

- name: Rename an account
  communigate.pro.cgp_account:
    name: robert@example.com
    rename_from: bob@example.com

- name: Delete an account
  communigate.pro.cgp_account:
    name: robert@example.com
    state: absent
"""

RETURN = r"""
account:
  description:
    - The account as it is after the run (what check mode predicts in check mode), in the shape
      M(communigate.pro.cgp_account_info) returns. The password is never returned.
  returned: success and state is present
  type: dict
  contains:
    name: {description: "The account, user@domain.", type: str}
    settings: {description: Explicitly set settings (no C(Password)), type: dict}
    prefs: {description: Explicitly set preferences, type: dict}
    aliases: {description: Aliases, type: list, elements: str}
    telnums: {description: Telephone numbers, type: list, elements: str}
    real_name: {description: C(RealName) setting, type: str}
    quota: {description: C(MaxAccountSize) setting, type: str}
    enabled: {description: False when the account's own C(AccessModes) is C(None), type: bool}
    language: {description: C(Language) preference, type: str}
    time_zone: {description: C(TimeZone) preference, type: str}
  sample:
    name: jane@example.com
    settings: {RealName: Jane Doe, MaxAccountSize: 2G}
    prefs: {Language: german}
    aliases: [j.doe]
    telnums: []
    real_name: Jane Doe
    quota: 2G
    enabled: true
    language: german
    time_zone: null
password_changed:
  description: Whether the password was set (or, in check mode, would be).
  returned: always
  type: bool
  sample: false
commands:
  description: The CLI write commands sent (in check mode, that would be sent), secrets masked.
  returned: always
  type: list
  elements: str
  sample: ['CREATEACCOUNT "jane@example.com" {Password="********";RealName="Jane Doe";MaxAccountSize=2G;}']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_account import (
    ACCOUNT_TYPES, alias_names, desired_prefs, desired_settings, fit_to_current, friendly, is_disabled, list_accounts,
    read_accounts, same_names)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import (
    CGPModule, InputError, apply_changes, find_name, settings_changes, split_name, to_cgp)


def check_input(cgp):
    """Refuse bad input before connecting; return (local, domain, old, settings, prefs, aliases)."""
    p = cgp.params
    # a password put in settings is refused below (CGPModule already masks it in the echoed arguments)
    try:
        local, domain = split_name(p["name"], p["domain"])
        old = split_name(p["rename_from"], domain, "rename_from") if p["rename_from"] else None
        settings = desired_settings(p)
        prefs = desired_prefs(p)
        aliases = alias_names(p["aliases"], domain) if p["aliases"] is not None else None
    except InputError as exc:
        cgp.fail(str(exc))
    return local, domain, old, settings, prefs, aliases


def create(cgp, name, settings):
    """One CREATEACCOUNT with the settings and the password; returns the predicted account."""
    p = cgp.params
    create_settings = dict((k, v) for k, v in to_cgp(settings).items() if v not in (None, "default"))
    if p["password"] is not None:
        create_settings = dict([("Password", p["password"])] + list(create_settings.items()))
    cgp.write("create_account", name, account_type=p["account_type"], path=p["storage_path"], legacy=p["legacy"],
              settings=create_settings or None, context="account '%s': cannot create it:" % name)
    create_settings.pop("Password", None)
    return {"name": name, "settings": create_settings, "aliases": [], "telnums": [], "prefs": {}}


def update(cgp, name, target, current, settings, password):
    """Settings and password of an existing account (read as ``target``, written as ``name``).

    Returns (disabled by this run, password changed)."""
    p = cgp.params
    wanted = fit_to_current(settings, current["settings"], p["enabled"])
    changes = settings_changes(wanted, current["settings"], purge=p["purge_settings"])
    disabled_now = is_disabled(changes.get("AccessModes")) and not is_disabled(current["settings"].get("AccessModes"))
    if changes:
        cgp.write("update_account_settings", name, changes, context="account '%s': cannot update its settings:" % name)
        current["settings"] = apply_changes(current["settings"], changes)
    if password is not None and p["update_password"] == "always" and not cgp.read("verify_account_password", target, password):
        cgp.write("set_account_password", name, password, context="account '%s': cannot set its password:" % name)
        return disabled_now, True
    return disabled_now, False


def main():
    cgp = CGPModule(dict(
        name=dict(type="str", required=True),
        domain=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        password=dict(type="str", no_log=True),
        update_password=dict(type="str", default="always", choices=["always", "on_create"], no_log=False),
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
    ))
    p = cgp.params
    local, domain, old, settings, prefs, aliases = check_input(cgp)
    cgp.connect()
    names = list_accounts(cgp, domain)
    existing = find_name(names, local)
    name = "%s@%s" % (existing or local, domain)

    if p["state"] == "absent":
        if existing:
            cgp.write("delete_account", name, context="account '%s': cannot delete it:" % name)
        cgp.exit(diff={"before": {"name": name}, "after": {}} if existing else None, password_changed=False)

    before = {}
    target = name
    if existing is None and old:
        old_names = names if old[1].lower() == domain.lower() else list_accounts(cgp, old[1], "rename_from: ")
        old_existing = find_name(old_names, old[0])
        if old_existing:
            old_name = "%s@%s" % (old_existing, old[1])
            cgp.write("rename_account", old_name, name, path=p["storage_path"],
                      context="account '%s': cannot rename it to '%s':" % (old_name, name))
            existing, target = old_existing, (old_name if cgp.check_mode else name)
            before = {"name": old_name}
    elif existing and old and old[0].lower() != local.lower() and old[1].lower() == domain.lower() \
            and find_name(names, old[0]):
        cgp.module.warn("accounts '%s' and '%s' both exist, so rename_from was ignored" % (name, p["rename_from"]))

    password_changed = disabled_now = False
    if existing is None:
        current = create(cgp, name, settings)
        password_changed = p["password"] is not None
    else:
        current = read_accounts(cgp, [target])[0]
        before = dict(current, name=before.get("name", name))
        disabled_now, password_changed = update(cgp, name, target, current, settings, p["password"])

    changes = settings_changes(prefs, current["prefs"])
    if changes:
        cgp.write("update_account_prefs", name, changes, context="account '%s': cannot update its preferences:" % name)
        current["prefs"] = apply_changes(current["prefs"], changes)
    if aliases is not None and not same_names(aliases, current["aliases"]):
        cgp.write("set_account_aliases", name, aliases,
                  context="account '%s': cannot set its aliases to (%s):" % (name, ", ".join(aliases)))
        current["aliases"] = aliases
    if p["telnums"] is not None and sorted(p["telnums"]) != sorted(str(t) for t in current["telnums"]):
        cgp.write("set_account_telnums", name, p["telnums"], context="account '%s': cannot set its telnums:" % name)
        current["telnums"] = p["telnums"]
    if disabled_now:
        cgp.write("kill_account_sessions", name, context="account '%s': cannot end its sessions:" % name)

    if cgp.changed and not cgp.check_mode:
        account = read_accounts(cgp, [name])[0]
    else:
        account = friendly(current["settings"], current["prefs"])
        account.update(current, name=name)
    diff_keys = ("name", "settings", "prefs", "aliases", "telnums")
    after = dict((k, account[k]) for k in diff_keys)
    if password_changed:
        after["password_changed"] = True
    cgp.exit(account=account, password_changed=password_changed,
             diff={"before": dict((k, before[k]) for k in diff_keys if k in before), "after": after})


if __name__ == "__main__":
    main()
