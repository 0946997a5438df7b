# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Forwarder Administration commands."""

from .cmd_accounts import valid_local_name
from .cmd_domains import optional_domain
from .errors import CLIError, FORWARDER_NOT_FOUND, SYNTAX
from .named import ObjectKind
from .registry import command
from .state import Forwarder

FORWARDERS = ObjectKind("forwarders", FORWARDER_NOT_FOUND, check_name=lambda local, what: valid_local_name(local))


@command("LISTFORWARDERS")
def list_forwarders(ctx, args):
    domain = optional_domain(ctx, args)
    args.done()
    return [f.name for f in domain.forwarders.values()]


@command("CREATEFORWARDER", write=True)
def create_forwarder(ctx, args):
    domain, local = ctx.state.split(ctx, args.string("forwarder name"))
    args.expect_keyword("TO")
    address = args.string("address")
    args.done()
    valid_local_name(local)
    if not address.strip():
        raise CLIError(*SYNTAX("forwarder address expected"))
    FORWARDERS.add(ctx, domain, local, lambda: Forwarder(name=local, address=address))


@command("RENAMEFORWARDER", write=True)
def rename_forwarder(ctx, args):
    found = FORWARDERS.find(ctx, args.string("forwarder name"))
    args.expect_keyword("INTO")
    new = args.string("new forwarder name")
    args.done()
    FORWARDERS.rename(ctx, found, new, "new forwarder name")


@command("DELETEFORWARDER", write=True)
def delete_forwarder(ctx, args):
    found = FORWARDERS.find(ctx, args.string("forwarder name"))
    args.done()
    FORWARDERS.delete(found)


@command("GETFORWARDER")
def get_forwarder(ctx, args):
    forwarder = FORWARDERS.find(ctx, args.string("forwarder name"))[1]
    args.done()
    return forwarder.address


@command("FINDFORWARDERS")
def find_forwarders(ctx, args):
    domain = ctx.domain(args.string("domain name"))
    args.expect_keyword("TO")
    address = args.string("forwarder address").strip().lower()
    args.done()
    return [f.name for f in domain.forwarders.values() if f.address.strip().lower() == address]
