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
    description: Shows the forwarder's name and target before and after.
options:
  name:
    description:
      - Name of the forwarder, V(forwarder@domain), or the bare name together with O(domain).
    type: str
    required: true
  domain:
    description:
      - Domain of the forwarder when O(name) has no V(@domain) part.
    type: str
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
"""

RETURN = r"""
forwarder:
  description: The forwarder after the run (what check mode predicts in check mode).
  returned: success and state is present
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
  returned: success and state is present
  type: bool
  sample: false
commands:
  description: The CLI write commands sent (in check mode, that would be sent).
  returned: always
  type: list
  elements: str
  sample: ['DELETEFORWARDER "sales@example.com"', 'CREATEFORWARDER "sales@example.com" TO "new@example.com"']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def split_name(cgp, value, domain, option):
    """(local, domain) of a forwarder name given as name@domain or bare with a default domain."""
    local, at, name_domain = value.rpartition("@")
    if not at:
        local, name_domain = value, domain
    elif domain and name_domain.lower() != domain.lower():
        cgp.fail("%s '%s' is in domain '%s', but domain is '%s'" % (option, value, name_domain, domain))
    if not local.strip() or not name_domain:
        cgp.fail("%s '%s' must be forwarder@domain, or a bare name together with the domain option" % (option, value))
    return local, name_domain


def find(names, local):
    """The server's spelling of ``local`` in ``names`` (case-insensitive), or None."""
    return next((item for item in names if item.lower() == local.lower()), None)


def main():
    cgp = CGPModule(dict(
        name=dict(type="str", required=True),
        domain=dict(type="str"),
        to=dict(type="str"),
        rename_from=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    ), required_if=[("state", "present", ["to"])])
    p = cgp.params
    local, domain = split_name(cgp, p["name"], p["domain"], "name")
    if p["state"] == "present" and not p["to"].strip():
        cgp.fail("to must not be empty")
    rename = None
    if p["rename_from"]:
        rename = split_name(cgp, p["rename_from"], None if "@" in p["rename_from"] else domain, "rename_from")
    cgp.connect()
    existing = find(cgp.read("list_forwarders", domain), local)

    if p["state"] == "absent":
        before = None
        if existing:
            qualified_name = "%s@%s" % (existing, domain)
            before = {"name": qualified_name, "to": cgp.read("get_forwarder", qualified_name)}
            cgp.write("delete_forwarder", qualified_name)
        cgp.exit(diff={"before": before, "after": {}} if before else None)

    name = "%s@%s" % (existing or local, domain)
    source = "%s@%s" % (existing, domain) if existing else None
    if existing is None and rename:
        old = find(cgp.read("list_forwarders", rename[1]), rename[0])
        if old:
            source = "%s@%s" % (old, rename[1])

    before = {"name": source, "to": cgp.read("get_forwarder", source)} if source else {}
    if source and existing is None:
        cgp.write("rename_forwarder", source, name)
    recreated = False
    if source is None:
        cgp.write("create_forwarder", name, p["to"])
        current = {"name": name, "to": p["to"]}
    else:
        current = {"name": name, "to": before["to"]}
        if before["to"].strip().lower() != p["to"].strip().lower():
            cgp.write("delete_forwarder", name)
            cgp.write("create_forwarder", name, p["to"])
            current["to"] = p["to"]
            recreated = True
    cgp.exit(forwarder=current, recreated=recreated, diff={"before": before, "after": current})


if __name__ == "__main__":
    main()
