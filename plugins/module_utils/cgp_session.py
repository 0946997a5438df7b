# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""WebUser (webmail) sessions of an account: create one (optionally after verifying the
account's password), reuse one, or kill them (cgp_webuser_session)."""

import ipaddress

from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError, split_name

PROTOCOL = "WebUser"


def ip_address(params, option):
    """The IP address option in canonical form, or None; InputError when it is not an address."""
    value = params[option]
    if value is None:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise InputError("%s: '%s' is not an IP address" % (option, value))


def session_url(url_base, session_id):
    return "%s/Session/%s/Mailboxes.wssp" % (url_base.rstrip("/"), session_id)


def session_request(params):
    """(account Name, address, for_address, url_base) from the options; InputError names the option."""
    name = split_name(params["account"], None, "account", domain_option=False)
    address, for_address = ip_address(params, "address"), ip_address(params, "for_address")
    if for_address and not address:
        raise InputError("for_address needs address (the proxy's address)")
    url_base = (params["url_base"] or "").strip()
    if url_base and not url_base.lower().startswith(("http://", "https://")):
        raise InputError("url_base: '%s' must start with http:// or https://" % url_base)
    if params["password"] == "":
        raise InputError("password: must not be empty; leave it out to create the session without a password check")
    if params["state"] == "absent" and params["password"] is not None:
        raise InputError("password is only used with state=present")
    if params["state"] == "present" and params["session_id"] is not None:
        raise InputError("session_id is only used with state=absent")
    return name, address, for_address, url_base


def manage_webuser_session(cgp):
    """cgp_webuser_session: validate, count the account's sessions, then create or kill."""
    params = cgp.params
    name, address, for_address, url_base = session_request(params)
    account = params["account"]
    client = cgp.connect()
    every = cgp.read_or_none(client.list_account_sessions, account, protocol=PROTOCOL)
    if every is None:
        raise InputError("account '%s' does not exist" % account)
    if params["state"] == "absent":
        kill_sessions(cgp, name, every, address, for_address)
    create_session(cgp, every, address or "127.0.0.1", for_address, url_base)


def kill_sessions(cgp, name, every, address, for_address):
    """KILLSESSION for the session given, the sessions from ``address``, or every WebUser session."""
    params, client, account = cgp.params, cgp.client, cgp.params["account"]
    if params["session_id"] is not None:
        doomed = [params["session_id"]] if params["session_id"] in every else []
    elif address:
        doomed = cgp.read(
            client.list_account_sessions, account, address=address, for_address=for_address, protocol=PROTOCOL
        )
    else:
        doomed = every
    for session_id in doomed:
        cgp.write(client.kill_session, session_id, domain=name.domain)  # the client masks the ID in `commands`
    cgp.exit(
        session_id=None,
        sessions_killed=len(doomed),
        diff={
            "before": {"account": account, "webuser_sessions": len(every)},
            "after": {"account": account, "webuser_sessions": len(every) - len(doomed)},
        },
    )


def create_session(cgp, every, address, for_address, url_base):
    """A new session (or, with reuse, one from the same address) and its URL."""
    params, client, account = cgp.params, cgp.client, cgp.params["account"]
    if params["password"] is not None and not cgp.read(client.verify_account_password, account, params["password"]):
        raise InputError(
            "account '%s': the password given in the password option is wrong; no session was created" % account
        )
    found = []
    if params["reuse"]:
        found = cgp.read(
            client.list_account_sessions, account, address=address, for_address=for_address, protocol=PROTOCOL
        )
    if found:
        session_id = found[0]
    else:
        session_id = cgp.write(
            client.create_webuser_session,
            account,
            address,
            for_address=for_address,
            skin=params["skin"],
            context="account '%s': cannot create a session:" % account,
        )
    result = dict(session_id=session_id, reused=bool(found))
    if url_base and session_id:
        result["url"] = session_url(url_base, session_id)
    count = len(every)
    cgp.exit(
        diff={
            "before": {"account": account, "webuser_sessions": count},
            "after": {"account": account, "webuser_sessions": count + (0 if found else 1)},
        },
        **result,
    )
