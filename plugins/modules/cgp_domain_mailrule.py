#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

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
attributes:
  check_mode:
    support: full
    description: Sends only read commands and reports the same C(changed) and C(commands) a real run would.
  diff_mode:
    support: full
    description: Shows the domain's rules, in the readable form, before and after.
options:
  domain:
    description:
      - The domain whose rules are managed.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the rule(s), V(absent) deletes them (a rule that does not exist is not an
        error).
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - Name of the rule (one rule per task). Mutually exclusive with O(rules).
    type: str
  priority:
    description:
      - Priority of the rule, a whole number; rules with a higher priority are applied first.
      - Required to create a rule. Omitted, an existing rule keeps its priority.
      - Given alone with O(name) (no O(conditions), O(actions), O(comment) or O(raw)), only the priority of the
        existing rule is changed; the rule must exist.
    type: int
  conditions:
    description:
      - The rule's conditions, all of which must match. Each is a dictionary with C(what) (V(From),
        V(Subject), V(Human Generated), V(Header Field), ...), C(op) (V(is), V(is not), V(in), V(not in),
        V(greater than), V(less than)) and C(value); C(op) and C(value) are left out for conditions that have
        none, such as V(Human Generated).
      - An element can also be a CommuniGate Pro condition array, for example V(["From", "is", "*@example.com"]).
      - A C(value) can be a list of strings; they are joined into one multi-line value.
      - Omitted or empty, the rule applies to every message.
    type: list
    elements: raw
  actions:
    description:
      - The rule's actions, in order. Each is a dictionary with C(action) (V(Store in), V(Mirror to),
        V(Redirect to), V(Forward to), V(Reply with), V(Reject with), V(Discard), V(Stop Processing),
        V(Remember 'From' in), ...) and C(value), left out for actions that take no parameter.
      - An element can also be a CommuniGate Pro action array, for example V(["Mirror to", "x@example.com"]).
      - Line breaks in a value (a reply text, several addresses) are written as V(\\n) in YAML, or given as a
        list of strings; CommuniGate Pro stores them as C(\e).
    type: list
    elements: raw
  comment:
    description:
      - A comment stored with the rule.
    type: str
  raw:
    description:
      - The whole rule as a CommuniGate Pro array V([priority, name, conditions, actions]) or
        V([priority, name, conditions, actions, comment]), for anything the readable form does not cover.
      - Cannot be combined with O(conditions), O(actions) or O(comment). O(name) and O(priority) may be left out;
        if given, they must match the array.
    type: list
    elements: raw
  rules:
    description:
      - Several rules at once, each a dictionary with the keys C(name), C(priority), C(conditions), C(actions),
        C(comment) and C(raw), which mean what the options of the same names mean. Mutually exclusive with
        O(name).
      - With O(state=absent) only each rule's C(name) is used.
      - An empty list with O(purge=true) removes all of the domain's rules.
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the rule.
        type: str
      priority:
        description: Priority of the rule (see O(priority)).
        type: int
      conditions:
        description: Conditions (see O(conditions)).
        type: list
        elements: raw
      actions:
        description: Actions (see O(actions)).
        type: list
        elements: raw
      comment:
        description: A comment stored with the rule.
        type: str
      raw:
        description: The whole rule as an array (see O(raw)).
        type: list
        elements: raw
  purge:
    description:
      - Delete every rule of the domain that is not named by O(name) or O(rules).
      - Only with O(state=present).
    type: bool
    default: false
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

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule
from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailrules import (
    MUTUALLY_EXCLUSIVE, REQUIRED_ONE_OF, RULE_ARGUMENT_SPEC, RuleError, from_params, plan, rule_name, to_readable,
    to_readable_list)


def main():
    spec = dict(
        domain=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        rules=dict(type="list", elements="dict", options=dict(RULE_ARGUMENT_SPEC)),
        purge=dict(type="bool", default=False),
    )
    spec.update(RULE_ARGUMENT_SPEC)
    cgp = CGPModule(spec, mutually_exclusive=MUTUALLY_EXCLUSIVE, required_one_of=REQUIRED_ONE_OF)
    domain = cgp.params["domain"]
    try:
        desired, absent, named = from_params(cgp.params)
    except RuleError as exc:
        cgp.fail(str(exc))

    cgp.connect()
    current = cgp.read_or_none("get_domain_mail_rules", domain)
    if current is None:
        cgp.fail("domain '%s' does not exist" % domain)
    try:
        todo = plan(current, desired, absent, purge=cgp.params["purge"])
    except RuleError as exc:
        cgp.fail("domain '%s': %s" % (domain, exc))

    # Domains have no per-rule command: write the whole array, the other rules as they were read.
    if todo.changed:
        cgp.write("set_domain_mail_rules", domain, todo.after)

    result = dict(rules=to_readable_list(todo.after))
    if named:
        result["rule"] = next((to_readable(rule) for rule in todo.after if rule_name(rule) == named), {})
    cgp.exit(diff={"before": {"rules": to_readable_list(current)}, "after": {"rules": result["rules"]}}, **result)


if __name__ == "__main__":
    main()
