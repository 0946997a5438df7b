#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_domain_mailrule
short_description: Manage the domain-wide mail rules of a CommuniGate Pro domain
version_added: 0.1.0
description:
  - Create, update and delete the domain-wide mail (queue) rules of a domain, which CommuniGate Pro applies to
    messages for every account of the domain, in a readable form or as CommuniGate Pro rule arrays.
  - Rules are identified by their name. CommuniGate Pro has no per-rule command for domain rules, only
    C(GetDomainMailRules) and C(SetDomainMailRules), which replaces the whole set. The module therefore reads the
    domain's rules, changes only the rule(s) it is given (or, with O(purge=true), removes the others too) and
    writes the whole set back in one C(SetDomainMailRules), only when something changed. Rules it does not name
    are written back exactly as read. A change made by someone else between the read and the write is lost.
  - The options are those of M(communigate.pro.cgp_account_mailrule); one rule per task (O(name)) fits loops,
    the whole set (O(rules)) with O(purge=true) makes the task own all of the domain's rules.
  - A rule given in full is compared with the server's rule after normalisation (priority V(2) equals
    V("2"); a condition or action without operation or parameter equals one whose operation or parameter is
    V(---); CR LF equals LF in texts; no comment equals an empty comment).
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.state_module
  - communigate.pro.cgp.mail_rules
attributes:
  diff_mode:
    support: full
    description: Shows the domain's rules, in the readable form, before and after.
options:
  domain:
    description:
      - The domain whose rules are managed.
    type: str
    required: true
notes:
  - A domain administrator needs the C(RulesAllowed) access right to set domain rules.
seealso:
  - module: communigate.pro.cgp_account_mailrule
  - module: communigate.pro.cgp_domain
"""

EXAMPLES = r"""
- name: Discard messages a spam filter flagged, for every account of the domain
  communigate.pro.cgp_domain_mailrule:
    domain: example.com
    name: Drop flagged spam
    priority: 5
    conditions:
      - {what: Header Field, op: is, value: "X-Spam-Flag: YES"}
    actions:
      - {action: Discard}

- name: Keep a copy of the mail of a departed employee's address, as a raw rule
  communigate.pro.cgp_domain_mailrule:
    domain: example.com
    raw: [3, "Copy departed", [["Any Recipient", "is", "old@example.com"]], [["Mirror to", "boss@example.com"]]]

- name: The domain has exactly these rules, all others are deleted
  communigate.pro.cgp_domain_mailrule:
    domain: example.com
    rules:
      - name: Reject executables
        priority: 8
        conditions: [{what: Header Field, op: is, value: "Content-Type: *application/x-msdownload*"}]
        actions: [{action: Reject with, value: Executables are not accepted}]
    purge: true

- name: Delete a rule
  communigate.pro.cgp_domain_mailrule:
    domain: example.com
    name: Drop flagged spam
    state: absent
"""

RETURN = r"""
rule:
  description: The rule named by O(name) (or O(raw)) after the run, in the readable form (C(name), C(priority) and
    C(raw) instead when the readable form cannot hold it exactly); empty after deletion.
  returned: when O(name) or O(raw) is given
  type: dict
  sample:
    name: Drop flagged spam
    priority: 5
    conditions: [{what: Header Field, op: is, value: "X-Spam-Flag: YES"}]
    actions: [{action: Discard}]
rules:
  description: All of the domain's rules after the run (what check mode predicts in check mode), in the form
    O(rules) accepts.
  returned: success
  type: list
  elements: dict
  sample:
    - name: Drop flagged spam
      priority: 5
      conditions: [{what: Header Field, op: is, value: "X-Spam-Flag: YES"}]
      actions: [{action: Discard}]
commands:
  description: The CLI write commands sent (in check mode, that would be sent).
  returned: always
  type: list
  elements: str
  sample: ['SETDOMAINMAILRULES "example.com" ((5,"Drop flagged spam",(("Header Field",is,"X-Spam-Flag: YES")),((Discard,"---"))))']
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
    cgp.run(manage_rules, "domain")


if __name__ == "__main__":
    main()
