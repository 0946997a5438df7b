# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module input: the one error type for bad input, and the one home of object names.

Every planner and module raises ``InputError`` for input it refuses; ``CGPModule.run``
turns it into the task's failure, so nothing is sent after it. Names of domain objects
(accounts, forwarders, groups, lists) are ``name@domain``, or a bare name together with
the module's ``domain`` option: ``split_name`` reads both spellings, and the server's
spelling of a name is found case-insensitively, as CommuniGate Pro matches names.

Pure functions on plain values: no client, no Ansible.
"""

import re


class InputError(ValueError):
    """Bad module input, or a check against the server's state that refuses the task before it acts.

    The message names the option (``accounts[3].quota: ...``) or the object.
    """


class Name(tuple):
    """A domain object's name: ``local`` part and ``domain`` (None for a domain itself)."""

    __slots__ = ()

    def __new__(cls, local, domain=None):
        return tuple.__new__(cls, (local, domain))

    local = property(lambda self: self[0])
    domain = property(lambda self: self[1])

    @property
    def qualified(self):
        return qualified(self.local, self.domain)

    def __repr__(self):
        return "Name(%r, %r)" % tuple(self)


def qualified(name, domain):
    """``name@domain`` for a bare name, the name itself when it has a domain (or there is none)."""
    if "@" in name or not domain:
        return name
    return "%s@%s" % (name, domain)


def split_name(name, domain=None, option="name", what="account", domain_option=True):
    """The Name of ``name``: ``local@domain``, or a bare name with ``domain``; InputError naming ``option``.

    A qualified name must agree with ``domain`` when both are given. ``domain_option``: the module
    has a ``domain`` option (the error message then offers it).
    """
    local, at, own = (name or "").strip().rpartition("@")
    if not at:
        local, own = own, None
    if not local or (at and not own):
        raise InputError(
            "%s: '%s' is not a valid %s name (give name@domain, or a bare name and domain)" % (option, name, what)
        )
    if own and domain and own.lower() != domain.lower():
        raise InputError("%s: '%s' is in domain '%s', but domain is '%s'" % (option, name, own, domain))
    own = domain or own  # the domain option's spelling: the list form's objects all read alike
    if not own:
        raise InputError(
            "%s: '%s' has no domain; give it as name@domain%s"
            % (option, name, " or set the domain option" if domain_option else "")
        )
    return Name(check_local_name(local, option, what), check_domain_name(own, option))


def split_optional(name, domain, option, what="account"):
    """``split_name`` for an option that may be unset (None or empty: None)."""
    return split_name(name, domain, option, what) if name else None


def domain_of(params, option="name"):
    """The domain of a module whose object is ``name@domain`` or bare ``name`` with ``domain``.

    So that ``name: bob@example.com`` alone works wherever ``domain`` is an option.
    """
    domain = params.get("domain")
    if params.get(option) and "@" in params[option]:
        return split_name(params[option], domain, option).domain
    if not domain:
        raise InputError("domain is required unless %s is given as name@domain" % option)
    return domain


def bare(name):
    """The local part of a name the server lists (LISTGROUPS may answer ``name@domain``)."""
    return name.rpartition("@")[0] or name


def find_name(names, name):
    """The server's spelling of ``name`` among ``names`` (bare or qualified, case-insensitive), or None."""
    lowered = name.lower()
    for item in names:
        if bare(item).lower() == lowered:
            return bare(item)
    return None


def item_error(option, index, message, names=()):
    """An element's input error: ``accounts[3].quota: ...`` when the message starts with one of
    ``names`` (the options of the list's elements), ``accounts[3]: ...`` otherwise."""
    where = "%s[%d]" % (option, index)
    for name in sorted(names, key=len, reverse=True):
        if message.startswith(name) and message[len(name) : len(name) + 1] in (":", " ", ".", "["):
            return "%s.%s" % (where, message)
    return "%s: %s" % (where, message)


def refuse_duplicates(option, entries):
    """InputError when two elements name the same object; ``entries`` are (index, field, bare name, name as given)."""
    seen = {}
    for index, field, name, given in entries:
        key = name.lower()
        if key in seen and seen[key][0] != index:
            first, first_field = seen[key]
            raise InputError(
                "%s[%d].%s: '%s' is also %s[%d].%s; each object may be named once in %s"
                % (option, index, field, given, option, first, first_field, option)
            )
        seen.setdefault(key, (index, field))


# ---------------------------------------------------------------- what CGP would refuse

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\Z")
# Characters no account, alias, forwarder, group or list name can hold: white space, controls, and the
# address syntax characters of RFC 5322 (a name is the local part of an address).
_BAD_LOCAL = re.compile(r'[\s\x00-\x1f\x7f@"<>()\[\],;:\\/]')
MAX_LOCAL = 64  # RFC 5321 4.5.3.1.1: the local part of an address
MAX_DOMAIN = 253  # RFC 1035: the text form of a domain name
_GOOD_DOMAINS = set()


def check_text(value, option, what="value"):
    """``value`` as a non-empty string without control characters; InputError naming ``option``."""
    if not isinstance(value, str):
        raise InputError("%s: %r is not a %s (a string)" % (option, value, what))
    if not value.strip():
        raise InputError("%s: the %s must not be empty" % (option, what))
    if _CONTROL.search(value):
        raise InputError("%s: %r holds a control character (line break, tab, NUL, ...)" % (option, value))
    return value


def check_domain_name(name, option="name"):
    """A domain name CGP accepts: DNS labels of letters, digits, hyphens (and underscores) of at most 63
    characters each, 253 in all, no empty label; InputError naming ``option``."""
    if isinstance(name, str) and name in _GOOD_DOMAINS:  # a list form names its domain once per element
        return name
    check_text(name, option, "domain name")
    if len(name) > MAX_DOMAIN:
        raise InputError(
            "%s: '%s...' is not a domain name: longer than %d characters" % (option, name[:40], MAX_DOMAIN)
        )
    bad = [label for label in name.split(".") if not _LABEL.match(label)]
    if bad:
        hint = " (give an international name in its xn-- form)" if any(ord(c) > 127 for c in name) else ""
        raise InputError(
            "%s: '%s' is not a domain name: the label '%s' is not 1 to 63 letters, digits, hyphens "
            "or underscores, starting and ending with a letter or digit%s" % (option, name, bad[0], hint)
        )
    if len(_GOOD_DOMAINS) < 1024:
        _GOOD_DOMAINS.add(name)
    return name


def check_local_name(name, option="name", what="account"):
    """An object's name within its domain (the local part of its address); InputError naming ``option``."""
    check_text(name, option, "%s name" % what)
    if len(name) > MAX_LOCAL:
        raise InputError(
            "%s: '%s...' is not a valid %s name: longer than %d characters" % (option, name[:40], what, MAX_LOCAL)
        )
    match = _BAD_LOCAL.search(name)
    if match:
        raise InputError(
            "%s: '%s' is not a valid %s name: it holds %r (white space, control characters and "
            "@ \" < > ( ) [ ] , ; : \\ / are not allowed)" % (option, name, what, match.group(0))
        )
    return name


def check_setting_keys(spec, params, prefix=""):
    """``check_keys`` on every free-form dictionary option (settings, prefs, ...), list elements' included."""
    for name, option in spec.items():
        value = params.get(name) if isinstance(params, dict) else None
        if value is None:
            continue
        if option.get("type") == "dict" and not option.get("options"):
            check_keys(value, prefix + name)
        elif option.get("type") == "list" and option.get("elements") == "dict" and option.get("options"):
            for index, item in enumerate(value):
                check_setting_keys(option["options"], item, "%s%s[%d]." % (prefix, name, index))


def check_keys(value, option):
    """Every dictionary key inside ``value`` is a non-empty string without control characters."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not key.strip() or _CONTROL.search(key):
                raise InputError(
                    "%s: %r is not a setting name (a non-empty string without control characters)" % (option, key)
                )
            check_keys(item, "%s.%s" % (option, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_keys(item, "%s[%d]" % (option, index))


def check_shapes(spec, given, prefix=""):
    """Refuse a dictionary, list or boolean given where ``spec`` wants a string (or a list of strings).

    ``given`` are the options as the task wrote them, before Ansible turns such a value into text
    (a dictionary given as a group member would become the member "{'a': 'b'}").
    """
    for name, option in spec.items():
        keys = [name] + list(option.get("aliases") or ())
        value = next((given[key] for key in keys if isinstance(given, dict) and key in given), None)
        if value is None:
            continue
        where = prefix + name
        kind, elements = option.get("type", "str"), option.get("elements")
        if kind == "str":
            _refuse_non_text(value, where)
        elif kind == "list" and isinstance(value, list):
            for index, item in enumerate(value):
                if elements == "str":
                    _refuse_non_text(item, "%s[%d]" % (where, index))
                elif elements == "dict" and option.get("options") and isinstance(item, dict):
                    check_shapes(option["options"], item, "%s[%d]." % (where, index))
        elif kind == "dict" and option.get("options") and isinstance(value, dict):
            check_shapes(option["options"], value, where + ".")


def _refuse_non_text(value, where):
    if isinstance(value, bool):
        raise InputError("%s: %r is a boolean, not text; quote it if you mean the word" % (where, value))
    if isinstance(value, (dict, list, tuple)):
        raise InputError(
            "%s: expected a string, not a %s (%r)" % (where, "dictionary" if isinstance(value, dict) else "list", value)
        )


def check_connection(params):
    """The connection options, refused before connecting instead of a raw socket error."""
    host = params.get("login_host")
    if not isinstance(host, str) or not host.strip() or any(char.isspace() for char in host):
        raise InputError("login_host: %r is not a host name or address" % (host,))
    port = params.get("login_port")
    if port is None or not 1 <= port <= 65535:
        raise InputError("login_port: %r is not a TCP port (1 to 65535)" % (port,))
    timeout = params.get("timeout")
    if timeout is None or not timeout > 0:
        raise InputError("timeout: %r must be a number of seconds greater than 0" % (timeout,))
