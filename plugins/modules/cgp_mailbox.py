#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_mailbox
short_description: Manage the mailboxes of a CommuniGate Pro account
version_added: 0.2.0
description:
  - Create, rename and delete the mailboxes (folders) of an account, and manage their class, their access control
    list (ACL, who else may use them), whether the account is subscribed to them, and the mailbox aliases that
    point to them. Shared folders, calendars, contacts and task lists are mailboxes with an ACL and a class.
  - One mailbox per task with O(name) (the single form), or many mailboxes of one account in one task with
    O(mailboxes) (the list form), with one C(ListMailboxes), one pipelined batch of reads for what the elements
    compare, then only the writes needed.
  - Mailbox names are case-sensitive, except C(INBOX); C(/) separates the levels (V(Projects/2024) is the
    submailbox V(2024) of V(Projects)).
  - Mailboxes the task does not name are never touched; there is no purge.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.state_module
attributes:
  diff_mode:
    support: full
    description: Shows the mailbox's name, class, and the ACL, subscription and aliases the task manages, before
      and after. In the list form, the diff is keyed by mailbox name and holds the mailboxes that change.
options:
  account:
    description:
      - The account whose mailboxes these are, as V(user@domain).
      - The login needs to be the account itself, a server administrator with the All Domains right, or a domain
        administrator with the C(CanAccessMailboxes) right.
    type: str
    required: true
  name:
    description:
      - The mailbox, for example V(Shared), V(Calendar) or V(Projects/2024).
      - Required unless O(mailboxes) is given; the two are mutually exclusive.
      - A name may not start or end with C(/), nor end in C(.mbox) or C(.mdir) (CGP takes such a suffix as the
        storage format of a new mailbox and leaves it out of the name).
    type: str
  state:
    description:
      - V(present) creates or updates the mailbox, V(absent) deletes it with its messages.
      - C(INBOX) cannot be deleted.
    type: str
    choices: [present, absent]
    default: present
  rename_from:
    description:
      - Rename this existing mailbox to O(name) first, with its submailboxes (C(RenameMailbox MAILBOXES)), its
        messages, class and ACL.
      - Nothing is renamed if O(name) already exists or O(rename_from) does not; then O(name) is managed as usual.
      - Renaming C(INBOX) leaves a new, empty C(INBOX).
    type: str
  class:
    description:
      - The mailbox class, for example V(IPF.Appointment) (calendar), V(IPF.Contact) (contacts), V(IPF.Task)
        (tasks) or V(IPF.StickyNote) (notes). Given on creation (C(CreateMailbox CLASS)), changed with
        C(SetMailboxClass) on an existing mailbox. Omit to leave the class alone.
    type: str
  acl:
    description:
      - The access control list, as identifier -> rights. An identifier is an account (V(bob), V(bob@example.com)),
        or a special one such as V(anyone) or V(anyone@) (every account of the owner's domain); it is compared
        exactly as written.
      - The rights are CGP's right letters in any order (others are refused), for example V(lrs) or V(lrswipcda) - C(l) lookup,
        C(r) read (select), C(s) seen, C(w) write (flags), C(i) insert, C(p) post, C(c) create submailboxes,
        C(d) delete, C(a) administer (the ACL and the class).
      - A value V(+letters) makes sure the identifier has these rights (keeping its others), V(-letters) that it
        does not have them; V('') removes the identifier.
      - With O(acl_mode=exact) the identifiers not given lose their rights; with O(acl_mode=merge) they are left
        alone. Omit to leave the ACL alone.
      - The module sends only the difference, per identifier, as C(SetMailboxACL) additions (V(+letters)) and
        removals (V(-letters)), so another client's concurrent change to other identifiers (or to other rights of
        the same identifier) is not lost.
      - A new submailbox starts with its parent's ACL (CGP copies it); the module compares with that.
    type: dict
  acl_mode:
    description:
      - V(exact) makes the ACL exactly O(acl); V(merge) changes only the identifiers O(acl) names.
    type: str
    choices: [exact, merge]
    default: exact
  subscribed:
    description:
      - V(true) adds the mailbox to the account's subscribed mailboxes (what IMAP mailers show), V(false) takes it
        out. Omit to leave the subscription alone.
      - CGP can only replace the whole subscription list (C(SetMailboxSubscription)), so the module reads it right
        before the write and checks afterwards that the change held.
    type: bool
  aliases:
    description:
      - The exact list of the account's mailbox aliases that point to this mailbox (other names under which the
        account's mailers see it). An alias that points to another mailbox is pointed to this one; aliases of
        other mailboxes are left alone. An empty list removes the aliases of this mailbox.
      - CGP can only replace all the account's mailbox aliases (C(SetMailboxAliases)), so the module reads them
        right before the write and checks afterwards that the change held.
    type: list
    elements: str
  recursive:
    description:
      - With O(state=absent), delete the submailboxes too (C(DeleteMailbox MAILBOXES)). Without it only the
        mailbox itself is deleted and its submailboxes stay.
    type: bool
    default: false
  mailboxes:
    description:
      - The list form. Mailboxes of O(account) to manage in this task, in order, each with the same options as the
        single form (O(mailboxes[].name), O(mailboxes[].class), O(mailboxes[].acl), ...).
      - The per-mailbox options of the single form (O(name), O(state), O(class), ...) cannot be given next to
        O(mailboxes).
      - Every element is validated before anything is sent; an error names the element, for example
        C(mailboxes[3].acl). Two elements may not name the same mailbox, nor claim the same alias.
      - "Failure policy: the mailboxes are processed in order and the task stops at the first write that fails.
        The error names the mailbox (RV(failed_object)) and the server's answer, and says what was already applied;
        RV(results) holds the mailboxes already processed, RV(commands) every command already sent, and
        RV(not_processed) the mailboxes not processed."
      - The output of M(communigate.pro.cgp_mailbox_info) (its RV(communigate.pro.cgp_mailbox_info#module:mailboxes))
        is valid input here.
    type: list
    elements: dict
    suboptions:
      name:
        description: The mailbox, as O(name).
        type: str
        required: true
      state:
        description: V(present) or V(absent), as O(state).
        type: str
        choices: [present, absent]
        default: present
      rename_from:
        description: Rename this existing mailbox to O(mailboxes[].name) first, as O(rename_from).
        type: str
      class:
        description: The mailbox class, as O(class).
        type: str
      acl:
        description: The access control list, as O(acl).
        type: dict
      acl_mode:
        description: V(exact) or V(merge), as O(acl_mode).
        type: str
        choices: [exact, merge]
        default: exact
      subscribed:
        description: Whether the account is subscribed to the mailbox, as O(subscribed).
        type: bool
      aliases:
        description: The mailbox aliases that point to this mailbox, as O(aliases).
        type: list
        elements: str
      recursive:
        description: With O(mailboxes[].state=absent), delete the submailboxes too, as O(recursive).
        type: bool
        default: false
  result_detail:
    description:
      - What RV(results) holds for each mailbox of the list form. V(compact) returns the mailboxes that change in
        full and the others only as their C(name), C(state) and C(changed=false); V(full) returns every one in full.
    type: str
    choices: [compact, full]
    default: compact
notes:
  - C(INBOX) always exists; a task with O(name=INBOX) manages its class, ACL, subscription and aliases.
  - Deleting a mailbox does not change the subscription or the mailbox aliases; manage them in the same task if
    needed.
seealso:
  - module: communigate.pro.cgp_mailbox_info
  - module: communigate.pro.cgp_account
"""

EXAMPLES = r"""
- name: A shared folder that the sales team may read and file into
  communigate.pro.cgp_mailbox:
    account: shared@example.com
    name: Sales
    acl:
      sales-team: lrswi
      boss: lrswipcda
    subscribed: true

- name: Let everyone in the domain look into a calendar, leaving the other ACL entries alone
  communigate.pro.cgp_mailbox:
    account: shared@example.com
    name: Calendar
    class: IPF.Appointment
    acl:
      anyone@: lr
    acl_mode: merge

- name: Take the write right away from bob, whatever else he has
  communigate.pro.cgp_mailbox:
    account: shared@example.com
    name: Sales
    acl:
      bob: "-w"
    acl_mode: merge

- name: Rename a folder with its submailboxes
  communigate.pro.cgp_mailbox:
    account: jane@example.com
    name: Archive/2023
    rename_from: Old-2023

- name: Delete a folder and its submailboxes
  communigate.pro.cgp_mailbox:
    account: jane@example.com
    name: Scratch
    state: absent
    recursive: true

- name: The standard groupware folders of an account, in one task
  communigate.pro.cgp_mailbox:
    account: jane@example.com
    mailboxes:
      - {name: Calendar, class: IPF.Appointment, subscribed: true}
      - {name: Contacts, class: IPF.Contact, subscribed: true}
      - {name: Tasks, class: IPF.Task}
      - {name: Notes, class: IPF.StickyNote}
      - {name: Sent, aliases: [Sent Items, Sent Messages]}
"""

RETURN = r"""
mailbox:
  description:
    - The mailbox after the run (what check mode predicts in check mode), in the shape
      M(communigate.pro.cgp_mailbox_info) returns; C(acl), C(subscribed) and C(aliases) when the task gives them.
  returned: success, with O(name) and O(state=present)
  type: dict
  sample: {name: Sales, class: null, acl: {sales-team: ilrsw, boss: acdilprsw}, subscribed: true}
commands:
  description:
    - The CLI write commands sent (in check mode, that would be sent).
    - In the list form, every mailbox's commands in the order they were sent. On failure, the commands already
      applied.
  returned: always
  type: list
  elements: str
  sample: ['CREATEMAILBOX "shared@example.com" MAILBOX "Sales"',
           'SETMAILBOXACL "shared@example.com" MAILBOX "Sales" {sales-team="+ilrsw";}']
results:
  description:
    - The list form's results, one per element of O(mailboxes) in order (on failure, those processed before the
      failing one), each with its C(name), C(state), C(changed), its own C(commands), and C(mailbox) as the single
      form returns it.
  returned: when O(mailboxes) is given
  type: list
  elements: dict
  sample:
    - {name: Calendar, state: present, changed: true, commands: ['CREATEMAILBOX "jane@example.com" MAILBOX
       "Calendar" CLASS "IPF.Appointment"'], mailbox: {name: Calendar, class: IPF.Appointment}}
failed_object:
  description: The mailbox whose write failed (list form).
  returned: on failure in the list form, when a mailbox's write failed
  type: str
  sample: Calendar
not_processed:
  description: The mailboxes not processed because of the failure, in order.
  returned: on failure in the list form
  type: list
  elements: str
  sample: [Contacts]
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailbox import MAILBOXES
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(MAILBOXES.argument_spec(), **MAILBOXES.module_kwargs())
    cgp.run(MAILBOXES.run)


if __name__ == "__main__":
    main()
