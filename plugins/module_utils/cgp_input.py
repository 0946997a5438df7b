# -*- coding: utf-8 -*-
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

from __future__ import absolute_import, division, print_function

__metaclass__ = type


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
        raise InputError("%s: '%s' is not a valid %s name (give name@domain, or a bare name and domain)"
                         % (option, name, what))
    if own and domain and own.lower() != domain.lower():
        raise InputError("%s: '%s' is in domain '%s', but domain is '%s'" % (option, name, own, domain))
    own = domain or own  # the domain option's spelling: the list form's objects all read alike
    if not own:
        raise InputError("%s: '%s' has no domain; give it as name@domain%s"
                         % (option, name, " or set the domain option" if domain_option else ""))
    return Name(local, own)


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
        if message.startswith(name) and message[len(name):len(name) + 1] in (":", " ", ".", "["):
            return "%s.%s" % (where, message)
    return "%s: %s" % (where, message)


def refuse_duplicates(option, entries):
    """InputError when two elements name the same object; ``entries`` are (index, field, bare name, name as given)."""
    seen = {}
    for index, field, name, given in entries:
        key = name.lower()
        if key in seen and seen[key][0] != index:
            first, first_field = seen[key]
            raise InputError("%s[%d].%s: '%s' is also %s[%d].%s; each object may be named once in %s"
                             % (option, index, field, given, option, first, first_field, option))
        seen.setdefault(key, (index, field))
