#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


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
  - communigate.pro.cgp.state_module
attributes:
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
  description:
    - The group after the run (what check mode predicts in check mode). Absent after deletion.
    - Its keys are those of each element of RV(communigate.pro.cgp_group_info#module:groups).
  returned: success and state is present
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

from ansible_collections.communigate.pro.plugins.module_utils.cgp_group import GROUP_OPTIONS, manage_group
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(GROUP_OPTIONS)
    cgp.run(manage_group)


if __name__ == "__main__":
    main()
