# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""In-memory server state: domains, accounts, forwarders, groups, lists.

Names compare case-insensitively (dictionary keys are lower case) and are
kept as created (the ``name`` attribute).  The whole state is one object
guarded by ``State.lock``; the server runs every command under that lock.

JSON (the --state file): plain fields are JSON values; every settings-like
field (dicts and lists of CGP values) is stored as its CGP text
(``codec.dumps``) and restored with ``codec.loads``, so bytes, timestamps
and IP addresses survive exactly.

Server-wide objects live in ``State.server`` (and ``State.cluster``) keyed by
scope names; the ones the core uses are the constants below.
"""

import dataclasses
import json
import threading
from typing import Optional

from . import codec
from .errors import (ACCESS_DENIED, ACCOUNT_EXISTS, ALIAS_EXISTS, CLIError, FORWARDER_EXISTS,
                     GROUP_EXISTS, LIST_EXISTS, UNKNOWN_ACCOUNT, UNKNOWN_DOMAIN)

# Scope keys in State.server / State.cluster used by the core handlers.
DOMAIN_DEFAULTS = "DOMAINDEFAULTS"                 # GET/UPDATE/SETDOMAINDEFAULTS
SERVER_ACCOUNT_DEFAULTS = "SERVERACCOUNTDEFAULTS"  # GET/UPDATE/SETSERVERACCOUNTDEFAULTS
SERVER_ACCOUNT_PREFS = "SERVERACCOUNTPREFS"        # GET/UPDATE/SETSERVERACCOUNTPREFS

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


def _cgp(default_factory):
    """A settings-like field: saved as CGP text in the JSON file."""
    return dataclasses.field(default_factory=default_factory, metadata={"cgp": True})  # pylint: disable=invalid-field-call


def _objects(cls):
    """A {lower name -> object} field of dataclass instances."""
    return dataclasses.field(default_factory=dict, metadata={"objects": cls})  # pylint: disable=invalid-field-call


def _to_json(obj):
    out = {}
    for f in dataclasses.fields(obj):
        if f.metadata.get("skip"):
            continue
        value = getattr(obj, f.name)
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
    settings: dict = _cgp(dict)       # includes "Members" (array)


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
    settings: dict = _cgp(dict)       # explicit settings, never includes Password
    password: str = ""                # clear text; never logged, never returned
    aliases: list = _cgp(list)
    telnums: list = _cgp(list)
    mail_rules: list = _cgp(list)
    signal_rules: list = _cgp(list)
    prefs: dict = _cgp(dict)
    info: dict = _cgp(dict)           # LastLogin, LastAddress, StorageUsed...
    rights: list = _cgp(list)         # e.g. ["Domain"] makes a domain administrator
    legacy: bool = False
    app_passwords: dict = _cgp(dict)  # tag -> password; also "METHOD:SIP" style keys
    acl: dict = _cgp(dict)            # account ACL: identity -> rights letters
    stat: dict = _cgp(dict)

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
    extra: dict = _cgp(dict)          # free room for other handlers (alerts, storage...)

    def object_count(self):
        return len(self.accounts) + len(self.forwarders) + len(self.groups) + len(self.lists)

    def add(self, attribute, obj):
        """Put a named object (an Account, Forwarder, Group or MailingList) in its attribute."""
        getattr(self, attribute)[obj.name.lower()] = obj

    def remove(self, attribute, obj):
        """Take a named object out of its attribute."""
        del getattr(self, attribute)[obj.name.lower()]


def _lock():
    return dataclasses.field(default_factory=threading.RLock, repr=False, compare=False,  # pylint: disable=invalid-field-call
                             metadata={"skip": True})


@dataclasses.dataclass
class State:
    main_domain: str = "example.test"
    domains: dict = _objects(Domain)
    server: dict = _cgp(dict)          # scope name -> value (usually a dictionary)
    cluster: dict = _cgp(dict)
    sessions: dict = _cgp(dict)        # session id -> dict
    admin_user: str = "postmaster"
    admin_password: str = ""
    next_id: int = 1
    lock: threading.RLock = _lock()

    # ------------------------------------------------------------ creation / JSON

    @classmethod
    def new(cls, main_domain="example.test", admin_user="postmaster", admin_password=""):
        """A fresh state: the main domain with the administrator's account."""
        state = cls(main_domain=main_domain, admin_user=admin_user, admin_password=admin_password)
        state.server = codec.loads(codec.dumps(INITIAL_SERVER))
        state.domains[main_domain.lower()] = Domain(name=main_domain)
        state.ensure_admin(admin_user, admin_password)
        return state

    def ensure_admin(self, admin_user, admin_password):
        """Make the administrator account exist with this password."""
        self.admin_user = admin_user
        self.admin_password = admin_password
        local, dom = (admin_user.split("@", 1) + [""])[:2]
        domain = self.domains.get((dom or self.main_domain).lower())
        if domain is None:
            domain = self.domains.setdefault(dom.lower(), Domain(name=dom))
        account = domain.accounts.get(local.lower())
        if account is None:
            account = domain.accounts[local.lower()] = Account(name=local)
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

    def dumps_json(self):
        return json.dumps(self.to_json(), indent=1, sort_keys=True)

    def new_id(self):
        """A fresh integer id (sessions, cookies...)."""
        value = self.next_id
        self.next_id += 1
        return value

    # ------------------------------------------------------------ look-ups

    def find_domain(self, name):
        """Domain by name or domain alias (case-insensitive), or None."""
        key = (name or "").lower()
        domain = self.domains.get(key)
        if domain is not None:
            return domain
        for domain in self.domains.values():
            if any(str(a).lower() == key for a in domain.aliases):
                return domain
        return None

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
        for account in domain.accounts.values():
            if any(str(a).lower() == key for a in account.aliases):
                return "alias", account
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
        raise CLIError(*{
            "account": ACCOUNT_EXISTS, "alias": ALIAS_EXISTS, "forwarder": FORWARDER_EXISTS,
            "group": GROUP_EXISTS, "list": LIST_EXISTS}[kind])

    def is_admin_account(self, domain, account):
        """True for the --user account (it can be neither renamed nor deleted)."""
        local, dom = (self.admin_user.split("@", 1) + [""])[:2]
        return (domain.name.lower() == (dom or self.main_domain).lower()
                and account.name.lower() == local.lower())

    def account(self, ctx, name):
        """Account by (qualified) name, "*" meaning the logged-in account; or UNKNOWN_ACCOUNT."""
        if name == "*" and ctx is not None:
            name = "%s@%s" % (ctx.user.split("@", 1)[0], ctx.user_domain)
        domain, local = self.split(ctx, name)
        account = domain.accounts.get(local.lower())
        if account is None:
            raise CLIError(*UNKNOWN_ACCOUNT)
        return account

    def account_domain(self, account):
        """The Domain holding an Account object."""
        for domain in self.domains.values():
            if domain.accounts.get(account.name.lower()) is account:
                return domain
        raise CLIError(*UNKNOWN_ACCOUNT)

    def qualified(self, account):
        """"name@domain" of an Account object."""
        return "%s@%s" % (account.name, self.account_domain(account).name)

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


__all__ = ["State", "Domain", "Account", "Forwarder", "Group", "MailingList", "update_dict",
           "ACCESS_DENIED", "DOMAIN_DEFAULTS", "SERVER_ACCOUNT_DEFAULTS", "SERVER_ACCOUNT_PREFS",
           "ACCOUNT_TYPES", "INITIAL_SERVER"]
