# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The filters of the playbooks communigate.pro.export, apply and drift (docs in cgp_export.yml,
cgp_drift.yml, cgp_apply_secrets.yml and cgp_to_yaml.yml). The model they use is
plugins/module_utils/cgp_export.py."""

import functools
import math
import re

from ansible.errors import AnsibleFilterError

from ansible_collections.communigate.pro.plugins.module_utils.cgp_export import (
    ExportError,
    apply_secrets,
    drift,
    export_state,
)

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

_RESOLVER = Resolver()


def _mapping(value, what):
    if not isinstance(value, dict):
        raise AnsibleFilterError("%s must be a dictionary, not %s" % (what, type(value).__name__))
    return value


def cgp_export(server_info, domains=None, reads=None, cluster=False):
    """What the info modules read, as the variables of cgp_server_baseline and cgp_mail_domain."""
    try:
        return export_state(
            None if server_info is None else _mapping(server_info, "the input"),
            domains or [],
            _mapping(reads or {}, "reads"),
            cluster=bool(cluster),
        )
    except (ExportError, KeyError, TypeError, AttributeError) as exc:
        raise AnsibleFilterError("cgp_export: %s" % exc)


def cgp_drift(server, files, every_domain=True):
    """The drift report of a fresh export (the input) against the exported files."""
    try:
        return drift(_mapping(files, "files"), _mapping(server, "the input"), every_domain=bool(every_domain))
    except (ExportError, KeyError, TypeError, AttributeError) as exc:
        raise AnsibleFilterError("cgp_drift: %s" % exc)


def cgp_apply_secrets(state, secrets):
    """The exported files' variables with the exported secrets merged into their objects."""
    try:
        return apply_secrets(_mapping(state, "the input"), _mapping(secrets or {}, "secrets"))
    except (KeyError, TypeError, AttributeError) as exc:
        raise AnsibleFilterError("cgp_apply_secrets: the secrets do not have the shape the export writes (%s)" % exc)


# ---------------------------------------------------------------- stable YAML

# A string is written plain (unquoted) only when it is made of these characters, does not start with a
# character YAML gives a meaning to, and reads back as this string (not a number, boolean or null) in
# YAML 1.1 and 1.2; everything else is double-quoted, with escapes for what YAML does not print.
_PLAIN = re.compile(r"[A-Za-z0-9_/][A-Za-z0-9_./@+=() -]*\Z")
_NUMBER_1_2 = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z|0o[0-7]+\Z|[-+]?\.(inf|nan)\Z", re.I)
_ONE_LETTER = frozenset(("y", "n", "Y", "N", "~"))
_ESCAPE = re.compile("[^\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\\\\\"\ufeff\u2028\u2029]")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _escape(match):
    char = match.group(0)
    known = _ESCAPES.get(char)
    if known:
        return known
    code = ord(char)
    return "\\x%02X" % code if code < 0x100 else "\\u%04X" % code if code < 0x10000 else "\\U%08X" % code


@functools.lru_cache(maxsize=4096)  # keys and common values recur in every object
def _plain(text):
    if not _PLAIN.match(text) or text.endswith(" ") or text in _ONE_LETTER or _NUMBER_1_2.match(text):
        return False
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _scalar(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf") if math.isinf(value) else repr(value)
    text = str(value)
    return text if _plain(text) else '"%s"' % _ESCAPE.sub(_escape, text)


def _keys(mapping):
    """A mapping's keys in the files' order: ``name`` first, then the others sorted."""
    keys = sorted(mapping, key=str)
    return (["name"] + [key for key in keys if key != "name"]) if "name" in mapping else keys


def _container(value):
    return isinstance(value, (dict, list, tuple)) and len(value) > 0


def _inline(value):
    """A scalar, or an empty container, as it stands after a key or a dash."""
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, (list, tuple)):
        return "[]"
    return _scalar(value)


def _block(value, indent, lines):
    """Append the lines of a non-empty dictionary or list whose entries start at column ``indent``."""
    pad = " " * indent
    if isinstance(value, dict):
        for key in _keys(value):
            item = value[key]
            if _container(item):
                lines.append("%s%s:" % (pad, _scalar(key)))
                _block(item, indent + 2, lines)
            else:
                lines.append("%s%s: %s" % (pad, _scalar(key), _inline(item)))
        return
    for item in value:
        if isinstance(item, (list, tuple)) and item and not any(_container(one) for one in item):
            lines.append("%s- [%s]" % (pad, ", ".join(_inline(one) for one in item)))  # a rule's condition
        elif _container(item):
            start = len(lines)
            _block(item, indent + 2, lines)
            lines[start] = pad + "- " + lines[start][indent + 2 :]  # the first entry on the dash's line
        else:
            lines.append("%s- %s" % (pad, _inline(item)))


def cgp_to_yaml(value, header=""):
    """``value`` as YAML text in one stable form: block style, ``name`` first then keys sorted, list order kept."""
    lines = ["# " + line if line else "#" for line in str(header or "").splitlines()] + ["---"]
    try:
        if _container(value):
            _block(value, 0, lines)
        else:
            lines.append(_inline(value))
    except RecursionError:
        raise AnsibleFilterError("cgp_to_yaml: the value is nested too deeply")
    return "\n".join(lines) + "\n"


class FilterModule:
    """communigate.pro.cgp_export, cgp_drift, cgp_apply_secrets and cgp_to_yaml."""

    def filters(self):
        return {
            "cgp_export": cgp_export,
            "cgp_drift": cgp_drift,
            "cgp_apply_secrets": cgp_apply_secrets,
            "cgp_to_yaml": cgp_to_yaml,
        }
