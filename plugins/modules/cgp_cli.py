#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_cli
short_description: Run one CommuniGate Pro CLI command
version_added: 0.1.0
description:
  - Send one CLI command, given as a verb and a list of arguments, and return the server's answer as data.
    For whatever the other modules of the collection do not cover.
  - Every argument is encoded by the collection's CGP data-format codec (strings quoted and escaped as needed,
    dictionaries and arrays in CGP syntax, V(true)/V(false) as C(YES)/C(NO), V(null) as C(#NULL#)). Nothing is
    pasted into the command line as text, so a value holding quotes, line breaks or NUL characters can never end
    the command early or start another one.
  - A command is a read or a write. Reads run in check mode too and report C(changed=false). Writes report
    C(changed=true) on every run (the module cannot know what a raw command changes) and are not sent in check
    mode. See O(changes).
  - Prefer the dedicated modules where they exist; they read before they write and are idempotent.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
attributes:
  check_mode:
    support: partial
    details: Reads run and return their data; writes are only listed in RV(commands), not sent.
    description: Reads run as usual; writes are not sent and RV(data) is V(null).
  diff_mode:
    support: none
    description: A raw command has no before/after view.
options:
  command:
    description:
      - The CLI command verb, for example V(GETDOMAINSETTINGS) or V(postServerAlert). Letters and digits only,
        starting with a letter; sent in upper case. Checked before anything is sent.
      - The PWD session commands (V(USER), V(PASS), V(APOP), V(AUTH), V(INLINE), V(QUIT), V(NEWPASS)) are refused;
        the module logs in and manages the session itself.
    type: str
    required: true
  args:
    description:
      - The command's arguments, in order. Each item is encoded by the codec according to its type.
      - A string is sent bare when it is alphanumeric and quoted otherwise (V(example.com) becomes
        C("example.com")); so keyword-like words such as V(INTO) also go out bare when given as plain strings.
      - "A dictionary or a list is sent as a CGP dictionary or array (C({Key=Value;}), or the values in parentheses, comma separated); inside them
        numbers become CGP numbers (C(#5)), V(true)/V(false) C(YES)/C(NO), V(null) C(#NULL#)."
      - A top-level integer is sent as a decimal word (V(10) becomes C(10), a negative one is quoted), the form the reference uses for
        numeric parameters such as limits.
      - "A dictionary with the single key C(keyword) is a bare CLI keyword: C({keyword: INTO}) sends C(INTO)
        unquoted. The keyword must be letters and digits starting with a letter; it is sent in upper case."
      - "A dictionary with the single key C(value) sends its value exactly as the codec encodes it, with no
        special meaning: C({value: 5}) sends the CGP number C(#5), C({value: {keyword: x}}) sends the dictionary
        C({keyword=x;})."
    type: list
    elements: raw
    default: []
  secret_args:
    description:
      - Indexes (from 0) of O(args) that hold secrets, such as a password. They are sent as given, but shown as
        C("********") in RV(command), RV(commands) and errors, and masked wherever else they would appear in the
        task's output.
      - The value of a dictionary key named C(Password) (any case, at any depth) is always masked.
      - This masks the task's output only. The server receives the secret, and may record the command in its
        own logs, as it does for any CLI command.
    type: list
    elements: int
    default: []
  changes:
    description:
      - Whether the command is treated as a read or a write.
      - V(auto) treats as reads the verbs starting with C(GET), C(LIST) (but not the mailing list command
        C(LIST) itself), C(READ), C(FIND) and C(VERIFY), and the verbs C(ROUTE), C(NOOP), C(ECHO) and
        C(MAINDOMAINNAME); every other verb is a write.
      - V(never) treats the command as a read (it runs in check mode and never reports C(changed)).
      - V(always) treats it as a write (it is skipped in check mode and always reports C(changed)).
    type: str
    choices: [auto, never, always]
    default: auto
notes:
  - "To parse CGP text found inside the data (a string setting that itself holds a CGP value), use the
    P(communigate.pro.cgp_decode#filter) filter; P(communigate.pro.cgp_encode#filter) shows how a value goes on
    the wire."
seealso:
  - name: CommuniGate Pro CLI reference
    description: The commands, their arguments and results.
    link: https://doc.communigate.com/Guide/CLI.html
"""

EXAMPLES = r"""
- name: Read the router table
  communigate.pro.cgp_cli:
    command: GETROUTERTABLE
  register: cgp_router

- name: List up to 100 objects of a domain (a number and bare keywords)
  communigate.pro.cgp_cli:
    command: LISTDOMAINOBJECTS
    args:
      - example.com
      - 100
      - keyword: ACCOUNTS
      - keyword: FORWARDERS
  register: cgp_objects

- name: Post a two-line server alert (the line break is encoded, not sent)
  communigate.pro.cgp_cli:
    command: POSTSERVERALERT
    args:
      - "Maintenance tonight.\nWebmail will be down for 10 minutes."

- name: Set a password without showing it anywhere
  communigate.pro.cgp_cli:
    command: SETACCOUNTPASSWORD
    args:
      - bob@example.com
      - keyword: PASSWORD
      - "{{ vault_bob_password }}"
    secret_args: [2]

- name: A command the allowlist does not know as read-only, run as a read
  communigate.pro.cgp_cli:
    command: TESTSMTPRECIPIENT
    args: [bob@example.com]
    changes: never
"""

RETURN = r"""
data:
  description:
    - The command's result, decoded. Numbers stay numbers, timestamps become ISO 8601 strings (C(...Z) meaning
      GMT), IP addresses strings, data blocks base64 strings, C(#TPAST)/C(#TFUTURE) the strings C(#TPAST) and
      C(#TFUTURE).
    - The value of a dictionary key named C(Password) (any case, at any depth) is masked.
    - V(null) when the command returns no data, and for a write in check mode.
  returned: always
  type: raw
  sample: {MailToUnknown: Rejected, DomainAccessModes: All}
command:
  description: The command line as sent (or as it would be sent), secrets masked.
  returned: always
  type: str
  sample: 'LISTDOMAINOBJECTS "example.com" 100 ACCOUNTS FORWARDERS'
read_only:
  description: Whether the command was treated as a read (see O(changes)).
  returned: always
  type: bool
  sample: true
commands:
  description: The write command sent (in check mode, that would be sent), secrets masked; empty for a read.
  returned: always
  type: list
  elements: str
  sample: ['POSTSERVERALERT "Maintenance tonight.\\eWebmail will be down for 10 minutes."']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_cli import CLI_OPTIONS, cli_secrets, run_cli
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(CLI_OPTIONS, secrets=cli_secrets)
    cgp.run(run_cli)


if __name__ == "__main__":
    main()
