#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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
options:
  domain:
    description:
      - The domain whose groups are returned. A domain the server does not know fails with the server's error.
    type: str
    required: true
  name:
    description:
      - Return only this group (a bare name, or V(name@domain) in O(domain)). A group that does not exist
        gives an empty RV(groups) list, not an error.
    type: str
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

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(dict(
        domain=dict(type="str", required=True),
        name=dict(type="str"),
    ))
    p = cgp.params
    domain = p["domain"]
    wanted = None
    if p["name"]:
        wanted, at, name_domain = p["name"].rpartition("@")
        if not at:
            wanted = name_domain
        elif name_domain.lower() != domain.lower():
            cgp.fail("name '%s' is not in domain '%s'" % (p["name"], domain))
    cgp.connect()
    names = [n.rpartition("@")[0] or n for n in cgp.read("list_groups", domain)]
    if wanted is not None:
        names = [n for n in names if n.lower() == wanted.lower()]
    names = sorted(names, key=str.lower)
    results = cgp.batch([("GETGROUP", "%s@%s" % (n, domain)) for n in names])
    groups = []
    for name, dictionary in zip(names, results):
        members = dictionary.get("Members")
        groups.append({
            "name": "%s@%s" % (name, domain),
            "members": [] if members is None else members if isinstance(members, list) else [members],
            "real_name": dictionary.get("RealName"),
            "settings": dict((k, v) for k, v in dictionary.items() if k not in ("Members", "RealName")),
        })
    cgp.exit(groups=groups)


if __name__ == "__main__":
    main()
