#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


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
  - communigate.pro.cgp.secrets_file
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
  mail_rules:
    description:
      - Also return C(mail_rules), the domain-wide mail rules in the readable form the
        O(communigate.pro.cgp_domain_mailrule#module:rules) option of M(communigate.pro.cgp_domain_mailrule) accepts
        (C(GetDomainMailRules), in the same pipelined batch).
    type: bool
    default: false
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
    mail_rules:
      description: The domain's mail rules, in the readable form (see M(communigate.pro.cgp_domain_mailrule)).
      type: list
      elements: dict
      returned: when O(mail_rules=true)
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

from ansible_collections.communigate.pro.plugins.module_utils.cgp_domain import domain_info
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(
        dict(
            name=dict(type="str"),
            effective=dict(type="bool", default=False),
            counts=dict(type="bool", default=True),
            mail_rules=dict(type="bool", default=False),
            secrets_file=dict(type="path"),
        )
    )
    cgp.run(domain_info)


if __name__ == "__main__":
    main()
