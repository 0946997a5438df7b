#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_group_info
short_description: Read CommuniGate Pro groups
version_added: 0.1.0
description:
  - Return the groups of a domain with their members, real name and settings, in the shape
    M(communigate.pro.cgp_group) accepts.
  - The groups are read with pipelined C(GETGROUP) commands over one connection.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.info_module
  - communigate.pro.cgp.domain_objects_info
"""

EXAMPLES = r"""
- name: Read every group of a domain
  communigate.pro.cgp_group_info:
    domain: example.com
  register: cgp_groups

- name: Read one group
  communigate.pro.cgp_group_info:
    domain: example.com
    name: sales
  register: cgp_sales

- name: Show its members
  ansible.builtin.debug:
    msg: "{{ cgp_sales.groups[0].members | default([]) }}"
"""

RETURN = r"""
groups:
  description: One entry per group, sorted by name.
  returned: always
  type: list
  elements: dict
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
    - name: sales@example.com
      members: [alice, bob@example.com]
      real_name: Sales Team
      settings: {RemoveAuthor: "YES"}
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_group import group_info
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(dict(domain=dict(type="str"), name=dict(type="str")), required_one_of=[["domain", "name"]])
    cgp.run(group_info)


if __name__ == "__main__":
    main()
