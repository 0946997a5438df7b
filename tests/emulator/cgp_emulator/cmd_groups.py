# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Group Administration (reference L4441-4636).

Groups share the domain object namespace with accounts, aliases, forwarders
and mailing lists.  The settings dictionary holds the member list under
``Members`` (an array); GETGROUP always shows that key.  There is no
UPDATEGROUP: SETGROUP replaces the whole dictionary.
"""

import copy

from .errors import CLIError, GROUP_NOT_FOUND, SYNTAX
from .named import ObjectKind, require_name
from .registry import command
from .state import Group

GROUPS = ObjectKind("groups", GROUP_NOT_FOUND)


def _check_members(settings):
    members = settings.get("Members")
    if members is not None and not isinstance(members, list):
        raise CLIError(*SYNTAX("Members must be an array"))
    return settings


@command("LISTGROUPS")
def list_groups(ctx, args):
    domain = ctx.domain(args.optional_string())
    args.done()
    return [group.name for group in domain.groups.values()]


@command("CREATEGROUP", write=True)
def create_group(ctx, args):
    name = args.string("group name")
    settings = args.dict("group settings") if not args.empty() else {}
    args.done()
    domain, local = ctx.state.split(ctx, name)
    require_name(local, "group name")
    GROUPS.add(ctx, domain, local, lambda: Group(name=local, settings=copy.deepcopy(_check_members(settings))))


@command("RENAMEGROUP", write=True)
def rename_group(ctx, args):
    old = args.string("group name")
    args.expect_keyword("INTO")
    new = args.string("new group name")
    args.done()
    GROUPS.rename(ctx, GROUPS.find(ctx, old), new, "new group name")


@command("DELETEGROUP", write=True)
def delete_group(ctx, args):
    found = GROUPS.find(ctx, args.string("group name"))
    args.done()
    GROUPS.delete(found)


@command("GETGROUP")
def get_group(ctx, args):
    group = GROUPS.find(ctx, args.string("group name"))[1]
    args.done()
    result = copy.deepcopy(group.settings)
    result.setdefault("Members", [])
    return result


@command("SETGROUP", write=True)
def set_group(ctx, args):
    name = args.string("group name")
    settings = args.dict("new group settings")
    args.done()
    group = GROUPS.find(ctx, name)[1]
    group.settings = copy.deepcopy(_check_members(settings))
