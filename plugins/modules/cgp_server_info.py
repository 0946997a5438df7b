#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_server_info
short_description: Read facts about a CommuniGate Pro server
version_added: 0.1.0
description:
  - Return the server's version, main domain, domains, modules and current time, and on request its CLI
    commands, server-wide or cluster-wide settings objects, module settings and system information.
  - Settings come back in the shape M(communigate.pro.cgp_settings) accepts (a dictionary for
    O(communigate.pro.cgp_settings#module:settings) scopes, a list for O(communigate.pro.cgp_settings#module:entries)
    scopes), so they can be fed back to it.
  - All reads are pipelined over one connection.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.info_module
  - communigate.pro.cgp.secrets_file
options:
  cli_commands:
    description:
      - Also return RV(cli_commands), the commands the server's CLI accepts (C(LISTCLICOMMANDS)).
    type: bool
    default: false
  scopes:
    description:
      - M(communigate.pro.cgp_settings) scopes to read and return in RV(settings), for example V(lan_ips),
        V(server_account_defaults), V(router_table). For module settings use O(module_settings).
    type: list
    elements: str
    default: []
    choices: [banned, blacklisted_ips, client_ips, cluster_settings, debug_ips, denied_ips, directory_integration,
              dnr, domain_defaults, lan_ips, log_settings, media_server, nated_ips, natsite_ips, network, queue,
              router_settings, router_table, server_account_defaults, server_account_prefs, server_intercept,
              server_mail_rules, server_settings, server_signal_rules, session, signal, smtp_send_profiles,
              whitehole_ips]
  cluster:
    description:
      - Read the cluster-wide variants of O(scopes). A scope without one fails before anything is sent.
    type: bool
    default: false
  module_settings:
    description:
      - Names of server modules (as RV(modules) lists them, for example V(SMTP)) whose settings to return in
        RV(module_settings).
    type: list
    elements: str
    default: []
  system_info:
    description:
      - Items of the CG/PL C(SystemInfo) function to return in RV(system_info) (C(GETSYSTEMINFO)), for example
        V(serverOS). An item the server does not know fails the task.
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Version and domains
  communigate.pro.cgp_server_info:
  register: cgp_server

- name: Gather the LAN addresses and the account defaults
  communigate.pro.cgp_server_info:
    scopes: [lan_ips, server_account_defaults]
    module_settings: [SMTP]
  register: cgp_gathered

- name: Feed the gathered LAN addresses back (no change)
  communigate.pro.cgp_settings:
    scope: lan_ips
    entries: "{{ cgp_gathered.settings.lan_ips }}"
    mode: replace
"""

RETURN = r"""
version:
  description: The server version (C(GETVERSION)).
  returned: always
  type: str
  sample: 6.3.0
main_domain:
  description: The server's main domain (C(MAINDOMAINNAME)).
  returned: always
  type: str
  sample: mail.example.com
domains:
  description: All domains of the server (C(LISTDOMAINS)).
  returned: always
  type: list
  elements: str
  sample: [mail.example.com, example.net]
modules:
  description: The server modules (C(LISTMODULES)).
  returned: always
  type: list
  elements: str
  sample: [HTTPU, IMAP, POP, SMTP]
current_time:
  description: The server's clock (C(GETCURRENTTIME)), UTC, ISO 8601.
  returned: always
  type: str
  sample: "2024-05-01T12:00:00Z"
cli_commands:
  description: The CLI commands the server accepts.
  returned: when O(cli_commands=true)
  type: list
  elements: str
  sample: [CREATEACCOUNT, GETVERSION]
settings:
  description: One key per scope of O(scopes), its value in the shape M(communigate.pro.cgp_settings) accepts.
  returned: always
  type: dict
  sample:
    lan_ips: [10.0.0.0-10.255.255.255]
    server_account_defaults: {MaxAccountSize: 100M}
module_settings:
  description: One key per module of O(module_settings), its settings dictionary.
  returned: always
  type: dict
  sample: {SMTP: {SendChannels: "20"}}
system_info:
  description: One key per item of O(system_info).
  returned: always
  type: dict
  sample: {serverOS: Linux}
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule
from ansible_collections.communigate.pro.plugins.module_utils.cgp_settings import SCOPE_NAMES, server_info


def main():
    cgp = CGPModule(
        dict(
            cli_commands=dict(type="bool", default=False),
            scopes=dict(type="list", elements="str", default=[], choices=[s for s in SCOPE_NAMES if s != "module"]),
            cluster=dict(type="bool", default=False),
            module_settings=dict(type="list", elements="str", default=[]),
            system_info=dict(type="list", elements="str", default=[]),
            secrets_file=dict(type="path"),
        )
    )
    cgp.run(server_info)


if __name__ == "__main__":
    main()
