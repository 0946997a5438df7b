# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""In-memory server state: domains, accounts, forwarders, groups, lists.

Names compare case-insensitively (dictionary keys are lower case) and are
kept as created (the ``name`` attribute).  The whole state is one object
guarded by ``State.lock``; the server runs every command under that lock.

Indexes keep every look-up independent of the number of objects: account
aliases per domain (``Domain.alias_owners``), domain aliases and telnums
server-wide (``State``), and a sorted listing of each domain's namespace for
LISTDOMAINOBJECTS (rebuilt after a change, on the next listing).  They are not
saved, they are rebuilt when a state is loaded, and they stay right because
every change of a name goes through the methods below (``Domain.add`` /
``remove`` / ``set_aliases``, ``State.add_domain`` / ``remove_domain`` /
``rename_domain`` / ``set_domain_aliases`` / ``remove_account`` /
``move_account`` / ``set_telnums``); handlers never assign those fields.

JSON (the --state file): plain fields are JSON values; every settings-like
field (dicts and lists of CGP values) is stored as its CGP text
(``codec.dumps``) and restored with ``codec.loads``, so bytes, timestamps
and IP addresses survive exactly.

Server-wide objects live in ``State.server`` (and ``State.cluster``) keyed by
scope names; the ones the core uses are the constants below.
"""

import dataclasses
import functools
import threading
from typing import Optional

from . import codec
from .errors import (
    ACCESS_DENIED,
    ACCOUNT_EXISTS,
    ALIAS_EXISTS,
    CLIError,
    FORWARDER_EXISTS,
    GROUP_EXISTS,
    LIST_EXISTS,
    UNKNOWN_ACCOUNT,
    UNKNOWN_DOMAIN,
)

# Scope keys in State.server / State.cluster used by the core handlers.
DOMAIN_DEFAULTS = "DOMAINDEFAULTS"  # GET/UPDATE/SETDOMAINDEFAULTS
SERVER_ACCOUNT_DEFAULTS = "SERVERACCOUNTDEFAULTS"  # GET/UPDATE/SETSERVERACCOUNTDEFAULTS
SERVER_ACCOUNT_PREFS = "SERVERACCOUNTPREFS"  # GET/UPDATE/SETSERVERACCOUNTPREFS

# Initial server-wide defaults: a small, realistic subset.
INITIAL_SERVER = {
    DOMAIN_DEFAULTS: {
        "MailToUnknown": "Rejected",
        "DomainAccessModes": "All",
        "CalendarMode": "Enabled",
        "MailboxDelimiter": ".",
        "LogLevel": "2",
    },
    SERVER_ACCOUNT_DEFAULTS: {
        "AccessModes": "All",
        "MaxAccountSize": "100M",
        "MaxMailboxes": "unlimited",
        "RulesAllowed": "Any",
        "PasswordEncryption": "U-crpt",
        "UseAppPassword": "NO",
        "CanModifyPassword": "YES",
        "PasswordComplexity": "No",
    },
    SERVER_ACCOUNT_PREFS: {
        "Language": "english",
        "TimeZone": "HostOS",
        "DeleteMode": "Move To Trash",
        "MessagesPerPage": "20",
    },
}

# Account type -> file extension (the LISTACCOUNTS / LISTDOMAINOBJECTS value).
# MultiMailbox -> macnt is real; the others are this emulator's choice.
ACCOUNT_TYPES = {
    "multimailbox": ("MultiMailbox", "macnt"),
    "textmailbox": ("TextMailbox", "mbox"),
    "maildirmailbox": ("MailDirMailbox", "mdir"),
    "slicedmailbox": ("SlicedMailbox", "sdir"),
    "agrade": ("AGrade", "agrd"),
    "bgrade": ("BGrade", "bgrd"),
    "cgrade": ("CGrade", "cgrd"),
}


_NO_DEFAULT = object()


def _cgp(default_factory):
    """A settings-like field: saved as CGP text in the JSON file."""
    return dataclasses.field(default_factory=default_factory, metadata={"cgp": True})  # pylint: disable=invalid-field-call


def _objects(cls):
    """A {lower name -> object} field of dataclass instances."""
    return dataclasses.field(default_factory=dict, metadata={"objects": cls})  # pylint: disable=invalid-field-call


def _index():
    """A derived field: rebuilt by __post_init__, never saved."""
    return dataclasses.field(  # pylint: disable=invalid-field-call
        default_factory=dict, init=False, repr=False, compare=False, metadata={"skip": True}
    )


@functools.lru_cache(maxsize=None)
def _saved_fields(cls):
    """[(field, its default value or _NO_DEFAULT)] of the fields a dataclass saves."""
    fields = []
    for f in dataclasses.fields(cls):
        if not f.metadata.get("skip"):
            factory = f.default_factory
            default = factory() if factory is not dataclasses.MISSING else f.default
            fields.append((f, _NO_DEFAULT if default is dataclasses.MISSING else default))
    return fields


def _to_json(obj):
    # Values equal to the default are left out (loading restores them): most of an account's
    # fields are empty, and leaving them out makes a saved state several times smaller and faster.
    out = {}
    for f, default in _saved_fields(type(obj)):
        value = getattr(obj, f.name)
        if value == default:
            continue
        if f.metadata.get("cgp"):
            out[f.name] = codec.dumps(value)
        elif "objects" in f.metadata:
            out[f.name] = {key: _to_json(item) for key, item in value.items()}
        else:
            out[f.name] = value
    return out


def _from_json(cls, data):
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.metadata.get("skip") or f.name not in data:
            continue
        value = data[f.name]
        if f.metadata.get("cgp"):
            value = codec.loads(value)
        elif "objects" in f.metadata:
            value = {key: _from_json(f.metadata["objects"], item) for key, item in value.items()}
        kwargs[f.name] = value
    return cls(**kwargs)


@dataclasses.dataclass
class Forwarder:
    name: str
    address: str


@dataclasses.dataclass
class Group:
    name: str
    settings: dict = _cgp(dict)  # includes "Members" (array)


@dataclasses.dataclass
class MailingList:
    name: str
    owner: str = ""
    settings: dict = _cgp(dict)
    # lower address -> {Sub, RealName, mode, subscribeTime, posts, bounces,
    #                   lastBounceTime, confirmationID}
    subscribers: dict = _cgp(dict)


@dataclasses.dataclass
class Account:
    name: str
    type: str = "MultiMailbox"
    path: Optional[str] = None
    settings: dict = _cgp(dict)  # explicit settings, never includes Password
    password: str = ""  # clear text; never logged, never returned
    aliases: list = _cgp(list)
    telnums: list = _cgp(list)
    mail_rules: list = _cgp(list)
    signal_rules: list = _cgp(list)
    rpops: dict = _cgp(dict)  # RPOP records: record name -> {authName, domain, password, ...}
    rimaps: dict = _cgp(dict)  # RIMAP records, the same shape
    prefs: dict = _cgp(dict)
    info: dict = _cgp(dict)  # LastLogin, LastAddress, StorageUsed...
    rights: list = _cgp(list)  # e.g. ["Domain"] makes a domain administrator
    legacy: bool = False
    app_passwords: dict = _cgp(dict)  # tag -> password; also "METHOD:SIP" style keys
    acl: dict = _cgp(dict)  # account ACL: identity -> rights letters
    stat: dict = _cgp(dict)
    # mailbox name -> {"Class": ..., "ACL": {identifier: letters}, "UIDValidity": n}; "Folder": "YES" marks a
    # folder-only entity (cmd_mailboxes.py). Every account has its INBOX.
    mailboxes: dict = _cgp(lambda: {"INBOX": {}})
    subscription: list = _cgp(list)  # subscribed mailbox names
    mailbox_aliases: dict = _cgp(dict)  # alias -> mailbox name

    @property
    def extension(self):
        return ACCOUNT_TYPES.get(self.type.lower(), (self.type, "macnt"))[1]


@dataclasses.dataclass
class Domain:
    name: str
    settings: dict = _cgp(dict)
    aliases: list = _cgp(list)
    account_defaults: dict = _cgp(dict)
    account_default_prefs: dict = _cgp(dict)
    account_template: dict = _cgp(dict)
    mail_rules: list = _cgp(list)
    signal_rules: list = _cgp(list)
    suspended: bool = False
    shared: bool = False
    directory: bool = False
    path: Optional[str] = None
    accounts: dict = _objects(Account)
    forwarders: dict = _objects(Forwarder)
    groups: dict = _objects(Group)
    lists: dict = _objects(MailingList)
    extra: dict = _cgp(dict)  # free room for other handlers (alerts, storage...)
    alias_owners: dict = _index()  # lower-case account alias -> Account
    _listing: dict = _index()  # {"keys": [...], "items": [...]} while the namespace is unchanged

    def __post_init__(self):
        for account in self.accounts.values():
            self._index_aliases(account)

    def object_count(self):
        return len(self.accounts) + len(self.forwarders) + len(self.groups) + len(self.lists)

    def add(self, attribute, obj):
        """Put a named object (an Account, Forwarder, Group or MailingList) in its attribute."""
        getattr(self, attribute)[obj.name.lower()] = obj
        if attribute == "accounts":
            self._index_aliases(obj)
        self._listing.clear()

    def remove(self, attribute, obj):
        """Take a named object out of its attribute."""
        del getattr(self, attribute)[obj.name.lower()]
        if attribute == "accounts":
            self._unindex_aliases(obj)
        self._listing.clear()

    def set_aliases(self, account, names):
        """Replace an account's aliases (names already checked free)."""
        self._unindex_aliases(account)
        account.aliases = list(names)
        self._index_aliases(account)
        self._listing.clear()

    def _index_aliases(self, account):
        for alias in account.aliases:
            self.alias_owners[str(alias).lower()] = account

    def _unindex_aliases(self, account):
        for alias in account.aliases:
            if self.alias_owners.get(str(alias).lower()) is account:
                del self.alias_owners[str(alias).lower()]

    def listing(self):
        """(sorted lower-case names, [(name, kind, object)] in the same order) of accounts, aliases, forwarders.

        For an alias the object is its Account.  Kept until the namespace changes, so paging
        through LISTDOMAINOBJECTS does not sort the domain again for every page.
        """
        if not self._listing:
            items = [(a.name, "account", a) for a in self.accounts.values()]
            items += [(str(alias), "alias", a) for a in self.accounts.values() for alias in a.aliases]
            items += [(f.name, "forwarder", f) for f in self.forwarders.values()]
            items.sort(key=lambda item: item[0].lower())
            self._listing.update(keys=[item[0].lower() for item in items], items=items)
        return self._listing["keys"], self._listing["items"]


def _lock():
    return dataclasses.field(  # pylint: disable=invalid-field-call
        default_factory=threading.RLock, repr=False, compare=False, metadata={"skip": True}
    )


@dataclasses.dataclass
class State:
    main_domain: str = "example.test"
    domains: dict = _objects(Domain)
    server: dict = _cgp(dict)  # scope name -> value (usually a dictionary)
    cluster: dict = _cgp(dict)
    sessions: dict = _cgp(dict)  # session id -> dict
    admin_user: str = "postmaster"
    admin_password: str = ""
    next_id: int = 1
    lock: threading.RLock = _lock()
    domain_alias_owners: dict = _index()  # lower-case domain alias -> Domain
    telnum_owners: dict = _index()  # telnum -> Account (telnums are unique server-wide)

    def __post_init__(self):
        for domain in self.domains.values():
            self._index_domain(domain)

    # ------------------------------------------------------------ creation / JSON

    @classmethod
    def new(cls, main_domain="example.test", admin_user="postmaster", admin_password=""):
        """A fresh state: the main domain with the administrator's account."""
        state = cls(main_domain=main_domain, admin_user=admin_user, admin_password=admin_password)
        state.server = codec.loads(codec.dumps(INITIAL_SERVER))
        state.add_domain(Domain(name=main_domain))
        state.ensure_admin(admin_user, admin_password)
        return state

    def ensure_admin(self, admin_user, admin_password):
        """Make the administrator account exist with this password."""
        self.admin_user = admin_user
        self.admin_password = admin_password
        local, dom = (admin_user.split("@", 1) + [""])[:2]
        domain = self.domains.get((dom or self.main_domain).lower())
        if domain is None:
            domain = self.add_domain(Domain(name=dom))
        account = domain.accounts.get(local.lower())
        if account is None:
            account = Account(name=local)
            domain.add("accounts", account)
        account.password = admin_password
        if "Master" not in account.rights:
            account.rights.append("Master")

    def to_json(self):
        """A JSON-serialisable dict of the whole state."""
        return _to_json(self)

    @classmethod
    def from_json(cls, obj):
        """The State saved by to_json()."""
        return _from_json(cls, obj)

    def new_id(self):
        """A fresh integer id (sessions, cookies...)."""
        value = self.next_id
        self.next_id += 1
        return value

    # ------------------------------------------------------------ look-ups

    def find_domain(self, name):
        """Domain by name or domain alias (case-insensitive), or None."""
        key = (name or "").lower()
        return self.domains.get(key) or self.domain_alias_owners.get(key)

    def domain(self, name, ctx=None):
        """Domain by name or alias, or raise UNKNOWN_DOMAIN; checks ctx access when given."""
        domain = self.find_domain(name)
        if domain is None:
            raise CLIError(*UNKNOWN_DOMAIN)
        if ctx is not None:
            ctx.check_domain(domain)
        return domain

    def split(self, ctx, qualified_name):
        """("user@dom" | "user") -> (Domain, local name); a bare name is in ctx's domain."""
        local, at, dom = str(qualified_name).rpartition("@")
        if not at:
            local, dom = dom, None
        if dom is None:
            dom = ctx.user_domain if ctx is not None else self.main_domain
        return self.domain(dom, ctx), local

    def find_object(self, domain, local):
        """("account"|"alias"|"forwarder"|"group"|"list"|None, object) for a name.

        For an alias the object is the Account that owns it.
        """
        key = local.lower()
        if key in domain.accounts:
            return "account", domain.accounts[key]
        if key in domain.alias_owners:
            return "alias", domain.alias_owners[key]
        if key in domain.forwarders:
            return "forwarder", domain.forwarders[key]
        if key in domain.groups:
            return "group", domain.groups[key]
        if key in domain.lists:
            return "list", domain.lists[key]
        return None, None

    def check_name_free(self, domain, local, ignore=None):
        """Raise the matching "already exists" error if the name is taken.

        ``ignore`` is an object allowed to hold the name (e.g. the account
        whose aliases are being set).
        """
        kind, obj = self.find_object(domain, local)
        if kind is None or (ignore is not None and obj is ignore):
            return
        raise CLIError(
            *{
                "account": ACCOUNT_EXISTS,
                "alias": ALIAS_EXISTS,
                "forwarder": FORWARDER_EXISTS,
                "group": GROUP_EXISTS,
                "list": LIST_EXISTS,
            }[kind]
        )

    def is_admin_account(self, domain, account):
        """True for the --user account (it can be neither renamed nor deleted)."""
        local, dom = (self.admin_user.split("@", 1) + [""])[:2]
        return domain.name.lower() == (dom or self.main_domain).lower() and account.name.lower() == local.lower()

    def find_account(self, ctx, name):
        """(Domain, Account) by (qualified) name, "*" meaning the logged-in account; or UNKNOWN_ACCOUNT."""
        if name == "*" and ctx is not None:
            name = "%s@%s" % (ctx.user.split("@", 1)[0], ctx.user_domain)
        domain, local = self.split(ctx, name)
        account = domain.accounts.get(local.lower())
        if account is None:
            raise CLIError(*UNKNOWN_ACCOUNT)
        return domain, account

    def account(self, ctx, name):
        """The Account of find_account."""
        return self.find_account(ctx, name)[1]

    # ------------------------------------------------------------ changes that indexes follow

    def add_domain(self, domain):
        """Add a new Domain (its name and aliases already checked free); returns it."""
        self.domains[domain.name.lower()] = domain
        self._index_domain(domain)
        return domain

    def remove_domain(self, domain):
        """Delete a Domain with everything in it."""
        del self.domains[domain.name.lower()]
        for alias in domain.aliases:
            self.domain_alias_owners.pop(str(alias).lower(), None)
        for account in domain.accounts.values():
            self._unindex_telnums(account)

    def rename_domain(self, domain, new_name):
        """Rename a Domain (the new name already checked free); its aliases stay."""
        del self.domains[domain.name.lower()]
        domain.name = new_name
        self.domains[new_name.lower()] = domain

    def set_domain_aliases(self, domain, aliases):
        """Replace a domain's aliases (already checked free)."""
        for alias in domain.aliases:
            self.domain_alias_owners.pop(str(alias).lower(), None)
        domain.aliases = list(aliases)
        self._index_domain_aliases(domain)

    def remove_account(self, domain, account):
        domain.remove("accounts", account)
        self._unindex_telnums(account)

    def move_account(self, domain, account, new_domain, new_local):
        """Rename an account, possibly into another domain (its aliases and telnums go with it)."""
        domain.remove("accounts", account)
        account.name = new_local
        new_domain.add("accounts", account)

    def set_telnums(self, account, telnums):
        """Replace an account's telnums (already checked free)."""
        self._unindex_telnums(account)
        account.telnums = list(telnums)
        self.telnum_owners.update((str(t), account) for t in account.telnums)

    def _index_domain_aliases(self, domain):
        self.domain_alias_owners.update((str(a).lower(), domain) for a in domain.aliases)

    def _index_domain(self, domain):
        self._index_domain_aliases(domain)
        for account in domain.accounts.values():
            self.telnum_owners.update((str(t), account) for t in account.telnums)

    def _unindex_telnums(self, account):
        for telnum in account.telnums:
            if self.telnum_owners.get(str(telnum)) is account:
                del self.telnum_owners[str(telnum)]

    # ------------------------------------------------------------ effective values

    def domain_effective_settings(self, domain):
        scope = self.cluster if domain.shared and DOMAIN_DEFAULTS in self.cluster else self.server
        merged = dict(scope.get(DOMAIN_DEFAULTS) or {})
        merged.update(domain.settings)
        return merged

    def account_effective_settings(self, domain, account):
        merged = dict(self.server.get(SERVER_ACCOUNT_DEFAULTS) or {})
        merged.update(domain.account_defaults)
        merged.update(account.settings)
        return merged

    def account_effective_prefs(self, domain, account):
        merged = dict(self.server.get(SERVER_ACCOUNT_PREFS) or {})
        merged.update(domain.account_default_prefs)
        merged.update(account.prefs)
        return merged


def update_dict(target, changes):
    """UPDATE* semantics: merge ``changes`` into ``target``; the value "default" removes a key."""
    for key, value in changes.items():
        if isinstance(value, str) and value.lower() == "default":
            target.pop(key, None)
        else:
            target[key] = value
    return target


__all__ = [
    "State",
    "Domain",
    "Account",
    "Forwarder",
    "Group",
    "MailingList",
    "update_dict",
    "ACCESS_DENIED",
    "DOMAIN_DEFAULTS",
    "SERVER_ACCOUNT_DEFAULTS",
    "SERVER_ACCOUNT_PREFS",
    "ACCOUNT_TYPES",
    "INITIAL_SERVER",
]
