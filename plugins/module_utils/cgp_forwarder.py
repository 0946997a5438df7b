# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Forwarders: the options of one forwarder, and the planner that reconciles one or many
forwarders of a domain over one connection (cgp_forwarder's single and list forms)."""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import (
    InputError,
    bare,
    check_text,
    domain_of,
    split_name,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_planner import ListForm, ObjectPlanner, Spec

# The options of one forwarder: the single form's, and those of each element of the forwarders list.
FORWARDER_OPTIONS = dict(
    name=dict(type="str", required=True),
    to=dict(type="str"),
    rename_from=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def same_target(one, other):
    return one.strip().lower() == other.strip().lower()


def forwarder_spec(params, domain):
    """The desired state of one forwarder from its options; InputError names the option."""
    name = split_name(params["name"], domain, what="forwarder")
    if params["state"] == "present":
        if params["to"] is None:
            raise InputError("to: required with state=present")
        check_text(params["to"], "to", "target address")
    old = None
    if params["rename_from"]:
        # a bare rename_from is in the forwarder's domain; a qualified one may be in another domain
        old = split_name(
            params["rename_from"],
            None if "@" in params["rename_from"] else name.domain,
            "rename_from",
            what="forwarder",
        )
    return Spec(name, params, old)


def read_forwarders(cgp, names):
    """{name: target address} of qualified forwarder names, one pipelined round trip."""
    return dict(zip(names, cgp.batch([("GETFORWARDER", name) for name in names]) if names else []))


class ForwarderPlanner(ObjectPlanner):
    """Forwarders of one domain. Reads: LISTFORWARDERS per domain involved, one pipelined batch of
    GETFORWARDER for the forwarders concerned; a changed target deletes and recreates the forwarder
    (CGP cannot change it in place)."""

    kind = "forwarder"

    def list_names(self, domain):
        return [bare(name) for name in self.cgp.read(self.client.list_forwarders, domain)]

    def read(self, targets, doomed):
        return read_forwarders(self.cgp, [target.source for target in targets if target.source] + doomed)

    def shown(self, name, current):
        return {"name": name, "to": current}

    def delete(self, name, current):
        self.cgp.write(self.client.delete_forwarder, name, context=self.context(name, "cannot delete it"))

    def apply(self, target, current):
        cgp, client, name, to = self.cgp, self.client, target.name, target.spec.params["to"]
        before = self.shown(target.source, current) if target.source else {}
        if target.renaming:
            self.rename(target.source, name, client.rename_forwarder, target.source, name)
        recreated = False
        if current is None:
            current = self.create(name, client.create_forwarder, name, to)
        if current is None:
            current = to
        elif not same_target(current, to):
            cgp.write(
                client.delete_forwarder, name, context=self.context(name, "cannot delete it to change its target")
            )
            cgp.write(
                client.create_forwarder,
                name,
                to,
                context=self.context(name, "deleted, but cannot create it again with the new target"),
            )
            recreated = True
        after = {"name": name, "to": to if recreated else current}
        return {
            "state": "present",
            "purged": False,
            "forwarder": after,
            "recreated": recreated,
            "diff": {"before": before, "after": after},
        }


FORWARDERS = ListForm(
    ForwarderPlanner, "forwarders", FORWARDER_OPTIONS, forwarder_spec, returns=("forwarder", "recreated")
)


def forwarder_info(cgp):
    """cgp_forwarder_info: the forwarders of a domain (all, one, or those to an address)."""
    params = cgp.params
    domain = domain_of(params)
    wanted = split_name(params["name"], domain, what="forwarder").local if params["name"] else None
    client = cgp.connect()
    if params["to"] is not None:
        # the reference does not say whether the found names carry the domain: accept both
        names = [bare(n) for n in cgp.read(client.find_forwarders, domain, params["to"])]
    else:
        names = [bare(n) for n in cgp.read(client.list_forwarders, domain)]
    if wanted is not None:
        names = [n for n in names if n.lower() == wanted.lower()]
    qualified = ["%s@%s" % (n, domain) for n in sorted(names, key=str.lower)]
    targets = read_forwarders(cgp, qualified)
    cgp.exit(forwarders=[{"name": name, "to": targets[name]} for name in qualified])
