# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mailing List Administration (reference L6991-7795).

Subscriber records (MailingList.subscribers, keyed by the lower-case address)::

    {Sub, RealName?, mode, subscribeTime, posts (int count), postingMode,
     bounces (int), lastBounceTime?, confirmationID, pendingMode?}

``postingMode`` is "unmoderated", "moderateAll", "prohibited", "special" or an
int N (the next N postings are moderated).

The LIST command model (the emulator sends no mail):

* ``subscribe`` subscribes in the list's ``Distribution`` mode (default feed);
  ``feed|digest|index|null|banned`` set that mode.
* ``confirm`` ("send a confirmation request", L7321-7327) on an address that
  is not yet an active subscriber leaves it pending: mode ``subscribe`` until a
  later LIST command without ``confirm`` activates it.  ``banned`` never waits.
* ``unsubscribe`` removes the record; with ``confirm`` the record stays with
  mode ``unsubscribe`` (unsubscribed but still listed, L7591-7597).
  Unsubscribing an unknown address succeeds and does nothing.
* ``silently`` only suppresses the Welcome/Bye message: no visible effect here.
"""

import copy
import datetime
import email.utils
import secrets

from .errors import CLIError, LIST_NOT_FOUND, SYNTAX, UNKNOWN_ACCOUNT
from .named import ObjectKind, require_name
from .registry import command
from .state import MailingList, update_dict

SUBSCRIBER_NOT_FOUND = (501, "subscriber is not found")
OPERATIONS = ("subscribe", "feed", "digest", "index", "null", "banned", "unsubscribe")
POSTING_MODES = {
    "UNMODERATED": "unmoderated",
    "MODERATEALL": "moderateAll",
    "PROHIBITED": "prohibited",
    "SPECIAL": "special",
}
ACTIVE = ("feed", "digest", "index", "null", "banned")
LISTS = ObjectKind(
    "lists",
    LIST_NOT_FOUND,
    rename_across_domains=False,
    other_domain_error=SYNTAX("the new list name must not include another domain"),
)

# Explicit settings of a new list (keys and values as CPA uses them).
NEW_LIST_SETTINGS = {
    "Subscribe": "moderated",
    "Postings": "from subscribers",
    "Distribution": "feed",
    "Reply": "to sender",
    "SizeLimit": "1024K",
    "Charset": "utf-8",
    "MaxBounces": "10",
    "FatalWeight": "5",
}


def _now():
    return datetime.datetime.utcnow().replace(microsecond=0)


def _acap(moment):
    """ACAP date-time text (YYYYMMDDHHMMSS, GMT), as GETSUBSCRIBERINFO uses."""
    return moment.strftime("%Y%m%d%H%M%S") if isinstance(moment, datetime.datetime) else str(moment)


def _counts(lists):
    return {m.name: str(len(m.subscribers)) for m in lists}


def _filter_and_limit(args):
    """[ FILTER filter [ limit ] ] -> (filter or None, limit or None)."""
    text = limit = None
    if args.keyword("FILTER"):
        text = args.string("filter")
        if not args.empty():
            limit = args.int("limit")
    args.done()
    return text, limit


def _selected(mlist, text, limit):
    records = [r for r in mlist.subscribers.values() if text is None or text.lower() in r["Sub"].lower()]
    return records if limit is None else records[: max(limit, 0)]


def parse_subscriber(text, domain):
    """'Real Name <addr>', '"Real Name" <addr>', 'addr (Real Name)' or 'addr' -> (name, addr)."""
    real_name, address = email.utils.parseaddr(text)
    address = address.strip()
    if not address or any(c.isspace() for c in address):
        raise CLIError(*SYNTAX("subscriber address expected"))
    if "@" not in address:
        address = "%s@%s" % (address, domain.name)
    return real_name.strip(), address


# ---------------------------------------------------------------- lists


@command("LISTLISTS")
def list_lists(ctx, args):
    domain = ctx.domain(args.optional_string())
    args.done()
    return [m.name for m in domain.lists.values()]


@command("GETDOMAINLISTS")
def get_domain_lists(ctx, args):
    domain = ctx.domain(args.optional_string())
    args.done()
    return _counts(domain.lists.values())


@command("GETACCOUNTLISTS")
def get_account_lists(ctx, args):
    domain, account = ctx.state.find_account(ctx, args.string("account name"))
    args.done()
    return _counts(m for m in domain.lists.values() if m.owner.lower() == account.name.lower())


def _owner(ctx, domain, owner):
    """The owner Account of a new list: bare, or qualified with the list's own domain."""
    owner_local, at, owner_domain = owner.rpartition("@")
    if not at:
        owner_local = owner_domain
    elif ctx.state.find_domain(owner_domain) is not domain:
        raise CLIError(*UNKNOWN_ACCOUNT)
    account = domain.accounts.get(owner_local.lower())
    if account is None:
        raise CLIError(*UNKNOWN_ACCOUNT)
    return account


@command("CREATELIST", write=True)
def create_list(ctx, args):
    name = args.string("list name")
    args.expect_keyword("FOR")
    owner = args.string("owner account name")
    args.done()
    domain, local = ctx.state.split(ctx, name)
    require_name(local, "list name")
    account = _owner(ctx, domain, owner)
    LISTS.add(
        ctx,
        domain,
        local,
        lambda: MailingList(name=local, owner=account.name, settings=copy.deepcopy(NEW_LIST_SETTINGS)),
    )


@command("RENAMELIST", write=True)
def rename_list(ctx, args):
    name = args.string("list name")
    args.expect_keyword("INTO")
    new = args.string("new list name")
    args.done()
    LISTS.rename(ctx, LISTS.find(ctx, name), new, "new list name")


@command("DELETELIST", write=True)
def delete_list(ctx, args):
    found = LISTS.find(ctx, args.string("list name"))
    args.done()
    LISTS.delete(found)


@command("GETLIST")
def get_list(ctx, args):
    mlist = LISTS.find(ctx, args.string("list name"))[1]
    args.done()
    result = copy.deepcopy(mlist.settings)
    result["Owner"] = mlist.owner
    return result


@command("UPDATELIST", write=True)
def update_list(ctx, args):
    name = args.string("list name")
    settings = args.dict("new list settings")
    args.done()
    mlist = LISTS.find(ctx, name)[1]
    changes = {k: v for k, v in settings.items() if k != "Owner"}  # no owner change command
    update_dict(mlist.settings, copy.deepcopy(changes))


# ---------------------------------------------------------------- subscribers


@command("LIST", write=True)
def list_operation(ctx, args):
    name = args.string("list name")
    operation = args.string("operation").lower()
    if operation not in OPERATIONS:
        raise CLIError(*SYNTAX("operation expected: " + " | ".join(OPERATIONS)))
    flags = set()
    flag = args.keyword("SILENTLY", "CONFIRM")
    while flag:
        flags.add(flag)
        flag = args.keyword("SILENTLY", "CONFIRM")
    words = args.rest()
    if not words or not all(isinstance(w, str) for w in words):
        raise CLIError(*SYNTAX("subscriber address expected"))
    domain, mlist = LISTS.find(ctx, name)
    real_name, address = parse_subscriber(" ".join(words), domain)
    key = address.lower()
    record = mlist.subscribers.get(key)
    confirm = "CONFIRM" in flags

    if operation == "unsubscribe":
        if record is None:
            return None
        if confirm:
            record["mode"] = "unsubscribe"
        else:
            del mlist.subscribers[key]
        return None

    mode = operation
    if mode == "subscribe":
        mode = str(mlist.settings.get("Distribution", "feed")).lower()
        if mode not in ACTIVE:
            mode = "feed"
    if record is None:
        record = mlist.subscribers[key] = {
            "Sub": address,
            "subscribeTime": _now(),
            "posts": 0,
            "postingMode": "unmoderated",
            "bounces": 0,
            "confirmationID": secrets.token_hex(6),
        }
    if real_name:
        record["RealName"] = real_name
    if confirm and mode != "banned" and record.get("mode") not in ACTIVE:
        record["mode"] = "subscribe"  # waiting for the subscriber's confirmation
        record["pendingMode"] = mode
    else:
        record["mode"] = mode
        record.pop("pendingMode", None)
    return None


@command("LISTSUBSCRIBERS")
def list_subscribers(ctx, args):
    mlist = LISTS.find(ctx, args.string("list name"))[1]
    text, limit = _filter_and_limit(args)
    return [r["Sub"] for r in _selected(mlist, text, limit)]


@command("READSUBSCRIBERS")
def read_subscribers(ctx, args):
    mlist = LISTS.find(ctx, args.string("list name"))[1]
    text, limit = _filter_and_limit(args)
    out = []
    for record in _selected(mlist, text, limit):
        item = {"Sub": record["Sub"]}
        if record.get("RealName"):
            item["RealName"] = record["RealName"]
        item["mode"] = record["mode"]
        item["subscribeTime"] = record["subscribeTime"]
        item["posts"] = int(record.get("posts", 0))
        if record.get("lastBounceTime") is not None:
            item["lastBounceTime"] = record["lastBounceTime"]
        if record.get("bounces"):
            item["bounces"] = int(record["bounces"])
        out.append(item)
    return [len(mlist.subscribers), out]


def _posts_value(record):
    """GETSUBSCRIBERINFO 'posts': special | moderateAll | prohibited | "count" | ("N")."""
    mode = record.get("postingMode", "unmoderated")
    if isinstance(mode, int):
        return [str(mode)]
    if mode == "unmoderated":
        return str(record.get("posts", 0))
    return mode


@command("GETSUBSCRIBERINFO")
def get_subscriber_info(ctx, args):
    name = args.string("list name")
    args.expect_keyword("NAME")
    address = args.string("subscriber address")
    args.done()
    domain, mlist = LISTS.find(ctx, name)
    record = mlist.subscribers.get(parse_subscriber(address, domain)[1].lower())
    if record is None:
        return {}
    info = {
        "mode": record["mode"],
        "confirmationID": record["confirmationID"],
        "timeSubscribed": _acap(record["subscribeTime"]),
        "posts": _posts_value(record),
    }
    if record.get("bounces"):
        info["bounces"] = str(record["bounces"])
    if record.get("lastBounceTime") is not None:
        info["lastBounced"] = _acap(record["lastBounceTime"])
    if record.get("RealName"):
        info["RealName"] = record["RealName"]
    return info


def _subscriber(ctx, name, address):
    domain, mlist = LISTS.find(ctx, name)
    record = mlist.subscribers.get(parse_subscriber(address, domain)[1].lower())
    if record is None:
        raise CLIError(*SUBSCRIBER_NOT_FOUND)
    return mlist, record


@command("SETPOSTINGMODE", write=True)
def set_posting_mode(ctx, args):
    name = args.string("list name")
    args.expect_keyword("FOR")
    address = args.string("subscriber address")
    mode = "unmoderated"
    if not args.empty():
        word = args.keyword(*POSTING_MODES)
        if word is not None:
            mode = POSTING_MODES[word]
        else:
            mode = args.int("posting mode")
            if mode < 0:
                raise CLIError(*SYNTAX("number of moderated postings must not be negative"))
            mode = mode or "unmoderated"
    args.done()
    record = _subscriber(ctx, name, address)[1]
    record["postingMode"] = mode


@command("PROCESSBOUNCE", write=True)
def process_bounce(ctx, args):
    name = args.string("list name")
    fatal = args.keyword("FATAL") is not None
    args.expect_keyword("FOR")
    address = args.string("subscriber address")
    args.done()
    mlist, record = _subscriber(ctx, name, address)

    def setting(key, default):
        try:
            return int(str(mlist.settings.get(key, default)))
        except ValueError:
            return default

    record["bounces"] = int(record.get("bounces", 0)) + (setting("FatalWeight", 5) if fatal else 1)
    record["lastBounceTime"] = _now()
    if record["bounces"] >= setting("MaxBounces", 10):
        del mlist.subscribers[record["Sub"].lower()]
