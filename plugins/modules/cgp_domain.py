#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cgp_domain
short_description: Manage CommuniGate Pro domains
version_added: 0.1.0
description:
  - Create, update, rename and delete secondary domains of a CommuniGate Pro server, with their settings,
    aliases, account defaults, default account preferences and account template.
  - Settings dictionaries are compared on the keys you give; other keys are left alone unless O(purge_settings=true).
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
attributes:
  check_mode:
    support: full
    description: Sends only read commands and reports the same C(changed) and C(commands) a real run would.
  diff_mode:
    support: full
    description: Shows the domain's managed options before and after.
options:
  name:
    description:
      - Name of the domain, for example V(example.com).
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the domain, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  settings:
    description:
      - Domain settings (C(GetDomainSettings) keys such as C(MailToUnknown)).
      - Only the keys given are compared and changed. A value of V(default) or V(null) removes the key, so the
        server default applies. V(true)/V(false) are sent as C(YES)/C(NO), numbers as strings.
    type: dict
  purge_settings:
    description:
      - Remove every explicitly set domain setting that is not in O(settings).
    type: bool
    default: false
    aliases: [purge]
  aliases:
    description:
      - The exact list of domain aliases (other names of this domain). Omit to leave aliases alone;
        an empty list removes them all.
    type: list
    elements: str
  account_defaults:
    description:
      - Default settings of the domain's accounts (C(UpdateAccountDefaults)), merged on the keys given.
    type: dict
  account_default_prefs:
    description:
      - Default preferences of the domain's accounts (C(UpdateAccountDefaultPrefs)), merged on the keys given.
    type: dict
  account_template:
    description:
      - The account template new accounts are created from (C(UpdateAccountTemplate)), merged on the keys given.
    type: dict
  suspended:
    description:
      - V(true) suspends the domain (no account can be opened), V(false) resumes it.
      - The CLI offers no way to read whether a domain is suspended, so when this option is set the command is
        sent on every run and the task reports C(changed). Use it in a handler or behind a condition.
    type: bool
  rename_from:
    description:
      - Rename this existing domain to O(name). Nothing happens if O(name) already exists and O(rename_from) does not.
    type: str
  shared:
    description:
      - Create a cluster-wide (shared) domain in a Dynamic Cluster. Used only on creation.
    type: bool
    default: false
  storage_path:
    description:
      - Storage mount point for the domain's data, without the C(.mnt) suffix. Used on creation and rename.
    type: str
  force:
    description:
      - With O(state=absent), delete the domain even when it still holds accounts, forwarders, groups or lists,
        which are all deleted with it. Without it, deleting a non-empty domain fails before anything is sent.
    type: bool
    default: false
notes:
  - The main domain of the server can be updated but never deleted or renamed by this module.
seealso:
  - module: communigate.pro.cgp_domain_info
"""

EXAMPLES = r"""
- name: Create a domain that rejects mail to unknown users
  communigate.pro.cgp_domain:
    name: example.com
    settings:
      MailToUnknown: Rejected
    aliases:
      - example.net
    account_template:
      MaxAccountSize: 100M
    login_host: mail.example.com
    login_user: postmaster
    login_password: "{{ vault_cgp_password }}"

- name: Delete a domain with everything in it
  communigate.pro.cgp_domain:
    name: old.example.com
    state: absent
    force: true
"""

RETURN = r"""
domain:
  description: The domain as it is after the run (what check mode predicts in check mode). Absent after deletion.
  returned: success and state is present
  type: dict
  sample:
    name: example.com
    settings: {MailToUnknown: Rejected}
    aliases: [example.net]
    account_defaults: {}
    account_default_prefs: {}
    account_template: {MaxAccountSize: 100M}
commands:
  description: The CLI write commands sent (in check mode, that would be sent), secrets masked.
  returned: always
  type: list
  elements: str
  sample: ['CREATEDOMAIN "example.com" {MailToUnknown=Rejected;}']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import (
    CGPModule, apply_changes, settings_changes, to_cgp)

# option -> (read method, update method) of the merged per-domain dictionaries
DICTIONARIES = (
    ("account_defaults", "get_account_defaults", "update_account_defaults"),
    ("account_default_prefs", "get_account_default_prefs", "update_account_default_prefs"),
    ("account_template", "get_account_template", "update_account_template"),
)


def find(names, name):
    """The server's spelling of ``name`` in ``names`` (case-insensitive), or None."""
    lowered = name.lower()
    for item in names:
        if item.lower() == lowered:
            return item
    return None


def delete(cgp, name, main_domain):
    if name.lower() == main_domain.lower():
        cgp.fail("domain '%s' is the main domain of the server and cannot be deleted" % name)
    if not cgp.params["force"]:
        objects = cgp.read("list_domain_objects", name, 1, accounts=True, aliases=True, forwarders=True)
        counts = {"accounts": objects[0], "aliases": objects[2], "forwarders": objects[3],
                  "groups": len(cgp.read("list_groups", name)), "mailing lists": len(cgp.read("list_lists", name))}
        held = ["%s %s" % (count, what) for what, count in counts.items() if int(count)]
        if held:
            cgp.fail("domain '%s' is not empty (%s); set force: true to delete it with its contents"
                     % (name, ", ".join(held)))
    cgp.write("delete_domain", name, force=cgp.params["force"])


def read_current(cgp, name):
    current = {"name": name, "settings": cgp.read("get_domain_settings", name),
               "aliases": cgp.read("get_domain_aliases", name)}
    for option, getter, _setter in DICTIONARIES:
        current[option] = cgp.read(getter, name)
    return current


def main():
    cgp = CGPModule(dict(
        name=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        settings=dict(type="dict"),
        purge_settings=dict(type="bool", default=False, aliases=["purge"]),
        aliases=dict(type="list", elements="str"),
        account_defaults=dict(type="dict"),
        account_default_prefs=dict(type="dict"),
        account_template=dict(type="dict"),
        suspended=dict(type="bool"),
        rename_from=dict(type="str"),
        shared=dict(type="bool", default=False),
        storage_path=dict(type="str"),
        force=dict(type="bool", default=False),
    ))
    p = cgp.params
    name = p["name"]
    cgp.connect()
    domains = cgp.read("list_domains")
    main_domain = cgp.read("main_domain_name")
    existing = find(domains, name)

    if p["state"] == "absent":
        if existing:
            delete(cgp, existing, main_domain)
        cgp.exit(diff={"before": {"name": existing}, "after": {}} if existing else None)

    if existing is None and p["rename_from"] and find(domains, p["rename_from"]):
        old = find(domains, p["rename_from"])
        if old.lower() == main_domain.lower():
            cgp.fail("domain '%s' is the main domain of the server and cannot be renamed" % old)
        cgp.write("rename_domain", old, name, path=p["storage_path"])
        existing = old if cgp.check_mode else name

    if existing is None:
        settings = dict((k, v) for k, v in to_cgp(p["settings"] or {}).items() if v not in (None, "default"))
        cgp.write("create_domain", name, settings=settings or None, shared=p["shared"], path=p["storage_path"])
        before = {}
        current = {"name": name, "settings": settings, "aliases": []}
        current.update((option, {}) for option, _getter, _setter in DICTIONARIES)
    else:
        current = read_current(cgp, existing)
        before = dict(current)
        if p["rename_from"] and existing.lower() != name.lower():
            before["name"] = p["rename_from"]
        changes = settings_changes(p["settings"], current["settings"], purge=p["purge_settings"])
        if changes:
            cgp.write("update_domain_settings", existing, changes)
            current["settings"] = apply_changes(current["settings"], changes)
    target = existing or name

    if p["aliases"] is not None:
        wanted = list(p["aliases"])
        if sorted(a.lower() for a in wanted) != sorted(a.lower() for a in current["aliases"]):
            cgp.write("set_domain_aliases", target, wanted)
            current["aliases"] = wanted

    for option, _getter, setter in DICTIONARIES:
        changes = settings_changes(p[option], current[option])
        if changes:
            cgp.write(setter, target, changes)
            current[option] = apply_changes(current[option], changes)

    if p["suspended"] is not None:
        cgp.write("suspend_domain" if p["suspended"] else "resume_domain", target)

    current["name"] = name
    cgp.exit(domain=current, diff={"before": before, "after": current})


if __name__ == "__main__":
    main()
