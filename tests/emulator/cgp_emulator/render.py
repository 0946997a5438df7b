# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How data replies look: "201 <data>" in INLINE mode, "200 data follow" and lines otherwise.

Written the way a real server writes data (README "Answers as a real server does"): a string is
an unquoted atom when it starts with a letter or a digit and holds only letters, digits and
``. _ @ -``, and is quoted otherwise; INLINE replies are compact (``{k=v;k2=v2;}``, ``(a,b)``),
multi-line ones put a space around ``=`` and after ``,``. Everything that is not a string (numbers,
timestamps, datablocks, IP addresses, #NULL#) is written by the codec.
"""

import re

from . import codec

_ATOM_OUT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*\Z")


def _text(value, pair, item):
    """One-line CGP text of ``value``: ``pair`` is the key=value; pattern, ``item`` the array separator."""
    if isinstance(value, str) and not isinstance(value, codec.XML):
        return value if value.isascii() and _ATOM_OUT.match(value) else codec.dumps(value)
    if isinstance(value, dict):
        return "{" + "".join(pair % (_text(str(k), pair, item), _text(v, pair, item)) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "(" + item.join(_text(v, pair, item) for v in value) + ")"
    return codec.dumps(value)


def inline(value):
    """The data of a "201" reply: one line, no spaces between the parts."""
    return _text(value, "%s=%s;", ",")


def _compact(value):
    """One line with spaces, as inside a multi-line reply."""
    return _text(value, "%s = %s; ", ", ")


def render_multiline(value):
    """The data part of a "200 data follow" answer.

    Dictionaries are written one key per line and long arrays one element per line, so clients must
    really read multi-line data; short arrays stay on one line as in the reference's sample session.
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


def data_reply(value, inline_mode):
    """The whole reply text for a command that returns data."""
    if inline_mode:
        return "201 " + inline(value)
    return "200 data follow\r\n" + render_multiline(value)
