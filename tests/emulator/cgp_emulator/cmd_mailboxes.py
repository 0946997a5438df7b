# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mailbox Administration (reference L5180-5957).

An account's mailboxes live in ``Account.mailboxes`` (name -> record). Names are
case-sensitive, except INBOX (any case, also as the first part of a submailbox name); the
hierarchy separator is ``/``. A mailbox ``A/B`` makes ``A`` a "mailbox folder"; a name ending
in ``/`` creates only the folder (the CGP guide, Mailbox Names). A new submailbox inherits its
parent's ACL (the CGP guide, Mailbox ACLs). INBOX always exists: it cannot be deleted, and
renaming it leaves a new empty INBOX (the CGP guide, Storage).

Who may run them (L5185-5191): the account itself (its owner), the server administrator, or a
domain administrator with the CanAccessMailboxes right. ``AUTH name`` runs the command on
behalf of that account, with its rights from the mailbox ACL (L5208-5241, L5409-5427,
L5497-5509, L5562-5565, L5618-5624, L5677-5683).
"""

import copy
import re

from .errors import (
    ACCESS_DENIED,
    BAD_MAILBOX_NAME,
    BAD_MAILBOX_RIGHTS,
    CLIError,
    INBOX_UNDELETABLE,
    MAILBOX_EXISTS,
    SINGLE_MAILBOX,
    SYNTAX,
    UNKNOWN_MAILBOX,
)
from .registry import command

ALL_RIGHTS = "acdilprsw"  # the rights the CGP guide lists; the owner has them all
_RIGHT = re.compile(r"[%s]*\Z" % ALL_RIGHTS)
_MULTI_MAILBOX_TYPES = ("multimailbox", "agrade", "bgrade", "cgrade")
_INFO_KEYS = ("Messages", "Size", "UIDNext")


# ---------------------------------------------------------------- names and records


def canonical(name):
    """A mailbox name as stored: INBOX in upper case, as the first part of a name too."""
    first, slash, rest = name.partition("/")
    return "INBOX" + slash + rest if first.upper() == "INBOX" else name


def check_name(name):
    if not name or name.startswith("/") or "//" in name or any(ord(c) < 32 for c in name):
        raise CLIError(*BAD_MAILBOX_NAME)
    return canonical(name)


def parent_of(name):
    return name.rpartition("/")[0] or None


def is_regular(record):
    return record is not None and record.get("Folder") != "YES"


def has_children(account, name):
    prefix = name + "/"
    return any(other.startswith(prefix) for other in account.mailboxes)


def listed_names(account):
    """Every mailbox and mailbox folder of the account: stored names and the parents they imply."""
    names = set(account.mailboxes)
    for name in account.mailboxes:
        parent = parent_of(name)
        while parent:
            names.add(parent)
            parent = parent_of(parent)
    return sorted(names)


def regular(account, name):
    """The record of an existing (regular) mailbox, or the unknown-mailbox error."""
    record = account.mailboxes.get(name)
    if not is_regular(record):
        raise CLIError(*UNKNOWN_MAILBOX)
    return record


def info_of(record):
    """The mailbox information dictionary (GETMAILBOXINFO, LISTMAILBOXES values)."""
    info = {"Class": record["Class"]} if record.get("Class") else {}
    info.update((key, 0) for key in _INFO_KEYS)
    info["UIDNext"] = 1
    info["UIDValidity"] = record.get("UIDValidity", 1)
    return info


# ---------------------------------------------------------------- who may act


def _owner(ctx, args):
    """(Domain, Account) of the accountName argument, refused unless this login may act on its mailboxes."""
    domain, account = ctx.state.find_account(ctx, args.string("account name"))
    if ctx.is_admin or account is ctx.account:
        return domain, account
    me = ctx.account
    if ctx.is_domain_admin and me is not None and any(str(r).lower() == "canaccessmailboxes" for r in me.rights):
        return domain, account
    raise CLIError(*ACCESS_DENIED)


def rights_of(domain, account, name, auth):
    """The rights ``auth`` (a (Domain, Account) pair) has on the mailbox ``name`` of ``account``."""
    auth_domain, auth_account = auth
    if auth_account is account:
        return set(ALL_RIGHTS)
    acl = (account.mailboxes.get(name) or {}).get("ACL") or {}
    identifiers = [auth_account.name, "%s@%s" % (auth_account.name, auth_domain.name), "anyone"]
    if auth_domain is domain:
        identifiers.append("anyone@")
    found = set()
    lowered = dict((str(key).lower(), value) for key, value in acl.items())
    for identifier in identifiers:
        found |= set(lowered.get(identifier.lower(), ""))
    return found


def _require(domain, account, auth, name, letters):
    """With AUTH, refuse unless the AUTH account has every right in ``letters`` on ``name`` (None: the
    account itself, where only its owner may create or delete top-level mailboxes)."""
    if auth is None:
        return
    if name is None:
        allowed = auth[1] is account
    else:
        allowed = set(letters) <= rights_of(domain, account, name, auth)
    if not allowed:
        raise CLIError(*ACCESS_DENIED)


def _auth(ctx, args):
    return ctx.state.find_account(ctx, args.string("auth account name")) if args.keyword("AUTH") else None


def _mailbox(args, plural=False):
    """(mailbox name, with its submailboxes) after the MAILBOX (or, with ``plural``, MAILBOXES) keyword."""
    many = args.keyword("MAILBOXES") if plural else None
    if many is None:
        args.expect_keyword("MAILBOX")
    return args.string("mailbox name"), many is not None


# ---------------------------------------------------------------- commands


@command("LISTMAILBOXES")
def list_mailboxes(ctx, args):
    domain, account = _owner(ctx, args)
    pattern = args.string("filter") if args.keyword("FILTER") else "*"
    auth = _auth(ctx, args)
    args.done()
    matcher = re.compile("".join(".*" if c == "*" else "[^/]*" if c == "%" else re.escape(c) for c in pattern) + r"\Z")
    listing = {}
    for name in listed_names(account):
        if not matcher.match(name) or (auth and "l" not in rights_of(domain, account, name, auth)):
            continue
        record = account.mailboxes.get(name)
        info = info_of(record) if is_regular(record) else None
        if info is not None and auth and "r" not in rights_of(domain, account, name, auth):
            info = []
        folder = has_children(account, name) or not is_regular(record)
        listing[name] = ([] if info is None else [info]) if folder else info
    return listing


@command("CREATEMAILBOX", write=True, self_service=True)
def create_mailbox(ctx, args):
    domain, account = _owner(ctx, args)
    name = check_name(_mailbox(args)[0])
    mailbox_class = auth = None
    while not args.empty():  # CLIPM sends AUTH before CLASS, the reference CLASS before AUTH: take either
        if args.keyword("CLASS"):
            mailbox_class = args.string("mailbox class")
        elif args.peek() is not None and str(args.peek()).upper() == "AUTH":
            auth = _auth(ctx, args)
        else:
            args.done()
    if account.type.lower() not in _MULTI_MAILBOX_TYPES:
        raise CLIError(*SINGLE_MAILBOX)
    folder_only = name.endswith("/")
    name = name.rstrip("/")
    if not name:
        raise CLIError(*BAD_MAILBOX_NAME)
    _require(domain, account, auth, parent_of(name), "c")
    existing = account.mailboxes.get(name)
    if existing is not None and (is_regular(existing) or folder_only):
        raise CLIError(*MAILBOX_EXISTS)
    if existing is not None:
        existing.pop("Folder")
    else:
        parent = account.mailboxes.get(parent_of(name) or "") or {}
        record = {"ACL": copy.deepcopy(parent.get("ACL") or {}), "UIDValidity": ctx.state.new_id()}
        if folder_only:
            record["Folder"] = "YES"
        account.mailboxes[name] = record
    if mailbox_class and not folder_only:
        account.mailboxes[name]["Class"] = mailbox_class


@command("DELETEMAILBOX", write=True, self_service=True)
def delete_mailbox(ctx, args):
    domain, account = _owner(ctx, args)
    name, nested = _mailbox(args, plural=True)
    name = check_name(name)
    auth = _auth(ctx, args)
    args.done()
    doomed = [other for other in account.mailboxes if other.startswith(name + "/")] if nested else []
    if name in account.mailboxes:
        doomed.append(name)
    if not doomed:
        raise CLIError(*UNKNOWN_MAILBOX)
    if name == "INBOX":
        raise CLIError(*INBOX_UNDELETABLE)
    _require(domain, account, auth, parent_of(name), "c")
    _require(domain, account, auth, name, "d")
    for other in doomed:
        del account.mailboxes[other]


@command("RENAMEMAILBOX", write=True, self_service=True)
def rename_mailbox(ctx, args):
    domain, account = _owner(ctx, args)
    name, nested = _mailbox(args, plural=True)
    name = check_name(name)
    args.expect_keyword("INTO")
    new = check_name(args.string("new mailbox name"))
    auth = _auth(ctx, args)
    args.done()
    moving = [name] if name in account.mailboxes else []
    if nested:
        moving += [other for other in account.mailboxes if other.startswith(name + "/")]
    if not moving:
        raise CLIError(*UNKNOWN_MAILBOX)
    targets = dict((other, new + other[len(name) :]) for other in moving)
    if any(target in account.mailboxes and target not in targets for target in targets.values()):
        raise CLIError(*MAILBOX_EXISTS)
    for who, letters in ((name, "d"), (parent_of(name), "c"), (parent_of(new), "c")):
        _require(domain, account, auth, who, letters)
    records = dict((targets[other], account.mailboxes.pop(other)) for other in moving)
    account.mailboxes.update(records)
    if "INBOX" not in account.mailboxes:
        account.mailboxes["INBOX"] = {"UIDValidity": ctx.state.new_id()}


def _one(ctx, args, letters, final=True):
    """(Domain, Account, mailbox name, its record) of ``accountName MAILBOX name [AUTH a]``, AUTH checked."""
    domain, account = _owner(ctx, args)
    name = check_name(_mailbox(args)[0])
    auth = _auth(ctx, args)
    if final:
        args.done()
    record = regular(account, name)
    _require(domain, account, auth, name, letters)
    return domain, account, name, record


@command("GETMAILBOXINFO")
def get_mailbox_info(ctx, args):
    return info_of(_one(ctx, args, "r")[3])


@command("GETMAILBOXACL")
def get_mailbox_acl(ctx, args):
    return dict(_one(ctx, args, "a")[3].get("ACL") or {})


@command("SETMAILBOXACL", write=True, self_service=True)
def set_mailbox_acl(ctx, args):
    record = _one(ctx, args, "a", final=False)[3]
    changes = args.dict("new ACL")
    args.done()
    acl = dict(record.get("ACL") or {})
    for identifier, rights in changes.items():
        letters = rights[1:] if isinstance(rights, str) and rights[:1] in ("+", "-") else rights
        if not isinstance(letters, str) or not _RIGHT.match(letters):
            raise CLIError(*BAD_MAILBOX_RIGHTS)
        have = set(acl.get(identifier, ""))
        if rights.startswith("+"):
            have |= set(rights[1:])
        elif rights.startswith("-"):
            have -= set(rights[1:])
        else:
            have = set(rights)
        if have:
            acl[identifier] = "".join(sorted(have))
        else:
            acl.pop(identifier, None)  # an element with no rights left is removed (L5733-5736)
    record["ACL"] = acl


@command("GETMAILBOXRIGHTS")
def get_mailbox_rights(ctx, args):
    domain, account = _owner(ctx, args)
    name = check_name(_mailbox(args)[0])
    args.expect_keyword("AUTH")
    auth = ctx.state.find_account(ctx, args.string("auth account name"))
    args.done()
    regular(account, name)
    return "".join(sorted(rights_of(domain, account, name, auth)))


@command("SETMAILBOXCLASS", write=True, self_service=True)
def set_mailbox_class(ctx, args):
    domain, account = _owner(ctx, args)
    name = check_name(_mailbox(args)[0])
    auth = _auth(ctx, args)
    args.expect_keyword("CLASS")
    new_class = args.string("mailbox class")
    args.done()
    record = regular(account, name)
    _require(domain, account, auth, name, "a")  # the Class is mailbox meta-data: the Administer right
    if new_class:
        record["Class"] = new_class
    else:
        record.pop("Class", None)


def _strings(value, what):
    if not all(isinstance(item, str) for item in value):
        raise CLIError(*SYNTAX("%s must be strings" % what))
    return value


@command("GETMAILBOXSUBSCRIPTION", "GETACCOUNTSUBSCRIPTION")
def get_mailbox_subscription(ctx, args):
    account = _owner(ctx, args)[1]
    args.done()
    return list(account.subscription)


@command("SETMAILBOXSUBSCRIPTION", "SETACCOUNTSUBSCRIPTION", write=True, self_service=True)
def set_mailbox_subscription(ctx, args):
    account = _owner(ctx, args)[1]
    names = _strings(args.list("new subscription"), "subscribed mailbox names")
    args.done()
    account.subscription = list(dict.fromkeys(names))


@command("GETMAILBOXALIASES")
def get_mailbox_aliases(ctx, args):
    account = _owner(ctx, args)[1]
    args.done()
    return dict(account.mailbox_aliases)


@command("SETMAILBOXALIASES", write=True, self_service=True)
def set_mailbox_aliases(ctx, args):
    account = _owner(ctx, args)[1]
    aliases = args.dict("new aliases")
    args.done()
    _strings(aliases.values(), "mailbox alias targets")
    account.mailbox_aliases = dict(aliases)
