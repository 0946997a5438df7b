#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cgp_forwarder_info
short_description: Read CommuniGate Pro forwarders
version_added: 0.1.0
description:
  - Return the forwarders of a domain with their targets, in the shape M(communigate.pro.cgp_forwarder) accepts.
  - The targets are read with pipelined C(GETFORWARDER) commands over one connection.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
attributes:
  check_mode:
    support: full
    description: Only reads; runs the same in check mode.
  diff_mode:
    support: none
    description: Nothing changes, so there is no diff.
options:
  domain:
    description:
      - The domain whose forwarders are returned. A domain the server does not know fails with the server's error.
    type: str
    required: true
  name:
    description:
      - Return only this forwarder (a bare name, or V(name@domain) in O(domain)). A forwarder that does not exist
        gives an empty RV(forwarders) list, not an error.
    type: str
  to:
    description:
      - Return only the forwarders pointing to this address (a reverse lookup with C(FINDFORWARDERS)).
    type: str
"""

EXAMPLES = r"""
- name: Read every forwarder of a domain
  communigate.pro.cgp_forwarder_info:
    domain: example.com
  register: cgp_forwarders

- name: Which forwarders point to this mailbox?
  communigate.pro.cgp_forwarder_info:
    domain: example.com
    to: team-sales@example.com
  register: cgp_sales_forwarders
"""

RETURN = r"""
forwarders:
  description: One entry per forwarder, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Fully qualified forwarder name.
      type: str
    to:
      description: Target address.
      type: str
  sample:
    - {name: sales@example.com, to: team-sales@example.com}
    - {name: tn-1001@example.com, to: "null"}
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(dict(
        domain=dict(type="str", required=True),
        name=dict(type="str"),
        to=dict(type="str"),
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
    if p["to"] is not None:
        # the reference does not say whether the found names carry the domain: accept both
        names = [n.partition("@")[0] for n in cgp.read("find_forwarders", domain, p["to"])]
    else:
        names = cgp.read("list_forwarders", domain)
    if wanted is not None:
        names = [n for n in names if n.lower() == wanted.lower()]
    names = sorted(names, key=str.lower)
    targets = cgp.batch([("GETFORWARDER", "%s@%s" % (n, domain)) for n in names])
    cgp.exit(forwarders=[{"name": "%s@%s" % (n, domain), "to": to} for n, to in zip(names, targets)])


if __name__ == "__main__":
    main()
