# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The connection options shared by every module of the collection.
    DOCUMENTATION = r"""
options:
  login_host:
    description:
      - Host name or address of the CommuniGate Pro server's PWD (CLI) service.
      - If not set, the environment variable E(CGP_HOST) is used, then V(localhost).
    type: str
    default: localhost
  login_port:
    description:
      - TCP port of the PWD service.
      - If not set, the environment variable E(CGP_PORT) is used, then V(106).
    type: int
    default: 106
  login_user:
    description:
      - Name of the account the module logs in as, usually a server administrator such as V(postmaster).
      - If not set, the environment variable E(CGP_USER) is used. Required one way or the other.
    type: str
  login_password:
    description:
      - Password of O(login_user). Never logged, never returned.
      - If not set, the environment variable E(CGP_PASSWORD) is used. Required one way or the other.
    type: str
  login_method:
    description:
      - How to authenticate.
      - V(auto) uses APOP secure login when the server's banner offers a token, and USER/PASS otherwise.
      - V(apop) requires secure login; V(plain) sends USER/PASS; V(webuser) sends AUTH WEBUSER.
      - If not set, the environment variable E(CGP_LOGIN_METHOD) is used, then V(auto).
    type: str
    choices: [auto, apop, plain, webuser]
    default: auto
  tls:
    description:
      - Speak TLS from the first byte (a PWD port configured for secure connections).
      - If not set, the environment variable E(CGP_TLS) is used, then V(false).
    type: bool
    default: false
  validate_certs:
    description:
      - Verify the server's TLS certificate and host name. Set to V(false) only for lab servers with self-signed certificates.
      - If not set, the environment variable E(CGP_VALIDATE_CERTS) is used, then V(true).
    type: bool
    default: true
  ca_path:
    description:
      - File of CA certificates (PEM) to verify the server's certificate with, instead of the system's.
      - If not set, the environment variable E(CGP_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for the connection and for each reply.
      - If not set, the environment variable E(CGP_TIMEOUT) is used, then V(30).
    type: float
    default: 30
notes:
  - The modules talk to the server over the network from wherever Ansible runs them; nothing is installed on the mail server.
    Run them on the control node (C(delegate_to) V(localhost)) or a jump host, and set the connection options once with
    C(module_defaults) and the action group C(group/communigate.pro.cgp).
"""
