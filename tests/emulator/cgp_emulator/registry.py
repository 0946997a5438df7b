# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command registry, argument reader and per-command context.

A handler module (cmd_*.py in this package) registers its verbs with::

    @command("GETACCOUNTSETTINGS")
    def get_account_settings(ctx, args):
        account = ctx.state.account(ctx, args.string("account name"))
        args.done()
        return dict(account.settings)

The handler returns None (answer "200 OK") or a value (answered as data;
return ``NULL`` to answer the data value #NULL#).  It raises CLIError for
errors.  ``sysadmin=True`` verbs are refused for non-administrator logins
before the handler runs; ``write=True`` verbs are refused for
non-administrators without the "Domain" right, and a successful write marks
the --state file for saving (persistence.py).  ``self_service=True`` writes
are not refused that way: their handler checks who may run them (an account's
owner may change its own mailboxes, cmd_mailboxes.py, and its own password).
"""

import collections
import importlib
import os
import pkgutil

from .errors import ACCESS_DENIED, CLIError, SYNTAX

Command = collections.namedtuple("Command", "func sysadmin write self_service")

COMMANDS = {}  # VERB (upper case) -> Command
ALIASES = {}  # older or abbreviated VERB the vendor's clients send -> the VERB it stands for


def alias(old, verb):
    """Answer ``old`` as ``verb`` (resolved when a command arrives, so the order of handler modules is free)."""
    ALIASES[old.upper()] = verb.upper()


def find(verb):
    """The Command for an upper-case verb or one of its aliases (None when unknown)."""
    return COMMANDS.get(verb) or COMMANDS.get(ALIASES.get(verb, ""))


def command(*verbs, sysadmin=False, write=False, self_service=False):
    """Decorator registering func(ctx, args) for each verb."""

    def register(func):
        for verb in verbs:
            COMMANDS[verb.upper()] = Command(func, sysadmin, write, self_service)
        return func

    return register


class Data:
    """Wraps a handler result so that None is answered as data (#NULL#)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


NULL = Data(None)

_loaded = False


def load_handlers():
    """Import every cmd_*.py module of this package (idempotent)."""
    global _loaded
    if _loaded:
        return COMMANDS
    here = os.path.dirname(os.path.abspath(__file__))
    for info in sorted(pkgutil.iter_modules([here]), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            importlib.import_module(__package__ + "." + info.name)
    _loaded = True
    return COMMANDS


def _kind(value):
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a dictionary"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "#NULL#"
    return "a %s" % type(value).__name__


class Args:
    """The decoded words after the verb, read from left to right."""

    def __init__(self, words):
        self.words = list(words)
        self.pos = 0

    def __repr__(self):
        return "Args(%r, pos=%d)" % (self.words, self.pos)

    def _next(self, what):
        if self.pos >= len(self.words):
            raise CLIError(*SYNTAX("%s expected" % what))
        value = self.words[self.pos]
        self.pos += 1
        return value

    def _typed(self, what, types, name):
        value = self._next(what)
        if not isinstance(value, types):
            self.pos -= 1
            raise CLIError(*SYNTAX("%s expected (%s), got %s" % (what, name, _kind(value))))
        return value

    def string(self, what):
        """Next word, which must be a string."""
        return str(self._typed(what, str, "a string"))

    def dict(self, what):
        """Next word, which must be a dictionary."""
        return self._typed(what, dict, "a dictionary")

    def list(self, what):
        """Next word, which must be an array."""
        return self._typed(what, list, "an array")

    def int(self, what):
        """Next word as an integer: #N or a numeric string."""
        value = self._next(what)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        self.pos -= 1
        raise CLIError(*SYNTAX("%s expected (a number), got %s" % (what, _kind(value))))

    def any(self, what):
        """Next word, of any type."""
        return self._next(what)

    def keyword(self, *names):
        """Consume and return the next word (upper case) if it is one of names."""
        value = self.peek()
        if isinstance(value, str) and value.upper() in [n.upper() for n in names]:
            self.pos += 1
            return value.upper()
        return None

    def expect_keyword(self, name):
        """Consume the keyword ``name`` or fail."""
        if self.keyword(name) is None:
            raise CLIError(*SYNTAX("%s expected" % name.upper()))
        return name.upper()

    def optional_string(self):
        """Consume and return the next word if it is a string, else None."""
        value = self.peek()
        if isinstance(value, str):
            self.pos += 1
            return str(value)
        return None

    def peek(self):
        """The next word without consuming it (None when there is none)."""
        return self.words[self.pos] if self.pos < len(self.words) else None

    def empty(self):
        """True when no word remains."""
        return self.pos >= len(self.words)

    def rest(self):
        """Consume and return all remaining words."""
        value = self.words[self.pos :]
        self.pos = len(self.words)
        return value

    def done(self):
        """Fail if words remain."""
        if self.pos < len(self.words):
            raise CLIError(*SYNTAX("unexpected extra parameter: %s" % _kind(self.words[self.pos])))


class Context:
    """What a handler knows about the command's connection."""

    def __init__(self, state, user, user_domain, is_admin, session=None, server=None, verb=None):
        self.state = state
        self.user = user  # login name as given, e.g. "postmaster"
        self.user_domain = user_domain  # domain (lower-case key) of the logged-in account
        self.is_admin = is_admin  # server administrator
        self.session = session if session is not None else {}
        self.server = server
        self.verb = verb

    @property
    def account(self):
        """The logged-in Account object, or None."""
        domain = self.state.domains.get((self.user_domain or "").lower())
        if domain is None:
            return None
        local = self.user.split("@", 1)[0].lower()
        return domain.accounts.get(local)

    @property
    def is_domain_admin(self):
        """True when the login may write inside its own domain."""
        if self.is_admin:
            return True
        account = self.account
        return account is not None and any(str(r).lower() == "domain" for r in account.rights)

    def check_domain(self, domain):
        """Non-administrators may act only inside their own domain."""
        if self.is_admin:
            return
        name = domain if isinstance(domain, str) else domain.name
        if name.lower() != (self.user_domain or "").lower():
            raise CLIError(*ACCESS_DENIED)

    def require_admin(self):
        """Fail unless the login is the server administrator."""
        if not self.is_admin:
            raise CLIError(*ACCESS_DENIED)

    def domain(self, name=None):
        """The Domain object named (or the user's domain), access checked."""
        return self.state.domain(name if name is not None else self.user_domain, self)
