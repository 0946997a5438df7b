#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_domain_signalrule
short_description: Manage the domain-wide signal rules of a CommuniGate Pro domain
version_added: 0.1.0
description:
  - Create, update and delete the domain-wide signal rules of a domain, which CommuniGate Pro applies to calls and
    other signals for every account of the domain, in a readable form or as CommuniGate Pro rule arrays.
  - Rules are identified by their name. CommuniGate Pro has no per-rule command for domain signal rules, only
    C(GetDomainSignalRules) and C(SetDomainSignalRules), which replaces the whole set. The module reads the
    domain's rules, changes only the rule(s) it is given (or, with O(purge=true), removes the others too) and
    writes the whole set back in one C(SetDomainSignalRules), only when something changed. The rules are read
    again right before that write and checked after it, so a rule another client adds or changes meanwhile is
    kept.
  - The options are those of M(communigate.pro.cgp_account_signalrule) and the mail rule modules; one rule per
    task (O(name)) fits loops, the whole set (O(rules)) with O(purge=true) makes the task own all of the domain's
    signal rules.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.state_module
  - communigate.pro.cgp.mail_rules
attributes:
  diff_mode:
    support: full
    description: Shows the domain's signal rules, in the readable form, before and after.
options:
  domain:
    description:
      - The domain whose signal rules are managed.
    type: str
    required: true
notes:
  - "O(priority) is the number of the CommuniGate Pro rule array, C(stage * 100 + priority): V(99505) is stage
    V(995) (no answer), priority V(5); a rule of stage V(0) (immediately) has its priority alone. See
    M(communigate.pro.cgp_account_signalrule) for the stages."
  - A domain administrator needs the C(SignalRulesAllowed) access right to set domain signal rules.
  - The server-wide and cluster-wide signal rules are managed with M(communigate.pro.cgp_settings) and
    O(communigate.pro.cgp_settings#module:scope=server_signal_rules) (with O(communigate.pro.cgp_settings#module:cluster=true)
    for the cluster's).
seealso:
  - module: communigate.pro.cgp_account_signalrule
  - module: communigate.pro.cgp_domain_mailrule
  - module: communigate.pro.cgp_settings
"""

EXAMPLES = r"""
- name: Unanswered calls to any account of the domain go to voicemail (stage 995, priority 5)
  communigate.pro.cgp_domain_signalrule:
    domain: example.com
    name: Voicemail on no answer
    priority: 99505
    actions:
      - {action: Redirect to, value: "#voicemail"}

- name: Reject calls from an unwanted caller at once, as a raw rule (stage 0, priority 9)
  communigate.pro.cgp_domain_signalrule:
    domain: example.com
    raw: [9, "Block spammer", [["From", "is", "*@spam.example"]], [["Reject with", "603"]]]

- name: The domain has exactly these signal rules, all others are deleted
  communigate.pro.cgp_domain_signalrule:
    domain: example.com
    rules:
      - name: Voicemail on no answer
        priority: 99505
        actions: [{action: Redirect to, value: "#voicemail"}]
    purge: true

- name: Server-wide signal rules go through cgp_settings
  communigate.pro.cgp_settings:
    scope: server_signal_rules
    entries:
      - name: Failed calls to voicemail
        priority: 99905
        conditions: []
        actions: [[Redirect to, "#voicemail"]]

- name: Delete a domain signal rule
  communigate.pro.cgp_domain_signalrule:
    domain: example.com
    name: Block spammer
    state: absent
"""

RETURN = r"""
rule:
  description: The rule named by O(name) (or O(raw)) after the run, in the readable form (C(name), C(priority) and
    C(raw) instead when the readable form cannot hold it exactly); empty after deletion.
  returned: when O(name) or O(raw) is given
  type: dict
  sample:
    name: Voicemail on no answer
    priority: 99505
    conditions: []
    actions: [{action: Redirect to, value: "#voicemail"}]
rules:
  description: All of the domain's signal rules after the run (what check mode predicts in check mode), in the form
    O(rules) accepts.
  returned: success
  type: list
  elements: dict
  sample:
    - name: Voicemail on no answer
      priority: 99505
      conditions: []
      actions: [{action: Redirect to, value: "#voicemail"}]
commands:
  description: The CLI write commands sent (in check mode, that would be sent).
  returned: always
  type: list
  elements: str
  sample: ['SETDOMAINSIGNALRULES "example.com" ((99505,"Voicemail on no answer",(),(("Redirect to","#voicemail"))))']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailrules import (
    MUTUALLY_EXCLUSIVE,
    REQUIRED_ONE_OF,
    argument_spec,
    manage_rules,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(argument_spec("domain"), mutually_exclusive=MUTUALLY_EXCLUSIVE, required_one_of=REQUIRED_ONE_OF)
    cgp.run(manage_rules, "domain", "signal")


if __name__ == "__main__":
    main()
