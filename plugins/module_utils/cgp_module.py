# -*- coding: utf-8 -*-
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every communigate.pro module shares: connection options, the client,
write recording for ``commands`` and check mode, value normalisation, errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import datetime

from ansible.module_utils.basic import AnsibleModule, env_fallback

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec
from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import (
    CGPAuthenticationError, CGPClient, CGPConnectionError, CGPError, CGPNotFoundError, Keyword, mask_command)

MASK = "********"

CONNECTION_ARGUMENT_SPEC = dict(
    login_host=dict(type="str", default="localhost", fallback=(env_fallback, ["CGP_HOST"])),
    login_port=dict(type="int", default=106, fallback=(env_fallback, ["CGP_PORT"])),
    login_user=dict(type="str", fallback=(env_fallback, ["CGP_USER"])),
    login_password=dict(type="str", no_log=True, fallback=(env_fallback, ["CGP_PASSWORD"])),
    login_method=dict(type="str", default="auto", choices=["auto", "apop", "plain", "webuser"],
                      fallback=(env_fallback, ["CGP_LOGIN_METHOD"])),
    tls=dict(type="bool", default=False, fallback=(env_fallback, ["CGP_TLS"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["CGP_VALIDATE_CERTS"])),
    ca_path=dict(type="path", fallback=(env_fallback, ["CGP_CA_PATH"])),
    timeout=dict(type="float", default=30, fallback=(env_fallback, ["CGP_TIMEOUT"])),
    pipelining=dict(type="bool", default=True, fallback=(env_fallback, ["CGP_PIPELINING"])),
)


# ---------------------------------------------------------------- values

def to_cgp(value):
    """A YAML value as CGP stores it: settings are strings, booleans YES/NO."""
    if isinstance(value, bool):
        return "YES" if value else "NO"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return dict((str(k), to_cgp(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [to_cgp(v) for v in value]
    return value


def normalize(value):
    """The one comparison form of a setting value, whichever side it came from."""
    value = to_cgp(value)
    if isinstance(value, list):
        if len(value) == 1:
            return normalize(value[0])
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return dict((k, normalize(v)) for k, v in value.items())
    if isinstance(value, str):
        upper = value.upper()
        if upper in ("YES", "TRUE", "ON"):
            return "YES"
        if upper in ("NO", "FALSE", "OFF"):
            return "NO"
    return value


def values_equal(desired, current):
    return normalize(desired) == normalize(current)


def settings_changes(desired, current, purge=False, removal="default"):
    """Keys to send so that ``current`` holds ``desired``.

    Only the user's keys are compared unless ``purge``; then keys the user did
    not give are removed (sent as ``removal``). A desired value of ``None`` or
    the string ``default`` means "key absent".
    """
    current = current or {}
    changes = {}
    for key, value in (desired or {}).items():
        if value is None or value == "default":
            if key in current:
                changes[key] = removal
        elif key not in current or not values_equal(value, current[key]):
            changes[key] = to_cgp(value)
    if purge:
        for key in current:
            if key not in (desired or {}):
                changes[key] = removal
    return changes


def apply_changes(current, changes, removal="default"):
    """The dictionary ``current`` becomes once ``changes`` are applied."""
    result = dict(current or {})
    for key, value in changes.items():
        if value == removal:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def json_safe(value):
    """Codec values as JSON-friendly data for module results."""
    if isinstance(value, dict):
        return dict((k, json_safe(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, cgp_codec.TimeConstant):
        return "#T" + value.name
    if isinstance(value, (cgp_codec.IPAddress, cgp_codec.XML)):
        return str(value)
    return value


def mask_secrets(value, keys=("password",)):
    """A copy of a settings structure with the values of secret keys masked."""
    if isinstance(value, dict):
        return dict((k, MASK if k.lower() in keys and v is not None else mask_secrets(v, keys))
                    for k, v in value.items())
    if isinstance(value, list):
        return [mask_secrets(v, keys) for v in value]
    return value


def qualified(name, domain):
    """``name@domain`` for a bare name, the name itself when it has a domain."""
    if "@" in name or not domain:
        return name
    return "%s@%s" % (name, domain)


# Options named like a password that hold no secret (their value is a choice such as "always").
_NOT_SECRET_KEYS = ("update_password",)


def _password_values(value):
    """Values of dictionary keys named like a password, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            secret = isinstance(key, str) and "password" in key.lower() and key.lower() not in _NOT_SECRET_KEYS
            if secret and isinstance(item, str) and item:
                yield item
            else:
                yield from _password_values(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _password_values(item)


class InputError(ValueError):
    """Bad module input; the message names the option."""


def split_name(name, domain, option="name", what="account"):
    """(local, domain) of ``name``: ``local@domain``, or a bare name with ``domain``."""
    local, at, own = (name or "").rpartition("@")
    if not at:
        local, own = own, None
    if not local or (at and not own):
        raise InputError("%s: '%s' is not a valid %s name (give name@domain, or a bare name and domain)"
                         % (option, name, what))
    if own and domain and own.lower() != domain.lower():
        raise InputError("%s: '%s' is in domain '%s', but domain is '%s'" % (option, name, own, domain))
    own = own or domain
    if not own:
        raise InputError("%s: '%s' has no domain; give it as name@domain or set the domain option" % (option, name))
    return local, own


def find_name(names, name):
    """The server's spelling of ``name`` among ``names`` (case-insensitive), or None."""
    lowered = name.lower()
    for item in names:
        if item.lower() == lowered:
            return item
    return None


# ---------------------------------------------------------------- many objects in one task

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


def purge_names(existing, keep, exclude=()):
    """The names in ``existing`` (server spelling, in order) that neither ``keep`` nor ``exclude`` name."""
    spared = set(name.lower() for name in keep) | set(name.lower() for name in exclude)
    return [name for name in existing if name.lower() not in spared]


class ListProgress(object):
    """Per-object results of a task that reconciles several objects, and what a failure then reports.

    ``option`` is the list option (``accounts``); None for the single form, whose failures read as
    they always did. The planner calls ``begin`` before an object's first write and ``end`` after its
    last; a failure in between names that object, the commands already applied for it and before it,
    and the objects not processed (``order`` lists every object the task would touch, in order).
    """

    def __init__(self, cgp, option=None):
        self.cgp = cgp
        self.option = option
        self.results = []
        self.order = []
        self.where = None
        self.name = None
        self.mark = 0
        self.position = 0
        cgp.progress = self

    def begin(self, where, name):
        self.where, self.name, self.mark = where, name, len(self.cgp.commands)

    def end(self, result):
        """Record the object's result (name, changed and its commands are filled in); return it."""
        own = self.cgp.commands[self.mark:]
        done = {"name": self.name, "changed": bool(own), "commands": list(own)}
        done.update(result)
        self.results.append(done)
        self.where = self.name = None
        self.position += 1
        return done

    def applied_note(self):
        """What a failure has already applied, for the error message (not in check mode)."""
        own = self.cgp.commands[self.mark:] if self.where else []
        earlier = len(self.cgp.commands) - len(own)
        notes = []
        if own:
            notes.append("; already applied for this object: %s" % "; ".join(own))
        if earlier:
            objects = sum(1 for result in self.results if result["changed"])
            notes.append("; already applied %s: %d command(s) for %d object(s) (see results and commands)"
                         % ("before it" if self.where else "in this task", earlier, objects))
        return "".join(notes)

    def annotate(self, msg, extra):
        """The failure message and result keys of a list-form task."""
        extra.setdefault("results", self.results)
        pending = self.order[self.position + (1 if self.where else 0):]
        if self.where:
            msg = "%s: %s" % (self.where, msg)
            extra.setdefault("failed_object", self.name)
        if self.order:
            extra.setdefault("not_processed", pending)
            if pending:
                what = "the %d object(s) after it" % len(pending) if self.where else "%d object(s)" % len(pending)
                msg = "%s; not processed: %s (see not_processed)" % (msg, what)
        return msg

    def exit(self, **result):
        """Exit with ``results``; the diff is keyed by object name and holds the objects that change."""
        diff = {"before": {}, "after": {}}
        for item in self.results:
            item_diff = item.get("diff") or {}
            if item["changed"]:
                for side in ("before", "after"):
                    if item_diff.get(side):
                        diff[side][item["name"]] = item_diff[side]
            if not self.cgp.module._diff:
                item.pop("diff", None)
        self.cgp.exit(results=self.results, diff=diff, **result)


# ---------------------------------------------------------------- module

class CGPModule(object):
    """An AnsibleModule with a CGP client, recorded writes and uniform errors."""

    def __init__(self, argument_spec, **kwargs):
        spec = dict(CONNECTION_ARGUMENT_SPEC)
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        self.module = AnsibleModule(argument_spec=spec, **kwargs)
        self.params = self.module.params
        # A password given inside a settings dictionary is as secret as a no_log option.
        for secret in _password_values(self.params):
            self.module.no_log_values.add(secret)
        self.check_mode = self.module.check_mode
        self.commands = []
        self.changed = False
        self.client = None
        self.progress = None  # a ListProgress while a list-form task runs
        self._recording = False
        for option in ("login_user", "login_password"):
            if not self.params.get(option):
                self.fail("%s is required (set the option or the %s environment variable)"
                          % (option, "CGP_USER" if option == "login_user" else "CGP_PASSWORD"))

    # -- connection

    def connect(self):
        p = self.params
        self.client = CGPClient(
            host=p["login_host"], port=p["login_port"], user=p["login_user"], password=p["login_password"],
            login_method=p["login_method"], tls=p["tls"], validate_certs=p["validate_certs"],
            ca_path=p["ca_path"], timeout=p["timeout"])
        self.client.intercept = self._intercept
        try:
            self.client.connect()
        except CGPError as exc:
            self.fail_error(exc, "cannot log in:")
        return self.client

    def close(self):
        if self.client is not None:
            self.client.close()

    # -- reads and writes

    def _intercept(self, verb, args):
        """Client hook: record a write command; True tells the client not to send it."""
        if not self._recording:
            return False
        self.commands.append(mask_command(verb, args))
        return self.check_mode

    def read(self, method, *args, **kwargs):
        try:
            return getattr(self.client, method)(*args, **kwargs)
        except CGPError as exc:
            self.fail_error(exc)

    def read_or_none(self, method, *args, **kwargs):
        """A read whose "not found" answer means the object does not exist."""
        try:
            return getattr(self.client, method)(*args, **kwargs)
        except CGPNotFoundError:
            return None
        except CGPError as exc:
            self.fail_error(exc)

    def batch(self, commands, expected=()):
        """Pipelined reads, (verb, *args) tuples; any failure fails the module.

        An error of a class in ``expected`` (e.g. CGPWrongPasswordError, CGPNotFoundError) is returned
        in its slot instead. With the pipelining option off, the commands are sent one at a time.
        """
        try:
            if self.params.get("pipelining", True):
                results = self.client.batch(commands)
            else:
                results = []
                for command in commands:
                    results.extend(self.client.batch([command]))
        except CGPError as exc:
            self.fail_error(exc)
        for result in results:
            if isinstance(result, CGPError) and not isinstance(result, tuple(expected)):
                self.fail_error(result)
        return results

    @staticmethod
    def keyword(word):
        return Keyword(word)

    def write(self, method, *args, **kwargs):
        """Send (or in check mode only record) one write command through a client method.

        ``context`` (keyword), e.g. "account 'a@b': cannot delete it:", leads any error message.
        """
        context = kwargs.pop("context", None)
        self.changed = True
        self._recording = True
        try:
            return getattr(self.client, method)(*args, **kwargs)
        except CGPConnectionError as exc:
            # Sent, but no answer: the server may or may not have applied it.
            self.fail_error(exc, context, uncertain=self.commands.pop() if self.commands else None)
        except CGPError as exc:
            # The server refused the command recorded before sending: it did not apply.
            if self.commands:
                self.commands.pop()
            self.fail_error(exc, context)
        finally:
            self._recording = False

    # -- results

    def fail(self, msg, **extra):
        extra.setdefault("commands", self.commands)
        extra.setdefault("changed", self.changed and not self.check_mode and bool(self.commands))
        if self.progress is not None and self.progress.option:
            msg = self.progress.annotate(msg, extra)
        self.close()
        self.module.fail_json(msg=msg, **extra)

    def fail_error(self, exc, context=None, uncertain=None):
        """A client error as a module failure naming the command, CGP code and text."""
        parts = [context] if context else []
        if isinstance(exc, (CGPConnectionError, CGPAuthenticationError)):
            # The text already names the host and what failed; a login line is never shown.
            parts.append(exc.text)
            exc.command = None
        else:
            parts.append("server said %s %s" % (exc.code if exc.code is not None else "", exc.text))
            if exc.command:
                parts.append("(%s)" % exc.command)
        if self.commands and not self.check_mode:
            if self.progress is not None and self.progress.option:
                parts.append(self.progress.applied_note())
            else:
                parts.append("; already applied: %s" % "; ".join(self.commands))
        if uncertain:
            parts.append("; the server may or may not have applied: %s" % uncertain)
        self.fail(" ".join(p.strip() for p in parts if p), command=exc.command, code=exc.code,
                  server_text=exc.text, error_type=type(exc).__name__, uncertain_command=uncertain)

    def exit(self, diff=None, **result):
        self.close()
        result["changed"] = self.changed
        result["commands"] = self.commands
        if diff is not None and self.module._diff:
            result["diff"] = diff
        self.module.exit_json(**json_safe(result))
