# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mailing lists: reading lists with their subscribers, validating the subscriber option,
planning the LIST / SETPOSTINGMODE commands that make the subscribers match, and the
planner that reconciles one or many lists of a domain (cgp_mailinglist's single and list forms)."""

import re

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPNotFoundError
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import (
    InputError,
    domain_of,
    item_error,
    split_name,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_planner import ListForm, ObjectPlanner, Spec
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import apply_changes, settings_changes, to_cgp

# Subscription modes a subscriber can be given; "subscribe" means the list's default (Distribution) mode.
MODES = ("subscribe", "feed", "digest", "index", "null", "banned")
RECEIVING = ("feed", "digest", "index", "null")
PENDING = "subscribe"  # GETSUBSCRIBERINFO/READSUBSCRIBERS mode of an unconfirmed subscription
UNSUBSCRIBED = "unsubscribe"  # unsubscribed but still listed: treated as absent
POSTING_MODES = ("unmoderated", "moderateall", "prohibited", "special")
SUBSCRIBER_KEYS = ("address", "mode", "real_name", "posting_mode")
OWNER_KEY = "Owner"  # GETLIST reports the owner among the settings
_BAD_ADDRESS = re.compile(r'[\s"<>(),;\x00-\x1f\x7f]')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# The options of one list: the single form's, and those of each element of the mailinglists list.
MAILINGLIST_OPTIONS = dict(
    name=dict(type="str", required=True),
    owner=dict(type="str"),
    settings=dict(type="dict"),
    subscribers=dict(type="list", elements="raw"),
    purge_subscribers=dict(type="bool", default=False),
    rename_from=dict(type="str"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)


def posting_mode(value, option):
    """A user's posting mode in comparison form: one of POSTING_MODES or a positive int; InputError if not."""
    if isinstance(value, bool):
        raise InputError("%s must be one of %s or a number, not %r" % (option, ", ".join(POSTING_MODES), value))
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        count = int(value)
        return count if count > 0 else "unmoderated"
    if isinstance(value, str) and value.strip().lower() in POSTING_MODES:
        return value.strip().lower()
    raise InputError("%s must be one of %s or a number, not %r" % (option, ", ".join(POSTING_MODES), value))


def posting_mode_from_posts(posts):
    """GETSUBSCRIBERINFO ``posts``: special | moderateAll | prohibited | "<count posted>" | ("<n moderated>")."""
    if isinstance(posts, (list, tuple)):
        if not posts:
            return "unmoderated"
        posts = posts[0]
        try:
            return int(posts) or "unmoderated"
        except (TypeError, ValueError):
            return str(posts).lower()
    if posts is None or isinstance(posts, int) or str(posts).strip().isdigit():
        return "unmoderated"
    return str(posts).lower()


def desired_subscribers(items, option="subscribers"):
    """The subscribers option as a list of {address, mode, real_name, posting_mode}; InputError naming the item."""
    result, seen = [], set()
    for index, item in enumerate(items):
        where = "%s[%d]" % (option, index)
        if isinstance(item, str):
            item = {"address": item}
        if not isinstance(item, dict):
            raise InputError(
                "%s must be an address or a dictionary with address, mode, real_name, posting_mode" % where
            )
        unknown = sorted(set(item) - set(SUBSCRIBER_KEYS))
        if unknown:
            raise InputError(
                "%s has unknown keys %s (allowed: %s)" % (where, ", ".join(unknown), ", ".join(SUBSCRIBER_KEYS))
            )
        address = item.get("address")
        if not isinstance(address, str) or not address.strip():
            raise InputError("%s.address is required" % where)
        address = address.strip()
        local, at, domain = address.rpartition("@")
        if not at or not local or not domain or _BAD_ADDRESS.search(address):
            raise InputError(
                "%s.address '%s' must be a plain e-mail address local@domain (no spaces, quotes, "
                "<>, (), commas or semicolons)" % (where, address)
            )
        if address.lower() in seen:
            raise InputError("%s.address '%s' is listed twice" % (where, address))
        seen.add(address.lower())
        mode = item.get("mode") or "feed"
        if not isinstance(mode, str) or mode.lower() not in MODES:
            raise InputError("%s.mode must be one of %s, not %r" % (where, ", ".join(MODES), mode))
        real_name = item.get("real_name")
        if real_name is not None:
            if not isinstance(real_name, str) or _CONTROL.search(real_name):
                raise InputError("%s.real_name must be a string without control characters" % where)
            real_name = real_name.strip() or None
        mode_value = item.get("posting_mode")
        if mode_value is not None:
            mode_value = posting_mode(mode_value, where + ".posting_mode")
        result.append({"address": address, "mode": mode.lower(), "real_name": real_name, "posting_mode": mode_value})
    return result


def subscriber_text(address, real_name=None):
    """The LIST command's subscriber: the address, or '"Real Name" <address>' (RFC 5322 quoted-string)."""
    if not real_name:
        return address
    return '"%s" <%s>' % (real_name.replace("\\", "\\\\").replace('"', '\\"'), address)


def read_lists(cgp, domain, names, subscribers=True):
    """{name, owner, settings[, subscribers]} of the lists ``names`` (bare) of ``domain``, reads pipelined.

    ``subscribers``: read the subscribers of every list (True), of none (False), or of the lists named in
    this collection of bare names."""
    qualified = ["%s@%s" % (name, domain) for name in names]
    settings = cgp.batch([("GETLIST", name) for name in qualified]) if qualified else []
    lists = []
    for name, values in zip(qualified, settings):
        values = dict(values or {})
        owner = values.pop(OWNER_KEY, None)
        if isinstance(owner, str) and "@" in owner:
            owner = owner.rpartition("@")[0]
        lists.append({"name": name, "owner": owner, "settings": values})
    if isinstance(subscribers, bool):
        wanted = lists if subscribers else []
    else:
        chosen = set(name.lower() for name in subscribers)
        wanted = [mlist for name, mlist in zip(names, lists) if name.lower() in chosen]
    if not wanted:
        return lists
    records = cgp.batch([("READSUBSCRIBERS", mlist["name"]) for mlist in wanted])
    pairs = []
    for mlist, reply in zip(wanted, records):
        entries = reply[1] if isinstance(reply, (list, tuple)) and len(reply) > 1 else []
        mlist["subscribers"] = sorted(
            (
                {
                    "address": e.get("Sub"),
                    "mode": str(e.get("mode", "")).lower(),
                    "real_name": e.get("RealName") or None,
                    "posting_mode": "unmoderated",
                }
                for e in entries
                if str(e.get("mode", "")).lower() != UNSUBSCRIBED
            ),
            key=lambda s: s["address"].lower(),
        )
        pairs.extend((mlist["name"], s) for s in mlist["subscribers"])
    infos = (
        cgp.batch([("GETSUBSCRIBERINFO", name, cgp.keyword("NAME"), s["address"]) for name, s in pairs])
        if pairs
        else []
    )
    for (_name, subscriber), info in zip(pairs, infos):
        if info:
            subscriber["posting_mode"] = posting_mode_from_posts(info.get("posts"))
    return lists


def mode_satisfied(wanted, current, confirm):
    """Whether a subscriber in mode ``current`` (None: absent) already is what ``wanted`` asks for."""
    if current is None:
        return False
    if wanted == "subscribe":
        return current in RECEIVING or current == PENDING
    if current == PENDING:
        # a subscription waiting for the subscriber's confirmation: not sent again while confirm is asked for
        return confirm and wanted != "banned"
    return current == wanted


def plan_subscribers(desired, current, purge, confirm, distribution):
    """(actions, subscribers after): actions are ("list", operation, subscriber text), ("posting", address, mode)
    and ("unsubscribe", address); ``distribution`` is the list's default mode for "subscribe"."""
    by_address = dict((s["address"].lower(), s) for s in current)
    actions, after = [], dict((key, dict(s)) for key, s in by_address.items())
    for want in desired:
        key = want["address"].lower()
        have = by_address.get(key)
        new_mode = not mode_satisfied(want["mode"], have and have["mode"], confirm)
        new_name = want["real_name"] is not None and (have is None or have["real_name"] != want["real_name"])
        record = after.setdefault(
            key, {"address": want["address"], "mode": None, "real_name": None, "posting_mode": "unmoderated"}
        )
        if new_mode or new_name:
            operation = want["mode"]
            if not new_mode and have["mode"] in RECEIVING + ("banned",):
                operation = have["mode"]  # only the real name changes: keep the current mode
            actions.append(("list", operation, subscriber_text(want["address"], want["real_name"])))
            if operation == "subscribe":
                operation = distribution if distribution in RECEIVING else "feed"
            if confirm and operation != "banned" and record["mode"] not in RECEIVING:
                operation = PENDING
            record["mode"] = operation
            if want["real_name"] is not None:
                record["real_name"] = want["real_name"]
        if want["posting_mode"] is not None and want["posting_mode"] != record["posting_mode"]:
            actions.append(("posting", want["address"], want["posting_mode"]))
            record["posting_mode"] = want["posting_mode"]
    if purge:
        wanted = set(s["address"].lower() for s in desired)
        for key, have in by_address.items():
            if key not in wanted:
                actions.append(("unsubscribe", have["address"]))
                del after[key]
    return actions, sorted(after.values(), key=lambda s: s["address"].lower())


# ---------------------------------------------------------------- the planner


def mailinglist_spec(params, domain):
    """The desired state of one list from its options; InputError names the option."""
    name = split_name(params["name"], domain, "name", what="mailing list")
    old = (
        split_name(params["rename_from"], name.domain, "rename_from", what="mailing list")
        if params["rename_from"]
        else None
    )
    owner = split_name(params["owner"], name.domain, "owner", what="account").local if params["owner"] else None
    desired = desired_subscribers(params["subscribers"]) if params["subscribers"] is not None else None
    if params["purge_subscribers"] and desired is None:
        raise InputError("purge_subscribers needs subscribers (an empty list removes every subscriber)")
    if any(key.lower() == OWNER_KEY.lower() for key in params["settings"] or {}):
        raise InputError("settings: the owner is not a setting; use the owner option (CGP cannot change it)")
    return Spec(name, params, old, owner=owner, subscribers=desired)


class MailingListPlanner(ObjectPlanner):
    """Mailing lists of one domain. Reads: one LISTLISTS, pipelined batches for the lists concerned
    (GETLIST, READSUBSCRIBERS and GETSUBSCRIBERINFO where subscribers are managed, GETACCOUNTLISTS
    for the owners of new lists), every check that needs them done before the first write; then
    only the writes needed, and one re-read of the lists that changed."""

    kind = "mailing list"

    def __init__(self, cgp, progress, domain, silently=True, confirm=False):
        super().__init__(cgp, progress, domain)
        self.silently, self.confirm = silently, confirm
        self.done = []

    def list_names(self, domain):
        return self.cgp.read(self.client.list_lists, domain)

    def read(self, targets, doomed):
        sources = [target.source for target in targets if target.source] + doomed
        with_subscribers = [
            target.source.rpartition("@")[0]
            for target in targets
            if target.source and target.present and target.spec.subscribers is not None
        ]
        names = [name.rpartition("@")[0] for name in sources]
        return dict(zip(sources, read_lists(self.cgp, self.domain, names, subscribers=with_subscribers)))

    def refuse(self, target, message):
        """A check against the server's state failed (before any write): name the element in the list form."""
        option = self.progress.option
        raise InputError(item_error(option, target.index, message, MAILINGLIST_OPTIONS) if option else message)

    def check(self, targets, current):
        """Before any write: a new list needs an existing owner account, an existing one the owner given."""
        creating = [target for target in targets if target.present and not target.source]
        for target in creating:
            if not target.spec.owner:
                self.refuse(target, "owner is required to create mailing list '%s'" % target.name)
        owners = sorted(set(target.spec.owner.lower() for target in creating))
        found = (
            self.cgp.batch(
                [("GETACCOUNTLISTS", "%s@%s" % (owner, self.domain)) for owner in owners], expected=(CGPNotFoundError,)
            )
            if owners
            else []
        )
        missing = set(owner for owner, lists in zip(owners, found) if isinstance(lists, CGPNotFoundError))
        for target in creating:
            if target.spec.owner.lower() in missing:
                self.refuse(
                    target,
                    "owner: account '%s@%s' does not exist; a mailing list's owner must be an existing "
                    "account in the list's domain" % (target.spec.owner, self.domain),
                )
        for target in targets:
            if target.present and target.source and target.spec.owner:
                self.check_owner(target, current[target.source])

    def check_owner(self, target, mlist):
        """Refuse unless the existing list ``target.source`` is owned by the owner given."""
        owner, source = target.spec.owner, target.source.rpartition("@")[0]
        if mlist["owner"] is None:
            # a server that does not report the Owner key: ask which lists the wanted owner has
            owned = self.cgp.read_or_none(self.client.get_account_lists, "%s@%s" % (owner, self.domain)) or {}
            if source.lower() in set(name.lower() for name in owned):
                mlist["owner"] = owner
                return
        elif mlist["owner"].lower() == owner.lower():
            return
        self.refuse(
            target,
            "owner: mailing list '%s@%s' is owned by '%s', not '%s'. CGP cannot change the owner of a "
            "list; delete and recreate it" % (source, self.domain, mlist["owner"] or "another account", owner),
        )

    def shown(self, name, current):
        return current

    def read_one(self, name):
        """A list another client just created, with its subscribers."""
        return read_lists(self.cgp, self.domain, [name.rpartition("@")[0]], subscribers=True)[0]

    def delete(self, name, current):
        self.cgp.write(self.client.delete_list, name, context=self.context(name, "cannot delete it"))

    def apply(self, target, current):
        """The writes for one present list; its result."""
        cgp, client, spec, name = self.cgp, self.client, target.spec, target.name
        settings = spec.params["settings"]
        want_subscribers = spec.subscribers is not None
        if target.renaming:
            self.rename(current["name"], name, client.rename_list, current["name"], spec.name.local)
        elif current is None:
            current = self.create(name, client.create_list, name, spec.owner)
            if current is not None and spec.owner:
                self.check_owner(target, current)
        before = {} if current is None else dict(current)
        if current is not None:
            changes = settings_changes(settings, current["settings"])
        else:
            current = {"name": name, "owner": spec.owner, "settings": {}}
            if want_subscribers:
                current["subscribers"] = []
            # CREATELIST gives the list the server's own settings: a key the task wants absent is removed
            # right away, whether or not the server set it (check mode cannot know which it sets)
            changes = dict((k, "default" if v is None else v) for k, v in to_cgp(settings or {}).items())
        after = dict(current, name=name)
        if changes:
            cgp.write(client.update_list, name, changes, context=self.context(name, "cannot update its settings"))
            after["settings"] = apply_changes(current["settings"], changes)
        if want_subscribers:
            actions, after["subscribers"] = plan_subscribers(
                spec.subscribers,
                current["subscribers"],
                spec.params["purge_subscribers"],
                self.confirm,
                str(after["settings"].get("Distribution", "feed")).lower(),
            )
            self.apply_subscribers(name, actions)
        result = {"state": "present", "purged": False, "mailinglist": after, "diff": {"before": before, "after": after}}
        self.done.append((target, result))
        return result

    def finish(self, targets):
        """Read back the lists that changed: their results show the server's state."""
        changed = [(target, result) for target, result in self.done if result["changed"]]
        changed = changed[: len(self.to_read_back(changed))]
        if not changed:
            return
        chosen = [target.name.rpartition("@")[0] for target, _result in changed]
        wanted = [local for (target, _result), local in zip(changed, chosen) if target.spec.subscribers is not None]
        for (_target, result), mlist in zip(changed, read_lists(self.cgp, self.domain, chosen, subscribers=wanted)):
            result["mailinglist"] = result["diff"]["after"] = mlist

    def apply_subscribers(self, name, actions):
        cgp, client, silently, confirm = self.cgp, self.client, self.silently, self.confirm
        for action in actions:
            if action[0] == "list":
                cgp.write(
                    client.list_operation,
                    name,
                    action[1],
                    action[2],
                    silently=silently,
                    confirm=confirm,
                    context=self.context(name, "cannot make %s a %s subscriber" % (action[2], action[1])),
                )
            elif action[0] == "posting":
                mode = action[2] if isinstance(action[2], int) else action[2].upper()
                cgp.write(
                    client.set_posting_mode,
                    name,
                    action[1],
                    mode,
                    context=self.context(name, "cannot set the posting mode of %s" % action[1]),
                )
            else:
                cgp.write(
                    client.list_operation,
                    name,
                    "unsubscribe",
                    action[1],
                    silently=silently,
                    confirm=confirm,
                    context=self.context(name, "cannot unsubscribe %s" % action[1]),
                )


MAILINGLISTS = ListForm(
    MailingListPlanner,
    "mailinglists",
    MAILINGLIST_OPTIONS,
    mailinglist_spec,
    returns=("mailinglist",),
    silently=dict(type="bool", default=True),
    confirm=dict(type="bool", default=False),
)


def mailinglist_info(cgp):
    """cgp_mailinglist_info: the mailing lists of a domain (or one), with their subscribers."""
    params = cgp.params
    domain = domain_of(params)
    wanted = split_name(params["name"], domain, "name", what="mailing list").local if params["name"] else None
    cgp.connect()
    names = cgp.read(cgp.client.list_lists, domain)
    if wanted is not None:
        names = [n for n in names if n.lower() == wanted.lower()]
    cgp.exit(mailinglists=read_lists(cgp, domain, sorted(names, key=str.lower), subscribers=params["subscribers"]))
