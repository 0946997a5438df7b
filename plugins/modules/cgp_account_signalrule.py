#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_account_signalrule
short_description: Manage the signal rules of a CommuniGate Pro account
version_added: 0.1.0
description:
  - Create, update and delete the signal rules of one account, which CommuniGate Pro applies to calls and other
    signals (SIP INVITE, ...) for the account, such as a redirect to a mobile phone when a call is not answered,
    in a readable form or as CommuniGate Pro rule arrays.
  - Signal rules have the same shape as mail rules, and the module the same options as
    M(communigate.pro.cgp_account_mailrule). Rules are identified by their name; each is written on its own with
    C(UpdateAccountSignalRule), so a task never rewrites the rules it does not name. O(purge=true) removes the
    rules not listed, one C(UpdateAccountSignalRule DELETE) each.
  - A rule given in full is compared with the server's rule after normalisation (priority V(2005) equals
    V("2005"); a condition or action without operation or parameter equals one whose operation or parameter is
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
    description: Shows the account's signal rules, in the readable form, before and after.
options:
  account:
    description:
      - The account, as V(user@domain).
    type: str
    required: true
notes:
  - "A signal rule's O(priority) is the number of the CommuniGate Pro rule array, which holds both the rule's
    stage (when it applies) and its priority within the stage, as C(stage * 100 + priority): V(2005) is stage
    V(20), priority V(5); V(99705) is stage V(997), priority V(5); a rule of stage V(0) has its priority alone
    (V(5)). The module takes and returns that number as it is."
  - "Stages: V(0) immediately; V(1) to V(600) after that many seconds of ringing; V(995) when the call is not
    answered; V(997) when the line is busy; V(999) when the call fails. Priorities go from V(0) (inactive) to
    V(10) (highest). The CLI reference does not document this encoding; it is what the vendor's cPanel adaptor
    and XIMSS clients use."
  - A priority-only change is C(UpdateAccountSignalRule) with a two-element array.
  - A domain administrator needs the C(SignalRulesAllowed) access right to set an account's signal rules.
  - The domain-wide signal rules are managed with M(communigate.pro.cgp_domain_signalrule), the server-wide and
    cluster-wide ones with M(communigate.pro.cgp_settings) and O(communigate.pro.cgp_settings#module:scope=server_signal_rules).
seealso:
  - module: communigate.pro.cgp_domain_signalrule
  - module: communigate.pro.cgp_account_mailrule
  - module: communigate.pro.cgp_settings
"""

EXAMPLES = r"""
- name: Calls not answered within 20 seconds also ring the mobile phone (stage 20, priority 5)
  communigate.pro.cgp_account_signalrule:
    account: jane@example.com
    name: Ring mobile
    priority: 2005
    actions:
      - {action: Fork to, value: "sip:+15550100@example.com"}

- name: Outside office hours, calls go to voicemail at once (stage 0, priority 8)
  communigate.pro.cgp_account_signalrule:
    account: jane@example.com
    name: After hours
    priority: 8
    conditions:
      - {what: Method, op: is, value: INVITE}
      - {what: Time Of Day, op: not in, value: "09:00-17:00"}
    actions:
      - {action: Redirect to, value: "#voicemail"}
      - {action: Stop Processing}

- name: When the line is busy, redirect to a colleague, given as a raw CommuniGate Pro rule (stage 997)
  communigate.pro.cgp_account_signalrule:
    account: jane@example.com
    raw: [99705, "Busy", [], [["Redirect to", "bob@example.com"]]]

- name: The account has exactly these signal rules, all others are deleted
  communigate.pro.cgp_account_signalrule:
    account: bob@example.com
    rules:
      - name: No answer
        priority: 99505
        actions: [{action: Redirect to, value: "#voicemail"}]
    purge: true

- name: Delete a signal rule
  communigate.pro.cgp_account_signalrule:
    account: jane@example.com
    name: Ring mobile
    state: absent
"""

RETURN = r"""
rule:
  description: The rule named by O(name) (or O(raw)) after the run, in the readable form (C(name), C(priority) and
    C(raw) instead when the readable form cannot hold it exactly); empty after deletion.
  returned: when O(name) or O(raw) is given
  type: dict
  sample:
    name: Ring mobile
    priority: 2005
    conditions: []
    actions: [{action: Fork to, value: "sip:+15550100@example.com"}]
rules:
  description: All of the account's signal rules after the run (what check mode predicts in check mode), in the
    form O(rules) accepts.
  returned: success
  type: list
  elements: dict
  sample:
    - name: Ring mobile
      priority: 2005
      conditions: []
      actions: [{action: Fork to, value: "sip:+15550100@example.com"}]
commands:
  description: The CLI write commands sent (in check mode, that would be sent).
  returned: always
  type: list
  elements: str
  sample: ['UPDATEACCOUNTSIGNALRULE "jane@example.com" (2005,"Ring mobile",(),(("Fork to","sip:+15550100@example.com")))']
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
    cgp.run(manage_rules, "account", "signal")


if __name__ == "__main__":
    main()
