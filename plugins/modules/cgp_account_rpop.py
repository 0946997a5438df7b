#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_account_rpop
short_description: Manage the remote mail (RPOP and RIMAP) records of a CommuniGate Pro account
version_added: 0.1.0
description:
  - Create, update and delete the records that make CommuniGate Pro collect mail for an account from a remote
    POP3 server (RPOP records) or IMAP server (RIMAP records, O(protocol=imap)), each with the remote host, the
    login name and password, the local mailbox to store into, how often to poll, and the connection flags.
  - Records are identified by their name. One record per task (O(name)) fits loops; several at once
    (O(records)), each with its own C(state), and O(purge=true) makes the task own all of the account's records.
  - CommuniGate Pro has no per-record command, only C(GetAccountRPOPs) and C(SetAccountRPOPs) (and their RIMAP
    twins), which replaces every record. The module reads the records, changes only those it is given (or, with
    O(purge=true), removes the others too) and writes the whole set back in one C(SetAccountRPOPs), only when
    something changed. The records are read again right before that write and checked after it, so a record
    another client adds or changes meanwhile is kept. Records the task does not name are written back exactly
    as read, remote passwords included.
  - Only the keys the task gives are compared and set; the other keys of an existing record keep their values.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.state_module
attributes:
  diff_mode:
    support: full
    description: Shows the account's records by name before and after; a remote password shows as masked, and as
      changed when this run changes it.
options:
  account:
    description:
      - The account, as V(user@domain).
    type: str
    required: true
  protocol:
    description:
      - V(pop) manages the account's RPOP records (C(GetAccountRPOPs) / C(SetAccountRPOPs)), V(imap) its RIMAP
        records (C(GetAccountRIMAPs) / C(SetAccountRIMAPs)). The two sets are separate.
    type: str
    choices: [pop, imap]
    default: pop
  name:
    description:
      - Name of the record (one record per task). Mutually exclusive with O(records).
    type: str
  state:
    description:
      - V(present) creates or updates the record named by O(name), V(absent) deletes it (a record that does not
        exist is not an error).
      - With O(records), each element has its own C(state); this option must then be left at V(present).
    type: str
    choices: [present, absent]
    default: present
  host:
    description:
      - The remote server's host name (the record key C(domain)). Required to create a record.
    type: str
  auth_name:
    description:
      - The login name on the remote server (the record key C(authName)). Required to create a record.
    type: str
  password:
    description:
      - The password on the remote server (the record key C(password)). Never logged, never returned (results,
        diff and C(commands) show it masked).
      - When it is set depends on O(update_password).
      - A masked value as this module returns it (V(********)) means "keep the server's password".
    type: str
  mailbox:
    description:
      - The account's mailbox the collected messages are stored in (the record key C(mailbox)). Left out, the
        server's default.
    type: str
  period:
    description:
      - How often the remote server is polled (the record key C(period)), a CommuniGate Pro time such as V(10m),
        V(30m), V(1h) or V(1d).
    type: str
  apop:
    description:
      - Log in with APOP (the record key C(APOP)). RPOP records only (O(protocol=pop)).
    type: bool
  use_tls:
    description:
      - Connect to the remote server with TLS (the record key C(TLS)).
    type: bool
  leave:
    description:
      - Leave the messages on the remote server (the record key C(leave)).
    type: bool
  settings:
    description:
      - More record keys, as CommuniGate Pro names them, for what the options above do not cover; merged on the
        keys given. A value of V(null) or V(default) removes the key.
      - The keys of the options above (C(domain), C(authName), C(password), ...) are set with those options;
        here they can only be removed, for example the key C(mailbox) set to V(null) for the server's default
        mailbox again.
    type: dict
  records:
    description:
      - Several records at once, each a dictionary with the keys C(name), C(state) and those of the record options
        (C(host), C(auth_name), C(password), C(mailbox), C(period), C(apop), C(use_tls), C(leave), C(settings)),
        which mean what the options of the same names mean. Mutually exclusive with O(name).
      - The RV(records) this module returns can be given back as this option.
      - An empty list with O(purge=true) removes every record.
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the record.
        type: str
        required: true
      state:
        description: V(present) creates or updates the record, V(absent) deletes it.
        type: str
        choices: [present, absent]
        default: present
      host:
        description: The remote server's host name (see O(host)).
        type: str
      auth_name:
        description: The login name on the remote server (see O(auth_name)).
        type: str
      password:
        description: The password on the remote server (see O(password)).
        type: str
      mailbox:
        description: The mailbox to store into (see O(mailbox)).
        type: str
      period:
        description: How often to poll (see O(period)).
        type: str
      apop:
        description: Log in with APOP (see O(apop)).
        type: bool
      use_tls:
        description: Connect with TLS (see O(use_tls)).
        type: bool
      leave:
        description: Leave the messages on the remote server (see O(leave)).
        type: bool
      settings:
        description: More record keys (see O(settings)).
        type: dict
  purge:
    description:
      - Delete every record that O(name) or O(records) does not name.
      - Not with O(state=absent).
    type: bool
    default: false
  update_password:
    description:
      - V(always) makes the record's remote password the one given. CommuniGate Pro returns the stored remote
        passwords in clear to administrators, so the module compares the given password with the server's and
        writes it only when they differ. An unchanged password is not a change, and a second run reports no
        change. (A server that returned the password in another form, encrypted for example, would make the
        comparison fail every time, and the module would then send the password again and report a change on
        every run.)
      - V(on_create) sets O(password) only when the record is created; an existing record keeps its password.
    type: str
    choices: [always, on_create]
    default: always
notes:
  - The reference does not list the keys of a record; the options are the keys that public CommuniGate Pro clients
    send and read back. RIMAP records are assumed to have the same keys as RPOP records (without APOP); any other
    key can be given in O(settings).
  - Flags are sent as V(YES) or V(NO); a flag the server holds as V(1) or an empty string (as some clients write
    them) compares equal to V(true) or V(false).
  - Record names are matched exactly (case-sensitively).
  - A domain administrator needs the C(CanModifyRPOP) access right to change an account's RPOP and RIMAP records.
seealso:
  - module: communigate.pro.cgp_account
"""

EXAMPLES = r"""
- name: Collect jane's mail from her old provider every 10 minutes, over TLS, into a mailbox of its own
  communigate.pro.cgp_account_rpop:
    account: jane@example.com
    name: old provider
    host: pop.old-provider.example
    auth_name: jane.doe
    password: "{{ jane_old_password }}"
    mailbox: Old Mail
    period: 10m
    use_tls: true
    leave: false

- name: Set the password only when the record is created (it is changed by the user afterwards)
  communigate.pro.cgp_account_rpop:
    account: jane@example.com
    name: old provider
    host: pop.old-provider.example
    auth_name: jane.doe
    password: "{{ jane_old_password }}"
    update_password: on_create

- name: An IMAP account to collect from (an RIMAP record)
  communigate.pro.cgp_account_rpop:
    account: jane@example.com
    protocol: imap
    name: work
    host: imap.work.example
    auth_name: jdoe
    password: "{{ jane_work_password }}"
    period: 30m
    use_tls: true

- name: Add a record and delete another; the account's other records stay as they are
  communigate.pro.cgp_account_rpop:
    account: bob@example.com
    records:
      - name: home
        host: pop.home.example
        auth_name: bob
        password: "{{ bob_home_password }}"
        period: 1h
      - name: legacy
        state: absent

- name: The account has exactly this RPOP record, all others are deleted
  communigate.pro.cgp_account_rpop:
    account: bob@example.com
    records:
      - name: home
        host: pop.home.example
        auth_name: bob
        password: "{{ bob_home_password }}"
        period: 1h
    purge: true

- name: Delete a record
  communigate.pro.cgp_account_rpop:
    account: jane@example.com
    name: old provider
    state: absent
"""

RETURN = r"""
record:
  description: The record named by O(name) after the run, in the form of the module's options (its password
    masked); empty after deletion.
  returned: when O(name) is given
  type: dict
  sample:
    name: old provider
    host: pop.old-provider.example
    auth_name: jane.doe
    password: "********"
    mailbox: Old Mail
    period: 10m
    use_tls: true
    leave: false
records:
  description: All of the account's records of O(protocol) after the run (what check mode predicts in check mode),
    in the form O(records) accepts, passwords masked; keys without an option are in C(settings).
  returned: success
  type: list
  elements: dict
  sample:
    - name: old provider
      host: pop.old-provider.example
      auth_name: jane.doe
      password: "********"
      period: 10m
      use_tls: true
commands:
  description: The CLI write commands sent (in check mode, that would be sent), passwords masked.
  returned: always
  type: list
  elements: str
  sample: ['SETACCOUNTRPOPS "jane@example.com" {"old provider"={authName="jane.doe";domain="pop.old-provider.example";
    mailbox="Old Mail";period=10m;TLS=YES;leave=NO;password="********";};}']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule
from ansible_collections.communigate.pro.plugins.module_utils.cgp_rpop import (
    MUTUALLY_EXCLUSIVE,
    REQUIRED_ONE_OF,
    argument_spec,
    manage_records,
)


def main():
    cgp = CGPModule(argument_spec(), mutually_exclusive=MUTUALLY_EXCLUSIVE, required_one_of=REQUIRED_ONE_OF)
    cgp.run(manage_records)


if __name__ == "__main__":
    main()
