# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PWD login: USER/PASS, APOP (secure login with the banner's token) and AUTH WEBUSER.

Any account logs in with its own password (``user@domain``; a bare name is in
the main domain).  Failures, unknown users included, answer
``515 incorrect password``.  NEWPASS (the poppwd password change) is refused.
"""

import datetime
import hashlib
import re

from . import codec
from .errors import ACCESS_DENIED, SYNTAX, WRONG_PASSWORD
from .registry import Context

LOGIN_VERBS = frozenset(("USER", "PASS", "APOP", "AUTH", "NEWPASS"))
_AUTH = re.compile(r"[ \t]*(\S+)[ \t]+(\S+)[ \t](.*)\Z", re.S)


def _reply(error):
    return "%d %s" % error


class Login:
    """The login state of one connection: its APOP token, a pending USER, then its Context."""

    def __init__(self, server, token, peer):
        self.server = server
        self.token = token
        self.peer = peer
        self.pending_user = None  # the name after USER, until PASS
        self.name = None  # login name as given, once logged in
        self.ctx = None

    def handle(self, verb, rest):
        """The reply to one login command (``verb`` in upper case, ``rest`` the raw rest of its line)."""
        if verb == "NEWPASS":
            return _reply(ACCESS_DENIED)
        if self.ctx is not None:
            return "500 already logged in"
        return {"USER": self._user, "PASS": self._pass, "APOP": self._apop, "AUTH": self._auth}[verb](rest)

    def _user(self, rest):
        name = rest.strip()
        if not name:
            return _reply(SYNTAX("USER name expected"))
        self.pending_user = name
        return "300 please send the PASS"

    def _pass(self, rest):
        if self.pending_user is None:
            return _reply(SYNTAX("send USER first"))
        name, self.pending_user = self.pending_user, None
        return self._finish(name, lambda password: password == rest)

    def _apop(self, rest):
        parts = rest.split()
        if len(parts) != 2:
            return _reply(SYNTAX("APOP name digest expected"))
        name, digest = parts
        token = self.token
        return self._finish(
            name, lambda password: hashlib.md5((token + password).encode("utf-8")).hexdigest() == digest.lower()
        )

    def _auth(self, rest):
        match = _AUTH.match(rest)  # AUTH WEBUSER user password (the rest of the line)
        if match is None or match.group(1).upper() != "WEBUSER":
            return _reply(SYNTAX("AUTH WEBUSER name password expected"))
        password = match.group(3)
        return self._finish(match.group(2), lambda given: given == password)

    def _finish(self, name, check):
        state = self.server.state
        with state.lock:
            found = _authenticate(state, name, check)
            if found is None:
                return _reply(WRONG_PASSWORD)
            domain, account, is_admin = found
            self._record(account)
            self.name = name
            # the account's own name: a login by an alias acts as the account
            self.ctx = Context(
                state, "%s@%s" % (account.name, domain.name), domain.name, is_admin, session={}, server=self.server
            )
        return "200 login OK"

    def _record(self, account):
        """What a login leaves in the account's info and statistics."""
        account.info["LastLogin"] = datetime.datetime.utcnow().replace(microsecond=0)
        if self.peer:
            try:
                account.info["LastAddress"] = codec.IPAddress(self.peer[0])
            except ValueError:
                pass
        account.stat["Logins"] = int(account.stat.get("Logins", 0)) + 1


def _authenticate(state, name, check):
    """(Domain, Account, is administrator) when ``check`` accepts the account's password, else None."""
    local, at, dom = name.rpartition("@")
    if not at:
        local, dom = dom, state.main_domain
    domain = state.find_domain(dom)
    account = None
    if domain is not None:  # an account logs in by its name or by one of its aliases
        account = domain.accounts.get(local.lower()) or domain.alias_owners.get(local.lower())
    if account is None or not check(account.password):
        return None
    is_admin = _is_admin(state, domain, account)
    if not is_admin:
        modes = state.account_effective_settings(domain, account).get("AccessModes")
        if domain.suspended or (isinstance(modes, str) and modes.lower() == "none"):
            return None
    return domain, account, is_admin


def _is_admin(state, domain, account):
    """The --user account, or a main-domain account with the Master right."""
    if state.is_admin_account(domain, account):
        return True
    return domain.name.lower() == state.main_domain.lower() and any(str(r).lower() == "master" for r in account.rights)
