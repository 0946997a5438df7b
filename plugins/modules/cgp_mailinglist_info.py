#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_mailinglist_info
short_description: Read CommuniGate Pro mailing lists and their subscribers
version_added: 0.1.0
description:
  - Return the mailing lists of a domain with their owner, settings and subscribers, in the shape
    M(communigate.pro.cgp_mailinglist) accepts.
  - Reads are pipelined over one connection (C(GETLIST) per list, C(READSUBSCRIBERS) per list and
    C(GETSUBSCRIBERINFO) per subscriber for the posting mode).
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.info_module
  - communigate.pro.cgp.domain_objects_info
options:
  subscribers:
    description:
      - Also return the subscribers of each list. V(false) saves one read per subscriber on big lists.
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: Read every list of a domain with its subscribers
  communigate.pro.cgp_mailinglist_info:
    domain: example.com
  register: cgp_lists

- name: Read one list's settings only
  communigate.pro.cgp_mailinglist_info:
    domain: example.com
    name: news
    subscribers: false
  register: cgp_news
"""

RETURN = r"""
mailinglists:
  description: One entry per list, sorted by name.
  returned: always
  type: list
  elements: dict
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
      description:
        - Subscribers sorted by address, each with C(address), C(mode) (C(feed), C(digest), C(index), C(null),
          C(banned), or C(subscribe) while a confirmation is pending), C(real_name) (null when none) and
          C(posting_mode) (C(unmoderated), C(moderateall), C(prohibited), C(special) or the number of postings
          still to be moderated).
        - Addresses that were unsubscribed but are still listed by the server are left out.
      type: list
      elements: dict
      returned: when O(subscribers=true)
  sample:
    - name: news@example.com
      owner: postmaster
      settings: {Subscribe: moderated, Distribution: feed}
      subscribers:
        - {address: alice@example.com, mode: feed, real_name: null, posting_mode: unmoderated}
        - {address: bob@example.org, mode: digest, real_name: Bob Jones, posting_mode: 3}
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailinglist import mailinglist_info
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(
        dict(domain=dict(type="str"), name=dict(type="str"), subscribers=dict(type="bool", default=True)),
        required_one_of=[["domain", "name"]],
    )
    cgp.run(mailinglist_info)


if __name__ == "__main__":
    main()
