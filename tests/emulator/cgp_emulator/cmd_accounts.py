# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account Administration commands.

Passwords are kept apart from the settings: a ``Password`` key given in
CREATEACCOUNT / UPDATEACCOUNTSETTINGS / SETACCOUNTSETTINGS sets the
password.  GETACCOUNTSETTINGS, GETACCOUNTEFFECTIVESETTINGS and
GETACCOUNTONESETTING show it back as ``Password`` to administrators, as a
real server does; never to other users, and application passwords never.
"""

import copy
import datetime
import re

from .errors import (
    ACCESS_DENIED,
    BAD_ACCOUNT_TYPE,
    CLIError,
    PASSWORD_CHANGE_DENIED,
    RULE_NOT_FOUND,
    SYNTAX,
    TELNUM_EXISTS,
    TELNUM_NOT_FOUND,
    TYPE_CHANGE_NOT_ALLOWED,
    UNKNOWN_DOMAIN,
    WEAK_PASSWORD,
    WRONG_PASSWORD,
)
from .cmd_domains import check_rules, optional_domain
from .registry import NULL, command
from .state import ACCOUNT_TYPES, Account, update_dict

_LOCAL_NAME = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-](?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-.]*"
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-])?\Z"
)
_CHANGEABLE_TYPES = ("multimailbox", "agrade", "bgrade", "cgrade")
ADMIN_ACCOUNT = (501, "the server administrator account cannot be renamed or deleted")
IDENTITY_DENIED = (501, "this identity is not allowed for the account")
STAT_KEYS = ("MessagesReceived", "BytesReceived", "MessagesSent", "BytesSent", "CallsReceived", "CallsSent", "Logins")


def valid_local_name(name):
    if not _LOCAL_NAME.match(name) or ".." in name:
        raise CLIError(*SYNTAX("invalid object name"))
    return name


def split_password(settings):
    """(settings without Password keys, the password or None)."""
    password = None
    rest = {}
    for key, value in settings.items():
        if key.lower() == "password":
            if not isinstance(value, str):
                raise CLIError(*SYNTAX("Password must be a string"))
            password = value
        else:
            rest[key] = value
    return rest, password


def _account(ctx, args):
    """(Domain, Account) named by the next word."""
    return ctx.state.find_account(ctx, args.string("account name"))


# ---------------------------------------------------------------- life cycle


@command("LISTACCOUNTS")
def list_accounts(ctx, args):
    domain = optional_domain(ctx, args)
    args.done()
    return {a.name: a.extension for a in domain.accounts.values()}


@command("CREATEACCOUNT", write=True)
def create_account(ctx, args):
    state = ctx.state
    domain, local = state.split(ctx, args.string("account name"))
    kind = "MultiMailbox"
    word = args.peek()
    if isinstance(word, str) and word.upper() not in ("PATH", "LEGACY", "EXTERNAL"):
        if word.lower() not in ACCOUNT_TYPES:
            raise CLIError(*BAD_ACCOUNT_TYPE)
        kind = ACCOUNT_TYPES[args.string("account type").lower()][0]
    path = args.string("storage path") if args.keyword("PATH") else None
    # "external" is the older spelling of LEGACY that the vendor's CLI.pm and CLI.php still send.
    legacy = args.keyword("LEGACY", "EXTERNAL") is not None
    given = args.dict("account settings") if not args.empty() else {}
    args.done()
    valid_local_name(local)
    state.check_name_free(domain, local)
    settings, password = split_password(update_dict(copy.deepcopy(domain.account_template), given))
    domain.add(
        "accounts",
        Account(
            name=local,
            type=kind,
            path=path,
            legacy=legacy,
            settings=settings,
            password=password or "",
            info={"Created": datetime.datetime.utcnow().replace(microsecond=0)},
        ),
    )


@command("RENAMEACCOUNT", write=True)
def rename_account(ctx, args):
    state = ctx.state
    domain, account = _account(ctx, args)
    args.expect_keyword("INTO")
    new_domain, new_local = state.split(ctx, args.string("new account name"))
    path = args.string("storage path") if args.keyword("PATH") else None
    args.done()
    if state.is_admin_account(domain, account):
        raise CLIError(*ADMIN_ACCOUNT)
    valid_local_name(new_local)
    state.check_name_free(new_domain, new_local, ignore=account)
    if new_domain is not domain:
        for alias in account.aliases:
            state.check_name_free(new_domain, alias)
    state.move_account(domain, account, new_domain, new_local)
    if path is not None:
        account.path = path


@command("DELETEACCOUNT", write=True)
def delete_account(ctx, args):
    state = ctx.state
    domain, account = _account(ctx, args)
    args.done()
    if state.is_admin_account(domain, account):
        raise CLIError(*ADMIN_ACCOUNT)
    state.remove_account(domain, account)
    _kill_sessions(state, domain, account)


@command("SETACCOUNTTYPE", write=True)
def set_account_type(ctx, args):
    account = _account(ctx, args)[1]
    new_type = args.string("account type")
    args.done()
    if new_type.lower() not in ACCOUNT_TYPES:
        raise CLIError(*BAD_ACCOUNT_TYPE)
    if new_type.lower() not in _CHANGEABLE_TYPES or account.type.lower() not in _CHANGEABLE_TYPES:
        raise CLIError(*TYPE_CHANGE_NOT_ALLOWED)
    account.type = ACCOUNT_TYPES[new_type.lower()][0]


# ---------------------------------------------------------------- settings


def _shown(ctx, account, settings):
    """A copy of ``settings`` as the login may read them.

    A real server returns the stored Password among the settings (public client code reads
    it back, e.g. ``Password=wakka`` in trooney/communigate_api's tests); the reference does
    not say who may see it, so here only administrators (server or domain) do.  The
    emulator keeps the password as given, so that is what it shows.
    """
    shown = copy.deepcopy(settings)
    if account.password and ctx.is_domain_admin:
        shown["Password"] = account.password
    return shown


@command("GETACCOUNTSETTINGS")
def get_account_settings(ctx, args):
    account = _account(ctx, args)[1]
    args.done()
    return _shown(ctx, account, account.settings)


@command("GETACCOUNTEFFECTIVESETTINGS")
def get_account_effective_settings(ctx, args):
    domain, account = _account(ctx, args)
    args.done()
    return _shown(ctx, account, ctx.state.account_effective_settings(domain, account))


@command("GETACCOUNTONESETTING")
def get_account_one_setting(ctx, args):
    domain, account = _account(ctx, args)
    key = args.string("setting name")
    args.done()
    value = _shown(ctx, account, ctx.state.account_effective_settings(domain, account)).get(key)
    return NULL if value is None else value


@command("UPDATEACCOUNTSETTINGS", write=True)
def update_account_settings(ctx, args):
    account = _account(ctx, args)[1]
    settings, password = split_password(args.dict("new settings"))
    args.done()
    update_dict(account.settings, settings)
    if password is not None and password.lower() != "default":
        account.password = password


@command("SETACCOUNTSETTINGS", sysadmin=True, write=True)
def set_account_settings(ctx, args):
    account = _account(ctx, args)[1]
    settings, password = split_password(args.dict("new settings"))
    args.done()
    account.settings = settings
    if password is not None:
        account.password = password


# ---------------------------------------------------------------- passwords


def _check_password_rules(state, domain, account, password):
    effective = state.account_effective_settings(domain, account)
    if str(effective.get("CanModifyPassword", "YES")).upper() in ("NO", "0"):
        raise CLIError(*PASSWORD_CHANGE_DENIED)
    minimum = effective.get("MinPasswordLength", 1)
    try:
        minimum = int(minimum)
    except (TypeError, ValueError):
        minimum = 1
    complexity = str(effective.get("PasswordComplexity", "No")).lower()
    weak = len(password) < max(minimum, 1)
    if complexity == "mixedcasedigit":
        weak = weak or not (
            re.search("[a-z]", password) and re.search("[A-Z]", password) and re.search("[0-9]", password)
        )
    if weak:
        raise CLIError(*WEAK_PASSWORD)


# "Any user can modify her own Account password"; then, as with CHECK, the size and complexity
# rules and CanModifyPassword apply (L2786-2804). Others need the Domain right.
@command("SETACCOUNTPASSWORD", write=True, self_service=True)
def set_account_password(ctx, args):
    state = ctx.state
    domain, account = _account(ctx, args)
    # TO is the older form of PASSWORD that the vendor's CLI.php sends.
    if args.keyword("PASSWORD", "TO") is None:
        args.expect_keyword("PASSWORD")
    password = args.string("new password")
    method = tag = None
    which = args.keyword("METHOD", "NAME")
    if which == "METHOD":
        method = args.string("method")
    elif which == "NAME":
        tag = args.string("password tag")
    check = args.keyword("CHECK") is not None
    args.done()
    own = account is ctx.account and not ctx.is_admin
    if not own and not ctx.is_domain_admin:
        raise CLIError(*ACCESS_DENIED)
    if check or own:
        _check_password_rules(state, domain, account, password)
    if tag is not None:
        if password:
            account.app_passwords[tag] = password
        else:
            account.app_passwords.pop(tag, None)
    elif method is not None and method.upper() in ("SIP", "RADIUS"):
        account.app_passwords["#" + method.upper()] = password
    else:
        account.password = password


@command("VERIFYACCOUNTPASSWORD")
def verify_account_password(ctx, args):
    account = _account(ctx, args)[1]
    args.expect_keyword("PASSWORD")
    password = args.string("password")
    args.done()
    if account is not ctx.account and not ctx.is_domain_admin:
        raise CLIError(*ACCESS_DENIED)
    if password != account.password:
        raise CLIError(*WRONG_PASSWORD)


def _addresses(state, domain, account):
    names = [account.name] + [str(a) for a in account.aliases]
    domains = [domain.name] + [str(d) for d in domain.aliases]
    return set("%s@%s" % (n.lower(), d.lower()) for n in names for d in domains)


@command("VERIFYACCOUNTIDENTITY")
def verify_account_identity(ctx, args):
    domain, account = _account(ctx, args)
    args.expect_keyword("FOR")
    identity = args.string("identity")
    args.done()
    match = re.search(r"<([^<>]*)>", identity)
    address = (match.group(1) if match else identity).strip().lower()
    if address not in _addresses(ctx.state, domain, account):
        raise CLIError(*IDENTITY_DENIED)


# ---------------------------------------------------------------- aliases and telnums


@command("GETACCOUNTALIASES")
def get_account_aliases(ctx, args):
    account = _account(ctx, args)[1]
    args.done()
    return list(account.aliases)


@command("SETACCOUNTALIASES", write=True)
def set_account_aliases(ctx, args):
    state = ctx.state
    domain, account = _account(ctx, args)
    aliases = args.list("aliases")
    args.done()
    names, seen = [], set()
    for alias in aliases:
        if not isinstance(alias, str):
            raise CLIError(*SYNTAX("alias names must be strings"))
        local, at, dom = alias.rpartition("@")
        if not at:
            local = dom
        elif state.find_domain(dom) is not domain:
            raise CLIError(*UNKNOWN_DOMAIN)
        valid_local_name(local)
        if local.lower() == account.name.lower():
            raise CLIError(*SYNTAX("an alias cannot have the account's own name"))
        state.check_name_free(domain, local, ignore=account)
        if local.lower() not in seen:
            seen.add(local.lower())
            names.append(local)
    domain.set_aliases(account, names)


def _check_telnum(state, account, telnum):
    if not isinstance(telnum, str) or not telnum:
        raise CLIError(*SYNTAX("telnum must be a non-empty string"))
    owner = state.telnum_owners.get(telnum)
    if owner is not None and owner is not account:
        raise CLIError(*TELNUM_EXISTS)


@command("GETACCOUNTTELNUMS")
def get_account_telnums(ctx, args):
    account = _account(ctx, args)[1]
    args.done()
    return list(account.telnums)


@command("SETACCOUNTTELNUMS", write=True)
def set_account_telnums(ctx, args):
    account = _account(ctx, args)[1]
    telnums = args.list("telnums")
    args.done()
    for telnum in telnums:
        _check_telnum(ctx.state, account, telnum)
    ctx.state.set_telnums(account, dict.fromkeys(telnums))


@command("MODIFYACCOUNTTELNUMS", write=True)
def modify_account_telnums(ctx, args):
    account = _account(ctx, args)[1]
    params = args.dict("parameters")
    args.done()
    op = str(params.get("op", "")).lower()
    telnums = list(account.telnums)
    if op == "pop":
        if len(params) != 1:
            raise CLIError(*SYNTAX("pop takes no other parameters"))
        if not telnums:
            return {}
        ctx.state.set_telnums(account, telnums[1:])
        return {"telnum": telnums[0]}
    telnum = params.get("telnum")
    if op == "add":
        _check_telnum(ctx.state, account, telnum)
        if telnum in telnums:
            raise CLIError(*TELNUM_EXISTS)
        ctx.state.set_telnums(account, telnums + [telnum])
    elif op == "del":
        if telnum not in telnums:
            raise CLIError(*TELNUM_NOT_FOUND)
        telnums.remove(telnum)
        ctx.state.set_telnums(account, telnums)
    else:
        raise CLIError(*SYNTAX("op must be add, del or pop"))
    return {}


# ---------------------------------------------------------------- rules


def _rule_commands(kind, attribute):
    @command("GETACCOUNT%sRULES" % kind)
    def getter(ctx, args):
        account = _account(ctx, args)[1]
        args.done()
        return copy.deepcopy(getattr(account, attribute))

    @command("SETACCOUNT%sRULES" % kind, write=True)
    def setter(ctx, args):
        account = _account(ctx, args)[1]
        rules = check_rules(args.list("rules"))
        args.done()
        setattr(account, attribute, list(rules))

    @command("UPDATEACCOUNT%sRULE" % kind, write=True)
    def updater(ctx, args):
        account = _account(ctx, args)[1]
        rules = getattr(account, attribute)
        if args.keyword("DELETE"):
            name = args.string("rule name")
            args.done()
            setattr(account, attribute, [r for r in rules if r[1] != name])
            return
        rule = check_rules([args.list("rule")])[0]
        args.done()
        if len(rule) < 4:
            for existing in rules:
                if existing[1] == rule[1]:
                    existing[0] = rule[0]
                    return
            raise CLIError(*RULE_NOT_FOUND)
        setattr(account, attribute, [r for r in rules if r[1] != rule[1]] + [rule])


_rule_commands("MAIL", "mail_rules")
_rule_commands("SIGNAL", "signal_rules")


# ---------------------------------------------------------------- prefs


@command("GETACCOUNTPREFS")
def get_account_prefs(ctx, args):
    account = _account(ctx, args)[1]
    args.done()
    return copy.deepcopy(account.prefs)


@command("GETACCOUNTEFFECTIVEPREFS")
def get_account_effective_prefs(ctx, args):
    domain, account = _account(ctx, args)
    args.done()
    return copy.deepcopy(ctx.state.account_effective_prefs(domain, account))


@command("UPDATEACCOUNTPREFS", write=True)
def update_account_prefs(ctx, args):
    account = _account(ctx, args)[1]
    prefs = args.dict("new preferences")
    args.done()
    update_dict(account.prefs, prefs)


@command("SETACCOUNTPREFS", write=True)
def set_account_prefs(ctx, args):
    account = _account(ctx, args)[1]
    prefs = args.dict("new preferences")
    args.done()
    account.prefs = dict(prefs)


# ---------------------------------------------------------------- info, rights, stats


@command("GETACCOUNTINFO")
def get_account_info(ctx, args):
    account = _account(ctx, args)[1]
    info = {"StorageUsed": 0}
    info.update(account.info)
    if args.keyword("KEY"):
        key = args.string("info key")
        args.done()
        return copy.deepcopy(info.get(key, ""))
    if not args.empty():
        keys = args.list("info keys")
        args.done()
        return {k: copy.deepcopy(info[k]) for k in keys if isinstance(k, str) and k in info}
    return copy.deepcopy(info)


@command("GETACCOUNTRIGHTS")
def get_account_rights(ctx, args):
    account = _account(ctx, args)[1]
    args.done()
    return list(account.rights)


@command("SETACCOUNTRIGHTS", sysadmin=True, write=True)
def set_account_rights(ctx, args):
    account = _account(ctx, args)[1]
    rights = args.list("rights")
    args.done()
    if not all(isinstance(r, str) for r in rights):
        raise CLIError(*SYNTAX("access rights must be strings"))
    account.rights = list(rights)


@command("GETACCOUNTSTAT")
def get_account_stat(ctx, args):
    account = _account(ctx, args)[1]
    key = args.string("key name") if args.keyword("KEY") else None
    args.done()
    stats = {"StatReset": account.stat.get("StatReset", account.info.get("Created", ""))}
    stats.update((k, int(account.stat.get(k, 0))) for k in STAT_KEYS)
    if key is not None:
        return copy.deepcopy(stats.get(key, ""))
    return stats


@command("RESETACCOUNTSTAT", write=True)
def reset_account_stat(ctx, args):
    account = _account(ctx, args)[1]
    if args.keyword("KEY"):
        account.stat.pop(args.string("key name"), None)
    else:
        account.stat = {"StatReset": datetime.datetime.utcnow().replace(microsecond=0)}
    args.done()


@command("GETACCOUNTLOCATION")
def get_account_location(ctx, args):
    account = _account(ctx, args)[1]
    args.done()
    base = "%s.%s" % (account.name, account.extension)
    return "%s.mnt/%s" % (account.path, base) if account.path else base


@command("GETACCOUNTPRESENCE")
def get_account_presence(ctx, args):
    account = _account(ctx, args)[1]
    args.done()
    return copy.deepcopy(account.info.get("Presence")) if "Presence" in account.info else NULL


def _kill_sessions(state, domain, account):
    """Drop stored sessions that belong to the account (sessions keep "account")."""
    full = "%s@%s" % (account.name.lower(), domain.name.lower())
    for key, session in list(state.sessions.items()):
        owner = str(session.get("account", session.get("Account", ""))).lower() if isinstance(session, dict) else ""
        if owner in (full, account.name.lower()):
            del state.sessions[key]


@command("KILLACCOUNTSESSIONS", write=True)
def kill_account_sessions(ctx, args):
    # A write: it drops stored sessions, so --state saves it (and only domain administrators may).
    domain, account = _account(ctx, args)
    args.done()
    _kill_sessions(ctx.state, domain, account)


# ---------------------------------------------------------------- account ACL


def _auth(ctx, args):
    """The optional AUTH authAccountName: it must exist."""
    if args.keyword("AUTH"):
        return ctx.state.account(ctx, args.string("auth account name"))
    return None


@command("GETACCOUNTACL")
def get_account_acl(ctx, args):
    account = _account(ctx, args)[1]
    _auth(ctx, args)
    args.done()
    return dict(account.acl)


@command("SETACCOUNTACL", write=True)
def set_account_acl(ctx, args):
    account = _account(ctx, args)[1]
    _auth(ctx, args)
    changes = args.dict("new ACL")
    args.done()
    for ident, rights in changes.items():
        if not isinstance(rights, str):
            raise CLIError(*SYNTAX("ACL values must be strings"))
        current = set(account.acl.get(ident, ""))
        if rights.startswith("+"):
            current |= set(rights[1:])
        elif rights.startswith("-"):
            current -= set(rights[1:])
        else:
            current = set(rights)
        if current:
            account.acl[ident] = "".join(sorted(current))
        else:
            account.acl.pop(ident, None)


@command("GETACCOUNTACLRIGHTS")
def get_account_acl_rights(ctx, args):
    domain, account = _account(ctx, args)
    args.expect_keyword("AUTH")
    auth_domain, auth = ctx.state.find_account(ctx, args.string("auth account name"))
    args.done()
    if auth is account:
        return "".join(sorted(set("".join(account.acl.values())) | set("adfilmrswx")))
    full = "%s@%s" % (auth.name, auth_domain.name)
    rights = set()
    for ident in (auth.name, full, "anyone", "anyone@" if auth_domain is domain else None):
        if ident is not None:
            rights |= set(account.acl.get(ident, ""))
    return "".join(sorted(rights))
