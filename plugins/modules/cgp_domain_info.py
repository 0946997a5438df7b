#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cgp_domain_info
short_description: Read CommuniGate Pro domains
version_added: 0.1.0
description:
  - Return the server's domains with their settings, aliases, account defaults, default account
    preferences, account template and object counts, in the shape M(communigate.pro.cgp_domain) accepts.
  - Reads for all domains are pipelined over one connection.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.info_module
options:
  name:
    description:
      - Return only this domain. Without it, every domain of the server is returned.
      - A domain that does not exist gives an empty RV(domains) list, not an error.
    type: str
  effective:
    description:
      - Also return C(effective_settings), the settings with the server defaults filled in.
    type: bool
    default: false
  counts:
    description:
      - Also return C(counts), the number of accounts, aliases, forwarders, groups and mailing lists.
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: Read every domain
  communigate.pro.cgp_domain_info:
  register: cgp_domains

- name: Read one domain with its effective settings
  communigate.pro.cgp_domain_info:
    name: example.com
    effective: true
  register: cgp_example
"""

RETURN = r"""
main_domain:
  description: The server's main domain.
  returned: always
  type: str
  sample: mail.example.com
domains:
  description: One entry per domain.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Domain name.
      type: str
    settings:
      description: Explicitly set domain settings.
      type: dict
    effective_settings:
      description: Settings including the defaults (with O(effective=true)).
      type: dict
      returned: when O(effective=true)
    aliases:
      description: Domain aliases.
      type: list
      elements: str
    account_defaults:
      description: Default settings of the domain's accounts.
      type: dict
    account_default_prefs:
      description: Default preferences of the domain's accounts.
      type: dict
    account_template:
      description: Account template.
      type: dict
    counts:
      description: Object counts (with O(counts=true)).
      type: dict
      returned: when O(counts=true)
      sample: {accounts: 12, aliases: 3, forwarders: 1, groups: 0, lists: 2}
  sample:
    - name: example.com
      settings: {MailToUnknown: Rejected}
      aliases: []
      account_defaults: {}
      account_default_prefs: {}
      account_template: {MaxAccountSize: 100M}
      counts: {accounts: 12, aliases: 3, forwarders: 1, groups: 0, lists: 2}
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule

READS = (
    ("settings", "GETDOMAINSETTINGS"),
    ("aliases", "GETDOMAINALIASES"),
    ("account_defaults", "GETACCOUNTDEFAULTS"),
    ("account_default_prefs", "GETACCOUNTDEFAULTPREFS"),
    ("account_template", "GETACCOUNTTEMPLATE"),
)


def main():
    cgp = CGPModule(dict(
        name=dict(type="str"),
        effective=dict(type="bool", default=False),
        counts=dict(type="bool", default=True),
    ))
    p = cgp.params
    cgp.connect()
    main_domain = cgp.read("main_domain_name")
    names = cgp.read("list_domains")
    if p["name"]:
        names = [n for n in names if n.lower() == p["name"].lower()]

    reads = list(READS)
    if p["effective"]:
        reads.append(("effective_settings", "GETDOMAINEFFECTIVESETTINGS"))
    plan = []
    for name in names:
        plan.extend((name, key, (verb, name)) for key, verb in reads)
        if p["counts"]:
            kinds = [cgp.keyword(kind) for kind in ("ACCOUNTS", "ALIASES", "FORWARDERS")]
            plan.append((name, "objects", ("LISTDOMAINOBJECTS", name, 0) + tuple(kinds)))
            plan.append((name, "groups", ("LISTGROUPS", name)))
            plan.append((name, "lists", ("LISTLISTS", name)))
    results = cgp.batch([command for _name, _key, command in plan])

    domains = dict((name, {"name": name}) for name in names)
    for (name, key, _command), value in zip(plan, results):
        domains[name][key] = value
    for domain in domains.values():
        if p["counts"]:
            objects = domain.pop("objects")
            domain["counts"] = {"accounts": int(objects[0]), "aliases": int(objects[2]),
                                "forwarders": int(objects[3]), "groups": len(domain.pop("groups")),
                                "lists": len(domain.pop("lists"))}
    cgp.exit(main_domain=main_domain, domains=[domains[name] for name in names])


if __name__ == "__main__":
    main()
