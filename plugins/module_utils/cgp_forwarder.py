# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Forwarders: the options of one forwarder, and the planner that reconciles one or many
forwarders of a domain over one connection (cgp_forwarder's single and list forms)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import (
    InputError, item_error, purge_names, refuse_duplicates, split_name)

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
    local, domain = split_name(params["name"], domain, what="forwarder")
    if params["state"] == "present":
        if params["to"] is None:
            raise InputError("to: required with state=present")
        if not params["to"].strip():
            raise InputError("to must not be empty")
    old = None
    if params["rename_from"]:
        # a bare rename_from is in the forwarder's domain; a qualified one may be in another domain
        old = split_name(params["rename_from"], None if "@" in params["rename_from"] else domain, "rename_from",
                         what="forwarder")
    return {"local": local, "domain": domain, "old": old, "params": params}


def forwarder_specs(items, domain, option="forwarders"):
    """Validated specs of every element of the list form; the InputError names ``forwarders[i].option``."""
    specs, entries = [], []
    for index, item in enumerate(items):
        try:
            spec = forwarder_spec(item, domain)
        except InputError as exc:
            raise InputError(item_error(option, index, str(exc), FORWARDER_OPTIONS))
        specs.append(spec)
        entries.append((index, "name", spec["local"], item["name"]))
        if spec["old"] and spec["old"][1].lower() == domain.lower():
            entries.append((index, "rename_from", spec["old"][0], item["rename_from"]))
    refuse_duplicates(option, entries)
    return specs


class ForwarderPlanner(object):
    """Reconciles forwarders of one domain with their specs, in order, over one connection.

    Reads: one LISTFORWARDERS (per domain involved), one pipelined batch of GETFORWARDER for the
    forwarders concerned; then only the writes needed, through ``cgp.write``.
    """

    def __init__(self, cgp, progress, domain, option="forwarders"):
        self.cgp, self.progress, self.domain, self.option = cgp, progress, domain, option
        self.listings = {}

    def listing(self, domain):
        """{lowered name: server spelling} of the forwarders of ``domain`` (read once)."""
        key = domain.lower()
        if key not in self.listings:
            self.listings[key] = dict((name.lower(), name) for name in self.cgp.read("list_forwarders", domain))
        return self.listings[key]

    def plan(self, spec):
        names = self.listing(self.domain)
        existing = names.get(spec["local"].lower())
        name = "%s@%s" % (existing or spec["local"], self.domain)
        plan = {"spec": spec, "name": name, "existing": existing, "source": name if existing else None}
        old = spec["old"]
        if existing is None and old and spec["params"]["state"] == "present":
            old_existing = self.listing(old[1]).get(old[0].lower())
            if old_existing:
                plan["source"] = "%s@%s" % (old_existing, old[1])
        return plan

    def run(self, specs, purge=False, exclude=()):
        """Apply every spec, then (with ``purge``) delete the domain's forwarders no spec names."""
        cgp = self.cgp
        plans = [self.plan(spec) for spec in specs]
        doomed = []
        if purge:
            keep = [plan["spec"]["local"] for plan in plans]
            keep += [plan["source"].rpartition("@")[0] for plan in plans
                     if plan["source"] and plan["source"].rpartition("@")[2].lower() == self.domain.lower()]
            doomed = ["%s@%s" % (name, self.domain) for name in
                      purge_names(sorted(self.listing(self.domain).values(), key=str.lower), keep, exclude)]
        self.progress.order = [plan["name"] for plan in plans] + doomed
        sources = [plan["source"] for plan in plans if plan["source"]] + doomed
        targets = dict(zip(sources, cgp.batch([("GETFORWARDER", name) for name in sources]) if sources else []))
        for index, plan in enumerate(plans):
            self.progress.begin("%s[%d]" % (self.option, index), plan["name"])
            if plan["spec"]["params"]["state"] == "absent":
                self.delete(plan["source"], targets.get(plan["source"]))
            else:
                self.apply(plan, targets.get(plan["source"]))
        for name in doomed:
            self.progress.begin("purge", name)
            self.delete(name, targets[name], purged=True)
        return self.progress.results

    def delete(self, name, target, purged=False):
        """DELETEFORWARDER when ``name`` exists (None: it does not)."""
        before = {"name": name, "to": target} if name else {}
        if name:
            self.cgp.write("delete_forwarder", name, context="forwarder '%s': cannot delete it:" % name)
        self.progress.end({"state": "absent", "purged": purged, "diff": {"before": before, "after": {}}})

    def apply(self, plan, target):
        cgp, name, source = self.cgp, plan["name"], plan["source"]
        to = plan["spec"]["params"]["to"]
        before = {"name": source, "to": target} if source else {}
        if source and not plan["existing"]:
            cgp.write("rename_forwarder", source, name, context="forwarder '%s': cannot rename it to '%s':" % (source, name))
        recreated = False
        if source is None:
            cgp.write("create_forwarder", name, to, context="forwarder '%s': cannot create it:" % name)
            current = {"name": name, "to": to}
        else:
            current = {"name": name, "to": target}
            if not same_target(target, to):
                # CGP cannot change a forwarder's target: delete it and create it again
                cgp.write("delete_forwarder", name, context="forwarder '%s': cannot delete it to change its target:" % name)
                cgp.write("create_forwarder", name, to, context="forwarder '%s': deleted, but cannot create it again "
                          "with the new target:" % name)
                current["to"] = to
                recreated = True
        self.progress.end({"state": "present", "purged": False, "forwarder": current, "recreated": recreated,
                           "diff": {"before": before, "after": current}})
