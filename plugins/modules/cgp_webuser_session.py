#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_webuser_session
short_description: Create or end WebUser (webmail) sessions of a CommuniGate Pro account
version_added: 0.1.0
description:
  - Create a WebUser session for an account and return its session ID and the URL that opens it in a browser,
    without the user typing a password (single sign-on from a portal), optionally only after checking the
    account's password, as cPanel's C(create_webmail_session_for_mail_user_check_password) does.
  - With O(reuse=true), an existing WebUser session of the account for the same address is returned instead
    (C(changed=false)), so a task can run repeatedly without piling up sessions.
  - O(state=absent) ends the account's WebUser sessions, or only the one given in O(session_id).
  - B(The session ID is a credential:) anyone who has it or the URL is logged in as the account until the
    session ends. Register the result only in tasks that set C(no_log) to V(true), and do not print it.
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.state_module
attributes:
  check_mode:
    support: full
    description:
      - Never creates or ends a session. Reports C(changed=true) and the command when a session would be created
        (no RV(session_id) then) and C(changed=false) with the existing ID when O(reuse=true) finds one. The
        password is checked in check mode too.
  diff_mode:
    support: full
    description: Shows the number of WebUser sessions of the account before and after; never a session ID.
options:
  account:
    description:
      - The account, as V(user@domain).
    type: str
    required: true
  state:
    description:
      - V(present) creates a session (or, with O(reuse=true), returns an existing one).
      - V(absent) ends the session given in O(session_id), otherwise every WebUser session of the account
        (only those for O(address) when it is given).
    type: str
    choices: [present, absent]
    default: present
  address:
    description:
      - IP address of the client browser the session is for. If the account's "Fixed IP" preference is on,
        the session can only be used from this address (from the proxy, with O(for_address)).
      - Defaults to V(127.0.0.1) with O(state=present).
    type: str
  for_address:
    description:
      - The browser's own IP address when it connects through an HTTP proxy; O(address) is then the proxy's
        address.
    type: str
  skin:
    description:
      - WebUser skin of the new session. Not compared when O(reuse=true) finds a session.
    type: str
  password:
    description:
      - When given, the account's password is checked first (C(VerifyAccountPassword)) and the task fails, without
        creating a session, if it is wrong. The failure message never contains the password.
    type: str
  url_base:
    description:
      - Scheme, host and port of the server's WebUser (HTTP) service, for example V(https://mail.example.com:9100).
        When given, RV(url) is V(<url_base>/Session/<session ID>/Mailboxes.wssp), the URL the CLI reference gives
        for entering a session. A path in O(url_base) (a reverse proxy prefix) is kept.
    type: str
  reuse:
    description:
      - Return an existing WebUser session of the account for O(address) (and O(for_address)) instead of
        creating one, with C(changed=false). When the account's "Fixed IP" preference is off, CommuniGate Pro
        also matches sessions created for other addresses.
    type: bool
    default: false
  session_id:
    description:
      - With O(state=absent), end only this session, if it is a WebUser session of O(account).
    type: str
notes:
  - The login user needs the All Domains server right or the C(CanCreateWebUserSessions) domain administration
    right.
  - Sessions are ended with C(KillSession sessionID DOMAIN domain), which domain administrators may use.
seealso:
  - module: communigate.pro.cgp_account
"""

EXAMPLES = r"""
- name: Open a webmail session for a user after checking the password
  communigate.pro.cgp_webuser_session:
    account: jane@example.com
    password: "{{ jane_password }}"
    address: "{{ client_ip }}"
    url_base: https://mail.example.com:9100
  register: jane_session
  no_log: true

- name: Hand the URL to the portal (never print it)
  ansible.builtin.uri:
    url: https://portal.example.com/api/sso
    method: POST
    body_format: json
    body:
      user: jane@example.com
      url: "{{ jane_session.url }}"
  no_log: true

- name: Reuse the session for this address if there is one
  communigate.pro.cgp_webuser_session:
    account: jane@example.com
    address: 192.0.2.10
    reuse: true
  register: jane_session
  no_log: true

- name: Log the account out of WebUser everywhere
  communigate.pro.cgp_webuser_session:
    account: jane@example.com
    state: absent
"""

RETURN = r"""
session_id:
  description:
    - The WebUser session ID; a credential (see the description). Null in check mode when a session would be
      created, and with O(state=absent).
  returned: success
  type: str
  sample: 7d5b2f0c9a3e41d68b1c0e2f
url:
  description: The URL that enters the session, with O(url_base); a credential too.
  returned: when O(url_base) is given and there is a session ID
  type: str
  sample: https://mail.example.com:9100/Session/7d5b2f0c9a3e41d68b1c0e2f/Mailboxes.wssp
reused:
  description: Whether RV(session_id) is an existing session found with O(reuse=true).
  returned: with O(state=present)
  type: bool
  sample: false
sessions_killed:
  description: The number of sessions ended (that would be ended in check mode).
  returned: with O(state=absent)
  type: int
  sample: 1
commands:
  description: The CLI write commands sent (in check mode, that would be sent); session IDs are masked.
  returned: always
  type: list
  elements: str
  sample: ['CREATEWEBUSERSESSION "jane@example.com" ADDRESS "192.0.2.10"']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule
from ansible_collections.communigate.pro.plugins.module_utils.cgp_session import manage_webuser_session


def main():
    cgp = CGPModule(
        dict(
            account=dict(type="str", required=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            address=dict(type="str"),
            for_address=dict(type="str"),
            skin=dict(type="str"),
            password=dict(type="str", no_log=True),
            url_base=dict(type="str"),
            reuse=dict(type="bool", default=False),
            session_id=dict(type="str", no_log=True),
        )
    )
    cgp.run(manage_webuser_session)


if __name__ == "__main__":
    main()
