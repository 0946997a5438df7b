# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mailboxes of one account: the options of one mailbox, the ACL plan (pure), and the planner that
reconciles one or many mailboxes of an account over one connection (cgp_mailbox's single and list
forms, cgp_mailbox_info).

Mailbox names are case-sensitive, except INBOX; ``/`` separates the levels. ACL changes go as
``+rights`` / ``-rights`` per identifier (SETMAILBOXACL, L5688-5736), so another client's change to
other identifiers, or to other rights of the same identifier, is not lost; the subscription and the
mailbox aliases can only be replaced whole and go through CGPModule.replace.
"""

import re

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPAlreadyExistsError, Keyword
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import (
    InputError,
    Name,
    check_text,
    item_error,
    split_name,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_planner import (
    ObjectPlanner,
    Progress,
    Spec,
    Target,
    exit_single,
)

# The options of one mailbox: the single form's, and those of each element of the mailboxes list.
MAILBOX_OPTIONS = {
    "name": dict(type="str", required=True),
    "state": dict(type="str", default="present", choices=["present", "absent"]),
    "rename_from": dict(type="str"),
    "class": dict(type="str"),
    "acl": dict(type="dict"),
    "acl_mode": dict(type="str", default="exact", choices=["exact", "merge"]),
    "subscribed": dict(type="bool"),
    "aliases": dict(type="list", elements="str"),
    "recursive": dict(type="bool", default=False),
}
INBOX = "INBOX"
# The right letters the CGP guide lists (Mailboxes, Access Control Lists): lookup, read, seen, write, insert,
# post, create, delete, administer.
RIGHT_LETTERS = "lrswipcda"
_RIGHTS = re.compile(r"[+-]?[%s]*\Z" % RIGHT_LETTERS)
# CREATEMAILBOX takes a suffix as the storage format and stores the name without it (a vendor sample).
_FORMAT_SUFFIX = re.compile(r"\.(mbox|mdir)\Z", re.I)


# ---------------------------------------------------------------- names and values


def mailbox_key(name):
    """The name as the server matches it: INBOX in any case (also as the first level), others exactly."""
    first, slash, rest = name.partition("/")
    return INBOX + slash + rest if first.upper() == INBOX else name


def check_mailbox_name(name, option):
    """A mailbox name CGP stores as given; InputError naming ``option``."""
    check_text(name, option, "mailbox name")
    if name.startswith("/") or name.endswith("/") or "//" in name:
        raise InputError(
            "%s: '%s' is not a mailbox name: '/' separates the levels, so it may not start or end "
            "one, nor be doubled" % (option, name)
        )
    if _FORMAT_SUFFIX.search(name):
        raise InputError(
            "%s: '%s' ends in a storage format suffix, which CGP takes as the format of a new mailbox "
            "and leaves out of its name; give the name without it" % (option, name)
        )
    return mailbox_key(name)


def check_acl(acl, option="acl"):
    """The ACL option: identifier -> rights letters, with an optional leading + or -."""
    for identifier, rights in (acl or {}).items():
        check_text(identifier, option, "ACL identifier")
        if not isinstance(rights, str) or not _RIGHTS.match(rights):
            raise InputError(
                "%s.%s: %r is not a rights string (right letters of %s such as 'lrs', '+w' to add, "
                "'-w' to remove, '' for none)" % (option, identifier, rights, RIGHT_LETTERS)
            )
    return acl


def wanted_rights(value, have):
    """The rights an identifier should have: ``+x`` adds to ``have``, ``-x`` removes, other text is exact."""
    if value.startswith("+"):
        return have | set(value[1:])
    if value.startswith("-"):
        return have - set(value[1:])
    return set(value)


def acl_changes(wanted, current, mode="exact"):
    """(the SETMAILBOXACL dictionary that makes ``current`` hold ``wanted``, the ACL after).

    Each identifier that changes gets ``+rights`` (only additions), ``-rights`` (only removals) or, when it
    needs both, its whole new rights. With mode ``exact`` the identifiers ``wanted`` does not name lose their
    rights; an identifier left with none is removed by the server.
    """
    current = dict((key, str(value)) for key, value in (current or {}).items())
    targets = dict(
        (identifier, wanted_rights(value, set(current.get(identifier, ""))))
        for identifier, value in (wanted or {}).items()
    )
    if mode == "exact":
        targets.update((identifier, set()) for identifier in current if identifier not in targets)
    changes, after = {}, dict(current)
    for identifier, rights in targets.items():
        have = set(current.get(identifier, ""))
        if rights == have:
            continue
        added, removed = rights - have, have - rights
        changes[identifier] = (
            ("+" + "".join(sorted(added)))
            if not removed
            else ("-" + "".join(sorted(removed)))
            if not added
            else "".join(sorted(rights))
        )
        if rights:
            after[identifier] = "".join(sorted(rights))
        else:
            after.pop(identifier, None)
    return changes, after


def is_regular(value):
    """A LISTMAILBOXES value of a mailbox that holds messages: its info, or [info] when it is a folder too
    (L5205-5241); a bare [] is a folder only."""
    return isinstance(value, dict) or (isinstance(value, list) and len(value) == 1)


def info_of(value):
    if isinstance(value, list):
        value = value[0] if value else {}
    return value if isinstance(value, dict) else {}


# ---------------------------------------------------------------- input


def account_name(params):
    """The ``account`` option, an account as user@domain."""
    return split_name(params["account"], None, "account", domain_option=False).qualified


def mailbox_spec(params, account):
    """The desired state of one mailbox from its options; InputError names the option."""
    key = check_mailbox_name(params["name"], "name")
    old = check_mailbox_name(params["rename_from"], "rename_from") if params["rename_from"] else None
    if params["state"] == "absent" and key == INBOX:
        raise InputError("name: INBOX cannot be deleted (every account has one)")
    if params["class"] is not None:
        check_text(params["class"], "class", "mailbox class")
    check_acl(params["acl"])
    aliases = params["aliases"]
    for index, alias in enumerate(aliases or []):
        check_text(alias, "aliases[%d]" % index, "mailbox alias")
    return Spec(
        Name(key, account),
        params,
        Name(old, account) if old else None,
        aliases=list(dict.fromkeys(aliases)) if aliases is not None else None,
    )


# ---------------------------------------------------------------- the planner


class MailboxPlanner(ObjectPlanner):
    """Mailboxes of one account (the planner's ``domain``). Reads: one LISTMAILBOXES, then one pipelined
    batch of what the specs compare (the ACLs, the subscription, the mailbox aliases)."""

    kind = "mailbox"

    def __init__(self, cgp, progress, domain):
        super().__init__(cgp, progress, domain)
        self.infos = {}
        self.subscription = self.aliases = None
        self.parent_acls = {}  # check mode: parent name -> the ACL its new submailboxes inherit
        self.recursive = {}  # source name -> delete its submailboxes too

    # -- names: case-sensitive but for INBOX, not qualified with the account

    def qualify(self, local, domain):
        return local

    def describe(self, name):
        return "mailbox '%s' of account '%s'" % (name, self.domain)

    def list_names(self, domain):
        listing = self.cgp.read_or_none(self.client.list_mailboxes, domain)
        if listing is None:
            raise InputError("account '%s' does not exist" % domain)
        self.infos = dict((name, info_of(value)) for name, value in listing.items() if is_regular(value))
        return list(self.infos)

    def listing(self, domain, prefix=""):
        if domain not in self._listings:
            self._listings[domain] = dict((mailbox_key(name), name) for name in self.list_names(domain))
        return self._listings[domain]

    def locate(self, index, spec):
        names = self.listing(self.domain)
        existing = names.get(spec.name.local)
        target = Target(index, spec, existing or spec.name.local, existing is not None, existing)
        if spec.state != "present" or spec.old is None or spec.old.local == spec.name.local:
            return target
        found = names.get(spec.old.local)
        if found and existing:
            self.cgp.warn(
                "mailboxes '%s' and '%s' of account '%s' both exist, so rename_from was ignored"
                % (existing, found, self.domain)
            )
        elif found:
            target.source = found
        return target

    # -- reads

    def read(self, targets, doomed):
        """{source: {name, class, and acl when the spec gives one}}; the account's subscription and mailbox
        aliases when a spec manages them, and in check mode the ACL a new submailbox inherits from its parent."""
        present = [target for target in targets if target.present]
        plan = [
            (("acl", target.source), target.source)
            for target in present
            if target.source and target.spec.params["acl"] is not None
        ]
        if self.cgp.check_mode:
            parents = set(
                target.spec.name.local.rpartition("/")[0]
                for target in present
                if not target.source and target.spec.params["acl"] is not None
            )
            plan += [(("parent", parent), parent) for parent in sorted(parents) if parent in self.infos]
        commands = [("GETMAILBOXACL", self.domain, Keyword("MAILBOX"), name) for _key, name in plan]
        for key, verb, wanted in (
            (("subscription",), "GETMAILBOXSUBSCRIPTION", "subscribed"),
            (("aliases",), "GETMAILBOXALIASES", "aliases"),
        ):
            if any(target.spec.params[wanted] is not None for target in present):
                plan.append((key, None))
                commands.append((verb, self.domain))
        replies = dict(zip([key for key, _name in plan], self.cgp.batch(commands) if commands else []))
        self.subscription = list(replies.get(("subscription",)) or [])
        self.aliases = dict(replies.get(("aliases",)) or {})
        self.parent_acls = dict((key[1], dict(value or {})) for key, value in replies.items() if key[0] == "parent")
        self.recursive = dict((target.source, target.spec.params["recursive"]) for target in targets if target.source)
        return dict((target.source, self.current(target.source, replies)) for target in targets if target.source)

    def current(self, name, replies):
        state = {"name": name, "class": self.infos.get(name, {}).get("Class")}
        if ("acl", name) in replies:
            state["acl"] = dict(replies[("acl", name)] or {})
        return state

    # -- writes

    def shown(self, name, current):
        return current or {"name": name}

    def delete(self, name, current):
        self.cgp.write(
            self.client.delete_mailbox,
            self.domain,
            name,
            nested=self.recursive.get(name, False),
            context=self.context(name, "cannot delete it"),
        )

    def apply(self, target, current):
        cgp, client, spec, name = self.cgp, self.client, target.spec, target.name
        params = spec.params
        before = dict(current) if current else {}
        if target.renaming:
            self.rename(target.source, name, client.rename_mailbox, self.domain, target.source, name, nested=True)
        if current is None:
            current = self.create_mailbox(name, params)
        else:
            current = dict(current, name=name)
            wanted_class = params["class"]
            if wanted_class is not None and wanted_class != current["class"]:
                cgp.write(
                    client.set_mailbox_class,
                    self.domain,
                    name,
                    wanted_class,
                    context=self.context(name, "cannot set its class to '%s'" % wanted_class),
                )
                current["class"] = wanted_class
        if params["acl"] is not None:
            current["acl"] = self.update_acl(name, params, current.get("acl"))
        if params["subscribed"] is not None:
            current["subscribed"] = self.update_subscription(name, params["subscribed"])
        if spec.aliases is not None:
            current["aliases"] = self.update_aliases(name, spec.aliases)
        return {"state": "present", "mailbox": current, "diff": {"before": before, "after": current}}

    def create_mailbox(self, name, params):
        """CREATEMAILBOX with the class; the new mailbox's ACL (inherited from its parent) read back, in
        check mode predicted from the parent's. Another client's mailbox of that name is taken as it is."""
        cgp, context = self.cgp, self.context(name, "cannot create it")
        refused = cgp.write(
            self.client.create_mailbox,
            self.domain,
            name,
            mailbox_class=params["class"],
            tolerate=(CGPAlreadyExistsError,),
            context=context,
        )
        if isinstance(refused, CGPAlreadyExistsError):
            self._listings.pop(self.domain, None)
            if mailbox_key(name) not in self.listing(self.domain):
                cgp.fail_error(refused, context)
            current = {"name": name, "class": self.infos[name].get("Class")}
            if params["class"] is not None and params["class"] != current["class"]:
                cgp.write(
                    self.client.set_mailbox_class,
                    self.domain,
                    name,
                    params["class"],
                    context=self.context(name, "cannot set its class to '%s'" % params["class"]),
                )
                current["class"] = params["class"]
        else:
            current = {"name": name, "class": params["class"]}
        if params["acl"] is not None:
            if cgp.check_mode:
                current["acl"] = dict(self.parent_acls.get(name.rpartition("/")[0]) or {})
            else:
                current["acl"] = dict(cgp.read(self.client.get_mailbox_acl, self.domain, name) or {})
        return current

    def update_acl(self, name, params, current):
        """SETMAILBOXACL with the +/- changes; the ACL after."""
        changes, after = acl_changes(params["acl"], current, params["acl_mode"])
        if changes:
            self.cgp.write(
                self.client.set_mailbox_acl,
                self.domain,
                name,
                changes,
                context=self.context(name, "cannot change its ACL"),
            )
        return after

    def update_subscription(self, name, subscribed):
        """Add ``name`` to (or take it from) the subscribed mailboxes, read right before and verified."""

        def modify(names):
            if (name in names) == subscribed:
                return None
            return names + [name] if subscribed else [other for other in names if other != name]

        self.subscription = self.replace_whole(
            name,
            "subscription",
            ("GETMAILBOXSUBSCRIPTION", self.domain),
            lambda reply: list(reply or []),
            modify,
            self.client.set_mailbox_subscription,
            self.subscription,
            "subscribe it" if subscribed else "unsubscribe it",
        )
        return subscribed

    def update_aliases(self, name, wanted):
        """Make the mailbox aliases that point to ``name`` exactly ``wanted``, read right before and verified."""

        def modify(aliases):
            new = dict((alias, target) for alias, target in aliases.items() if target != name or alias in wanted)
            new.update((alias, name) for alias in wanted)
            return None if new == aliases else new

        self.aliases = self.replace_whole(
            name,
            "mailbox aliases",
            ("GETMAILBOXALIASES", self.domain),
            lambda reply: dict(reply or {}),
            modify,
            self.client.set_mailbox_aliases,
            self.aliases,
            "set its aliases to (%s)" % ", ".join(wanted),
        )
        return sorted(alias for alias, target in self.aliases.items() if target == name)

    def replace_whole(self, name, what, read, parse, modify, method, current, doing):
        """An account-wide value (the subscription, the aliases) changed for the mailbox ``name``, through
        CGPModule.replace; the value after."""

        def write(value):
            self.cgp.write(method, self.domain, value, context=self.context(name, "cannot " + doing))

        fresh, written = self.cgp.replace("account '%s' %s" % (self.domain, what), read, parse, modify, write, current)
        return fresh if written is None else written


# ---------------------------------------------------------------- the module's forms


class MailboxForms:
    """cgp_mailbox: one mailbox (``name``) or many of one account (``mailboxes``); ``account`` for both."""

    option = "mailboxes"

    def argument_spec(self):
        spec = dict((name, dict(value)) for name, value in MAILBOX_OPTIONS.items())
        spec["name"] = dict(type="str")
        spec.update(
            account=dict(type="str", required=True),
            result_detail=dict(type="str", default="compact", choices=["compact", "full"]),
        )
        spec[self.option] = dict(type="list", elements="dict", options=MAILBOX_OPTIONS)
        return spec

    def module_kwargs(self):
        return dict(
            mutually_exclusive=[[self.option, name] for name in MAILBOX_OPTIONS],
            required_one_of=[["name", self.option]],
        )

    def specs(self, params, account):
        """The validated specs of the task; an element's error names it, two elements may not name one mailbox."""
        items = params[self.option]
        if items is None:
            return [mailbox_spec(params, account)]
        specs, seen, claimed = [], {}, {}
        for index, item in enumerate(items):
            try:
                spec = mailbox_spec(item, account)
            except InputError as exc:
                raise InputError(item_error(self.option, index, str(exc), MAILBOX_OPTIONS))
            for field, key in (("name", spec.name.local), ("rename_from", spec.old and spec.old.local)):
                if key is not None and key in seen:
                    raise InputError(
                        "%s[%d].%s: '%s' is also %s[%d].%s; each mailbox may be named once in %s"
                        % (self.option, index, field, key, self.option, seen[key][0], seen[key][1], self.option)
                    )
                seen.setdefault(key, (index, field))
            for alias in spec.aliases or []:
                if claimed.setdefault(alias, index) != index:
                    raise InputError(
                        "%s[%d].aliases: '%s' is also an alias of %s[%d]; an alias points to one mailbox"
                        % (self.option, index, alias, self.option, claimed[alias])
                    )
            specs.append(spec)
        return specs

    def run(self, cgp):
        params = cgp.params
        account = account_name(params)
        specs = self.specs(params, account)
        many = params[self.option] is not None
        cgp.connect()
        progress = Progress(cgp, self.option if many else None)
        results = MailboxPlanner(cgp, progress, account).run(specs)
        if many:
            progress.exit(detail=params["result_detail"])
        exit_single(cgp, results[0], ("mailbox",))


MAILBOXES = MailboxForms()


def mailbox_entries(listing, names, subscription, aliases, acls, info=False):
    """The cgp_mailbox entries of the mailboxes ``names`` of a LISTMAILBOXES ``listing``, with their ACLs
    (in the order of ``names``), the account's subscription and its mailbox aliases."""
    mailboxes = []
    for name, acl in zip(names, acls):
        mailbox = {
            "name": name,
            "class": info_of(listing[name]).get("Class"),
            "acl": dict(acl or {}),
            "subscribed": name in subscription,
            "aliases": sorted(alias for alias, target in aliases.items() if target == name),
        }
        if info:
            mailbox["info"] = info_of(listing[name])
        mailboxes.append(mailbox)
    return mailboxes


def read_mailboxes(cgp, accounts):
    """{account: its cgp_mailbox entries} of qualified account names, in two pipelined batches for all of
    them: the listings, subscriptions and aliases, then the ACL of every mailbox that holds messages."""
    verbs = ("LISTMAILBOXES", "GETMAILBOXSUBSCRIPTION", "GETMAILBOXALIASES")
    replies = cgp.batch([(verb, account) for account in accounts for verb in verbs]) if accounts else []
    reads = []
    for index, account in enumerate(accounts):
        listing, subscription, aliases = replies[3 * index : 3 * index + 3]
        listing = dict(listing or {})
        names = sorted(name for name, value in listing.items() if is_regular(value))
        reads.append((account, listing, names, list(subscription or []), dict(aliases or {})))
    acl_reads = [("GETMAILBOXACL", read[0], Keyword("MAILBOX"), name) for read in reads for name in read[2]]
    acls = iter(cgp.batch(acl_reads) if acl_reads else [])
    return dict(
        (account, mailbox_entries(listing, names, subscription, aliases, [next(acls) for _name in names]))
        for account, listing, names, subscription, aliases in reads
    )


def mailbox_info(cgp):
    """cgp_mailbox_info: the mailboxes of an account (all, those a filter matches, or one), in the shape
    cgp_mailbox's ``mailboxes`` accepts."""
    params = cgp.params
    account = account_name(params)
    wanted = check_mailbox_name(params["name"], "name") if params["name"] else None
    client = cgp.connect()
    listing = cgp.read_or_none(client.list_mailboxes, account, filter=params["filter"])
    if listing is None:
        raise InputError("account '%s' does not exist" % account)
    names = sorted(
        name for name, value in listing.items() if is_regular(value) and (wanted is None or mailbox_key(name) == wanted)
    )
    folders = sorted(name for name, value in listing.items() if not is_regular(value))
    reads = [("GETMAILBOXSUBSCRIPTION", account), ("GETMAILBOXALIASES", account)]
    reads += [("GETMAILBOXACL", account, Keyword("MAILBOX"), name) for name in names]
    replies = cgp.batch(reads)
    subscription, aliases = list(replies[0] or []), dict(replies[1] or {})
    mailboxes = mailbox_entries(listing, names, subscription, aliases, replies[2:], params["info"])
    cgp.exit(
        mailboxes=mailboxes,
        folders=folders if wanted is None else [],
        subscription=subscription,
        mailbox_aliases=aliases,
    )
