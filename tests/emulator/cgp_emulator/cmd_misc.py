# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Miscellaneous, monitoring, routing and alert commands.

Reference: LISTCLICOMMANDS/ECHO/GETVERSION/GETSYSTEMINFO/GETCURRENTTIME
(L12233-12306), ROUTE and GETIPSTATE (L11294-11394), GETMESSAGEQUEUEINFO,
GETCURRENTCONTROLLER, GETTEMP*IPS (L12619-12862), alerts (L5965-6308).
NOOP is answered by the server itself (it also works before login).
"""

import copy
import datetime
import ipaddress
import platform

from .cmd_settings import IP_LISTS, MODULE_DEFAULTS, read_scope
from .errors import ACCESS_DENIED, CLIError, SYNTAX, UNKNOWN_ACCOUNT
from .registry import COMMANDS, Data, command
from .session import VERSION

ALERT_NOT_FOUND = (501, "alert is not found")
UNKNOWN_INFO = (501, "unknown SystemInfo item")
ALERTS_KEY = "ALERTS"
# IP list -> GETIPSTATE answer, most specific first.
IP_STATES = (
    ("DENIED", "Denied"),
    ("BLACKLISTED", "Blacklisted"),
    ("WHITEHOLE", "WhiteHole"),
    ("DEBUG", "Debug"),
    ("CLIENT", "Client"),
    ("NATSITE", "NATSite"),
    ("NATED", "NATed"),
    ("LAN", "LAN"),
)
assert {pair[0] for pair in IP_STATES} == set(IP_LISTS)


def _now():
    return datetime.datetime.utcnow().replace(microsecond=0)


def version():
    return VERSION if VERSION.count(".") >= 2 else VERSION + ".0"


# ---------------------------------------------------------------- miscellaneous


@command("LISTCLICOMMANDS")
def list_cli_commands(ctx, args):
    args.done()
    return sorted(set(COMMANDS) | {"NOOP"})


@command("ECHO")
def echo(ctx, args):
    value = args.any("object")
    args.done()
    return Data(value)


@command("GETVERSION")
def get_version(ctx, args):
    args.done()
    return version()


@command("GETCURRENTTIME")
def get_current_time(ctx, args):
    args.done()
    return _now()


@command("GETSYSTEMINFO")
def get_system_info(ctx, args):
    what = args.string("what")
    args.done()
    info = {
        "serverversion": version(),
        "maindomainname": ctx.state.main_domain,
        "servername": ctx.state.main_domain,
        "serveros": platform.system() or "Unknown",
        "servercpu": platform.machine() or "Unknown",
        "currenttime": _now(),
    }
    if what.lower() not in info:
        raise CLIError(*UNKNOWN_INFO)  # SystemInfo returned a null-object
    return info[what.lower()]


@command("GETCURRENTCONTROLLER", sysadmin=True)
def get_current_controller(ctx, args):
    args.done()
    return getattr(ctx.server, "host", None) or "127.0.0.1"


@command("GETMESSAGEQUEUEINFO", sysadmin=True)
def get_message_queue_info(ctx, args):
    module = args.string("module name")
    args.expect_keyword("QUEUE")
    args.string("queue name")
    args.done()
    if module.upper() not in MODULE_DEFAULTS:
        return {}
    return {"nTotal": 0, "size": 0}  # nothing is ever queued here


@command("GETTEMPCLIENTIPS", "GETTEMPBLACKLISTEDIPS", sysadmin=True)
def get_temp_ips(ctx, args):
    args.done()
    return ""  # the emulator keeps no temporary address sets


# ---------------------------------------------------------------- routing


def _parse_entries(text):
    """Lines of an IP list -> [(network or (first, last), excluded)]; ';' starts a comment."""
    entries = []
    for raw in str(text).replace(",", "\n").splitlines():
        item = raw.split(";", 1)[0].strip()
        excluded = item.startswith("!")
        item = item.lstrip("!").strip()
        if not item:
            continue
        try:
            if "-" in item:
                first, last = (ipaddress.ip_address(p.strip()) for p in item.split("-", 1))
                entries.append(((first, last), excluded))
            else:
                entries.append((ipaddress.ip_network(item, strict=False), excluded))
        except ValueError:
            continue  # a real server would have refused it
    return entries


def _listed(address, text):
    result = False
    for entry, excluded in _parse_entries(text):
        if isinstance(entry, tuple):
            inside = entry[0].version == address.version and entry[0] <= address <= entry[1]
        else:
            inside = address in entry
        if inside:
            result = not excluded
    return result


@command("GETIPSTATE", sysadmin=True)
def get_ip_state(ctx, args):
    value = args.any("IP address")
    args.keyword("TEMP")  # the temporary Client set is always empty here
    args.done()
    from .cmd_sessions import ip_text

    address = ipaddress.ip_address(ip_text(value))
    for kind, answer in IP_STATES:
        key = "%sIPS" % kind
        if any(_listed(address, read_scope(ctx.state, key, cluster)) for cluster in (False, True)):
            return answer
    return "Remote"


def _route(state, address, depth=0):
    local, at, dom = address.strip().strip("<>").rpartition("@")
    if not at:
        local, dom = dom, state.main_domain
    if not local:
        raise CLIError(*SYNTAX("address expected"))
    domain = state.find_domain(dom)
    if domain is None:
        return ["SMTP", dom.lower(), "%s@%s" % (local, dom)]
    kind, obj = state.find_object(domain, local)
    if kind in ("account", "alias"):
        return ["LOCAL", "%s@%s" % (obj.name, domain.name), "INBOX"]
    if kind == "forwarder" and depth < 10:
        return _route(state, obj.address, depth + 1)
    if kind == "group":
        return ["GROUP", "%s@%s" % (obj.name, domain.name), ""]
    if kind == "list":
        return ["LIST", "%s@%s" % (obj.name, domain.name), ""]
    raise CLIError(*UNKNOWN_ACCOUNT)


@command("ROUTE", sysadmin=True)
def route(ctx, args):
    address = args.string("address")
    args.keyword("MAIL", "ACCESS", "SIGNAL")  # all three route the same way here
    args.done()
    return _route(ctx.state, address)


# ---------------------------------------------------------------- alerts


def _stamp(alerts):
    """A fresh ACAP time stamp key, unique within alerts."""
    base = _now().strftime("%Y%m%d%H%M%S")
    stamp, n = base, 0
    while stamp in alerts:
        n += 1
        stamp = "%s.%d" % (base, n)
    return stamp


def _alert_commands(suffix, plural_suffix, locate, sysadmin, keyword=None):
    """GET<plural>/SET<plural>/POST<suffix>/REMOVE<suffix> on the dict locate(ctx, args) returns."""

    @command("GET" + plural_suffix, sysadmin=sysadmin)
    def getter(ctx, args):
        alerts = locate(ctx, args, False)
        args.done()
        return copy.deepcopy(alerts)

    @command("SET" + plural_suffix, sysadmin=sysadmin, write=True)
    def setter(ctx, args):
        alerts = locate(ctx, args, True)
        new = args.dict("new alerts")
        args.done()
        alerts.clear()
        alerts.update(copy.deepcopy(new))

    @command("POST" + suffix, sysadmin=sysadmin, write=True)
    def poster(ctx, args):
        alerts = locate(ctx, args, True, keyword)
        text = args.string("alert text")
        args.done()
        alerts[_stamp(alerts)] = text

    @command("REMOVE" + suffix, sysadmin=sysadmin, write=True)
    def remover(ctx, args):
        alerts = locate(ctx, args, True, keyword)
        stamp = args.any("time stamp")
        args.done()
        if isinstance(stamp, datetime.datetime):
            stamp = stamp.strftime("%Y%m%d%H%M%S")
        if str(stamp) not in alerts:
            raise CLIError(*ALERT_NOT_FOUND)
        del alerts[str(stamp)]


def _scope_alerts(cluster):
    def locate(ctx, args, write, keyword=None):
        store = ctx.state.cluster if cluster else ctx.state.server
        return store.setdefault(ALERTS_KEY, {}) if write else (store.get(ALERTS_KEY) or {})

    return locate


def _require_alert_right(ctx):
    """All Domains, or a domain administrator (CanPostAlerts)."""
    if not ctx.is_domain_admin:
        raise CLIError(*ACCESS_DENIED)


def _domain_alerts(ctx, args, write, keyword=None):
    _require_alert_right(ctx)
    if keyword:  # POST/REMOVEDOMAINALERT domainName ALERT ...
        domain = ctx.domain(args.string("domain name"))
        args.expect_keyword(keyword)
    else:  # GET/SETDOMAINALERTS [ domainName ] ...
        domain = ctx.domain(args.optional_string())
    return domain.extra.setdefault("Alerts", {}) if write else domain.extra.get("Alerts", {})


def _account_alerts(ctx, args, write, keyword=None):
    _require_alert_right(ctx)
    domain, account = ctx.state.find_account(ctx, args.string("account name"))
    if keyword:
        args.expect_keyword(keyword)
    per_account = domain.extra.setdefault("AccountAlerts", {}) if write else domain.extra.get("AccountAlerts", {})
    key = account.name.lower()
    return per_account.setdefault(key, {}) if write else per_account.get(key, {})


_alert_commands("SERVERALERT", "SERVERALERTS", _scope_alerts(False), True)
_alert_commands("CLUSTERALERT", "CLUSTERALERTS", _scope_alerts(True), True)
_alert_commands("DOMAINALERT", "DOMAINALERTS", _domain_alerts, False, keyword="ALERT")
_alert_commands("ACCOUNTALERT", "ACCOUNTALERTS", _account_alerts, False, keyword="ALERT")
