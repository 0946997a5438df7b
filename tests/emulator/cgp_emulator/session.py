# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One PWD session: a command line in, its reply text out.

Knows the protocol (banner, login, INLINE, QUIT, NOOP, fault injection) and
dispatches CLI commands to the registered handlers under ``State.lock``.  It
does no I/O: connection.py reads the lines and sends the replies.
"""

import random
import re
import time
import traceback

from . import codec
from .errors import ACCESS_DENIED, CLIError, INJECTED_FAILURE, LINE_TOO_LONG, NOT_LOGGED_IN, UNKNOWN_COMMAND
from .login import LOGIN_VERBS, Login
from .masking import masked_line, masked_login
from .registry import Args, Data, find
from .render import data_reply

VERSION = "6.3"
_VERB = re.compile(r"[ \t]*([A-Za-z][A-Za-z0-9_]*)(?:[ \t]|$)")


def _reply(error):
    return "%d %s" % error


class Session:
    """The PWD conversation of one connection (``conn_id`` names it in the log)."""

    def __init__(self, server, conn_id, peer):
        self.server = server
        self.conn_id = conn_id
        self.inline = False
        token = "<%d%03d.%d@%s>" % (int(conn_id[1:]), random.randint(0, 999), int(time.time()), server.main_domain)
        self.login = Login(server, token, peer)

    def banner(self):
        return "200 CommuniGate Pro at %s PWD Server %s ready %s" % (self.server.main_domain, VERSION, self.login.token)

    def _log(self, text):
        self.server.log("%s %s %s" % (self.conn_id, self.login.name or "-", text))

    def too_long(self):
        """The reply to a line longer than the server's limit (its content was discarded)."""
        self.server.count("?")
        self._log("<line too long>")
        return _reply(LINE_TOO_LONG)

    def handle(self, line):
        """(reply text, keep the connection open) for one command line."""
        match = _VERB.match(line)
        if match is None:
            self.server.count("?")
            self._log("<unparsable command>")
            return _reply(UNKNOWN_COMMAND), True
        verb_text, rest = match.group(1), line[match.end() :]
        verb = verb_text.upper()
        self.server.count(verb)
        if verb in self.server.fail_commands:
            self._log("%s <injected failure>" % verb_text)
            return _reply(INJECTED_FAILURE), True
        if verb in LOGIN_VERBS:
            self._log(masked_login(verb, rest))
            return self.login.handle(verb, rest), True
        if verb == "QUIT":
            self._log(verb_text)
            return "200 CommuniGate Pro PWD connection closed", False
        return self._command(verb, verb_text, rest), True

    def _command(self, verb, verb_text, rest):
        try:
            words = codec.loads_words(rest)
        except codec.CGPDecodeError as exc:
            self._log("%s <unparsable arguments>" % verb_text)
            return "500 %s" % exc
        self._log(masked_line(verb_text, words))
        if verb == "NOOP":
            return "200 OK"
        if self.login.ctx is None:
            return _reply(NOT_LOGGED_IN)
        if verb == "INLINE":
            self.inline = True
            return "200 inline mode set"
        return self.execute(verb, words)

    def execute(self, verb, words):
        """Run a registered command; return the reply text."""
        entry = find(verb)
        if entry is None:
            return _reply(UNKNOWN_COMMAND)
        ctx = self.login.ctx
        ctx.verb = verb
        try:
            if entry.sysadmin and not ctx.is_admin:
                raise CLIError(*ACCESS_DENIED)
            with self.server.state.lock:
                if entry.write and not entry.self_service and not ctx.is_domain_admin:
                    raise CLIError(*ACCESS_DENIED)
                result = entry.func(ctx, Args(words))
                if entry.write:
                    self.server.state_changed()
                if result is None:
                    return "200 OK"
                # Rendered under the lock: a handler may return values that other commands change.
                return data_reply(result.value if isinstance(result, Data) else result, self.inline)
        except CLIError as exc:
            return "%d %s" % (exc.code, exc.text)
        except Exception as exc:  # a handler bug: answer, log, keep the connection
            self.server.log("* %s internal error in %s: %s" % (self.conn_id, verb, traceback.format_exc()))
            return "500 internal emulator error (%s)" % type(exc).__name__
