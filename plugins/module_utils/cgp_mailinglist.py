# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mailing lists: reading lists with their subscribers, validating the subscriber option,
and planning the LIST / SETPOSTINGMODE commands that make the subscribers match."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# Subscription modes a subscriber can be given; "subscribe" means the list's default (Distribution) mode.
MODES = ("subscribe", "feed", "digest", "index", "null", "banned")
RECEIVING = ("feed", "digest", "index", "null")
PENDING = "subscribe"          # GETSUBSCRIBERINFO/READSUBSCRIBERS mode of an unconfirmed subscription
UNSUBSCRIBED = "unsubscribe"   # unsubscribed but still listed: treated as absent
POSTING_MODES = ("unmoderated", "moderateall", "prohibited", "special")
SUBSCRIBER_KEYS = ("address", "mode", "real_name", "posting_mode")
OWNER_KEY = "Owner"            # GETLIST reports the owner among the settings
_BAD_ADDRESS = re.compile(r'[\s"<>(),;\x00-\x1f\x7f]')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def split_name(value, domain, option, what="list"):
    """(local, domain) of ``name@domain`` or of a bare name with ``domain``; ValueError naming ``option``."""
    local, at, name_domain = value.rpartition("@")
    if not at:
        local, name_domain = value, domain
    elif domain and name_domain.lower() != domain.lower():
        raise ValueError("%s '%s' is in domain '%s', but domain is '%s'" % (option, value, name_domain, domain))
    if not local.strip() or not name_domain:
        raise ValueError("%s '%s' must be %s@domain, or a bare name together with the domain option" % (option, value, what))
    return local, name_domain


def posting_mode(value, option):
    """A user's posting mode in comparison form: one of POSTING_MODES or a positive int."""
    if isinstance(value, bool):
        raise ValueError("%s must be one of %s or a number, not %r" % (option, ", ".join(POSTING_MODES), value))
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        count = int(value)
        return count if count > 0 else "unmoderated"
    if isinstance(value, str) and value.strip().lower() in POSTING_MODES:
        return value.strip().lower()
    raise ValueError("%s must be one of %s or a number, not %r" % (option, ", ".join(POSTING_MODES), value))


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
    """The subscribers option as a list of {address, mode, real_name, posting_mode}; ValueError naming the item."""
    result, seen = [], set()
    for index, item in enumerate(items):
        where = "%s[%d]" % (option, index)
        if isinstance(item, str):
            item = {"address": item}
        if not isinstance(item, dict):
            raise ValueError("%s must be an address or a dictionary with address, mode, real_name, posting_mode" % where)
        unknown = sorted(set(item) - set(SUBSCRIBER_KEYS))
        if unknown:
            raise ValueError("%s has unknown keys %s (allowed: %s)" % (where, ", ".join(unknown), ", ".join(SUBSCRIBER_KEYS)))
        address = item.get("address")
        if not isinstance(address, str) or not address.strip():
            raise ValueError("%s.address is required" % where)
        address = address.strip()
        local, at, domain = address.rpartition("@")
        if not at or not local or not domain or _BAD_ADDRESS.search(address):
            raise ValueError("%s.address '%s' must be a plain e-mail address local@domain (no spaces, quotes, "
                             "<>, (), commas or semicolons)" % (where, address))
        if address.lower() in seen:
            raise ValueError("%s.address '%s' is listed twice" % (where, address))
        seen.add(address.lower())
        mode = item.get("mode") or "feed"
        if not isinstance(mode, str) or mode.lower() not in MODES:
            raise ValueError("%s.mode must be one of %s, not %r" % (where, ", ".join(MODES), mode))
        real_name = item.get("real_name")
        if real_name is not None:
            if not isinstance(real_name, str) or _CONTROL.search(real_name):
                raise ValueError("%s.real_name must be a string without control characters" % where)
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
    """{name, owner, settings[, subscribers]} of the lists ``names`` (bare) of ``domain``, reads pipelined."""
    qualified = ["%s@%s" % (name, domain) for name in names]
    settings = cgp.batch([("GETLIST", name) for name in qualified])
    lists = []
    for name, values in zip(qualified, settings):
        values = dict(values or {})
        owner = values.pop(OWNER_KEY, None)
        if isinstance(owner, str) and "@" in owner:
            owner = owner.rpartition("@")[0]
        lists.append({"name": name, "owner": owner, "settings": values})
    if not subscribers:
        return lists
    records = cgp.batch([("READSUBSCRIBERS", name) for name in qualified])
    pairs = []
    for mlist, reply in zip(lists, records):
        entries = reply[1] if isinstance(reply, (list, tuple)) and len(reply) > 1 else []
        mlist["subscribers"] = sorted(
            ({"address": e.get("Sub"), "mode": str(e.get("mode", "")).lower(), "real_name": e.get("RealName") or None,
              "posting_mode": "unmoderated"} for e in entries if str(e.get("mode", "")).lower() != UNSUBSCRIBED),
            key=lambda s: s["address"].lower())
        pairs.extend((mlist["name"], s) for s in mlist["subscribers"])
    infos = cgp.batch([("GETSUBSCRIBERINFO", name, cgp.keyword("NAME"), s["address"]) for name, s in pairs])
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
        record = after.setdefault(key, {"address": want["address"], "mode": None, "real_name": None,
                                        "posting_mode": "unmoderated"})
        if new_mode or new_name:
            operation = want["mode"]
            if not new_mode and have["mode"] in RECEIVING + ("banned",):
                operation = have["mode"]          # only the real name changes: keep the current mode
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
