# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the command log shows of a command: everything but its secrets.

What a secret is comes from the collection (cgp_secrets.is_secret_key, via
cgp_secrets.mask): a value under a Password-like, Secret-like or private-key
dictionary key, at any depth.  On top of that, two things only a command line
has: the word after a ``PASSWORD`` keyword (SETACCOUNTPASSWORD,
VERIFYACCOUNTPASSWORD, BLESSSESSION), or after ``TO`` in the older
``SETACCOUNTPASSWORD account TO password``, and a session ID (a credential too).
Replies are never logged.
"""

from . import cgp_secrets, codec

MASK = cgp_secrets.MASK
# Commands whose first argument is a session ID.
SESSION_ID_VERBS = frozenset(("GETSESSION", "UPDATESESSION", "KILLSESSION", "BLESSSESSION", "STORESESSIONFILE"))


def _is_password_keyword(verb, word):
    keywords = ("PASSWORD", "TO") if verb.upper() == "SETACCOUNTPASSWORD" else ("PASSWORD",)
    return isinstance(word, str) and word.upper() in keywords


def mask_words(verb, words):
    """The decoded words of a command with every secret replaced by the mask."""
    masked = cgp_secrets.mask(list(words))
    for index in range(1, len(words)):
        if _is_password_keyword(verb, words[index - 1]):
            masked[index] = MASK
    if verb.upper() in SESSION_ID_VERBS and masked:
        masked[0] = MASK
    return masked


def masked_line(verb, words):
    """The command as logged: re-encoded with the codec after masking."""
    encoded = []
    for word in mask_words(verb, words):
        try:
            encoded.append(codec.dumps(word))
        except (ValueError, TypeError):
            encoded.append("<unencodable>")
    return " ".join([verb] + encoded)


def masked_login(verb, rest):
    """A login command (USER, PASS, APOP, AUTH, NEWPASS; ``verb`` in upper case) as logged.

    The rest of a PASS, APOP, AUTH or NEWPASS line is never decoded (PASS takes it verbatim), so
    the secret is hidden by position: everything after the login name.
    """
    if verb == "USER":
        return "USER %s" % rest.strip()
    if verb == "APOP":
        return "APOP %s %s" % ((rest.split() or ["?"])[0], MASK)
    if verb == "AUTH":
        return "AUTH %s %s" % (" ".join(rest.split(None, 2)[:2]), MASK)
    return "%s %s" % (verb, MASK)
