# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Remote mail records of an account: GET/SETACCOUNTRPOPS and GET/SETACCOUNTRIMAPS (L3371-3492).

Each command reads or replaces the whole dictionary of an account's records (record name ->
record dictionary); SET removes every old record (L3418-3421, L3481-3484). The records are
kept as given: the reference does not list their keys, and public clients read back what they
sent (authName, domain, password, mailbox, period, APOP, TLS, leave). GET returns each record's
``password`` in clear, as a real server does to administrators (the Plesk extension of
SIXwishlist/communigate-plesk-extention fills its password field from it); the command log masks
it (masking.py, through cgp_secrets).

Rights: a domain administrator needs the CanModifyRPOP right to set them (L3426-3429,
L3489-3492). Reading them (passwords included) is for administrators and the account itself.
"""

import copy

from .errors import ACCESS_DENIED, CLIError, SYNTAX
from .registry import command

RIGHT = "CanModifyRPOP"


def _records(ctx, args):
    """The Account named by the next word, which the login may read the records of."""
    account = ctx.state.find_account(ctx, args.string("account name"))[1]
    if account is not ctx.account and not ctx.is_domain_admin:
        raise CLIError(*ACCESS_DENIED)
    return account


def _check_records(kind, records):
    for name, record in records.items():
        if not name:
            raise CLIError(*SYNTAX("%s record names cannot be empty" % kind))
        if not isinstance(record, dict):
            raise CLIError(*SYNTAX("%s record %s must be a dictionary" % (kind, name)))
    return records


def _remote_commands(kind, attribute):
    @command("GETACCOUNT%sS" % kind)
    def getter(ctx, args):
        account = _records(ctx, args)
        args.done()
        return copy.deepcopy(getattr(account, attribute))

    @command("SETACCOUNT%sS" % kind, write=True)
    def setter(ctx, args):
        account = _records(ctx, args)
        records = _check_records(kind, args.dict("new records"))
        args.done()
        if not ctx.is_admin and not any(str(right).lower() == RIGHT.lower() for right in ctx.account.rights):
            raise CLIError(*ACCESS_DENIED)
        setattr(account, attribute, copy.deepcopy(records))


_remote_commands("RPOP", "rpops")
_remote_commands("RIMAP", "rimaps")
