#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


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
  - communigate.pro.cgp.state_module
attributes:
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

from ansible_collections.communigate.pro.plugins.module_utils.cgp_domain import DOMAIN_OPTIONS, manage_domain
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(DOMAIN_OPTIONS)
    cgp.run(manage_domain)


if __name__ == "__main__":
    main()
