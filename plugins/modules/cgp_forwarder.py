#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


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
  - communigate.pro.cgp.list_form
  - communigate.pro.cgp.state_module
attributes:
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
  description:
    - The forwarder after the run (what check mode predicts in check mode).
    - Its keys are those of each element of RV(communigate.pro.cgp_forwarder_info#module:forwarders).
  returned: success, with O(name) and O(state=present)
  type: dict
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
    - The list form's results, one per element of O(forwarders) in order, then one per forwarder deleted by O(purge).
      On failure, those processed before the failing one. The notes say what each entry holds.
  returned: when O(forwarders) is given
  type: list
  elements: dict
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

from ansible_collections.communigate.pro.plugins.module_utils.cgp_forwarder import FORWARDERS
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(FORWARDERS.argument_spec(), **FORWARDERS.module_kwargs())
    cgp.run(FORWARDERS.run)


if __name__ == "__main__":
    main()
