# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CLI errors: a handler raises CLIError, the server answers "<code> <text>".

Texts come from the CLI reference sample session or from error texts seen
in public client code (cli-command-matrix.md section 3); where neither has
one, the text is short and plain and contains the words clients match on
("already exists", "not found", "unknown").
"""


class CLIError(Exception):
    """An error answer.  CLIError(code, text) or CLIError((code, text))."""

    def __init__(self, code, text=None):
        if text is None and isinstance(code, tuple):
            code, text = code
        super().__init__("%d %s" % (code, text))
        self.code = int(code)
        self.text = str(text)


def SYNTAX(text):  # noqa: N802  (reads like the other constants)
    """A syntax error answer (500) with the given text."""
    return (500, text)


def fail(error):
    """Raise the error constant ``error`` (a (code, text) tuple)."""
    raise CLIError(error)


# From the reference and public clients.
ACCOUNT_EXISTS = (501, "Account with this name already exists")
DOMAIN_EXISTS = (501, "domain with this name already exists")
UNKNOWN_DOMAIN = (512, "Unknown secondary domain name")
UNKNOWN_ACCOUNT = (513, "Unknown user account")
FORWARDER_NOT_FOUND = (501, "forwarder is not found")
GROUP_NOT_FOUND = (501, "group is not found")
LIST_NOT_FOUND = (501, "Unknown Mailing List")
ACCESS_DENIED = (510, "you do not have the required access right")
UNKNOWN_COMMAND = (500, "Unknown command")
WRONG_PASSWORD = (515, "incorrect password")

# Our own wording (the reference gives none).
ALIAS_EXISTS = (501, "alias with this name already exists")
FORWARDER_EXISTS = (501, "forwarder with this name already exists")
GROUP_EXISTS = (501, "group with this name already exists")
LIST_EXISTS = (501, "mailing list with this name already exists")
MAIN_DOMAIN_CHANGE = (501, "the main domain cannot be renamed or deleted")
DOMAIN_NOT_EMPTY = (501, "domain is not empty")
NOT_LOGGED_IN = (500, "please log in first")
LOGIN_FAILED = WRONG_PASSWORD
BAD_ACCOUNT_TYPE = (500, "unknown account type")
TYPE_CHANGE_NOT_ALLOWED = (501, "the account type cannot be changed this way")
RULE_NOT_FOUND = (501, "rule is not found")
TELNUM_EXISTS = (501, "telnum already exists")
TELNUM_NOT_FOUND = (501, "telnum is not found")
SESSION_NOT_FOUND = (501, "session is not found")
INJECTED_FAILURE = (500, "injected failure")
LINE_TOO_LONG = (500, "command line is too long")
WEAK_PASSWORD = (501, "the password is too simple")
PASSWORD_CHANGE_DENIED = (510, "password modification is not allowed")
NOT_SUPPORTED = (500, "command is not supported by this emulator")
UNKNOWN_MAILBOX = (501, "Mailbox does not exist")
MAILBOX_EXISTS = (501, "Mailbox with this name already exists")
INBOX_UNDELETABLE = (501, "INBOX cannot be deleted")
SINGLE_MAILBOX = (501, "this Account can have only one Mailbox")
BAD_MAILBOX_NAME = (500, "invalid Mailbox name")
BAD_MAILBOX_RIGHTS = (500, "invalid access right symbols")
