# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write every ``.test`` domain name of an integration target with the conformance prefix.

    python tests/utils/prefix_targets.py tests/integration/targets/cgp_new/tasks/tests.yml ...

The rule (tests/integration/README.md): every ``<name>.test`` a target's tasks/tests.yml names is
written ``{{ cgp_it_prefix }}<name>.test`` in a template, and ``cgp_it_prefix ~ '<name>.test'``
inside a Jinja expression (``that``, ``when``, ..., or inside ``{{ }}``), so that a conformance run
(tests/conformance/) works inside throwaway domains while the prefix is empty everywhere else.
``test_target_layout.py`` checks the rule; this script applies it to a file that does not follow it
yet (names that already have the prefix are left alone).  It edits the text, keeping comments and
layout, and refuses to write a file unless the result, read as YAML with an empty prefix, is the
same data as before.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

PREFIX_VAR = "cgp_it_prefix"
TEMPLATE_PREFIX = "{{ %s }}" % PREFIX_VAR
# A domain name ending in .test, not the tail of a longer name.
DOMAIN = re.compile(r"(?<![A-Za-z0-9.-])(?:[A-Za-z0-9-]+\.)+test\b", re.I)
# What may stand right before a name that follows the rule.
PREFIXED = re.compile(r"(?:\{\{ %s \}\}|%s ~ (?:'|\"|\\\"|''))\Z" % (PREFIX_VAR, PREFIX_VAR))
EXPRESSION_KEYS = frozenset(("that", "when", "failed_when", "changed_when", "until"))
TASK_LISTS = frozenset((None, "block", "rescue", "always"))
_LINE = re.compile(r"( *)(- +)?(?:([A-Za-z_][\w./-]*):(?= |$) ?)?")
_BLOCK_SCALAR = re.compile(r"[>|][-+]?\s*\Z")


class Line:
    """One line of a YAML file: where its value starts and whether the value is a Jinja expression."""

    def __init__(self, text, start, expression, block):
        self.text, self.start, self.expression, self.block = text, start, expression, block


def classify(lines):
    """[Line] for the lines of a tasks file (comments and blank lines get start None)."""
    keys = []  # (indent, key) of the enclosing mappings
    block_owner = None  # indent of the key or item that owns the block scalar being read, and its context
    out = []
    for text in lines:
        indent = len(text) - len(text.lstrip(" "))
        if block_owner is not None and (not text.strip() or indent > block_owner[0]):
            out.append(Line(text, indent if text.strip() else None, block_owner[1], True))
            continue
        block_owner = None
        if not text.strip() or text.lstrip().startswith("#"):
            out.append(Line(text, None, False, False))
            continue
        match = _LINE.match(text)
        dash, key = match.group(2), match.group(3)
        content = indent + (len(dash) if dash else 0)
        while keys and keys[-1][0] >= (content if key else indent):
            keys.pop()
        expression = key in EXPRESSION_KEYS if key else bool(keys) and keys[-1][1] in EXPRESSION_KEYS
        if dash and key == "name" and (keys[-1][1] if keys else None) in TASK_LISTS:
            out.append(Line(text, None, False, False))  # a task's name is free text, not a domain it uses
            keys.append((content, key))
            continue
        if key:
            keys.append((content, key))
        if _BLOCK_SCALAR.match(text[match.end() :]):
            block_owner = (content if key else indent, expression)
        # A line that is neither a key nor an item continues a multi-line plain scalar: plain text.
        out.append(Line(text, match.end(), expression, not (key or dash)))
    return out


def _yaml_scan(value):
    """Per character of a YAML value: (quote, flow depth, start of the plain scalar or None)."""
    states, quote, depth, plain_start = [], None, 0, None
    i = 0
    while i < len(value):
        char = value[i]
        if quote == '"' and char == "\\":
            states += [(quote, depth, None)] * 2
            i += 2
            continue
        if plain_start is not None and not depth:  # a block plain scalar runs to the end of the line
            states.append((None, depth, plain_start))
            i += 1
            continue
        if quote:
            states.append((quote, depth, None))
            if char == quote and not (quote == "'" and value[i + 1 : i + 2] == "'"):
                quote = None
            elif quote == "'" and char == "'":
                states.append((quote, depth, None))
                i += 1
            i += 1
            continue
        if char in "&!" and plain_start is None and " " in value[i:]:  # an anchor or a tag: not the scalar
            skip = value.index(" ", i) + 1 - i
            states += [(None, depth, None)] * skip
            i += skip
            continue
        if char in "\"'" and plain_start is None:
            quote = char
            states.append((None, depth, None))
        elif char in "[{":
            depth += 1
            plain_start = None
            states.append((None, depth, None))
        elif char in "]},":
            depth -= char != ","
            plain_start = None
            states.append((None, depth, None))
        elif char == " " and plain_start is None:
            states.append((None, depth, None))
        else:
            if plain_start is None:
                plain_start = i
            if depth and value[i : i + 2] == ": ":
                plain_start = None
            states.append((None, depth, plain_start))
        i += 1
    return states


def _states(value, line):
    """_yaml_scan, except in a block scalar, where every character is plain text."""
    return [(None, 0, None)] * len(value) if line.block else _yaml_scan(value)


def _decoded(value, quote):
    """(decoded text, decoded index -> raw index) of the part of a YAML scalar before a name."""
    chars, where, i = [], [], 0
    while i < len(value):
        step = 2 if (quote == '"' and value[i] == "\\") or (quote == "'" and value[i : i + 2] == "''") else 1
        chars.append(value[i + step - 1])
        where.append(i)
        i += step
    return "".join(chars), where


def _jinja_quote(text):
    """The quote character of the Jinja string literal ``text`` ends in (None: not in a string)."""
    quote, i = None, 0
    while i < len(text):
        if quote and text[i] == "\\":
            i += 2
            continue
        if text[i] in "'\"" and quote in (None, text[i]):
            quote = None if quote else text[i]
        i += 1
    return quote


def _expression_start(value, pos, line):
    """Index in ``value`` where the Jinja expression holding ``pos`` starts, or None for template text."""
    opened = value.rfind("{{", 0, pos)
    if opened >= 0 and value.find("}}", opened, pos) < 0:
        return opened + 2
    return 0 if line.expression else None


def _encode(text, quote):
    if quote == '"':
        return text.replace("\\", "\\\\").replace('"', '\\"')
    if quote == "'":
        return text.replace("'", "''")
    return text


def _insertion(value, pos, line, states):
    """(where, text to insert) to prefix the name at ``value[pos:]``; raises ValueError when it cannot."""
    quote, _depth, _plain = states[pos]
    start = _expression_start(value, pos, line)
    if start is None:
        if quote == '"' and "\\r" in value:
            raise ValueError(
                "a value with a CR would become a template (Jinja turns CRLF into LF in template text);"
                " put the CR in a variable of its own: %s" % value
            )
        return pos, TEMPLATE_PREFIX
    first = max([i for i in range(start, pos) if states[i][0] != quote] + [start - 1]) + 1
    decoded, where = _decoded(value[first:pos], quote)
    jinja = _jinja_quote(decoded)
    if jinja is None:
        raise ValueError("a name outside a Jinja string: %s" % value)
    if decoded.endswith(jinja) and _jinja_quote(decoded[:-1]) is None:
        return first + where[-1], _encode("%s ~ " % PREFIX_VAR, quote)
    return pos, _encode("%s ~ %s ~ %s" % (jinja, PREFIX_VAR, jinja), quote)


def _quote_plain(value, pos, states):
    """``value`` with the plain scalar around ``pos`` written as a double-quoted scalar, and the new pos."""
    start = states[pos][2]
    end = pos
    while end < len(value) and states[end][0] is None and states[end][2] == start and value[end] not in ",]}":
        end += 1
    if not states[pos][1]:
        end = len(value.split(" #", 1)[0].rstrip())
    plain = value[start:end]
    quote = "'" if '"' in plain and "'" not in plain else '"'
    quoted = quote + _encode(plain, quote) + quote
    return value[:start] + quoted + value[end:], start + 1 + len(_encode(value[start:pos], quote))


def rewrite_value(value, line):
    """The value part of a line with every unprefixed name prefixed."""
    offset = 0
    while True:
        match = next((m for m in DOMAIN.finditer(value, offset) if not PREFIXED.search(value[: m.start()])), None)
        if match is None:
            return value
        pos, states = match.start(), _states(value, line)
        if (
            not line.block
            and states[pos][0] is None
            and states[pos][2] is not None
            and _expression_start(value, pos, line) is None
            and (states[pos][1] or states[pos][2] == 0)
        ):
            value, pos = _quote_plain(value, pos, states)
            states = _states(value, line)
        where, text = _insertion(value, pos, line, states)
        value = value[:where] + text + value[where:]
        offset = pos + len(text) + len(match.group(0))


def rewrite(text):
    """The whole file rewritten (raises ValueError when the result would not mean the same).

    A file may follow the rule in part already (a merge brought new tasks): both are compared with an
    empty prefix.
    """
    lines = classify(text.split("\n"))
    out = [
        line.text if line.start is None else line.text[: line.start] + rewrite_value(line.text[line.start :], line)
        for line in lines
    ]
    result = "\n".join(out)
    check_same(text, result)
    return result


def without_prefix(value):
    """A rewritten value read back with an empty prefix (the inverse of the rewrite)."""
    if isinstance(value, str):
        for quote in "'\"":
            value = value.replace("%s ~ %s ~ %s" % (quote, PREFIX_VAR, quote), "")
            value = value.replace("%s ~ %s" % (PREFIX_VAR, quote), quote)
        return value.replace(TEMPLATE_PREFIX, "")
    if isinstance(value, dict):
        return {without_prefix(k): without_prefix(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_prefix(v) for v in value]
    return value


def check_same(before, after):
    if without_prefix(yaml.safe_load(after)) != without_prefix(yaml.safe_load(before)):
        raise ValueError("the rewritten file does not mean the same with an empty prefix")


def unprefixed(text):
    """[(line number, name)] of the names in a tasks file that do not follow the rule."""
    found = []
    for number, line in enumerate(classify(text.split("\n")), 1):
        if line.start is None:
            continue
        value = line.text[line.start :]
        found += [(number, m.group(0)) for m in DOMAIN.finditer(value) if not PREFIXED.search(value[: m.start()])]
    return found


def main(paths):
    status = 0
    for path in map(Path, paths):
        try:
            path.write_text(rewrite(path.read_text()))
        except ValueError as exc:
            print("%s: %s" % (path, exc), file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
