# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One raw CLI command (cgp_cli): a verb and arguments encoded by the codec, reads told
from writes by an allowlist, secret arguments masked everywhere."""

import re

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec
from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import Keyword, Secret, mask_command
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import mask, text_values
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import json_safe

CLI_OPTIONS = dict(
    command=dict(type="str", required=True),
    args=dict(type="list", elements="raw", default=[]),
    secret_args=dict(type="list", elements="int", default=[], no_log=False),
    changes=dict(type="str", default="auto", choices=["auto", "never", "always"]),
)

WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")
SESSION_VERBS = ("USER", "PASS", "APOP", "AUTH", "INLINE", "QUIT", "NEWPASS")
READ_PREFIXES = ("GET", "LIST", "READ", "FIND", "VERIFY")
READ_VERBS = ("ROUTE", "NOOP", "ECHO", "MAINDOMAINNAME")


def is_read(verb):
    """The allowlist of read-only verbs (command matrix 1.9); LIST alone changes a mailing list."""
    return verb in READ_VERBS or (verb != "LIST" and verb.startswith(READ_PREFIXES))


def convert(index, item, secret):
    """One ``args`` item as the client argument to send (Keyword, Secret or a plain value)."""
    option = "args[%d]" % index
    if isinstance(item, dict) and len(item) == 1 and "keyword" in item:
        word = item["keyword"]
        if not isinstance(word, str) or not WORD.match(word):
            raise InputError("%s: keyword %r must be letters and digits starting with a letter" % (option, word))
        if secret:
            raise InputError("secret_args: %s is a keyword, not a value that can be kept secret" % option)
        return Keyword(word.upper())
    if isinstance(item, dict) and len(item) == 1 and "value" in item:
        value = item["value"]
    elif isinstance(item, int) and not isinstance(item, bool):
        value = str(item)
    else:
        value = item
    try:
        cgp_codec.dumps(value)
    except (cgp_codec.CGPEncodeError, TypeError, ValueError) as exc:
        raise InputError("%s cannot be encoded: %s" % (option, exc))
    return Secret(value) if secret else value


def cli_secrets(params):
    """The strings of the arguments ``secret_args`` names, for no_log (``run_cli`` refuses a wrong index)."""
    args = params["args"]
    return [text for index in params["secret_args"] if 0 <= index < len(args) for text in text_values(args[index])]


def run_cli(cgp):
    """cgp_cli: validate the verb and arguments, send the command, return its masked data."""
    params = cgp.params
    for index in params["secret_args"]:
        if not 0 <= index < len(params["args"]):
            raise InputError("secret_args: %d is not an index of args (0 to %d)" % (index, len(params["args"]) - 1))
    if not WORD.match(params["command"]):
        raise InputError(
            "command %r must be one CLI verb: letters and digits, starting with a letter" % params["command"]
        )
    verb = params["command"].upper()
    if verb in SESSION_VERBS:
        raise InputError(
            "command %s is a PWD session command, not a CLI command; the module logs in and manages "
            "the session itself" % verb
        )
    secret = set(params["secret_args"])
    args = [convert(index, item, index in secret) for index, item in enumerate(params["args"])]
    read_only = params["changes"] == "never" or (params["changes"] == "auto" and is_read(verb))
    client = cgp.connect()
    if read_only:
        data = cgp.read(client.execute, verb, *args)
    else:
        data = cgp.write(client.execute, verb, *args)
    cgp.exit(data=mask(json_safe(data)), command=mask_command(verb, args), read_only=read_only)
