#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_mailbox_info
short_description: Read the mailboxes of a CommuniGate Pro account
version_added: 0.2.0
description:
  - Return the mailboxes of an account with their class, ACL, subscription and aliases, in the shape the
    O(communigate.pro.cgp_mailbox#module:mailboxes) list of M(communigate.pro.cgp_mailbox) accepts, so the
    output can be fed back (or copied to another account) as it is.
  - One C(ListMailboxes), then the ACLs, the subscription and the mailbox aliases in one pipelined batch.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.info_module
options:
  account:
    description:
      - The account, as V(user@domain).
    type: str
    required: true
  name:
    description:
      - Return only this mailbox (case-sensitive, except C(INBOX)). A mailbox that does not exist gives an empty
        RV(mailboxes).
    type: str
  filter:
    description:
      - Return only the mailboxes whose name matches this pattern, as C(ListMailboxes FILTER) does. C(*) matches
        any text, C(%) any text without C(/) (V(%) lists the top level, V(Projects/*) everything under
        V(Projects)).
    type: str
  info:
    description:
      - Also return C(info), the mailbox information dictionary C(ListMailboxes) gives (for example C(Class) and
        message counts). It is not an option of M(communigate.pro.cgp_mailbox); drop it before feeding the output
        back.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Read every mailbox of an account
  communigate.pro.cgp_mailbox_info:
    account: shared@example.com
  register: cgp_shared_mailboxes

- name: Copy the folders, classes and ACLs to another account
  communigate.pro.cgp_mailbox:
    account: shared2@example.com
    mailboxes: "{{ cgp_shared_mailboxes.mailboxes }}"

- name: The top-level mailboxes only, with their message counts
  communigate.pro.cgp_mailbox_info:
    account: shared@example.com
    filter: "%"
    info: true
  register: cgp_top_level
"""

RETURN = r"""
mailboxes:
  description: One entry per mailbox (that can hold messages), sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The mailbox name.
      type: str
    class:
      description: The mailbox class, or null when it has none.
      type: str
    acl:
      description: The access control list, identifier -> rights letters.
      type: dict
    subscribed:
      description: Whether the account is subscribed to the mailbox.
      type: bool
    aliases:
      description: The account's mailbox aliases that point to this mailbox, sorted.
      type: list
      elements: str
    info:
      description: The mailbox information C(ListMailboxes) gives.
      type: dict
      returned: when O(info=true)
  sample:
    - {name: Calendar, class: IPF.Appointment, acl: {"anyone@": lr}, subscribed: true, aliases: []}
    - {name: INBOX, class: null, acl: {}, subscribed: true, aliases: []}
folders:
  description:
    - Mailbox folders that hold submailboxes but no messages of their own (C(ListMailboxes) lists them with an
      empty value), sorted. Empty when O(name) is given.
  returned: always
  type: list
  elements: str
  sample: [Projects]
subscription:
  description: The account's subscribed mailboxes, as C(GetMailboxSubscription) gives them.
  returned: always
  type: list
  elements: str
  sample: [INBOX, Calendar]
mailbox_aliases:
  description: All the account's mailbox aliases, alias -> mailbox, as C(GetMailboxAliases) gives them.
  returned: always
  type: dict
  sample: {Sent Items: Sent}
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailbox import mailbox_info
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(
        dict(
            account=dict(type="str", required=True),
            name=dict(type="str"),
            filter=dict(type="str"),
            info=dict(type="bool", default=False),
        )
    )
    cgp.run(mailbox_info)


if __name__ == "__main__":
    main()
