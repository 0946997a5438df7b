# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Domain Set Administration and Domain Administration commands."""

import bisect
import copy
import datetime
import re

from .errors import CLIError, DOMAIN_EXISTS, DOMAIN_NOT_EMPTY, MAIN_DOMAIN_CHANGE, SYNTAX
from .registry import command
from .state import Domain, update_dict

_DOMAIN_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9\-_.]*[A-Za-z0-9])?\Z")
STAT_KEYS = ("MessagesReceived", "BytesReceived", "MessagesSent", "BytesSent", "CallsReceived", "CallsSent")


def valid_domain_name(name):
    if not _DOMAIN_NAME.match(name) or ".." in name:
        raise CLIError(*SYNTAX("invalid domain name"))
    return name


def optional_domain(ctx, args):
    """The Domain named by an optional leading string (else the user's domain)."""
    return ctx.domain(args.optional_string())


def check_domain_free(state, name, ignore=None):
    found = state.find_domain(name)
    if found is not None and found is not ignore:
        raise CLIError(*DOMAIN_EXISTS)


def is_main(state, domain):
    return domain.name.lower() == state.main_domain.lower()


# ---------------------------------------------------------------- domain set


@command("LISTDOMAINS", sysadmin=True)
def list_domains(ctx, args):
    args.done()
    state = ctx.state
    others = sorted((d.name for d in state.domains.values() if not is_main(state, d)), key=str.lower)
    return [state.main_domain] + others


@command("MAINDOMAINNAME", sysadmin=True)
def main_domain_name(ctx, args):
    args.done()
    return ctx.state.main_domain


def _create(ctx, name, settings, shared=False, path=None, directory=False):
    state = ctx.state
    valid_domain_name(name)
    check_domain_free(state, name)
    state.add_domain(
        Domain(name=name, settings=update_dict({}, settings or {}), shared=shared, path=path, directory=directory)
    )


@command("CREATEDOMAIN", sysadmin=True, write=True)
def create_domain(ctx, args):
    name = args.string("domain name")
    shared = args.keyword("SHARED") is not None
    path = args.string("storage path") if args.keyword("PATH") else None
    settings = args.dict("domain settings") if not args.empty() else None
    args.done()
    _create(ctx, name, settings, shared=shared, path=path)


@command("CREATEDIRECTORYDOMAIN", sysadmin=True, write=True)
def create_directory_domain(ctx, args):
    name = args.string("domain name")
    settings = args.dict("domain settings") if not args.empty() else None
    args.done()
    _create(ctx, name, settings, directory=True)


@command("RENAMEDOMAIN", sysadmin=True, write=True)
def rename_domain(ctx, args):
    state = ctx.state
    old = args.string("old domain name")
    args.expect_keyword("INTO")
    new = args.string("new domain name")
    path = args.string("storage path") if args.keyword("PATH") else None
    args.done()
    domain = state.domain(old)
    if is_main(state, domain):
        raise CLIError(*MAIN_DOMAIN_CHANGE)
    valid_domain_name(new)
    check_domain_free(state, new, ignore=domain)
    state.rename_domain(domain, new)
    if path is not None:
        domain.path = path


@command("DELETEDOMAIN", sysadmin=True, write=True)
def delete_domain(ctx, args):
    state = ctx.state
    domain = state.domain(args.string("domain name"))
    force = args.keyword("FORCE") is not None
    args.done()
    if is_main(state, domain):
        raise CLIError(*MAIN_DOMAIN_CHANGE)
    if domain.object_count() and not force:
        raise CLIError(*DOMAIN_NOT_EMPTY)
    state.remove_domain(domain)


@command("SUSPENDDOMAIN", sysadmin=True, write=True)
def suspend_domain(ctx, args):
    domain = ctx.state.domain(args.string("domain name"))
    args.done()
    domain.suspended = True


@command("RESUMEDOMAIN", sysadmin=True, write=True)
def resume_domain(ctx, args):
    domain = ctx.state.domain(args.string("domain name"))
    args.done()
    domain.suspended = False


# ---------------------------------------------------------------- settings


@command("GETDOMAINSETTINGS")
def get_domain_settings(ctx, args):
    domain = optional_domain(ctx, args)
    args.done()
    return copy.deepcopy(domain.settings)


@command("GETDOMAINEFFECTIVESETTINGS")
def get_domain_effective_settings(ctx, args):
    domain = optional_domain(ctx, args)
    args.done()
    return copy.deepcopy(ctx.state.domain_effective_settings(domain))


@command("UPDATEDOMAINSETTINGS", write=True)
def update_domain_settings(ctx, args):
    domain = optional_domain(ctx, args)
    settings = args.dict("new settings")
    args.done()
    update_dict(domain.settings, settings)


@command("SETDOMAINSETTINGS", sysadmin=True, write=True)
def set_domain_settings(ctx, args):
    domain = ctx.state.domain(args.string("domain name"))
    settings = args.dict("new settings")
    args.done()
    domain.settings = dict(settings)


def _dict_commands(suffix, attribute, set_sysadmin):
    """GET/UPDATE/SET<suffix> [ domainName ] [ newSettings ] on a domain dictionary."""

    @command("GET" + suffix)
    def getter(ctx, args):
        domain = optional_domain(ctx, args)
        args.done()
        return copy.deepcopy(getattr(domain, attribute))

    @command("UPDATE" + suffix, write=True)
    def updater(ctx, args):
        domain = optional_domain(ctx, args)
        settings = args.dict("new settings")
        args.done()
        update_dict(getattr(domain, attribute), settings)

    @command("SET" + suffix, sysadmin=set_sysadmin, write=True)
    def setter(ctx, args):
        domain = optional_domain(ctx, args)
        settings = args.dict("new settings")
        args.done()
        setattr(domain, attribute, dict(settings))


_dict_commands("ACCOUNTDEFAULTS", "account_defaults", True)
_dict_commands("ACCOUNTDEFAULTPREFS", "account_default_prefs", False)
_dict_commands("ACCOUNTTEMPLATE", "account_template", True)


# ---------------------------------------------------------------- aliases and rules


@command("GETDOMAINALIASES")
def get_domain_aliases(ctx, args):
    domain = ctx.domain(args.string("domain name"))
    args.done()
    return list(domain.aliases)


@command("SETDOMAINALIASES", sysadmin=True, write=True)
def set_domain_aliases(ctx, args):
    state = ctx.state
    domain = state.domain(args.string("domain name"))
    aliases = args.list("domain aliases")
    args.done()
    seen = set()
    for alias in aliases:
        if not isinstance(alias, str):
            raise CLIError(*SYNTAX("domain alias names must be strings"))
        valid_domain_name(alias)
        check_domain_free(state, alias, ignore=domain)
        if alias.lower() == domain.name.lower() or alias.lower() in seen:
            raise CLIError(*DOMAIN_EXISTS)
        seen.add(alias.lower())
    state.set_domain_aliases(domain, aliases)


def check_rules(rules):
    for rule in rules:
        if not isinstance(rule, list) or len(rule) < 2 or not isinstance(rule[1], str):
            raise CLIError(*SYNTAX("a rule must be an array (priority, name, ...)"))
    return rules


def _rule_commands(kind, attribute):
    @command("GETDOMAIN%sRULES" % kind)
    def getter(ctx, args):
        domain = ctx.domain(args.string("domain name"))
        args.done()
        return copy.deepcopy(getattr(domain, attribute))

    @command("SETDOMAIN%sRULES" % kind, write=True)
    def setter(ctx, args):
        domain = ctx.domain(args.string("domain name"))
        rules = check_rules(args.list("rules"))
        args.done()
        setattr(domain, attribute, list(rules))


_rule_commands("MAIL", "mail_rules")
_rule_commands("SIGNAL", "signal_rules")


# ---------------------------------------------------------------- objects and info

_KINDS = {"ACCOUNTS": "account", "ALIASES": "alias", "FORWARDERS": "forwarder"}


def _object_value(kind, obj):
    """What LISTDOMAINOBJECTS shows for an object: the account's extension, the alias's account,
    the forwarder's address."""
    if kind == "account":
        return obj.extension
    if kind == "alias":
        return [obj.name]
    return [[obj.address]]


def _page(domain, kinds, text_filter, cookie, limit):
    """(up to ``limit`` matching (name, value) pairs after ``cookie``, whether more match)."""
    keys, items = domain.listing()
    start = bisect.bisect_right(keys, cookie.lower()) if cookie else 0
    needle = text_filter.lower() if text_filter else None
    page = []
    for index in range(start, len(items)):
        name, kind, obj = items[index]
        if kind in kinds and (needle is None or needle in keys[index]):
            if len(page) == limit:
                return page, True
            page.append((name, _object_value(kind, obj)))
    return page, False


def _listing_options(args):
    """[ ACCOUNTS ] [ ALIASES ] [ FORWARDERS ] [ COOKIE cookie ] -> (kinds, cookie or None)."""
    kinds, cookie = set(), None
    while not args.empty():
        word = args.keyword("ACCOUNTS", "ALIASES", "FORWARDERS", "COOKIE")
        if word is None:
            raise CLIError(*SYNTAX("ACCOUNTS, ALIASES, FORWARDERS or COOKIE expected"))
        if word == "COOKIE":
            cookie = args.string("cookie")
        else:
            kinds.add(_KINDS[word])
    return kinds or set(_KINDS.values()), cookie


@command("LISTDOMAINOBJECTS")
def list_domain_objects(ctx, args):
    domain = ctx.domain(args.string("domain name"))
    text_filter = args.string("filter") if args.keyword("FILTER") else None
    limit = args.int("limit")
    kinds, cookie = _listing_options(args)
    page, more = _page(domain, kinds, text_filter, cookie, max(limit, 0))
    result = [str(len(domain.accounts)), dict(page), str(len(domain.alias_owners)), str(len(domain.forwarders))]
    if cookie is not None:
        result.append(page[-1][0].lower() if more and page else "")
    return result


def _telnums(domains, text_filter, limit):
    found = {}
    for domain in domains:
        for account in domain.accounts.values():
            for telnum in account.telnums:
                found[str(telnum)] = account.name if len(domains) == 1 else ("%s@%s" % (account.name, domain.name))
    total = len(found)
    keys = sorted(k for k in found if not text_filter or text_filter in k)[: max(limit, 0)]
    result = {k: found[k] for k in keys}
    result[""] = total
    return result


@command("LISTDOMAINTELNUMS")
def list_domain_telnums(ctx, args):
    domain = ctx.domain(args.string("domain name"))
    text_filter = args.string("filter") if args.keyword("FILTER") else None
    limit = args.int("limit")
    args.done()
    return _telnums([domain], text_filter, limit)


@command("LISTSERVERTELNUMS", sysadmin=True)
def list_server_telnums(ctx, args):
    text_filter = args.string("filter") if args.keyword("FILTER") else None
    limit = args.int("limit")
    args.done()
    return _telnums([d for d in ctx.state.domains.values() if not d.shared], text_filter, limit)


def _domain_totals(domain):
    """{key: the sum of the domain's accounts' counters} (their GETACCOUNTSTAT data)."""
    return {key: sum(int(account.stat.get(key, 0)) for account in domain.accounts.values()) for key in STAT_KEYS}


@command("GETDOMAINSTAT")
def get_domain_stat(ctx, args):
    # A domain's counters are its accounts' since the last RESETDOMAINSTAT (the baseline then taken),
    # answered as strings (L11847-11856).
    name = args.string("domain name")
    domain = ctx.domain(None if name == "*" else name)
    key = args.string("key name") if args.keyword("KEY") else None
    args.done()
    baseline = domain.extra.get("StatBaseline", {})
    stats = {"StatReset": domain.extra.get("StatReset", datetime.datetime(2000, 1, 1))}
    stats.update((k, str(max(0, total - int(baseline.get(k, 0))))) for k, total in _domain_totals(domain).items())
    if key is not None:
        return stats.get(key, "")
    return stats


@command("RESETDOMAINSTAT", write=True)
def reset_domain_stat(ctx, args):
    name = args.string("domain name")
    domain = ctx.domain(None if name == "*" else name)
    key = args.string("key name") if args.keyword("KEY") else None
    args.done()
    totals = _domain_totals(domain)
    baseline = domain.extra.setdefault("StatBaseline", {})
    if key is None:
        baseline.update(totals)
        domain.extra["StatReset"] = datetime.datetime.utcnow().replace(microsecond=0)
    elif key in totals:
        baseline[key] = totals[key]


@command("LISTADMINDOMAINS")
def list_admin_domains(ctx, args):
    domain = optional_domain(ctx, args)
    args.done()
    if ctx.state.main_domain.lower() == domain.name.lower():
        return [d.name for d in ctx.state.domains.values()]
    return [domain.name]


@command("GETDOMAINLOCATION", sysadmin=True)
def get_domain_location(ctx, args):
    domain = optional_domain(ctx, args)
    args.done()
    if is_main(ctx.state, domain):
        return "Accounts"
    if domain.path:
        return "Domains/%s.mnt/%s" % (domain.path, domain.name)
    return "Domains/%s" % domain.name


@command("LISTDOMAINSTORAGE", sysadmin=True)
def list_domain_storage(ctx, args):
    shared = args.keyword("SHARED") is not None
    args.done()
    return list((ctx.state.cluster if shared else ctx.state.server).get("DOMAINSTORAGE", []))


@command("CREATEDOMAINSTORAGE", sysadmin=True, write=True)
def create_domain_storage(ctx, args):
    shared = args.keyword("SHARED") is not None
    args.expect_keyword("PATH")
    path = args.string("storage path")
    args.done()
    scope = ctx.state.cluster if shared else ctx.state.server
    if path not in scope.setdefault("DOMAINSTORAGE", []):
        scope["DOMAINSTORAGE"].append(path)


@command("LISTACCOUNTSTORAGE")
def list_account_storage(ctx, args):
    domain = ctx.domain(args.string("domain name"))
    args.done()
    return list(domain.extra.get("AccountStorage", []))


@command("CREATEACCOUNTSTORAGE", write=True)
def create_account_storage(ctx, args):
    domain = ctx.domain(args.string("domain name"))
    args.expect_keyword("PATH")
    path = args.string("storage path")
    args.done()
    storage = domain.extra.setdefault("AccountStorage", [])
    if path not in storage:
        storage.append(path)
