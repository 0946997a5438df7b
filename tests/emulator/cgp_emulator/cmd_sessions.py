# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""WebUser, XIMSS and LITE sessions (reference L8466-9006).

Sessions live in ``State.sessions`` (id -> dict).  Every session dict has
``account`` (the qualified Account name, "" for LITE sessions), which is how
KILLACCOUNTSESSIONS (cmd_accounts) finds them.  Stored keys::

    id, account, protocol (WebUser | XIMSS | LITE), transport (HTTP),
    address, origAddress?, skin?, client?, created, lastAccess, custom {}

No real session exists: the ids are random and unguessable, nothing expires,
and the "Fixed IP" preference is not modelled (an ADDRESS filter simply
compares the session's address).
"""

import copy
import datetime
import ipaddress
import secrets

from . import codec
from .errors import ACCESS_DENIED, CLIError, SESSION_NOT_FOUND, SYNTAX
from .registry import command


def _now():
    return datetime.datetime.utcnow().replace(microsecond=0)


def ip_text(value):
    """An ip-address parameter (a string or #I[...]) -> its address text."""
    if isinstance(value, codec.IPAddress):
        return value.address
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("[") and "]" in text:  # [addr]:port
            text = text[1 : text.index("]")]
        elif text.count(":") == 1:  # a.b.c.d:port
            text = text.split(":", 1)[0]
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            pass
    raise CLIError(*SYNTAX("IP address expected"))


def _require_sessions_right(ctx):
    """All Domains, or a domain administrator (CanCreateWebUserSessions)."""
    if not ctx.is_domain_admin:
        raise CLIError(*ACCESS_DENIED)


def _filters(args, allow=("ADDRESS", "PROTOCOL", "TRANSPORT", "CLIENT")):
    """[ ADDRESS ip [ FOR proxied ] ] [ PROTOCOL p ] [ TRANSPORT t ] [ CLIENT c ] -> dict."""
    found = {}
    while not args.empty():
        word = args.keyword(*allow)
        if word is None:
            raise CLIError(*SYNTAX("unexpected parameter"))
        if word == "ADDRESS":
            found["address"] = ip_text(args.any("IP address"))
            if args.keyword("FOR"):
                found["origAddress"] = ip_text(args.any("proxied IP address"))
        else:
            found[word.lower()] = args.string(word.lower())
    return found


def _matches(session, wanted):
    for key, value in wanted.items():
        have = session.get(key, (session.get("custom") or {}).get(key))
        if have is None or str(have).lower() != str(value).lower():
            return False
    return True


def _new_session(ctx, qualified, protocol, args, allow_skin):
    args.expect_keyword("ADDRESS")
    session = {
        "account": qualified,
        "protocol": protocol,
        "transport": "HTTP",
        "address": ip_text(args.any("IP address")),
    }
    if args.keyword("FOR"):
        session["origAddress"] = ip_text(args.any("original IP address"))
    if allow_skin and args.keyword("SKIN"):
        session["skin"] = args.string("skin name")
    args.done()
    session_id = secrets.token_hex(12)
    while session_id in ctx.state.sessions:
        session_id = secrets.token_hex(12)
    now = _now()
    session.update({"id": session_id, "created": now, "lastAccess": now, "custom": {}})
    ctx.state.sessions[session_id] = session
    return session_id


def _qualified(domain, account):
    return "%s@%s" % (account.name, domain.name)


def _account_session_command(protocol, allow_skin):
    def handler(ctx, args):
        _require_sessions_right(ctx)
        qualified = _qualified(*ctx.state.find_account(ctx, args.string("account name")))
        return _new_session(ctx, qualified, protocol, args, allow_skin)

    return handler


command("CREATEWEBUSERSESSION", write=True)(_account_session_command("WebUser", True))
command("CREATEXIMSSSESSION", write=True)(_account_session_command("XIMSS", False))


@command("CREATELITESESSION", write=True)
def create_lite_session(ctx, args):
    _require_sessions_right(ctx)
    return _new_session(ctx, "", "LITE", args, False)


def _account_sessions(ctx, args):
    _require_sessions_right(ctx)
    qualified = _qualified(*ctx.state.find_account(ctx, args.string("account name"))).lower()
    wanted = _filters(args)
    return [
        sid
        for sid, s in ctx.state.sessions.items()
        if str(s.get("account", "")).lower() == qualified and _matches(s, wanted)
    ]


@command("FINDACCOUNTSESSION")
def find_account_session(ctx, args):
    found = _account_sessions(ctx, args)
    if not found:
        raise CLIError(*SESSION_NOT_FOUND)
    return found[0]


@command("LISTACCOUNTSESSIONS")
def list_account_sessions(ctx, args):
    return _account_sessions(ctx, args)


@command("LISTLITESESSIONS")
def list_lite_sessions(ctx, args):
    _require_sessions_right(ctx)
    wanted = _filters(args, allow=("ADDRESS",))
    return [sid for sid, s in ctx.state.sessions.items() if s.get("protocol") == "LITE" and _matches(s, wanted)]


def _session(ctx, args):
    """sessionID [ DOMAIN domainName ] -> the session dict (rights checked)."""
    session_id = args.string("session ID")
    domain = None
    if args.keyword("DOMAIN"):
        domain = ctx.domain(args.string("domain name"))
        _require_sessions_right(ctx)
    elif not ctx.is_admin:
        raise CLIError(*ACCESS_DENIED)  # without DOMAIN: All Domains right
    session = ctx.state.sessions.get(session_id)
    if session is None:
        raise CLIError(*SESSION_NOT_FOUND)
    if domain is not None:
        account_domain = str(session.get("account", "")).rpartition("@")[2]
        if account_domain.lower() != domain.name.lower():
            raise CLIError(*SESSION_NOT_FOUND)
    return session


def session_data(session):
    """The GETSESSION dictionary: custom attributes, then the built-in ones."""
    data = copy.deepcopy(session.get("custom") or {})
    account = session.get("account") or ""
    data.update(
        {
            "sessionID": session["id"],
            "protocol": session["protocol"],
            "transport": session["transport"],
            "address": session["address"],
            "created": session["created"],
            "lastAccess": session["lastAccess"],
        }
    )
    if account:
        data["user"] = account
        data["domain"] = account.rpartition("@")[2]
    for key in ("origAddress", "skin", "client"):
        if session.get(key):
            data[key] = session[key]
    return data


@command("GETSESSION")
def get_session(ctx, args):
    session = _session(ctx, args)
    args.done()
    session["lastAccess"] = _now()  # resets the inactivity timer
    return session_data(session)


@command("UPDATESESSION", write=True)
def update_session(ctx, args):
    session = _session(ctx, args)
    changes = args.dict("session parameters")
    args.done()
    custom = session.setdefault("custom", {})
    for key, value in changes.items():
        if value is None:
            custom.pop(key, None)
        else:
            custom[key] = copy.deepcopy(value)


@command("KILLSESSION", write=True)
def kill_session(ctx, args):
    session = _session(ctx, args)
    args.done()
    del ctx.state.sessions[session["id"]]
