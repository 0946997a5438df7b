#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_mailinglist
short_description: Manage CommuniGate Pro mailing lists and their subscribers
version_added: 0.1.0
description:
  - Create, update, rename and delete mailing lists, with their settings, subscribers, subscription modes,
    real names and posting modes.
  - Settings are merged on the keys you give. Subscribers you list are added or changed; others stay unless
    O(purge_subscribers=true). Addresses compare case-insensitively.
  - One list per task with O(name) (the single form), or many lists of one domain in one task with
    O(mailinglists) (the list form), with one list read for the domain, pipelined batches of reads for the lists'
    current state, every check done before the first write, then only the writes needed. With O(purge=true) it
    also deletes the lists the task does not name.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.list_form
  - communigate.pro.cgp.state_module
attributes:
  diff_mode:
    support: full
    description: Shows the list's name, owner, settings and (with O(subscribers)) subscribers before and after.
      In the list form, the diff is keyed by list name and holds the lists that change.
options:
  name:
    description:
      - Name of the list, V(list@domain), or the bare name together with O(domain).
      - Required unless O(mailinglists) is given; the two are mutually exclusive.
    type: str
  mailinglists:
    description:
      - The list form. Mailing lists of O(domain) to manage in this task, in order, each with the same options as
        the single form (O(mailinglists[].name), O(mailinglists[].owner), O(mailinglists[].settings),
        O(mailinglists[].subscribers), ...).
      - O(domain), O(silently), O(confirm), O(purge) and O(purge_exclude) apply to all elements. The per-list options
        of the single form (O(name), O(owner), O(settings), O(subscribers), ...) cannot be given next to
        O(mailinglists).
      - Every element is validated before anything is sent; an error names the element, for example
        C(mailinglists[3].subscribers[0].mode). Owners are checked against the server before the first write.
        Two elements may not name the same list.
      - "Failure policy: the lists are processed in order and the task stops at the first write that fails.
        The error names the list (RV(failed_object)) and the server's answer, and says what was already applied;
        RV(results) holds the lists already processed, RV(commands) every command already sent, and
        RV(not_processed) the lists (and purge deletions) that were not processed."
    type: list
    elements: dict
    suboptions:
      name:
        description: The list, V(list@domain) in O(domain) or a bare name.
        type: str
        required: true
      owner:
        description: The account that owns the list, as O(owner). Required to create a list.
        type: str
      settings:
        description: List settings merged on the keys given, as O(settings).
        type: dict
      subscribers:
        description: Subscribers to have on the list, as O(subscribers). Omit to leave subscribers alone.
        type: list
        elements: raw
      purge_subscribers:
        description: Unsubscribe everyone not in O(mailinglists[].subscribers), as O(purge_subscribers).
        type: bool
        default: false
      rename_from:
        description: Rename this existing list of O(domain) to O(mailinglists[].name) first, as O(rename_from).
        type: str
      state:
        description: V(present) creates or updates the list, V(absent) deletes it with its subscribers.
        type: str
        choices: [present, absent]
        default: present
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
        subscription waiting for confirmation, count as subscribed; it is also the mode
        RV(communigate.pro.cgp_mailinglist_info#module:mailinglists[].subscribers) reports
        for a pending subscriber, so the output can be fed back.
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

- name: The lists of a domain in one task; delete the lists not named here
  communigate.pro.cgp_mailinglist:
    domain: example.com
    mailinglists:
      - name: news
        owner: postmaster
        settings:
          Subscribe: moderated
      - name: team
        owner: postmaster
        subscribers: [lead@example.com, dev@example.com]
        purge_subscribers: true
    purge: true
"""

RETURN = r"""
mailinglist:
  description:
    - The list after the run, read back from the server (what check mode predicts in check mode).
    - Its keys are those of each element of RV(communigate.pro.cgp_mailinglist_info#module:mailinglists).
  returned: success, with O(name) and O(state=present)
  type: dict
  sample:
    name: news@example.com
    owner: postmaster
    settings: {Subscribe: moderated, Postings: from owner only, Distribution: feed}
    subscribers:
      - {address: alice@example.com, mode: feed, real_name: null, posting_mode: unmoderated}
      - {address: bob@example.org, mode: digest, real_name: Bob Jones, posting_mode: 3}
commands:
  description:
    - The CLI write commands sent (in check mode, that would be sent).
    - In the list form, every list's commands in the order they were sent. On failure, the commands already applied.
  returned: always
  type: list
  elements: str
  sample:
    - CREATELIST "news@example.com" FOR postmaster
    - UPDATELIST "news@example.com" {Postings="from owner only";}
    - LIST "news@example.com" DIGEST SILENTLY "\"Bob Jones\" <bob@example.org>"
results:
  description:
    - The list form's results, one per element of O(mailinglists) in order, then one per mailing list deleted by O(purge).
      On failure, those processed before the failing one. The notes say what each entry holds.
  returned: when O(mailinglists) is given
  type: list
  elements: dict
  sample:
    - {name: news@example.com, state: present, changed: true, purged: false, commands: ['CREATELIST "news@example.com" FOR postmaster'],
       mailinglist: {name: news@example.com, owner: postmaster, settings: {}}}
failed_object:
  description: The mailing list whose write failed (list form).
  returned: on failure in the list form, when a mailing list's write failed
  type: str
  sample: news@example.com
not_processed:
  description: The mailing lists (and purge deletions) not processed because of the failure, in order.
  returned: on failure in the list form
  type: list
  elements: str
  sample: [team@example.com]
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailinglist import MAILINGLISTS
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(MAILINGLISTS.argument_spec(), **MAILINGLISTS.module_kwargs())
    cgp.run(MAILINGLISTS.run)


if __name__ == "__main__":
    main()
