# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CommuniGate Pro Data Formats <-> Python values.

Standard library only: this file is also usable as a plain Python library.

Mapping (both ways unless noted):

=====================  ==============================================
CGP text               Python value
=====================  ==============================================
atom / "string"        ``str`` (UTF-8 text passes through)
[base64]               ``bytes`` (``bytearray`` encodes the same way)
#123 / #-5             ``int`` (``#1.5`` decodes to ``float``)
#T22-10-2009           ``datetime.date``
#T22-10-2009_15:24:45  ``datetime.datetime`` (naive, meaning GMT; an aware
                       value is converted to GMT; one-second resolution,
                       microseconds are dropped)
#TPAST / #TFUTURE      the constants ``PAST`` / ``FUTURE``
#I[1.2.3.4]:25         ``IPAddress('1.2.3.4', 25)``
#NULL#                 ``None``
(a, b)                 ``list`` (a ``tuple`` encodes the same way)
{key = value; }        ``dict`` (keys are strings)
<tag ...>...</tag>     ``XML`` (a ``str`` subclass kept as exact text)
YES / NO               decoded as plain strings; ``True`` / ``False``
                       encode to the atoms ``YES`` / ``NO``, as CGP's
                       boolean settings spell them
=====================  ==============================================

Limits: nesting deeper than ``MAX_DEPTH`` and input longer than
``MAX_INPUT`` characters raise ``CGPDecodeError`` (``CGPEncodeError`` for
too-deep values given to ``dumps``).
"""

import base64
import binascii
import datetime
import decimal
import ipaddress
import math
from json.decoder import scanstring as _json_scanstring
import re

__all__ = [
    "CGPDecodeError",
    "CGPEncodeError",
    "FUTURE",
    "IPAddress",
    "MAX_DEPTH",
    "MAX_INPUT",
    "PAST",
    "TimeConstant",
    "XML",
    "dumps",
    "loads",
    "loads_words",
]

MAX_DEPTH = 100
MAX_INPUT = 64 * 1024 * 1024


class CGPDecodeError(ValueError):
    """Malformed CGP text: carries the position and a short excerpt."""

    def __init__(self, msg, text="", pos=0):
        self.msg = msg
        self.pos = pos
        self.excerpt = text[max(0, pos - 20) : pos + 20] if text else ""
        super().__init__("%s at position %d near %r" % (msg, pos, self.excerpt))


class CGPEncodeError(ValueError):
    """A Python value that has no CGP text form."""


class TimeConstant:
    """The timestamps #TPAST and #TFUTURE: distinct singleton values."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name

    def __reduce__(self):
        return (_time_constant, (self.name,))


PAST = TimeConstant("PAST")
FUTURE = TimeConstant("FUTURE")


def _time_constant(name):
    return PAST if name == "PAST" else FUTURE


class IPAddress:
    """An IP address (IPv4 or IPv6) with an optional port, as in #I[10.0.0.1]:25."""

    __slots__ = ("address", "port")

    def __init__(self, address, port=None):
        try:
            ipaddress.ip_address(address)
        except ValueError:
            raise ValueError("invalid IP address %r" % (address,))
        if port is not None and (isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535):
            raise ValueError("invalid port %r" % (port,))
        self.address = address
        self.port = port

    def __eq__(self, other):
        return isinstance(other, IPAddress) and (self.address, self.port) == (other.address, other.port)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((IPAddress, self.address, self.port))

    def __repr__(self):
        return "IPAddress(%r, %r)" % (self.address, self.port)

    def __str__(self):
        return self.address if self.port is None else "[%s]:%d" % (self.address, self.port)


class XML(str):
    """An XML object as the server sent it; ``dumps`` writes it back unchanged."""

    __slots__ = ()

    def __repr__(self):
        return "XML(%s)" % str.__repr__(self)


# ---------------------------------------------------------------- decoding

_WS = r"[ \t\r\n\f\v]*"


def _all_but_ascii(allowed):
    """A negated class: the ASCII characters not in ``allowed``, so every other character matches.

    The same set as ``[<allowed>\u0080-\U0010ffff]``, which the re module takes about 4 ms to
    compile each time: the codec's patterns would add 90 ms to every module's start-up.
    """
    return "[^" + "".join("\\x%02x" % code for code in range(128) if chr(code) not in allowed) + "]"


# Unquoted words: letters, digits, -_.@!#%: and any character >= 0x80;
# a word never starts with '#', which introduces numbers and other types.
_ATOM_ASCII = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.@!#%:"
_ATOM_CH_CLASS = _all_but_ascii(_ATOM_ASCII)
_ATOM = _all_but_ascii(_ATOM_ASCII.replace("#", "")) + _ATOM_CH_CLASS + "*"
_STRBODY = r'[^"\\]*(?:\\.[^"\\]*)*'
_END = "(?!" + _ATOM_CH_CLASS + ")"

# Group numbers are the dispatch keys of _value().
_TOKEN = re.compile(
    _WS + "(?:"
    "(" + _ATOM + ")"  # 1 atom
    '|"(' + _STRBODY + ')"'  # 2 quoted string
    r"|(\()"  # 3 array
    r"|(\{)"  # 4 dictionary
    r"|#(-?[0-9]+)"
    + _END  # 5 integer
    + r"|#(-?[0-9]+\.[0-9]+)"
    + _END  # 6 decimal number
    + r"|#T([0-9]{2})-([0-9]{2})-([0-9]{4})"  # 7-9 date
    r"(?:_([0-9]{2}):([0-9]{2}):([0-9]{2}))?"
    + _END  # 10-12 time
    + r"|#T(PAST|FUTURE)"
    + _END  # 13 time constants
    + r"|#NULL#"  # no group: lastindex is None
    r"|#I\[([0-9A-Fa-f:.]+)\](?::([0-9]{1,5}))?"
    + _END  # 14-15 IP address
    + r"|\[([A-Za-z0-9+/= \t\r\n]*)\]"  # 16 datablock
    r"|(<)"  # 17 XML
    ")",
    re.S,
)
_SKIP_WS = re.compile(_WS)
_B64_WS = re.compile(r"[ \t\r\n]+")
_SIMPLE = '(?:' + _ATOM + '|"' + _STRBODY + '")'
_FLAT_DICT_SRC = r"\{(?:" + _WS + _SIMPLE + _WS + "=" + _WS + _SIMPLE + _WS + ";)*" + _WS + r"\}"
_FLAT_DICT = re.compile(_FLAT_DICT_SRC, re.S)
# "key = {flat dictionary};" in one match: the common shape of a settings dump.
_KEY_FLAT_DICT = re.compile(
    _WS + "(?:(" + _ATOM + ')|"(' + _STRBODY + ')")' + _WS + "=" + _WS + "(" + _FLAT_DICT_SRC + ")" + _WS + ";", re.S
)
_PAIR = re.compile(
    _WS
    + "(?:("
    + _ATOM
    + ')|"('
    + _STRBODY
    + ')")'
    + _WS
    + "="
    + _WS
    + "(?:("
    + _ATOM
    + ')|"('
    + _STRBODY
    + ')")'
    + _WS
    + ";",
    re.S,
)
_FLAT_ARRAY = re.compile(r"\((?:" + _WS + _SIMPLE + _WS + "(?:," + _WS + _SIMPLE + _WS + ")*)?" + _WS + r"\)", re.S)
_ITEM = re.compile("(" + _ATOM + ')|"(' + _STRBODY + ')"', re.S)
_DICT_KEY = re.compile(_WS + "(?:(" + _ATOM + ')|"(' + _STRBODY + ')")' + _WS + "=", re.S)
_PUNCT = re.compile(_WS + "([,;)}])")
_ESCAPE = re.compile(r"\\([0-9]{3}|.)", re.S)
_JSON_ESCAPES_ONLY = re.compile(r'[^\\]*(?:\\["\\rnt][^\\]*)*\Z')
_ESCAPES = {'"': '"', "\\": "\\", "r": "\r", "n": "\n", "t": "\t", "e": "\n"}
_XML_PART = re.compile(
    r"<(?:!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>|!DOCTYPE[^>]*>"
    r"|(/?)([A-Za-z_:][A-Za-z0-9_:.\-]*)(?:[^>\"'/]|\"[^\"]*\"|'[^']*'|/(?!>))*(/?)>)"
    r"|[^<]+",
    re.S,
)


def _unescape(body, text, pos):
    def repl(match):
        code = match.group(1)
        if len(code) == 3:
            number = int(code)
            if number > 255:
                raise CGPDecodeError("bad escape \\%s" % code, text, pos)
            return chr(number)
        try:
            return _ESCAPES[code]
        except KeyError:
            raise CGPDecodeError("bad escape \\%s" % code, text, pos)

    return _ESCAPE.sub(repl, body)


def _string(body, text, pos):
    if "\\" not in body:
        return body
    if _JSON_ESCAPES_ONLY.match(body) is not None:
        # Only \" \\ \r \n \t: the same escapes as JSON, so let its C scanner do it.
        return _json_scanstring(body + '"', 0, False)[0]
    return _unescape(body, text, pos)


def _xml(text, pos):
    """Scan one XML element starting at text[pos] == '<'; return (XML, end)."""
    names = []
    start = pos
    while True:
        match = _XML_PART.match(text, pos)
        if match is None:
            raise CGPDecodeError("malformed XML object", text, pos)
        pos = match.end()
        name = match.group(2)
        if text[match.start()] != "<":
            if not names:
                raise CGPDecodeError("malformed XML object", text, match.start())
            continue
        if name is None:
            if not names:
                raise CGPDecodeError("XML object must start with an element", text, start)
            continue
        if match.group(1):
            if not names or names.pop() != name:
                raise CGPDecodeError("unbalanced XML end tag </%s>" % name, text, match.start())
        elif not match.group(3):
            names.append(name)
            if len(names) > MAX_DEPTH:
                raise CGPDecodeError("XML nested deeper than %d levels" % MAX_DEPTH, text, match.start())
        if not names:
            return XML(text[start:pos]), pos


def _simple(atom, body, text, pos):
    return atom if atom else _string(body, text, pos)


def _value(text, pos, depth):
    match = _TOKEN.match(text, pos)
    if match is None:
        pos = _SKIP_WS.match(text, pos).end()
        if pos >= len(text):
            raise CGPDecodeError("unexpected end of data", text, pos)
        raise CGPDecodeError(_describe_bad(text, pos), text, pos)
    kind = match.lastindex
    end = match.end()
    if kind is None:
        return None, end
    if kind == 1:
        return match.group(1), end
    if kind == 2:
        return _string(match.group(2), text, match.start(2)), end
    if kind == 4:
        return _dictionary(text, match.start(4), depth + 1)
    if kind == 3:
        return _array(text, match.start(3), depth + 1)
    if kind == 5:
        return int(match.group(5)), end
    if kind == 6:
        return float(match.group(6)), end
    if kind in (9, 12):
        day, month, year = int(match.group(7)), int(match.group(8)), int(match.group(9))
        try:
            if kind == 9:
                return datetime.date(year, month, day), end
            return datetime.datetime(
                year, month, day, int(match.group(10)), int(match.group(11)), int(match.group(12))
            ), end
        except ValueError as exc:
            raise CGPDecodeError("bad timestamp (%s)" % exc, text, match.start())
    if kind == 13:
        return (PAST if match.group(13) == "PAST" else FUTURE), end
    if kind in (14, 15):
        port = match.group(15)
        try:
            return IPAddress(match.group(14), None if port is None else int(port)), end
        except ValueError as exc:
            raise CGPDecodeError("bad IP address (%s)" % exc, text, match.start())
    if kind == 16:
        try:
            data = _B64_WS.sub("", match.group(16))
            return base64.b64decode(data.encode("ascii"), validate=True), end
        except (binascii.Error, ValueError):
            raise CGPDecodeError("bad base64 in datablock", text, match.start(16))
    # kind == 17: XML
    if depth >= MAX_DEPTH:
        raise CGPDecodeError("nested deeper than %d levels" % MAX_DEPTH, text, match.start(17))
    return _xml(text, match.start(17))


def _describe_bad(text, pos):
    char = text[pos]
    if char == '"':
        return "unterminated string"
    if char == "#":
        if text.startswith("#T", pos):
            return "bad timestamp"
        if text.startswith("#I", pos):
            return "bad IP address"
        return "bad number or # value"
    if char == "[":
        return "bad datablock"
    return "unexpected character %r" % char


def _array(text, pos, depth):
    """text[pos] == '('; return (list, end)."""
    if depth > MAX_DEPTH:
        raise CGPDecodeError("nested deeper than %d levels" % MAX_DEPTH, text, pos)
    flat = _FLAT_ARRAY.match(text, pos)
    if flat is not None:
        end = flat.end()
        items = _ITEM.findall(text, pos, end)
        if text.find("\\", pos, end) < 0:
            return [atom or body for atom, body in items], end
        return [atom or _string(body, text, pos) for atom, body in items], end
    result = []
    pos += 1
    punct = _PUNCT.match(text, pos)
    if punct is not None and punct.group(1) == ")":
        return result, punct.end()
    while True:
        value, pos = _value(text, pos, depth)
        result.append(value)
        punct = _PUNCT.match(text, pos)
        if punct is None or punct.group(1) not in ",)":
            raise CGPDecodeError("expected ',' or ')' in array", text, _SKIP_WS.match(text, pos).end())
        pos = punct.end()
        if punct.group(1) == ")":
            return result, pos


def _flat_pairs(text, start, end):
    """The dictionary text[start:end], already known to hold only simple keys and values."""
    pairs = _PAIR.findall(text, start, end)
    if text.find("\\", start, end) < 0:
        return {katom or kbody: vatom or vbody for katom, kbody, vatom, vbody in pairs}
    return {
        katom or _string(kbody, text, start): vatom or _string(vbody, text, start)
        for katom, kbody, vatom, vbody in pairs
    }


def _dictionary(text, pos, depth):
    """text[pos] == '{'; return (dict, end)."""
    if depth > MAX_DEPTH:
        raise CGPDecodeError("nested deeper than %d levels" % MAX_DEPTH, text, pos)
    flat = _FLAT_DICT.match(text, pos)
    if flat is not None:
        return _flat_pairs(text, pos, flat.end()), flat.end()
    result = {}
    pos += 1
    while True:
        punct = _PUNCT.match(text, pos)
        if punct is not None and punct.group(1) == "}":
            return result, punct.end()
        if depth < MAX_DEPTH:
            nested = _KEY_FLAT_DICT.match(text, pos)
            if nested is not None:
                name = _simple(nested.group(1), nested.group(2), text, nested.start())
                result[name] = _flat_pairs(text, nested.start(3), nested.end(3))
                pos = nested.end()
                continue
        key = _DICT_KEY.match(text, pos)
        if key is None:
            raise CGPDecodeError(
                "expected a key followed by '=' or '}' in dictionary", text, _SKIP_WS.match(text, pos).end()
            )
        name = _simple(key.group(1), key.group(2), text, key.start())
        value, pos = _value(text, key.end(), depth)
        result[name] = value
        punct = _PUNCT.match(text, pos)
        if punct is None or punct.group(1) != ";":
            raise CGPDecodeError("expected ';' after a dictionary value", text, _SKIP_WS.match(text, pos).end())
        pos = punct.end()


def _text(data):
    if isinstance(data, (bytes, bytearray)):
        data = bytes(data).decode("utf-8", "surrogateescape")
    elif not isinstance(data, str):
        raise TypeError("CGP text must be str or bytes, not %s" % type(data).__name__)
    if len(data) > MAX_INPUT:
        raise CGPDecodeError("input longer than %d characters" % MAX_INPUT, "", MAX_INPUT)
    return data


def loads(text):
    """Parse exactly one CGP object (surrounding white space allowed)."""
    text = _text(text)
    value, pos = _value(text, 0, 0)
    pos = _SKIP_WS.match(text, pos).end()
    if pos != len(text):
        raise CGPDecodeError("trailing data after the object", text, pos)
    return value


def loads_words(text):
    """Parse a white-space separated sequence of objects, as a CLI command line is."""
    text = _text(text)
    words = []
    pos = _SKIP_WS.match(text, 0).end()
    while pos < len(text):
        value, pos = _value(text, pos, 0)
        words.append(value)
        pos = _SKIP_WS.match(text, pos).end()
    return words


# ---------------------------------------------------------------- encoding

_STRING_ESCAPES = dict((code, "\\%03d" % code) for code in list(range(32)) + [127])
_STRING_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\e", ord("\r"): "\\r", ord("\t"): "\\t"})


def _dump_string(value):
    # The reference allows only alphanumeric strings unquoted; quote the rest.
    if value.isalnum() and value.isascii():
        return value
    return '"' + value.translate(_STRING_ESCAPES) + '"'


def _dump_datetime(value):
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = (value - value.utcoffset()).replace(tzinfo=None)
    return "#T%02d-%02d-%04d_%02d:%02d:%02d" % (
        value.day,
        value.month,
        value.year,
        value.hour,
        value.minute,
        value.second,
    )


def _dump(value, out, depth):
    if value.__class__ is str:
        out.append(value if value.isalnum() and value.isascii() else _dump_string(value))
    elif isinstance(value, str):
        if isinstance(value, XML):
            if "\r" in value or "\n" in value or "\0" in value:
                raise CGPEncodeError("an XML object with CR, LF or NUL cannot be sent on one line")
            out.append(str(value))
        else:
            out.append(_dump_string(value))
    elif isinstance(value, (dict, list, tuple)):
        if depth >= MAX_DEPTH:
            raise CGPEncodeError("value nested deeper than %d levels" % MAX_DEPTH)
        (_dump_dict if isinstance(value, dict) else _dump_array)(value, out, depth)
    else:
        out.append(_dump_scalar(value))


def _dump_dict(value, out, depth):
    out.append("{")
    for key, item in value.items():
        if not isinstance(key, str):
            raise CGPEncodeError("dictionary keys must be strings, not %s" % type(key).__name__)
        out.append(_dump_string(key))
        out.append("=")
        _dump(item, out, depth + 1)
        out.append(";")
    out.append("}")


def _dump_array(value, out, depth):
    out.append("(")
    for index, item in enumerate(value):
        if index:
            out.append(",")
        _dump(item, out, depth + 1)
    out.append(")")


def _dump_scalar(value):
    """The text of a value that is neither a string nor a container."""
    if value is None:
        return "#NULL#"
    if isinstance(value, bool):
        return "YES" if value else "NO"
    if isinstance(value, int):
        return "#%d" % value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CGPEncodeError("CGP numbers cannot be NaN or infinite")
        text = format(decimal.Decimal(repr(value)), "f")
        return "#" + (text if "." in text else text + ".0")
    if isinstance(value, (bytes, bytearray)):
        return "[" + base64.b64encode(bytes(value)).decode("ascii") + "]"
    if isinstance(value, datetime.datetime):
        return _dump_datetime(value)
    if isinstance(value, datetime.date):
        return "#T%02d-%02d-%04d" % (value.day, value.month, value.year)
    if isinstance(value, TimeConstant):
        return "#T" + value.name
    if isinstance(value, IPAddress):
        return "#I[%s]" % value.address if value.port is None else "#I[%s]:%d" % (value.address, value.port)
    raise CGPEncodeError("no CGP form for a value of type %s" % type(value).__name__)


def dumps(value):
    """Return the one-line CGP text of a Python value."""
    out = []
    _dump(value, out, 0)
    return "".join(out)
