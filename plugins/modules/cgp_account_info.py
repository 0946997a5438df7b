#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_account_info
short_description: Read CommuniGate Pro accounts
version_added: 0.1.0
description:
  - Return the accounts of a domain with their settings, preferences, aliases and telephone numbers, and on
    request their effective settings and account info (last login, storage used), in the shape
    M(communigate.pro.cgp_account) accepts.
  - The reads for all accounts are pipelined over one connection (one round trip).
  - The C(Password) setting is never returned (O(secrets_file) writes it to a file instead).
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.info_module
  - communigate.pro.cgp.domain_objects_info
  - communigate.pro.cgp.secrets_file
options:
  filter:
    description:
      - Return only the accounts whose name contains this text (case-insensitive), as C(ListDomainObjects FILTER) does.
    type: str
  effective:
    description:
      - Also return C(effective_settings) and C(effective_prefs), with the domain and server defaults filled in.
    type: bool
    default: false
  info:
    description:
      - Also return C(info), elements of the account's info dictionary (C(GetAccountInfo)) such as the last
        login time and address and the storage used.
    type: bool
    default: false
  info_keys:
    description:
      - The info elements returned with O(info=true). Names are case-sensitive; elements that do not exist are
        left out.
    type: list
    elements: str
    default: [LastLogin, LastAddress, StorageUsed]
  mail_rules:
    description:
      - Also return C(mail_rules), the account's mail rules in the readable form the
        O(communigate.pro.cgp_account_mailrule#module:rules) option of M(communigate.pro.cgp_account_mailrule)
        accepts (C(GetAccountMailRules), in the same pipelined batch).
      - M(communigate.pro.cgp_account) does not take C(mail_rules); leave it out when feeding an account back to it.
    type: bool
    default: false
  rights:
    description:
      - Also return C(rights), the account's server or domain administration access rights (C(GetAccountRights)),
        in the shape O(communigate.pro.cgp_account#module:rights) accepts.
      - Off by default, because reading rights may need more than reading accounts does, and costs one more
        read per account.
    type: bool
    default: false
    version_added: 0.2.0
  mailboxes:
    description:
      - Also return C(mailboxes), the account's mailboxes (that hold messages) with their class, ACL, subscription
        and aliases, as M(communigate.pro.cgp_mailbox_info) returns them, for every account in two pipelined
        batches (the listings, subscriptions and aliases, then the ACLs) instead of one module run per account.
      - M(communigate.pro.cgp_account) does not take C(mailboxes); leave it out when feeding an account back to it
        (the role C(communigate.pro.cgp_mail_domain) takes it, and applies it with M(communigate.pro.cgp_mailbox)).
    type: bool
    default: false
    version_added: 0.2.0
"""

EXAMPLES = r"""
- name: Read every account of a domain
  communigate.pro.cgp_account_info:
    domain: example.com
  register: cgp_accounts

- name: Read one account with its effective settings and last login
  communigate.pro.cgp_account_info:
    domain: example.com
    name: jane
    effective: true
    info: true
  register: cgp_jane

- name: Every account with its mail rules (its auto-reply, redirect, filters)
  communigate.pro.cgp_account_info:
    domain: example.com
    mail_rules: true
  register: cgp_accounts_with_rules

- name: The domain administrators of a domain, with their rights
  communigate.pro.cgp_account_info:
    domain: example.com
    rights: true
  register: cgp_accounts_rights

- name: Accounts whose name contains "test"
  communigate.pro.cgp_account_info:
    domain: example.com
    filter: test
  register: cgp_test_accounts
"""

RETURN = r"""
accounts:
  description: One entry per account, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The account, user@domain.
      type: str
    settings:
      description: Explicitly set account settings (no C(Password)).
      type: dict
    prefs:
      description: Explicitly set account preferences.
      type: dict
    aliases:
      description: The account's aliases.
      type: list
      elements: str
    telnums:
      description: The account's telephone numbers.
      type: list
      elements: str
    real_name:
      description: The C(RealName) setting, or null.
      type: str
    quota:
      description: The account's own C(MaxAccountSize) setting, or null when the default applies.
      type: str
    enabled:
      description: False when the account's own C(AccessModes) setting is C(None).
      type: bool
    language:
      description: The C(Language) preference, or null.
      type: str
    time_zone:
      description: The C(TimeZone) preference, or null.
      type: str
    effective_settings:
      description: Settings with the defaults filled in (no C(Password)).
      type: dict
      returned: when O(effective=true)
    effective_prefs:
      description: Preferences with the defaults filled in.
      type: dict
      returned: when O(effective=true)
    mail_rules:
      description: The account's mail rules, in the readable form (C(name), C(priority), C(conditions), C(actions),
        C(comment); C(name), C(priority) and C(raw) for a rule the readable form cannot hold exactly).
      type: list
      elements: dict
      returned: when O(mail_rules=true)
      sample:
        - name: "#Vacation"
          priority: 2
          conditions: [{what: Human Generated}]
          actions: [{action: Reply with, value: I am away}]
    info:
      description: The requested info elements that exist.
      type: dict
      returned: when O(info=true)
      sample: {LastLogin: "2024-05-01T10:00:00Z", LastAddress: "[192.0.2.10]", StorageUsed: "1024"}
    rights:
      description: The access rights, in the order the server gives them.
      type: list
      elements: str
      returned: when O(rights=true)
      sample: [Domain, CanCreateAccounts]
    mailboxes:
      description: The mailboxes, sorted by name, as RV(communigate.pro.cgp_mailbox_info#module:mailboxes).
      type: list
      elements: dict
      returned: when O(mailboxes=true)
      sample:
        - {name: Calendar, class: IPF.Appointment, acl: {"anyone@": lr}, subscribed: true, aliases: []}
        - {name: INBOX, class: null, acl: {}, subscribed: true, aliases: []}
  sample:
    - name: jane@example.com
      settings: {RealName: Jane Doe, MaxAccountSize: 2G}
      prefs: {Language: german}
      aliases: [j.doe]
      telnums: []
      real_name: Jane Doe
      quota: 2G
      enabled: true
      language: german
      time_zone: null
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_account import INFO_KEYS, account_info
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(
        dict(
            domain=dict(type="str"),
            name=dict(type="str"),
            filter=dict(type="str"),
            effective=dict(type="bool", default=False),
            info=dict(type="bool", default=False),
            info_keys=dict(type="list", elements="str", default=list(INFO_KEYS), no_log=False),
            mail_rules=dict(type="bool", default=False),
            secrets_file=dict(type="path"),
            rights=dict(type="bool", default=False),
            mailboxes=dict(type="bool", default=False),
        ),
        required_one_of=[["domain", "name"]],
    )
    cgp.run(account_info)


if __name__ == "__main__":
    main()
