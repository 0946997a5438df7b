#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cgp_group
short_description: Manage CommuniGate Pro groups
version_added: 0.1.0
description:
  - Create, update, rename and delete groups, the domain objects that distribute every message sent to their
    name to a list of members.
  - CGP has no command that merges group settings (C(SETGROUP) replaces the whole dictionary, member list
    included), so the module reads the group, merges your changes into it and sends the complete dictionary.
  - Groups share the domain's name space with accounts, aliases, forwarders and mailing lists; a name that is
    already taken by one of them fails with the server's error text.
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
    description: Shows the group's name, members, real name and settings before and after.
options:
  name:
    description:
      - Name of the group, V(group@domain), or the bare name together with O(domain).
    type: str
    required: true
  domain:
    description:
      - Domain of the group when O(name) has no V(@domain) part.
    type: str
  members:
    description:
      - Members of the group, as addresses (V(bob@example.com)) or names local to the group's domain (V(bob)).
      - Compared case-insensitively, in any order; V(bob) and V(bob@<group domain>) are the same member.
      - The exact member list unless O(append=true). Omit to leave the members alone; an empty list removes
        them all.
    type: list
    elements: str
  append:
    description:
      - Only add the O(members) that are missing; never remove a member.
    type: bool
    default: false
  real_name:
    description:
      - The group's real name (the C(RealName) setting), shown in the C(From) of distributed messages.
      - An empty string removes it. Omit to leave it alone.
    type: str
  settings:
    description:
      - Other group settings (C(GetGroup) keys such as C(EMailDisabled), C(RemoveAuthor), C(SetReplyTo)).
      - Only the keys given are compared and changed. A value of V(default) or V(null) removes the key.
        V(true)/V(false) are sent as C(YES)/C(NO), numbers as strings.
      - The member list is not a setting here; use O(members). C(RealName) may be given here or as O(real_name).
    type: dict
  purge_settings:
    description:
      - Remove every setting that is not in O(settings). The member list and the real name are not affected.
    type: bool
    default: false
  rename_from:
    description:
      - Rename this existing group to O(name). A bare name is taken in the domain of O(name).
      - Nothing is renamed if O(name) already exists or O(rename_from) does not; then O(name) is managed as usual.
    type: str
  state:
    description:
      - V(present) creates or updates the group, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: communigate.pro.cgp_group_info
"""

EXAMPLES = r"""
- name: A sales group with three members
  communigate.pro.cgp_group:
    name: sales@example.com
    real_name: Sales Team
    members:
      - alice
      - bob@example.com
      - partner@example.net
    settings:
      RemoveAuthor: true
      SetReplyTo: true

- name: Add a member without touching the others
  communigate.pro.cgp_group:
    name: sales
    domain: example.com
    members: [carol]
    append: true

- name: Rename a group
  communigate.pro.cgp_group:
    name: sales-eu@example.com
    rename_from: sales@example.com

- name: Delete a group
  communigate.pro.cgp_group:
    name: old-team@example.com
    state: absent
"""

RETURN = r"""
group:
  description: The group after the run (what check mode predicts in check mode). Absent after deletion.
  returned: success and state is present
  type: dict
  contains:
    name:
      description: Fully qualified group name.
      type: str
    members:
      description: The members, as the server stores them.
      type: list
      elements: str
    real_name:
      description: The C(RealName) setting, V(null) when not set.
      type: str
    settings:
      description: The other settings (without C(Members) and C(RealName)).
      type: dict
  sample:
    name: sales@example.com
    members: [alice, bob@example.com, partner@example.net]
    real_name: Sales Team
    settings: {RemoveAuthor: "YES", SetReplyTo: "YES"}
commands:
  description: The CLI write commands sent (in check mode, that would be sent).
  returned: always
  type: list
  elements: str
  sample: ['SETGROUP "sales@example.com" {Members=(alice,"bob@example.com");RealName="Sales Team";}']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import (
    CGPModule, apply_changes, settings_changes, to_cgp)

MEMBERS = "Members"
REAL_NAME = "RealName"


def split_name(cgp, value, domain, option):
    """(local, domain) of a group name given as name@domain or bare with a default domain."""
    local, at, name_domain = value.strip().rpartition("@")
    if not at:
        local, name_domain = name_domain, domain
    elif domain and name_domain.lower() != domain.lower():
        cgp.fail("%s '%s' is in domain '%s', but domain is '%s'" % (option, value, name_domain, domain))
    if not local.strip() or not name_domain:
        cgp.fail("%s '%s' must be group@domain, or a bare name together with the domain option" % (option, value))
    return local, name_domain


def find(names, local):
    """The server's spelling of ``local`` among LISTGROUPS names (bare or qualified), or None."""
    for item in names:
        bare = item.rpartition("@")[0] or item
        if bare.lower() == local.lower():
            return bare
    return None


def member_key(member, domain):
    """Comparison form of a member: case-insensitive, ``bob@<group domain>`` equal to ``bob``."""
    key = member.strip().lower()
    suffix = "@" + domain.lower()
    return key[:-len(suffix)] if key.endswith(suffix) else key


def unique_members(members, domain):
    seen, result = set(), []
    for member in members:
        key = member_key(member, domain)
        if key not in seen:
            seen.add(key)
            result.append(member.strip())
    return result


def as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def shape(name, dictionary):
    """The module's view of a GETGROUP dictionary."""
    settings = dict((k, v) for k, v in dictionary.items() if k not in (MEMBERS, REAL_NAME))
    return {"name": name, "members": as_list(dictionary.get(MEMBERS)), "real_name": dictionary.get(REAL_NAME),
            "settings": settings}


def dictionary_of(group):
    """The full SETGROUP/CREATEGROUP dictionary of the module's view."""
    result = dict(group["settings"])
    if group["real_name"] is not None:
        result[REAL_NAME] = group["real_name"]
    result[MEMBERS] = group["members"]
    return result


def validate(cgp):
    p = cgp.params
    settings = dict(p["settings"] or {})
    for key in settings:
        if key.lower() == MEMBERS.lower():
            cgp.fail("settings must not contain %s: give the member list as the members option" % key)
    for key in [k for k in settings if k.lower() == REAL_NAME.lower()]:
        value = settings.pop(key)
        value = "" if value is None or value == "default" else to_cgp(value)
        if p["real_name"] is not None and p["real_name"] != value:
            cgp.fail("settings.%s and real_name differ; give the real name once" % key)
        p["real_name"] = value
    if any(not isinstance(m, str) or not m.strip() for m in p["members"] or []):
        cgp.fail("members must not contain empty names")
    if p["append"] and p["members"] is None:
        cgp.fail("append: true needs the members to add")
    return settings


def plan(cgp, current, settings, domain):
    """The group after applying the options to ``current`` (a copy)."""
    p = cgp.params
    desired = {"name": current["name"], "members": list(current["members"]),
               "real_name": current["real_name"], "settings": dict(current["settings"])}
    changes = settings_changes(settings, current["settings"], purge=p["purge_settings"])
    desired["settings"] = apply_changes(current["settings"], changes)
    if p["real_name"] is not None:
        desired["real_name"] = p["real_name"] or None
    if p["members"] is not None:
        wanted = unique_members(p["members"], domain)
        have = set(member_key(m, domain) for m in current["members"])
        if p["append"]:
            desired["members"] += [m for m in wanted if member_key(m, domain) not in have]
        elif set(member_key(m, domain) for m in wanted) != have or len(current["members"]) != len(have):
            desired["members"] = wanted
    return desired


def main():
    cgp = CGPModule(dict(
        name=dict(type="str", required=True),
        domain=dict(type="str"),
        members=dict(type="list", elements="str"),
        append=dict(type="bool", default=False),
        real_name=dict(type="str"),
        settings=dict(type="dict"),
        purge_settings=dict(type="bool", default=False),
        rename_from=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    ))
    p = cgp.params
    local, domain = split_name(cgp, p["name"], p["domain"], "name")
    rename = None
    if p["rename_from"]:
        rename = split_name(cgp, p["rename_from"], None if "@" in p["rename_from"] else domain, "rename_from")
    settings = validate(cgp)
    cgp.connect()
    existing = find(cgp.read("list_groups", domain), local)

    if p["state"] == "absent":
        before = None
        if existing:
            qualified_name = "%s@%s" % (existing, domain)
            before = shape(qualified_name, cgp.read("get_group", qualified_name))
            cgp.write("delete_group", qualified_name)
        cgp.exit(diff={"before": before, "after": {}} if before else None)

    name = "%s@%s" % (existing or local, domain)
    source = "%s@%s" % (existing, domain) if existing else None
    if existing is None and rename:
        old = find(cgp.read("list_groups", rename[1]), rename[0])
        if old:
            source = "%s@%s" % (old, rename[1])

    if source is None:
        before = {}
        current = {"name": name, "members": [], "real_name": None, "settings": {}}
        desired = plan(cgp, current, settings, domain)
        cgp.write("create_group", name, dictionary_of(desired))
    else:
        before = shape(source, cgp.read("get_group", source))
        if existing is None:
            cgp.write("rename_group", source, name)
        current = dict(before, name=name)
        desired = plan(cgp, current, settings, domain)
        if desired != current:
            # SETGROUP replaces the whole dictionary: send all of it, merged locally.
            cgp.write("set_group", name, dictionary_of(desired))
    cgp.exit(group=desired, diff={"before": before, "after": desired})


if __name__ == "__main__":
    main()
