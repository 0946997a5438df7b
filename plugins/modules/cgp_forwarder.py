#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cgp_forwarder
short_description: Manage CommuniGate Pro forwarders
version_added: 0.1.0
description:
  - Create, retarget, rename and delete forwarders, the domain objects that reroute every message and signal
    sent to their name to one target address.
  - Forwarders share the domain's name space with accounts and account aliases; a name that is already taken
    by one of them fails with the server's error text.
  - One forwarder per task with O(name) (the single form), or many forwarders of one domain in one task with
    O(forwarders) (the list form), with one list read for the domain, one pipelined batch of reads for the forwarders'
    targets, then only the writes needed. With O(purge=true) it also deletes the forwarders the list does not name.
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
    description: Shows the forwarder's name and target before and after. In the list form, the diff is keyed by
      forwarder name and holds the forwarders that change.
options:
  name:
    description:
      - Name of the forwarder, V(forwarder@domain), or the bare name together with O(domain).
      - Required unless O(forwarders) is given; the two are mutually exclusive.
    type: str
  domain:
    description:
      - Domain of the forwarder when O(name) has no V(@domain) part.
      - Required with O(forwarders); every element of O(forwarders) must then be in this domain.
    type: str
  forwarders:
    description:
      - The list form. Forwarders of O(domain) to manage in this task, in order, each with the same options as the
        single form (O(forwarders[].name), O(forwarders[].to), O(forwarders[].rename_from), O(forwarders[].state)).
      - O(domain), O(purge) and O(purge_exclude) apply to all elements. The per-forwarder options of the single form
        (O(name), O(to), O(rename_from), O(state)) cannot be given next to O(forwarders).
      - Every element is validated before anything is sent; an error names the element, for example
        C(forwarders[3].to). Two elements may not name the same forwarder.
      - "Failure policy: the forwarders are processed in order and the task stops at the first write that fails.
        The error names the forwarder (RV(failed_object)) and the server's answer, and says what was already
        applied; RV(results) holds the forwarders already processed, RV(commands) every command already sent, and
        RV(not_processed) the forwarders (and purge deletions) that were not processed."
    type: list
    elements: dict
    suboptions:
      name:
        description: The forwarder, V(forwarder@domain) in O(domain) or a bare name.
        type: str
        required: true
      to:
        description: The address the forwarder reroutes to, as O(to). Required with O(forwarders[].state=present).
        type: str
      rename_from:
        description: Rename this existing forwarder to O(forwarders[].name) first, as O(rename_from).
        type: str
      state:
        description: V(present) creates or updates the forwarder, V(absent) deletes it.
        type: str
        choices: [present, absent]
        default: present
  purge:
    description:
      - With O(forwarders) only. Delete every forwarder of O(domain) that O(forwarders) does not name (as
        O(forwarders[].name), or as O(forwarders[].rename_from) of a forwarder renamed in this task), except those
        in O(purge_exclude).
      - The deletions come after every element of O(forwarders) has been applied, and are listed in RV(results)
        with C(state=absent) and C(purged=true).
      - Without it, forwarders the list does not name are never touched.
    type: bool
    default: false
  purge_exclude:
    description:
      - Forwarders that O(purge) never deletes, as bare names or V(forwarder@domain) in O(domain).
    type: list
    elements: str
  to:
    description:
      - The address the forwarder reroutes to. Required with O(state=present).
      - Any string CGP accepts as a forwarder target, not only an e-mail address, for example V(null)
        or V(app{...}#pbx@example.com). Compared case-insensitively with the current target.
      - CGP cannot change the target of an existing forwarder. When it differs, the module deletes the forwarder
        and creates it again with the new target (C(DELETEFORWARDER) then C(CREATEFORWARDER)), and returns
        RV(recreated=true). This is not atomic; between the two commands the name does not exist and mail
        to it is handled as mail to an unknown user. If the creation fails, the forwarder stays deleted and
        the error names the command already applied.
    type: str
  rename_from:
    description:
      - Rename this existing forwarder to O(name). A bare name is taken in the domain of O(name).
      - Nothing is renamed if O(name) already exists or O(rename_from) does not; then O(name) is managed as usual.
    type: str
  state:
    description:
      - V(present) creates or updates the forwarder, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: communigate.pro.cgp_forwarder_info
"""

EXAMPLES = r"""
- name: Forward sales@ to a shared mailbox
  communigate.pro.cgp_forwarder:
    name: sales@example.com
    to: team-sales@example.com

- name: Point a telephony extension at nothing
  communigate.pro.cgp_forwarder:
    name: tn-1001
    domain: example.com
    to: "null"

- name: Rename a forwarder
  communigate.pro.cgp_forwarder:
    name: sales-eu@example.com
    rename_from: sales@example.com
    to: team-sales@example.com

- name: Delete a forwarder
  communigate.pro.cgp_forwarder:
    name: old@example.com
    state: absent

- name: All the forwarders of a domain in one task; delete the others
  communigate.pro.cgp_forwarder:
    domain: example.com
    forwarders:
      - {name: sales, to: team-sales@example.com}
      - {name: support, to: helpdesk@example.net}
      - {name: tn-1001, to: "null"}
    purge: true
"""

RETURN = r"""
forwarder:
  description: The forwarder after the run (what check mode predicts in check mode).
  returned: success, with O(name) and O(state=present)
  type: dict
  contains:
    name:
      description: Fully qualified forwarder name.
      type: str
    to:
      description: Target address.
      type: str
  sample: {name: sales@example.com, to: team-sales@example.com}
recreated:
  description: True when the target changed, so the forwarder was deleted and created again.
  returned: success, with O(name) and O(state=present)
  type: bool
  sample: false
commands:
  description:
    - The CLI write commands sent (in check mode, that would be sent).
    - In the list form, every forwarder's commands in the order they were sent. On failure, the commands
      already applied.
  returned: always
  type: list
  elements: str
  sample: ['DELETEFORWARDER "sales@example.com"', 'CREATEFORWARDER "sales@example.com" TO "new@example.com"']
results:
  description:
    - The list form's per-forwarder results, in the order of O(forwarders), then one per forwarder deleted by
      O(purge).
    - On failure, the forwarders processed before the one that failed.
  returned: when O(forwarders) is given
  type: list
  elements: dict
  contains:
    name: {description: "The forwarder, forwarder@domain.", type: str}
    state: {description: C(present) or C(absent)., type: str}
    changed:
      description: "Whether this forwarder changed (in check mode, would change)."
      type: bool
    commands:
      description: This forwarder's write commands.
      type: list
      elements: str
    forwarder:
      description: "The forwarder after the run, as RV(forwarder). Absent for C(state=absent)."
      type: dict
    recreated: {description: As RV(recreated). Absent for C(state=absent)., type: bool}
    purged:
      description: "True for a forwarder deleted by O(purge), false otherwise."
      type: bool
    diff: {description: "The forwarder's C(before) and C(after), in diff mode only.", type: dict}
  sample:
    - {name: sales@example.com, state: present, changed: true, recreated: false, purged: false,
       commands: ['CREATEFORWARDER "sales@example.com" TO "team-sales@example.com"'],
       forwarder: {name: sales@example.com, to: team-sales@example.com}}
    - {name: old@example.com, state: absent, changed: true, purged: true, commands: ['DELETEFORWARDER "old@example.com"']}
failed_object:
  description: The forwarder whose write failed (list form).
  returned: on failure in the list form, when a forwarder's write failed
  type: str
  sample: sales@example.com
not_processed:
  description: The forwarders (and purge deletions) not processed because of the failure, in order.
  returned: on failure in the list form
  type: list
  elements: str
  sample: [support@example.com]
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_forwarder import (
    FORWARDER_OPTIONS, ForwarderPlanner, forwarder_spec, forwarder_specs)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule, InputError, ListProgress, split_name


def main():
    single = dict((option, dict(spec)) for option, spec in FORWARDER_OPTIONS.items())
    single["name"] = dict(type="str")
    cgp = CGPModule(dict(
        single,
        domain=dict(type="str"),
        forwarders=dict(type="list", elements="dict", options=FORWARDER_OPTIONS),
        purge=dict(type="bool", default=False),
        purge_exclude=dict(type="list", elements="str"),
    ), mutually_exclusive=[["forwarders", option] for option in FORWARDER_OPTIONS],
        required_one_of=[["name", "forwarders"]], required_by={"forwarders": "domain"})
    p = cgp.params
    if p["forwarders"] is None:
        if p["purge"] or p["purge_exclude"]:
            cgp.fail("purge and purge_exclude apply to the list form only (forwarders)")
        try:
            spec = forwarder_spec(p, p["domain"])
        except InputError as exc:
            cgp.fail(str(exc))
        cgp.connect()
        result = ForwarderPlanner(cgp, ListProgress(cgp), spec["domain"]).run([spec])[0]
        if p["state"] == "absent":
            cgp.exit(diff=result["diff"] if result["changed"] else None)
        cgp.exit(forwarder=result["forwarder"], recreated=result["recreated"], diff=result["diff"])

    domain = p["domain"]
    try:
        specs = forwarder_specs(p["forwarders"], domain)
        exclude = [split_name(name, domain, "purge_exclude", what="forwarder")[0] for name in p["purge_exclude"] or []]
    except InputError as exc:
        cgp.fail(str(exc))
    cgp.connect()
    progress = ListProgress(cgp, "forwarders")
    ForwarderPlanner(cgp, progress, domain).run(specs, purge=p["purge"], exclude=exclude)
    progress.exit()


if __name__ == "__main__":
    main()
