# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Forwarders, groups and mailing lists: named domain objects found, added, renamed and deleted alike.

Each kind is one ``ObjectKind``; the handlers in cmd_forwarders.py,
cmd_groups.py and cmd_lists.py parse their command and call it.  Accounts are
richer (aliases, telnums, the administrator) and have their own code in
cmd_accounts.py.
"""

from .errors import CLIError, SYNTAX


def require_name(local, what):
    """The check for kinds that only refuse an empty name."""
    if not local:
        raise CLIError(*SYNTAX("%s expected" % what))


class ObjectKind:
    """One kind of named object held in a Domain attribute ({lower-case name: object})."""

    def __init__(
        self, attribute, not_found, check_name=require_name, rename_across_domains=True, other_domain_error=None
    ):
        self.attribute = attribute
        self.not_found = not_found  # the (code, text) error for a missing object
        self.check_name = check_name  # check_name(local, what) raises for a bad name
        self.rename_across_domains = rename_across_domains
        self.other_domain_error = other_domain_error  # the error for a new name in another domain

    def find(self, ctx, name):
        """(Domain, object) by (qualified) name, or the kind's not-found error."""
        domain, local = ctx.state.split(ctx, name)
        obj = getattr(domain, self.attribute).get(local.lower())
        if obj is None:
            raise CLIError(*self.not_found)
        return domain, obj

    def add(self, ctx, domain, local, build):
        """Add the object ``build()`` makes, named ``local``, unless that name is taken (checked first)."""
        ctx.state.check_name_free(domain, local)
        domain.add(self.attribute, build())

    def rename(self, ctx, found, new_name, what):
        """Rename the found (Domain, object) to ``new_name`` (``what`` names it in errors)."""
        domain, obj = found
        new_domain, local = self._new_name(ctx, domain, new_name)
        self.check_name(local, what)
        ctx.state.check_name_free(new_domain, local, ignore=obj)
        domain.remove(self.attribute, obj)
        obj.name = local
        new_domain.add(self.attribute, obj)

    def delete(self, found):
        """Remove the found (Domain, object)."""
        domain, obj = found
        domain.remove(self.attribute, obj)

    def _new_name(self, ctx, domain, new_name):
        if self.rename_across_domains:
            return ctx.state.split(ctx, new_name)
        local, at, other = new_name.rpartition("@")
        if not at:
            return domain, other
        if ctx.state.find_domain(other) is not domain:
            raise CLIError(*self.other_domain_error)
        return domain, local
