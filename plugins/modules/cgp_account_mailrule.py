#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_account_mailrule
short_description: Manage the mail rules of a CommuniGate Pro account
version_added: 0.1.0
description:
  - Create, update and delete the mail (queue) rules of one account, such as an auto-reply, a redirect or a
    filter into a mailbox, in a readable form or as CommuniGate Pro rule arrays.
  - Rules are identified by their name. Each rule is written on its own with C(UpdateAccountMailRule), so a task
    never rewrites the rules it does not name, and another tool editing other rules at the same time is not
    overwritten. O(purge=true) removes the rules not listed, one C(UpdateAccountMailRule DELETE) each.
  - One rule per task (O(name)) fits loops over a list of rules; the whole set of rules at once (O(rules)) with
    O(purge=true) makes the task own all of the account's rules.
  - This is a separate module rather than an option of M(communigate.pro.cgp_account) because CommuniGate Pro
    updates rules one at a time (C(UpdateAccountMailRule)), and because rules are often owned by other parties
    (users edit their own rules in WebUser) that an account task should not touch.
  - A rule given in full is compared with the server's rule after normalisation (priority V(2) equals
    V("2"); a condition or action without operation or parameter equals one whose operation or parameter is
    V(---); CR LF equals LF in texts; no comment equals an empty comment) and written only when it differs.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.state_module
  - communigate.pro.cgp.mail_rules
attributes:
  diff_mode:
    support: full
    description: Shows the account's rules, in the readable form, before and after.
options:
  account:
    description:
      - The account, as V(user@domain).
    type: str
    required: true
notes:
  - The rules the WebUser interface manages for the account's auto-reply and redirect are named
    V(#Vacation) and V(#Redirect).
  - A priority-only change is C(UpdateAccountMailRule) with a two-element array.
  - The account's C(RulesAllowed) setting limits which actions the account's user may set, not what an
    administrator sets through the CLI.
seealso:
  - module: communigate.pro.cgp_domain_mailrule
  - module: communigate.pro.cgp_account
"""

EXAMPLES = r"""
- name: Auto-reply once per sender, with a multi-line text
  communigate.pro.cgp_account_mailrule:
    account: jane@example.com
    name: "#Vacation"
    priority: 2
    conditions:
      - what: Human Generated
      - what: From
        op: not in
        value: "#RepliedAddresses"
    actions:
      - action: Reply with
        value: "I am away until Monday.\nYour message will be read then."
      - action: "Remember 'From' in"
        value: RepliedAddresses

- name: File mailing list traffic into a mailbox
  communigate.pro.cgp_account_mailrule:
    account: jane@example.com
    name: Lists
    priority: 5
    conditions:
      - {what: Header Field, op: is, value: "List-Id: *"}
    actions:
      - {action: Store in, value: Lists}
      - {action: Stop Processing}

- name: Keep a copy elsewhere, given as a raw CommuniGate Pro rule
  communigate.pro.cgp_account_mailrule:
    account: jane@example.com
    raw: [1, "#Redirect", [], [["Mirror to", "jane@elsewhere.example"]]]

- name: The account has exactly these rules, all others are deleted
  communigate.pro.cgp_account_mailrule:
    account: bob@example.com
    rules:
      - name: Spam
        priority: 9
        conditions: [{what: Header Field, op: is, value: "X-Spam-Flag: YES"}]
        actions: [{action: Discard}]
    purge: true

- name: Delete the auto-reply
  communigate.pro.cgp_account_mailrule:
    account: jane@example.com
    name: "#Vacation"
    state: absent
"""

RETURN = r"""
rule:
  description: The rule named by O(name) (or O(raw)) after the run, in the readable form (C(name), C(priority) and
    C(raw) instead when the readable form cannot hold it exactly); empty after deletion.
  returned: when O(name) or O(raw) is given
  type: dict
  sample:
    name: "#Vacation"
    priority: 2
    conditions: [{what: Human Generated}, {what: From, op: not in, value: "#RepliedAddresses"}]
    actions: [{action: Reply with, value: I am away}, {action: "Remember 'From' in", value: RepliedAddresses}]
rules:
  description: All of the account's rules after the run (what check mode predicts in check mode), in the form
    O(rules) accepts.
  returned: success
  type: list
  elements: dict
  sample:
    - name: Lists
      priority: 5
      conditions: [{what: Header Field, op: is, value: "List-Id: *"}]
      actions: [{action: Store in, value: Lists}, {action: Stop Processing}]
commands:
  description: The CLI write commands sent (in check mode, that would be sent).
  returned: always
  type: list
  elements: str
  sample: ['UPDATEACCOUNTMAILRULE "jane@example.com" (2,"#Vacation",(("Human Generated","---")),(("Reply with",away)))']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailrules import (
    MUTUALLY_EXCLUSIVE,
    REQUIRED_ONE_OF,
    argument_spec,
    manage_rules,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(argument_spec("account"), mutually_exclusive=MUTUALLY_EXCLUSIVE, required_one_of=REQUIRED_ONE_OF)
    cgp.run(manage_rules, "account")


if __name__ == "__main__":
    main()
