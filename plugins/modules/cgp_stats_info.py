#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_stats_info
short_description: Read account, domain and server statistics of CommuniGate Pro
version_added: 0.2.0
description:
  - Return the statistics counters of accounts (C(GETACCOUNTSTAT)) and domains (C(GETDOMAINSTAT)) and the values of
    server statistics elements (C(GETSTATELEMENT), the SNMP elements), for monitoring playbooks.
  - Everything asked for is read in one pipelined batch over one connection.
  - Numbers come back as numbers. CGP answers domain counters as numeric strings and account counters as numbers.
    A counter the server has no data for is V(null). Timestamps such as C(StatReset) are ISO 8601 strings (UTC).
  - Nothing is changed. The counters are reset with C(RESETACCOUNTSTAT) / C(RESETDOMAINSTAT)
    (M(communigate.pro.cgp_cli)).
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.info_module
options:
  accounts:
    description:
      - Accounts whose counters to return in RV(accounts), as V(user@domain), or V(*) for the account that logs in.
      - "The keys (CLI reference): C(StatReset), C(MessagesReceived), C(BytesReceived), C(MessagesSent),
        C(BytesSent), C(CallsReceived), C(CallsSent), C(Logins)."
      - CGP collects them only when the server's Account Statistics option is on.
    type: list
    elements: str
    default: []
  domains:
    description:
      - Domains whose counters to return in RV(domains), or V(*) for the domain of the account that logs in.
      - The keys are those of O(accounts) without C(Logins).
    type: list
    elements: str
    default: []
  elements:
    description:
      - IDs of server statistics elements to return in RV(elements), for example V(smtpInputActive) or
        V(numQueuedMessages). The server's WebAdmin Statistics page and its MIB list them. IDs are case-sensitive.
      - Reading them needs the Monitoring server access right.
    type: list
    elements: str
    default: []
  keys:
    description:
      - Return only these counters of each account and domain, each one present (V(null) when the server has no
        data for it). Omit to return every counter the server gives.
    type: list
    elements: str
notes:
  - An account, domain or element the server does not know fails the task. The error names the command and carries
    the server's answer.
seealso:
  - module: communigate.pro.cgp_server_info
  - module: communigate.pro.cgp_account_info
"""

EXAMPLES = r"""
- name: Counters of two mailboxes and their domain, and the SMTP load
  communigate.pro.cgp_stats_info:
    accounts: [sales@example.com, support@example.com]
    domains: [example.com]
    elements: [smtpInputActive, numQueuedMessages]
    keys: [MessagesReceived, BytesReceived, Logins]
  register: cgp_stats

- name: Alert when the queue is long
  ansible.builtin.assert:
    that: cgp_stats.elements.numQueuedMessages < 10000
    fail_msg: "{{ cgp_stats.elements.numQueuedMessages }} messages are queued"

- name: Report the mail each mailbox received
  ansible.builtin.debug:
    msg: "{{ item.key }}: {{ item.value.MessagesReceived }} messages, {{ item.value.BytesReceived }} bytes"
  loop: "{{ cgp_stats.accounts | dict2items }}"
"""

RETURN = r"""
accounts:
  description: One key per account of O(accounts) (as given), its counters.
  returned: always
  type: dict
  sample:
    sales@example.com: {StatReset: "2025-01-01T00:00:00Z", MessagesReceived: 1520, BytesReceived: 48211904,
                        MessagesSent: 311, BytesSent: 902113, CallsReceived: 0, CallsSent: 0, Logins: 77}
domains:
  description: One key per domain of O(domains) (as given), its counters.
  returned: always
  type: dict
  sample:
    example.com: {StatReset: "2025-01-01T00:00:00Z", MessagesReceived: 90211, BytesReceived: 3110925102,
                  MessagesSent: 20731, BytesSent: 601225340, CallsReceived: 12, CallsSent: 40}
elements:
  description: One key per element of O(elements), its value (a number for the INTEGER and COUNTER elements).
  returned: always
  type: dict
  sample: {smtpInputActive: 3, numQueuedMessages: 12}
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule
from ansible_collections.communigate.pro.plugins.module_utils.cgp_stats import STATS_OPTIONS, stats_info


def main():
    cgp = CGPModule(STATS_OPTIONS)
    cgp.run(stats_info)


if __name__ == "__main__":
    main()
