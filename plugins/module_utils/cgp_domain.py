# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Domains: the options of one domain, the planning of its settings, aliases and per-domain
dictionaries (pure), and the planner that creates, renames, updates and deletes domains
(cgp_domain, cgp_domain_info)."""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPClient
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError, Name, check_domain_name
from ansible_collections.communigate.pro.plugins.module_utils.cgp_planner import ObjectPlanner, Spec, run_single
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import (
    apply_changes,
    same_names,
    settings_changes,
    to_cgp,
)

DOMAIN_OPTIONS = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    settings=dict(type="dict"),
    purge_settings=dict(type="bool", default=False, aliases=["purge"]),
    aliases=dict(type="list", elements="str"),
    account_defaults=dict(type="dict"),
    account_default_prefs=dict(type="dict"),
    account_template=dict(type="dict"),
    suspended=dict(type="bool"),
    rename_from=dict(type="str"),
    shared=dict(type="bool", default=False),
    storage_path=dict(type="str"),
    force=dict(type="bool", default=False),
)

# The merged per-domain dictionaries: option, read command, the client's update method.
DICTIONARIES = (
    ("account_defaults", "GETACCOUNTDEFAULTS", CGPClient.update_account_defaults),
    ("account_default_prefs", "GETACCOUNTDEFAULTPREFS", CGPClient.update_account_default_prefs),
    ("account_template", "GETACCOUNTTEMPLATE", CGPClient.update_account_template),
)
READS = (("settings", "GETDOMAINSETTINGS"), ("aliases", "GETDOMAINALIASES")) + tuple(
    (option, verb) for option, verb, _update in DICTIONARIES
)
# The parts of a domain whose secrets (a private key in the settings, ...) secrets_file writes.
SECRET_PARTS = ("settings",) + tuple(option for option, _verb, _update in DICTIONARIES)


def domain_spec(params):
    """The desired state of one domain (a domain's Name has no domain part); InputError names the option."""
    old = Name(check_domain_name(params["rename_from"], "rename_from")) if params["rename_from"] else None
    for index, alias in enumerate(params["aliases"] or []):
        check_domain_name(alias, "aliases[%d]" % index)
    return Spec(Name(check_domain_name(params["name"])), params, old)


def new_domain(name, settings):
    """The domain as CREATEDOMAIN with ``settings`` makes it."""
    current = {"name": name, "settings": settings, "aliases": []}
    current.update((option, {}) for option, _verb, _update in DICTIONARIES)
    return current


def creation_settings(settings):
    """The settings sent with CREATEDOMAIN: those that set a value."""
    return dict((k, v) for k, v in to_cgp(settings or {}).items() if v not in (None, "default"))


def plan_domain(params, current):
    """[(client method, value)] that make ``current`` what ``params`` ask, and the domain after them.

    Settings and the dictionaries are merged on the keys given (aliases: ``DomainPlanner.apply``).
    """
    after, writes = dict(current), []
    changes = settings_changes(params["settings"], current["settings"], purge=params["purge_settings"])
    if changes:
        writes.append((CGPClient.update_domain_settings, changes))
        after["settings"] = apply_changes(current["settings"], changes)
    for option, _verb, update in DICTIONARIES:
        changes = settings_changes(params[option], current[option])
        if changes:
            writes.append((update, changes))
            after[option] = apply_changes(current[option], changes)
    return writes, after


def read_domains(cgp, names, reads=READS):
    """{name: {name, settings, aliases, dictionaries...}} of the domains ``names``, one round trip."""
    plan = [(name, key, (verb, name)) for name in names for key, verb in reads]
    domains = dict((name, {"name": name}) for name in names)
    for (name, key, _command), value in zip(plan, cgp.batch([command for _n, _k, command in plan]) if plan else []):
        domains[name][key] = value
    return domains


class DomainPlanner(ObjectPlanner):
    """Domains of the server. It refuses, before anything is sent, to rename or delete the main
    domain and to delete a domain that holds objects unless ``force``."""

    kind = "domain"

    def list_names(self, domain):
        return self.cgp.read(self.client.list_domains)

    def qualify(self, local, domain):
        return local

    def read(self, targets, doomed):
        return read_domains(self.cgp, [target.source for target in targets if target.present and target.source])

    def check(self, targets, current):
        main = self.cgp.read(self.client.main_domain_name).lower()
        for target in targets:
            if target.renaming and target.source.lower() == main:
                raise InputError("domain '%s' is the main domain of the server and cannot be renamed" % target.source)
            if not target.present and target.existing:
                if target.name.lower() == main:
                    raise InputError("domain '%s' is the main domain of the server and cannot be deleted" % target.name)
                if not target.spec.params["force"]:
                    self.refuse_non_empty(target.name)

    def refuse_non_empty(self, name):
        objects = self.cgp.read(self.client.list_domain_objects, name, 1, accounts=True, aliases=True, forwarders=True)
        counts = {
            "accounts": objects[0],
            "aliases": objects[2],
            "forwarders": objects[3],
            "groups": len(self.cgp.read(self.client.list_groups, name)),
            "mailing lists": len(self.cgp.read(self.client.list_lists, name)),
        }
        held = ["%s %s" % (count, what) for what, count in counts.items() if int(count)]
        if held:
            raise InputError(
                "domain '%s' is not empty (%s); set force: true to delete it with its contents"
                % (name, ", ".join(held))
            )

    def delete(self, name, current):
        self.cgp.write(
            self.client.delete_domain,
            name,
            force=self.cgp.params["force"],
            context=self.context(name, "cannot delete it"),
        )

    def apply(self, target, current):
        cgp, client, params, name = self.cgp, self.client, target.spec.params, target.name
        if current is None:
            settings = creation_settings(params["settings"])
            current = self.create(
                name,
                client.create_domain,
                name,
                settings=settings or None,
                shared=params["shared"],
                path=params["storage_path"],
            )
            before, current = ({}, new_domain(name, settings)) if current is None else (dict(current), current)
        else:
            if target.renaming:
                self.rename(target.source, name, client.rename_domain, target.source, name, path=params["storage_path"])
            before = dict(current, name=params["rename_from"] if target.renaming else name)
        writes, after = plan_domain(params, current)
        for method, value in writes:
            cgp.write(method, client, name, value, context=self.context(name, "cannot update it"))
        if params["aliases"] is not None and not same_names(params["aliases"], current["aliases"]):
            after["aliases"] = self.replace_names(
                name,
                "aliases",
                ("GETDOMAINALIASES", name),
                client.set_domain_aliases,
                params["aliases"],
                current["aliases"],
            )
        if params["suspended"] is not None:
            cgp.write(
                client.suspend_domain if params["suspended"] else client.resume_domain,
                name,
                context=self.context(name, "cannot %s it" % ("suspend" if params["suspended"] else "resume")),
            )
        after["name"] = name
        return {"state": "present", "domain": after, "diff": {"before": before, "after": after}}


def manage_domain(cgp):
    """cgp_domain: one domain, as its options say."""
    run_single(cgp, DomainPlanner, domain_spec(cgp.params), returns=("domain",))


def domain_info(cgp):
    """cgp_domain_info: every domain (or one) with its settings, aliases, dictionaries and counts."""
    # Imported here: cgp_domain needs neither (see account_info in cgp_account).
    from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailrules import to_readable_list
    from ansible_collections.communigate.pro.plugins.module_utils.cgp_secret_export import object_secrets, save_secrets

    params = cgp.params
    cgp.connect()
    main_domain = cgp.read(cgp.client.main_domain_name)
    names = cgp.read(cgp.client.list_domains)
    if params["name"]:
        names = [n for n in names if n.lower() == params["name"].lower()]
    reads = list(READS)
    if params["effective"]:
        reads.append(("effective_settings", "GETDOMAINEFFECTIVESETTINGS"))
    if params["mail_rules"]:
        reads.append(("mail_rules", "GETDOMAINMAILRULES"))
    domains = read_domains(cgp, names, reads)
    if params["counts"]:
        for name, counts in zip(names, read_counts(cgp, names)):
            domains[name]["counts"] = counts
    for name in names if params["mail_rules"] else ():
        domains[name]["mail_rules"] = to_readable_list(domains[name]["mail_rules"])
    result = [domains[name] for name in names]
    if params["secrets_file"]:
        save_secrets(cgp, "domains", object_secrets(result, SECRET_PARTS), names)
    cgp.exit(main_domain=main_domain, domains=result)


def read_counts(cgp, names):
    """The number of accounts, aliases, forwarders, groups and lists of each domain, one round trip."""
    kinds = tuple(cgp.keyword(kind) for kind in ("ACCOUNTS", "ALIASES", "FORWARDERS"))
    commands = []
    for name in names:
        commands += [("LISTDOMAINOBJECTS", name, 0) + kinds, ("LISTGROUPS", name), ("LISTLISTS", name)]
    replies = cgp.batch(commands) if commands else []
    counts = []
    for index in range(0, len(replies), 3):
        objects, groups, lists = replies[index : index + 3]
        counts.append(
            {
                "accounts": int(objects[0]),
                "aliases": int(objects[2]),
                "forwarders": int(objects[3]),
                "groups": len(groups),
                "lists": len(lists),
            }
        )
    return counts
