# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Server Settings (reference L10412-11449) and the server-wide defaults (L448-1041).

Everything here needs the server administrator.  Each scope is one value in
``State.server`` (and, for the Dynamic Cluster variants, ``State.cluster``)
under the scope key; a scope never written reads as its default.  The
emulator acts as a Dynamic Cluster member, so every CLUSTER variant works and
is stored apart from the server value.

``UPDATE*`` merges the dictionary and, as for the domain/account commands, the
value "default" removes a key; ``SET*`` replaces the whole value.
"""

import copy

from .errors import CLIError
from .registry import command
from .state import DOMAIN_DEFAULTS, INITIAL_SERVER, SERVER_ACCOUNT_DEFAULTS, SERVER_ACCOUNT_PREFS, update_dict

UNKNOWN_MODULE = (501, "unknown module name")
MODULES_KEY = "MODULES"

# Module name -> default settings (a realistic subset of each module's keys).
MODULE_DEFAULTS = {
    "SMTP": {
        "LogLevel": "2",
        "Listener": {"SMTP": [{"PORT": "25"}]},
        "SendChannels": "20",
        "ReceiveChannels": "30",
        "MaxMessageSize": "10240K",
        "UseESMTP": "YES",
        "SubmitPort": "587",
    },
    "POP": {"LogLevel": "2", "Channels": "100", "Listener": {"POP": [{"PORT": "110"}]}, "SecureListener": "995"},
    "IMAP": {
        "LogLevel": "2",
        "Channels": "200",
        "Listener": {"IMAP": [{"PORT": "143"}]},
        "SecureListener": "993",
        "IdleTimeout": "30m",
    },
    "HTTPU": {"LogLevel": "2", "Channels": "200", "Port": "8100", "SecurePort": "9100", "SessionTimeout": "30m"},
    "HTTPA": {"LogLevel": "2", "Channels": "20", "Port": "8010", "SecurePort": "9010"},
    "PWD": {"LogLevel": "2", "Channels": "10", "Port": "106", "ClearTextAllowed": "YES"},
    "LDAP": {"LogLevel": "2", "Channels": "10", "Port": "389", "SecurePort": "636"},
    "SIP": {"LogLevel": "2", "Channels": "100", "Port": "5060", "SecurePort": "5061"},
    "XMPP": {"LogLevel": "2", "Channels": "100", "Port": "5222", "ServerPort": "5269"},
    "XIMSS": {"LogLevel": "2", "Channels": "100", "Port": "11024"},
    "LIST": {"LogLevel": "2", "Processors": "3"},
    "LOCAL": {"LogLevel": "2", "Processors": "3", "ExternalTimeout": "10m"},
    "DNR": {"LogLevel": "2", "Concurrent": "10", "Timeout": "10s"},
    "RPOP": {"LogLevel": "2", "Channels": "10"},
    "FTP": {"LogLevel": "2", "Channels": "10", "Port": "21"},
    "RADIUS": {"LogLevel": "2", "Port": "1812"},
    "SNMP": {"LogLevel": "2", "Port": "161"},
}

IP_LISTS = ("LAN", "CLIENT", "BLACKLISTED", "WHITEHOLE", "NATED", "NATSITE", "DEBUG", "DENIED")

# (scope key, value type, server verb suffix, operations, cluster verb suffix, default)
# operations: G = GET<suffix>, U = UPDATE<suffix> (merge), S = SET<suffix> (replace).
SCOPES = [
    (
        "QUEUESETTINGS",
        dict,
        "QUEUESETTINGS",
        "GS",
        None,
        {"DeliveryThreads": "10", "EnqueuerProcessors": "3", "MaxMessageSize": "unlimited"},
    ),
    (
        "SIGNALSETTINGS",
        dict,
        "SIGNALSETTINGS",
        "GS",
        None,
        {"LogLevel": "2", "Processors": "10", "ForkingTimeout": "30s"},
    ),
    (
        "MEDIASERVERSETTINGS",
        dict,
        "MEDIASERVERSETTINGS",
        "GS",
        None,
        {"LogLevel": "2", "Channels": "50", "PortRange": "10000-20000"},
    ),
    (
        "SESSIONSETTINGS",
        dict,
        "SESSIONSETTINGS",
        "GS",
        None,
        {"LogLevel": "2", "WebSessionTimeout": "30m", "MaxSessionsPerAccount": "10"},
    ),
    (
        "CLUSTERSETTINGS",
        dict,
        "CLUSTERSETTINGS",
        "GS",
        None,
        {"LogLevel": "2", "ClusterRole": "Frontend", "AdminPort": "106"},
    ),
    (
        "LOGSETTINGS",
        dict,
        "LOGSETTINGS",
        "GU",
        None,
        {"LogLevel": "2", "FlushPeriod": "10s", "Period": "day", "KeepPeriod": "30d"},
    ),
    (
        "NETWORK",
        dict,
        "NETWORK",
        "GS",
        "CLUSTERNETWORK",
        {"DNSServers": "", "UseDNSFromOS": "YES", "MaxLANConnections": "unlimited"},
    ),
    ("DNRSETTINGS", dict, "DNRSETTINGS", "GS", None, {"Concurrent": "10", "Timeout": "10s", "UseTCP": "NO"}),
    ("BANNED", dict, "BANNED", "GS", "CLUSTERBANNED", {"Lines": []}),
    ("MAILRULES", list, "SERVERMAILRULES", "GS", "CLUSTERMAILRULES", []),
    ("SIGNALRULES", list, "SERVERSIGNALRULES", "GS", "CLUSTERSIGNALRULES", []),
    ("ROUTERTABLE", str, "ROUTERTABLE", "GS", "CLUSTERROUTERTABLE", ""),
    (
        "ROUTERSETTINGS",
        dict,
        "ROUTERSETTINGS",
        "GS",
        "CLUSTERROUTERSETTINGS",
        {"LogLevel": "2", "RelayAllowed": "Clients", "UseSRV": "YES"},
    ),
    (
        "SERVERSETTINGS",
        dict,
        "SERVERSETTINGS",
        "GU",
        None,
        {"ServerName": "", "TempFilesDirectory": "", "PasswordEncryption": "U-crpt"},
    ),
    ("SMTPSENDPROFILES", dict, "SMTPSENDPROFILES", "GS", None, {}),
    ("INTERCEPT", dict, "SERVERINTERCEPT", "GS", "CLUSTERINTERCEPT", {}),
    (DOMAIN_DEFAULTS, dict, "DOMAINDEFAULTS", "GUS", "CLUSTERDOMAINDEFAULTS", INITIAL_SERVER[DOMAIN_DEFAULTS]),
    (
        SERVER_ACCOUNT_DEFAULTS,
        dict,
        "SERVERACCOUNTDEFAULTS",
        "GUS",
        "CLUSTERACCOUNTDEFAULTS",
        INITIAL_SERVER[SERVER_ACCOUNT_DEFAULTS],
    ),
    (
        SERVER_ACCOUNT_PREFS,
        dict,
        "SERVERACCOUNTPREFS",
        "GUS",
        "CLUSTERACCOUNTPREFS",
        INITIAL_SERVER[SERVER_ACCOUNT_PREFS],
    ),
    ("TRUSTEDCERTS", list, "SERVERTRUSTEDCERTS", "GS", "CLUSTERTRUSTEDCERTS", []),
    (
        "DIRECTORYINTEGRATION",
        dict,
        "DIRECTORYINTEGRATION",
        "GS",
        "CLUSTERDIRECTORYINTEGRATION",
        {"LocalUnitName": "", "RemoteDirectory": "NO"},
    ),
] + [("%sIPS" % kind, str, "%sIPS" % kind, "GS", "CLUSTER%sIPS" % kind, "") for kind in IP_LISTS]

DEFAULTS = {scope[0]: scope[5] for scope in SCOPES}
_KIND_READERS = {dict: "dict", list: "list", str: "string"}


def read_scope(state, key, cluster=False):
    """The current value of a scope (a copy); the default when never written."""
    store = state.cluster if cluster else state.server
    if key in store:
        return copy.deepcopy(store[key])
    return copy.deepcopy(DEFAULTS[key])


def _register(key, kind, suffix, ops, cluster):
    reader = _KIND_READERS[kind]
    what = {dict: "new settings", list: "new array", str: "new text"}[kind]

    @command("GET" + suffix, sysadmin=True)
    def getter(ctx, args):
        args.done()
        return read_scope(ctx.state, key, cluster)

    if "S" in ops:

        @command("SET" + suffix, sysadmin=True, write=True)
        def setter(ctx, args):
            value = getattr(args, reader)(what)
            args.done()
            (ctx.state.cluster if cluster else ctx.state.server)[key] = copy.deepcopy(value)

    if "U" in ops:

        @command("UPDATE" + suffix, sysadmin=True, write=True)
        def updater(ctx, args):
            changes = args.dict(what)
            args.done()
            value = update_dict(read_scope(ctx.state, key, cluster), copy.deepcopy(changes))
            (ctx.state.cluster if cluster else ctx.state.server)[key] = value


for _key, _kind, _suffix, _ops, _cluster_suffix, _default in SCOPES:
    _register(_key, _kind, _suffix, _ops, False)
    if _cluster_suffix:
        _register(_key, _kind, _cluster_suffix, _ops, True)


# ---------------------------------------------------------------- modules


def _module_name(name):
    for known in MODULE_DEFAULTS:
        if known.lower() == name.lower():
            return known
    raise CLIError(*UNKNOWN_MODULE)


def _module(state, name):
    changed = state.server.get(MODULES_KEY) or {}
    return copy.deepcopy(changed.get(name, MODULE_DEFAULTS[name]))


@command("LISTMODULES", sysadmin=True)
def list_modules(ctx, args):
    args.done()
    return sorted(MODULE_DEFAULTS)


@command("GETMODULE", sysadmin=True)
def get_module(ctx, args):
    name = _module_name(args.string("module name"))
    args.done()
    return _module(ctx.state, name)


@command("SETMODULE", sysadmin=True, write=True)
def set_module(ctx, args):
    name = _module_name(args.string("module name"))
    settings = args.dict("new settings")
    args.done()
    ctx.state.server.setdefault(MODULES_KEY, {})[name] = copy.deepcopy(settings)


@command("UPDATEMODULE", sysadmin=True, write=True)
def update_module(ctx, args):
    name = _module_name(args.string("module name"))
    changes = args.dict("new settings")
    args.done()
    settings = update_dict(_module(ctx.state, name), copy.deepcopy(changes))
    ctx.state.server.setdefault(MODULES_KEY, {})[name] = settings
