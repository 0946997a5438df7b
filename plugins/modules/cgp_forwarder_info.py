#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


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
  - communigate.pro.cgp.info_module
  - communigate.pro.cgp.domain_objects_info
options:
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

from ansible_collections.communigate.pro.plugins.module_utils.cgp_forwarder import forwarder_info
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(
        dict(domain=dict(type="str"), name=dict(type="str"), to=dict(type="str")), required_one_of=[["domain", "name"]]
    )
    cgp.run(forwarder_info)


if __name__ == "__main__":
    main()
