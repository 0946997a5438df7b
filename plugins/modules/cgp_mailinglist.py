#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: cgp_mailinglist
short_description: Manage CommuniGate Pro mailing lists and their subscribers
version_added: 0.1.0
description:
  - Create, update, rename and delete mailing lists, with their settings, subscribers, subscription modes,
    real names and posting modes.
  - Settings are merged on the keys you give. Subscribers you list are added or changed; others stay unless
    O(purge_subscribers=true). Addresses compare case-insensitively.
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
    description: Shows the list's name, owner, settings and (with O(subscribers)) subscribers before and after.
options:
  name:
    description:
      - Name of the list, V(list@domain), or the bare name together with O(domain).
    type: str
    required: true
  domain:
    description:
      - Domain of the list when O(name) has no V(@domain) part.
    type: str
  owner:
    description:
      - The account that owns the list, without the domain (V(name@domain) is accepted when it is the list's
        domain). Required to create a list; the account must already exist in the list's domain, otherwise the
        module fails before sending anything.
      - For an existing list it is compared with the current owner (the C(Owner) key of C(GETLIST)). CGP has no
        command to change the owner of a list, so a different owner fails; delete and recreate the list instead.
    type: str
  settings:
    description:
      - List settings (C(GETLIST) keys such as C(Subscribe), C(Postings), C(Distribution), C(SizeLimit)), merged
        with C(UPDATELIST). Only the keys given are compared and sent. V(true)/V(false) are sent as C(YES)/C(NO),
        numbers as strings.
      - A value of V(default) or V(null) asks the server to remove the key. The CLI reference does not say that
        C(UPDATELIST) supports this, so check it on your server version.
      - The owner is not a setting here; use O(owner).
    type: dict
  subscribers:
    description:
      - Subscribers to have on the list. Omit to leave subscribers alone (they are then not read either).
      - Each item is an address string, or a dictionary with the keys C(address) (required), C(mode),
        C(real_name) and C(posting_mode). An address must be a plain V(local@domain).
      - C(mode) is V(feed) (the default, and the mode of a plain address string), which receives every message as
        it is posted; V(digest), which receives digests; V(index), which receives indexes (subject lists);
        V(null), subscribed but receiving nothing (can post when postings come from subscribers);
        V(banned), which may not subscribe or post; or V(subscribe), which subscribes in the list's default mode
        (the C(Distribution) setting). With V(subscribe), any receiving mode of an existing subscriber, and a
        subscription waiting for confirmation, count as subscribed; it is also the mode RV(mailinglist.subscribers)
        reports for a pending subscriber, so the output can be fed back.
      - C(real_name) is the subscriber's real name, sent as the comment part of the address
        (V("Real Name" <address>)). Omit it to leave the current real name as it is; CGP offers no way to remove one.
      - C(posting_mode) is V(unmoderated), V(moderateall), V(prohibited), V(special), or a number N meaning the
        next N postings of the subscriber are moderated (V(0) is V(unmoderated)). It is set with
        C(SETPOSTINGMODE); omit it to leave it as it is. A new subscriber starts V(unmoderated).
    type: list
    elements: raw
  purge_subscribers:
    description:
      - Unsubscribe everyone not in O(subscribers) (C(LIST name unsubscribe)). Needs O(subscribers); an empty list
        then removes every subscriber.
    type: bool
    default: false
  silently:
    description:
      - Do not send the Welcome/Bye message to subscribers added, changed or removed (the C(silently) keyword of the
        C(LIST) command). V(false) lets the server mail them.
    type: bool
    default: true
  confirm:
    description:
      - Send a confirmation request to new subscribers (the C(confirm) keyword of C(LIST)); they stay pending
        (mode C(subscribe)) until they confirm. A pending subscriber counts as present while O(confirm=true), so the
        request is not sent again on every run.
    type: bool
    default: false
  rename_from:
    description:
      - Rename this existing list (in the same domain; CGP cannot move a list to another domain) to O(name).
      - Nothing is renamed if O(name) already exists or O(rename_from) does not; then O(name) is managed as usual.
    type: str
  state:
    description:
      - V(present) creates or updates the list, V(absent) deletes it with its subscribers.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: communigate.pro.cgp_mailinglist_info
"""

EXAMPLES = r"""
- name: A moderated announcement list owned by postmaster
  communigate.pro.cgp_mailinglist:
    name: news@example.com
    owner: postmaster
    settings:
      Subscribe: moderated
      Postings: from owner only
    subscribers:
      - alice@example.com
      - address: bob@example.org
        real_name: Bob Jones
        mode: digest
      - address: spam@example.net
        mode: banned

- name: Exactly these subscribers, the owner's posts not moderated
  communigate.pro.cgp_mailinglist:
    name: team
    domain: example.com
    subscribers:
      - address: lead@example.com
        posting_mode: unmoderated
      - address: new@example.com
        posting_mode: 3
    purge_subscribers: true

- name: Delete a list
  communigate.pro.cgp_mailinglist:
    name: old@example.com
    state: absent
"""

RETURN = r"""
mailinglist:
  description: The list after the run, read back from the server (what check mode predicts in check mode).
  returned: success and state is present
  type: dict
  contains:
    name:
      description: Fully qualified list name.
      type: str
    owner:
      description: Owner account name, without the domain.
      type: str
    settings:
      description: List settings as the server reports them, without the owner.
      type: dict
    subscribers:
      description: Subscribers, sorted by address; pending ones have mode C(subscribe).
      type: list
      elements: dict
      returned: when O(subscribers) is given
  sample:
    name: news@example.com
    owner: postmaster
    settings: {Subscribe: moderated, Postings: from owner only, Distribution: feed}
    subscribers:
      - {address: alice@example.com, mode: feed, real_name: null, posting_mode: unmoderated}
      - {address: bob@example.org, mode: digest, real_name: Bob Jones, posting_mode: 3}
commands:
  description: The CLI write commands sent (in check mode, that would be sent).
  returned: always
  type: list
  elements: str
  sample:
    - CREATELIST "news@example.com" FOR postmaster
    - UPDATELIST "news@example.com" {Postings="from owner only";}
    - LIST "news@example.com" DIGEST SILENTLY "\"Bob Jones\" <bob@example.org>"
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import (
    CGPModule, apply_changes, settings_changes, to_cgp)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailinglist import (
    OWNER_KEY, desired_subscribers, plan_subscribers, read_lists, split_name)


def find(names, local):
    """The server's spelling of ``local`` in ``names`` (case-insensitive), or None."""
    return next((item for item in names if item.lower() == local.lower()), None)


def check_owner(cgp, owner, current, domain, source):
    """Fail unless the existing list ``source`` is owned by ``owner``."""
    if current["owner"] is None:
        # a server that does not report the Owner key: ask which lists the wanted owner has
        owned = cgp.read_or_none("get_account_lists", "%s@%s" % (owner, domain)) or {}
        if find(owned, source):
            current["owner"] = owner
            return
    elif current["owner"].lower() == owner.lower():
        return
    cgp.fail("owner: mailing list '%s@%s' is owned by '%s', not '%s'. CGP cannot change the owner of a list; "
             "delete and recreate it" % (source, domain, current["owner"] or "another account", owner))


def apply_subscribers(cgp, name, actions):
    p = cgp.params
    for action in actions:
        if action[0] == "list":
            cgp.write("list_operation", name, action[1], action[2], silently=p["silently"], confirm=p["confirm"])
        elif action[0] == "posting":
            mode = action[2] if isinstance(action[2], int) else action[2].upper()
            cgp.write("set_posting_mode", name, action[1], mode)
        else:
            cgp.write("list_operation", name, "unsubscribe", action[1], silently=p["silently"], confirm=p["confirm"])


def parse_options(cgp):
    """(local, domain, rename_from (local, domain) or None, owner, desired subscribers or None); fails on bad input."""
    p = cgp.params
    try:
        local, domain = split_name(p["name"], p["domain"], "name")
        rename = split_name(p["rename_from"], domain, "rename_from") if p["rename_from"] else None
        owner = split_name(p["owner"], domain, "owner", what="account")[0] if p["owner"] else None
        desired = desired_subscribers(p["subscribers"]) if p["subscribers"] is not None else None
    except ValueError as exc:
        return cgp.fail(str(exc))
    return local, domain, rename, owner, desired


def main():
    cgp = CGPModule(dict(
        name=dict(type="str", required=True),
        domain=dict(type="str"),
        owner=dict(type="str"),
        settings=dict(type="dict"),
        subscribers=dict(type="list", elements="raw"),
        purge_subscribers=dict(type="bool", default=False),
        silently=dict(type="bool", default=True),
        confirm=dict(type="bool", default=False),
        rename_from=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
    ))
    p = cgp.params
    local, domain, rename, owner, desired = parse_options(cgp)
    if p["purge_subscribers"] and desired is None:
        cgp.fail("purge_subscribers needs subscribers (an empty list removes every subscriber)")
    if any(key.lower() == OWNER_KEY.lower() for key in p["settings"] or {}):
        cgp.fail("settings: the owner is not a setting; use the owner option (CGP cannot change it)")
    cgp.connect()
    names = cgp.read("list_lists", domain)
    existing = find(names, local)
    name = "%s@%s" % (existing or local, domain)

    if p["state"] == "absent":
        before = read_lists(cgp, domain, [existing], subscribers=False)[0] if existing else None
        if existing:
            cgp.write("delete_list", name)
        cgp.exit(diff={"before": before, "after": {}} if before else None)

    source = existing or (rename and find(names, rename[0]))
    want_subscribers = desired is not None
    if source:
        current = read_lists(cgp, domain, [source], subscribers=want_subscribers)[0]
        if owner:
            check_owner(cgp, owner, current, domain, source)
        changes = settings_changes(p["settings"], current["settings"])
    else:
        if not owner:
            cgp.fail("owner is required to create mailing list '%s'" % name)
        if cgp.read_or_none("get_account_lists", "%s@%s" % (owner, domain)) is None:
            cgp.fail("owner: account '%s@%s' does not exist; a mailing list's owner must be an existing account "
                     "in the list's domain" % (owner, domain))
        current = {"name": name, "owner": owner, "settings": {}}
        if want_subscribers:
            current["subscribers"] = []
        changes = dict((k, v) for k, v in to_cgp(p["settings"] or {}).items() if v not in (None, "default"))
    before = dict(current) if source else {}
    after = dict(current, name=name)

    if source and not existing:
        cgp.write("rename_list", current["name"], local)
    elif not source:
        cgp.write("create_list", name, owner)
    if changes:
        cgp.write("update_list", name, changes)
        after["settings"] = apply_changes(current["settings"], changes)
    if want_subscribers:
        actions, after["subscribers"] = plan_subscribers(
            desired, current["subscribers"], p["purge_subscribers"], p["confirm"],
            str(after["settings"].get("Distribution", "feed")).lower())
        apply_subscribers(cgp, name, actions)

    if cgp.changed and not cgp.check_mode:
        after = read_lists(cgp, domain, [existing or local], subscribers=want_subscribers)[0]
    cgp.exit(mailinglist=after, diff={"before": before, "after": after})


if __name__ == "__main__":
    main()
