# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Forwarder Administration commands."""

from .cmd_accounts import valid_local_name
from .cmd_domains import optional_domain
from .errors import CLIError, FORWARDER_NOT_FOUND, SYNTAX
from .registry import command
from .state import Forwarder


def _forwarder(ctx, args):
    """(Domain, Forwarder) named by the next word."""
    domain, local = ctx.state.split(ctx, args.string("forwarder name"))
    forwarder = domain.forwarders.get(local.lower())
    if forwarder is None:
        raise CLIError(*FORWARDER_NOT_FOUND)
    return domain, forwarder


@command("LISTFORWARDERS")
def list_forwarders(ctx, args):
    domain = optional_domain(ctx, args)
    args.done()
    return [f.name for f in domain.forwarders.values()]


@command("CREATEFORWARDER", write=True)
def create_forwarder(ctx, args):
    state = ctx.state
    domain, local = state.split(ctx, args.string("forwarder name"))
    args.expect_keyword("TO")
    address = args.string("address")
    args.done()
    valid_local_name(local)
    if not address.strip():
        raise CLIError(*SYNTAX("forwarder address expected"))
    state.check_name_free(domain, local)
    domain.forwarders[local.lower()] = Forwarder(name=local, address=address)


@command("RENAMEFORWARDER", write=True)
def rename_forwarder(ctx, args):
    state = ctx.state
    domain, forwarder = _forwarder(ctx, args)
    args.expect_keyword("INTO")
    new_domain, new_local = state.split(ctx, args.string("new forwarder name"))
    args.done()
    valid_local_name(new_local)
    state.check_name_free(new_domain, new_local, ignore=forwarder)
    del domain.forwarders[forwarder.name.lower()]
    forwarder.name = new_local
    new_domain.forwarders[new_local.lower()] = forwarder


@command("DELETEFORWARDER", write=True)
def delete_forwarder(ctx, args):
    domain, forwarder = _forwarder(ctx, args)
    args.done()
    del domain.forwarders[forwarder.name.lower()]


@command("GETFORWARDER")
def get_forwarder(ctx, args):
    forwarder = _forwarder(ctx, args)[1]
    args.done()
    return forwarder.address


@command("FINDFORWARDERS")
def find_forwarders(ctx, args):
    domain = ctx.domain(args.string("domain name"))
    args.expect_keyword("TO")
    address = args.string("forwarder address").strip().lower()
    args.done()
    return [f.name for f in domain.forwarders.values() if f.address.strip().lower() == address]
