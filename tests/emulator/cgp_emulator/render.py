# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How data replies look: "201 <data>" in INLINE mode, "200 data follow" and lines otherwise."""

import re

from . import codec

_ATOM_OUT = re.compile(r"[A-Za-z0-9\-_.@!%:]+\Z")


def _compact(value):
    """One-line CGP text, with the unquoted atoms and spacing a real server uses."""
    if isinstance(value, str) and not isinstance(value, codec.XML):
        return value if _ATOM_OUT.match(value) else codec.dumps(value)
    if isinstance(value, dict):
        return "{" + "".join("%s = %s; " % (_compact(str(k)), _compact(v)) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_compact(v) for v in value) + ")"
    return codec.dumps(value)


def render_multiline(value):
    """The data part of a "200 data follow" answer.

    Dictionaries are written one key per line and long arrays one element per
    line, so clients must really read multi-line data; short arrays stay on one
    line as in the reference's sample session.
    """
    if isinstance(value, dict) and value:
        lines = ["{"] + ["  %s = %s;" % (_compact(str(k)), _compact(v)) for k, v in value.items()]
        return "\r\n".join(lines + ["}"])
    if isinstance(value, (list, tuple)):
        line = _compact(value)
        if len(line) <= 100:
            return line
        items = [_compact(v) for v in value]
        body = ["  " + item + ("," if i < len(items) - 1 else "") for i, item in enumerate(items)]
        return "\r\n".join(["("] + body + [")"])
    return _compact(value)


def data_reply(value, inline):
    """The whole reply text for a command that returns data."""
    if inline:
        return "201 " + codec.dumps(value)
    return "200 data follow\r\n" + render_multiline(value)
