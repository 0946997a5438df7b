#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_account
short_description: Manage CommuniGate Pro accounts
version_added: 0.1.0
description:
  - Create, update, rename and delete accounts of a CommuniGate Pro domain, with their password, settings,
    preferences, aliases and telephone numbers.
  - The common fields (display name, quota, password, language, time zone, enabled) have their own options, so no
    CGP setting names are needed for them. Anything else goes through O(settings) and O(prefs).
  - Settings and preferences are compared on the keys you give; other keys are left alone unless
    O(purge_settings=true).
  - One account per task with O(name) (the single form), or many accounts of one domain in one task with
    O(accounts) (the list form). The list form reads the domain's account list once, reads the current state of
    all the accounts in one pipelined batch, then sends only the writes needed, so thousands of accounts take
    seconds instead of one module run each. With O(purge=true) it also deletes the accounts the list does not name.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.list_form
  - communigate.pro.cgp.state_module
attributes:
  check_mode:
    support: full
    description: Sends only read commands (including the password check) and reports the same C(changed) and
      C(commands) a real run would.
  diff_mode:
    support: full
    description: Shows the account's settings, preferences, aliases and telephone numbers before and after.
      The password is never shown; C(password_changed) says whether it is set. In the list form, the diff is
      keyed by account name and holds the accounts that change.
options:
  name:
    description:
      - The account, as V(user@domain), or a bare name together with O(domain).
      - Required unless O(accounts) is given; the two are mutually exclusive.
    type: str
  accounts:
    description:
      - The list form. Accounts of O(domain) to manage in this task, in order, each with the same options as
        the single form (O(accounts[].name), O(accounts[].state), O(accounts[].password), ...).
      - O(domain), O(update_password), O(purge) and O(purge_exclude) apply to all elements. The per-account options
        of the single form (O(name), O(state), O(password), ...) cannot be given next to O(accounts).
      - Every element is validated before anything is sent; an error names the element, for example
        C(accounts[3].quota). Two elements may not name the same account (as O(accounts[].name) or O(accounts[].rename_from)).
      - "Failure policy: the accounts are processed in order and the task stops at the first write that fails.
        The error names the account (RV(failed_object)) and the server's answer, and says what was already applied;
        RV(results) holds the accounts already processed, RV(commands) every command already sent, and
        RV(not_processed) the accounts (and purge deletions) that were not processed."
    type: list
    elements: dict
    suboptions:
      name:
        description: The account, V(user@domain) in O(domain) or a bare name.
        type: str
        required: true
      state:
        description: V(present) creates or updates the account, V(absent) deletes it with its mailboxes.
        type: str
        choices: [present, absent]
        default: present
      password:
        description: The account's password (see O(update_password)). Never logged, never returned.
        type: str
      real_name:
        description: The display name (the C(RealName) setting), as O(real_name).
        type: str
      quota:
        description: Maximum size of the account's storage (the C(MaxAccountSize) setting), as O(quota).
        type: raw
      enabled:
        description: V(false) disables the account, V(true) enables it again, as O(enabled).
        type: bool
      language:
        description: The C(Language) preference.
        type: str
      time_zone:
        description: The C(TimeZone) preference.
        type: str
      settings:
        description: Account settings merged on the keys given, as O(settings).
        type: dict
      purge_settings:
        description: Remove the explicitly set settings not given, as O(purge_settings).
        type: bool
        default: false
      prefs:
        description: Account preferences merged on the keys given, as O(prefs).
        type: dict
      aliases:
        description: The exact list of the account's aliases, as O(aliases).
        type: list
        elements: str
      telnums:
        description: The exact list of the account's telephone numbers, as O(telnums).
        type: list
        elements: str
      rights:
        description: The exact set of the account's server or domain administration access rights, as O(rights).
        type: list
        elements: str
        version_added: 0.2.0
      rename_from:
        description: Rename this existing account to O(accounts[].name) first, as O(rename_from).
        type: str
      account_type:
        description: Storage type of a new account, as O(account_type).
        type: str
        choices: [MultiMailbox, TextMailbox, MailDirMailbox, SlicedMailbox, AGrade, BGrade, CGrade]
      storage_path:
        description: Storage mount point for a new or renamed account, as O(storage_path).
        type: str
      legacy:
        description: Create the account with the legacy INBOX, as O(legacy).
        type: bool
        default: false
  state:
    description:
      - V(present) creates or updates the account, V(absent) deletes it with its mailboxes.
    type: str
    choices: [present, absent]
    default: present
  password:
    description:
      - The account's password. Never logged, never returned.
      - See O(update_password) for when it is set on an existing account.
    type: str
  update_password:
    description:
      - V(always) checks the password with C(VerifyAccountPassword) first and sets it only when it is not the
        current one, so an unchanged password is not a change.
      - V(on_create) uses O(password) only when the account is created.
      - In the list form it applies to every element of O(accounts).
    type: str
    choices: [always, on_create]
    default: always
  real_name:
    description:
      - The display name (the C(RealName) setting).
      - As with O(settings), the value V(default) removes the account's own value.
    type: str
  quota:
    description:
      - Maximum size of the account's storage (the C(MaxAccountSize) setting).
      - An integer, or a string of digits, is a number of megabytes (V(100) means C(100M)). A size string such as
        V(500K), V(100M), V(2G) or V(1T), or V(unlimited), is sent as is. V(default) removes the account's own
        value so the domain or server default applies.
      - Sizes are compared by value, so V(1G) and a stored C(1024M) are equal.
    type: raw
  enabled:
    description:
      - V(false) disables the account by setting C(AccessModes) to C(None) (no service can be used, no login),
        and kills the account's open sessions when it was enabled before. CGP has no other suspend command for
        accounts; this is what other CGP provisioning tools do.
      - V(true) removes an C(AccessModes) of C(None) from the account's own settings, so the domain or server
        default applies again. Any other C(AccessModes) value is left alone.
    type: bool
  language:
    description:
      - The account's language preference (the C(Language) preference), for example V(german).
    type: str
  time_zone:
    description:
      - The account's time zone preference (the C(TimeZone) preference), for example V(HostOS).
    type: str
  settings:
    description:
      - Account settings (C(GetAccountSettings) keys such as C(RulesAllowed)), merged on the keys given.
      - A value of V(default) or V(null) removes the key, so the domain or server default applies.
        V(true)/V(false) are sent as C(YES)/C(NO), numbers as strings.
      - A key that a friendly option also sets (C(RealName), C(MaxAccountSize), C(AccessModes)) may be given in both
        places only with the same value. C(Password) is refused here; use O(password).
    type: dict
  purge_settings:
    description:
      - Remove every explicitly set account setting that is not in O(settings) or set by a friendly option
        (O(real_name), O(quota), O(enabled)). The password is never removed.
    type: bool
    default: false
  prefs:
    description:
      - Account preferences (C(GetAccountPrefs) keys), merged on the keys given; V(default) removes a key.
      - O(language) and O(time_zone) may be given here too only with the same value.
    type: dict
  aliases:
    description:
      - The exact list of the account's aliases (other names in its domain), as bare names or V(alias@domain)
        in the account's domain. Omit to leave aliases alone; an empty list removes them all.
      - An alias whose name is taken by another account, alias or forwarder fails with the server's error.
    type: list
    elements: str
  telnums:
    description:
      - The exact list of the account's telephone numbers. Omit to leave them alone; an empty list removes them all.
    type: list
    elements: str
  rights:
    description:
      - The exact set of the account's access rights, as C(GetAccountRights) returns them and C(SetAccountRights)
        sets them (the whole array is replaced). Omit to leave the rights alone; an empty list removes them all.
      - For an account of a secondary domain these are the Domain Administration rights, for example
        V(Domain) (administers its domain), V(BasicSettings), V(CanCreateAccounts), V(CanCreateAliases),
        V(CanCreateGroups), V(CanCreateForwarders), V(CanCreateLists), V(CanAccessMailboxes),
        V(CanModifyRPOP), V(CanImpersonate). For an account of the main domain they are the Server
        Administration rights as well, for example V(Master).
      - The codes are compared as a set (in any order, each once) and exactly as spelled; the module does not
        check them against a list of known codes.
      - Setting rights needs the C(Master) right (for an account in a secondary domain, the All Domains right
        is enough). The module refuses, before anything is sent, to take C(Master) away from the account this
        task logs in as.
      - The rights are read (C(GetAccountRights)) only when the task gives O(rights) (in the list form, when an
        element gives O(accounts[].rights)), so tasks that do not manage rights need no more than before.
    type: list
    elements: str
    version_added: 0.2.0
  rename_from:
    description:
      - Rename this existing account (V(user@domain), or a bare name in O(name)'s domain) to O(name), keeping its
        mailboxes, settings and password, then manage it as O(name).
      - Nothing is renamed if O(name) already exists (a second run is a no-op). If neither account exists,
        O(name) is created.
    type: str
  account_type:
    description:
      - Storage type of a new account. Used only when the account is created.
      - The CLI cannot read an account's type back (C(ListAccounts) gives only the storage file extension, which
        does not tell V(MultiMailbox) from the A/B/C grades), so this module does not change the type of an
        existing account.
    type: str
    choices: [MultiMailbox, TextMailbox, MailDirMailbox, SlicedMailbox, AGrade, BGrade, CGrade]
  storage_path:
    description:
      - Storage mount point for the account's files, without the C(.mnt) suffix. Used on creation and rename.
    type: str
  legacy:
    description:
      - Create the account with the legacy (visible to legacy mailers) INBOX. Used only on creation.
    type: bool
    default: false
notes:
  - Name collisions (an account, alias or forwarder with the same name) are reported by the server; the module
    fails with the command and the server's text.
seealso:
  - module: communigate.pro.cgp_account_info
  - module: communigate.pro.cgp_domain
"""

EXAMPLES = r"""
- name: Create a mailbox with a password, display name, quota and language
  communigate.pro.cgp_account:
    name: jane@example.com
    password: "{{ vault_jane_password }}"
    real_name: Jane Doe
    quota: 2G
    language: german
    aliases: [j.doe]

- name: Set the password only when the account is created
  communigate.pro.cgp_account:
    name: bob
    domain: example.com
    password: "{{ initial_password }}"
    update_password: on_create

- name: Disable an account and set a raw CGP setting
  communigate.pro.cgp_account:
    name: bob@example.com
    enabled: false
    settings:
      RulesAllowed: Filter Only

- name: Make jane an administrator of her domain who may create accounts and aliases
  communigate.pro.cgp_account:
    name: jane@example.com
    rights: [Domain, BasicSettings, CanCreateAccounts, CanCreateAliases]

- name: Rename an account
  communigate.pro.cgp_account:
    name: robert@example.com
    rename_from: bob@example.com

- name: Delete an account
  communigate.pro.cgp_account:
    name: robert@example.com
    state: absent

- name: Many accounts of a domain in one task; delete the accounts not listed (but keep postmaster)
  communigate.pro.cgp_account:
    domain: example.com
    update_password: on_create
    accounts:
      - name: jane
        password: "{{ vault_jane_password }}"
        real_name: Jane Doe
        quota: 2G
      - name: bob
        real_name: Bob Smith
        enabled: false
      - name: old-intern
        state: absent
    purge: true
    purge_exclude: [postmaster, archive]
"""

RETURN = r"""
account:
  description:
    - The account as it is after the run (what check mode predicts in check mode), in the shape
      M(communigate.pro.cgp_account_info) returns. The password is never returned.
  returned: success, with O(name) and O(state=present)
  type: dict
  contains:
    name: {description: "The account, user@domain.", type: str}
    settings: {description: Explicitly set settings (no C(Password)), type: dict}
    prefs: {description: Explicitly set preferences, type: dict}
    aliases: {description: Aliases, type: list, elements: str}
    telnums: {description: Telephone numbers, type: list, elements: str}
    rights:
      description: The access rights.
      type: list
      elements: str
      returned: when O(rights) is given (in the list form, when an element gives O(accounts[].rights))
    real_name: {description: C(RealName) setting, type: str}
    quota: {description: C(MaxAccountSize) setting, type: str}
    enabled: {description: False when the account's own C(AccessModes) is C(None), type: bool}
    language: {description: C(Language) preference, type: str}
    time_zone: {description: C(TimeZone) preference, type: str}
  sample:
    name: jane@example.com
    settings: {RealName: Jane Doe, MaxAccountSize: 2G}
    prefs: {Language: german}
    aliases: [j.doe]
    telnums: []
    real_name: Jane Doe
    quota: 2G
    enabled: true
    language: german
    time_zone: null
password_changed:
  description: Whether the password was set (or, in check mode, would be).
  returned: success and O(name) is given
  type: bool
  sample: false
commands:
  description:
    - The CLI write commands sent (in check mode, that would be sent), secrets masked.
    - In the list form, every account's commands in the order they were sent. On failure, the commands
      already applied.
  returned: always
  type: list
  elements: str
  sample: ['CREATEACCOUNT "jane@example.com" {Password="********";RealName="Jane Doe";MaxAccountSize=2G;}']
results:
  description:
    - The list form's results, one per element of O(accounts) in order, then one per account deleted by O(purge).
      On failure, those processed before the failing one. The notes say what each entry holds.
  returned: when O(accounts) is given
  type: list
  elements: dict
  sample:
    - {name: jane@example.com, state: present, changed: true, password_changed: true, purged: false,
       commands: ['CREATEACCOUNT "jane@example.com" {Password="********";RealName="Jane Doe";}'],
       account: {name: jane@example.com, settings: {RealName: Jane Doe}, prefs: {}, aliases: [], telnums: [],
                 real_name: Jane Doe, quota: null, enabled: true, language: null, time_zone: null}}
    - {name: old-intern@example.com, state: absent, changed: true, password_changed: false, purged: true,
       commands: ['DELETEACCOUNT "old-intern@example.com"']}
failed_object:
  description: The account whose write failed (list form).
  returned: on failure in the list form, when a account's write failed
  type: str
  sample: bob@example.com
not_processed:
  description: The accounts (and purge deletions) not processed because of the failure, in order.
  returned: on failure in the list form
  type: list
  elements: str
  sample: [carol@example.com]
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_account import ACCOUNTS
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(ACCOUNTS.argument_spec(), **ACCOUNTS.module_kwargs())
    cgp.run(ACCOUNTS.run)


if __name__ == "__main__":
    main()
