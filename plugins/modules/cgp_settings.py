#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_settings
short_description: Manage CommuniGate Pro server-wide and cluster-wide settings
version_added: 0.1.0
description:
  - Manage one server-wide or cluster-wide object of a CommuniGate Pro server, chosen by O(scope), for
    example a module's settings, the "other" server settings, the server account defaults and preferences, the domain
    defaults, the log settings, an IP address list, the Router Table, the server mail rules, and more.
  - Dictionary scopes take O(settings); the IP lists, the Router Table and the rule scopes take O(entries).
  - With O(mode=merge) (the default) only what you give is compared and changed; O(mode=replace) makes the
    object exactly what you give.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.state_module
attributes:
  check_mode:
    support: full
    description: Sends only the read command and reports the same C(changed) and C(commands) a real run would.
  diff_mode:
    support: full
    description: Shows the object (O(settings) or O(entries)) before and after.
options:
  scope:
    description:
      - The object to manage, and the CLI commands used for it (C(GET...) to read; C(UPDATE...) merges,
        C(SET...) replaces).
      - "Dictionary scopes (O(settings)): V(module) (C(GETMODULE)/C(UPDATEMODULE)/C(SETMODULE), needs O(module)),
        V(server_settings) (C(UPDATESERVERSETTINGS), the \"other\" settings), V(log_settings) (C(UPDATELOGSETTINGS)),
        V(server_account_defaults), V(server_account_prefs), V(domain_defaults) (C(UPDATE...) and C(SET...)),
        V(queue), V(signal), V(media_server), V(session), V(cluster_settings), V(network), V(dnr), V(banned),
        V(router_settings), V(smtp_send_profiles), V(directory_integration), V(server_intercept) (C(SET...) only)."
      - "Line scopes (O(entries) of strings, stored by the server as one multi-line string): V(lan_ips),
        V(client_ips), V(blacklisted_ips), V(whitehole_ips), V(nated_ips), V(natsite_ips), V(debug_ips),
        V(denied_ips) and V(router_table)."
      - "Rule scopes (O(entries) of rules): V(server_mail_rules), V(server_signal_rules)."
    type: str
    required: true
    choices: [banned, blacklisted_ips, client_ips, cluster_settings, debug_ips, denied_ips, directory_integration,
              dnr, domain_defaults, lan_ips, log_settings, media_server, module, nated_ips, natsite_ips, network,
              queue, router_settings, router_table, server_account_defaults, server_account_prefs,
              server_intercept, server_mail_rules, server_settings, server_signal_rules, session, signal,
              smtp_send_profiles, whitehole_ips]
  module:
    description:
      - The server module whose settings O(scope=module) manages, for example V(SMTP), V(IMAP), V(HTTPU).
      - Required with O(scope=module), not allowed with other scopes.
    type: str
  cluster:
    description:
      - Manage the Dynamic Cluster-wide variant of the object (C(GETCLUSTER...)/C(SETCLUSTER...)) instead of
        the server-wide one. Only works on a cluster member.
      - Scopes without a cluster variant (V(module), V(server_settings), V(log_settings), V(queue), V(signal),
        V(media_server), V(session), V(cluster_settings), V(dnr), V(smtp_send_profiles)) fail before
        anything is sent.
    type: bool
    default: false
  settings:
    description:
      - For dictionary scopes, the settings (keys as the server names them).
      - With O(mode=merge), only the keys given are compared; a value of V(default) or V(null) removes the key,
        so the server default applies. V(true)/V(false) are sent as C(YES)/C(NO), numbers as strings. Nested
        dictionaries are compared and sent as a whole value of their key.
      - With O(state=absent), the keys given are removed whatever their values.
      - With O(mode=replace), the dictionary becomes exactly this one (sent with C(SET...)). Scopes that only
        have C(UPDATE...) (V(server_settings), V(log_settings)) get the changed keys plus V(default) for every
        other key, which relies on the server honouring V(default) there as it does for domain and account
        settings (the reference does not say).
      - A removal at a scope that has both C(UPDATE...) and C(SET...) is sent as C(SET...) of the whole
        dictionary (read, modify, write), because the reference documents V(default) only for domain and
        account updates. Scopes with only C(SET...) are always written that way.
    type: dict
  entries:
    description:
      - For the IP list scopes and V(router_table), the lines, for example V(10.0.0.0-10.255.255.255) or
        V(<*@old.example.com> = *@new.example.com). An item holding several lines counts as those lines.
        Lines are compared after stripping spaces; empty lines are dropped. Comment lines (starting with
        V(;)) are entries like any other and compared as text. Give a YAML list, because Ansible splits a plain
        string at commas.
      - For the rule scopes, the rules, each an array C([priority, name, conditions, actions]) with an optional
        fifth element, the comment (the form the server returns), or a dictionary with the keys C(priority),
        C(name), C(conditions), C(actions) and optionally C(comment). Rules are matched by name.
      - With O(mode=merge), missing entries are added and the others kept (a rule with the same name but
        different content is replaced); with O(state=absent), the entries given are removed (rules may be given
        by name alone).
      - With O(mode=replace), the object becomes exactly this list (line order is compared for the line scopes,
        not for rules, which the server applies by priority). An empty list clears it.
    type: list
    elements: raw
  mode:
    description:
      - V(merge) changes only what O(settings) or O(entries) name; V(replace) makes the object exactly that.
    type: str
    choices: [merge, replace]
    default: merge
  state:
    description:
      - V(present) sets the given settings or entries, V(absent) removes them (only with O(mode=merge)).
    type: str
    choices: [present, absent]
    default: present
notes:
  - The IP lists and the Router Table are one multi-line string on the server; RV(before) and RV(after) show
    them as lists of lines.
  - Writing server settings needs the Settings administration right; the cluster variants only work on a
    Dynamic Cluster.
seealso:
  - module: communigate.pro.cgp_server_info
"""

EXAMPLES = r"""
- name: Declare the LAN address ranges (others kept)
  communigate.pro.cgp_settings:
    scope: lan_ips
    entries: [10.0.0.0-10.255.255.255, 192.168.0.0-192.168.255.255]

- name: The exact list of blacklisted addresses
  communigate.pro.cgp_settings:
    scope: blacklisted_ips
    entries:
      - 203.0.113.0-203.0.113.255
      - 198.51.100.7
    mode: replace

- name: Tune the SMTP module
  communigate.pro.cgp_settings:
    scope: module
    module: SMTP
    settings:
      SendChannels: 40
      UseESMTP: true

- name: Default quota of new accounts, cluster-wide
  communigate.pro.cgp_settings:
    scope: server_account_defaults
    cluster: true
    settings:
      MaxAccountSize: 200M

- name: Route mail of an old domain to the new one
  communigate.pro.cgp_settings:
    scope: router_table
    entries:
      - "<*@old.example.com> = *@example.com"

- name: A server-wide mail rule
  communigate.pro.cgp_settings:
    scope: server_mail_rules
    entries:
      - name: Tag spam
        priority: 5
        conditions: [[Header Field, is, "X-Spam: yes*"]]
        actions: [[Add Header, "X-Tagged: yes"]]

- name: Remove a key from the domain defaults
  communigate.pro.cgp_settings:
    scope: domain_defaults
    settings:
      MailToUnknown: null
"""

RETURN = r"""
scope:
  description: The scope managed.
  returned: always
  type: str
  sample: lan_ips
cluster:
  description: Whether the cluster-wide variant was managed.
  returned: always
  type: bool
  sample: false
before:
  description: The object before the run, a dictionary or a list (of lines, or of rules as arrays).
  returned: success
  type: raw
  sample: [10.0.0.0-10.255.255.255]
after:
  description: The object after the run (what check mode predicts in check mode), in the shape O(settings) or
    O(entries) accepts.
  returned: success
  type: raw
  sample: [10.0.0.0-10.255.255.255, 192.168.0.0-192.168.255.255]
commands:
  description: The CLI write commands sent (in check mode, that would be sent), secrets masked.
  returned: always
  type: list
  elements: str
  sample: ['SETLANIPS "10.0.0.0-10.255.255.255\e192.168.0.0-192.168.255.255"']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule
from ansible_collections.communigate.pro.plugins.module_utils.cgp_settings import SCOPE_NAMES, manage_settings


def main():
    cgp = CGPModule(
        dict(
            scope=dict(type="str", required=True, choices=SCOPE_NAMES),
            module=dict(type="str"),
            cluster=dict(type="bool", default=False),
            settings=dict(type="dict"),
            entries=dict(type="list", elements="raw"),
            mode=dict(type="str", default="merge", choices=["merge", "replace"]),
            state=dict(type="str", default="present", choices=["present", "absent"]),
        )
    )
    cgp.run(manage_settings)


if __name__ == "__main__":
    main()
