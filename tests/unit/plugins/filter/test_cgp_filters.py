# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cgp_encode / cgp_decode filter functions, called directly."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.communigate.pro.plugins.filter.cgp_codec_filters import FilterModule, cgp_decode, cgp_encode


def test_both_filters_are_registered():
    assert FilterModule().filters() == {"cgp_encode": cgp_encode, "cgp_decode": cgp_decode}


@pytest.mark.parametrize(
    "value, text",
    [
        ("abc", "abc"),
        ("example.com", '"example.com"'),
        ("", '""'),
        ('say "hi"\\', '"say \\"hi\\"\\\\"'),
        ("line1\nline2\r\x00", '"line1\\eline2\\r\\000"'),
        (True, "YES"),
        (False, "NO"),
        (None, "#NULL#"),
        (5, "#5"),
        (-1.5, "#-1.5"),
        ([], "()"),
        (["a", "b c", 1], '(a,"b c",#1)'),
        (
            {"RealName": "Sales Team", "Members": ["alice", "bob@example.com"]},
            '{RealName="Sales Team";Members=(alice,"bob@example.com");}',
        ),
        (datetime.date(2024, 1, 31), "#T31-01-2024"),
        (datetime.datetime(2024, 1, 31, 10, 0, 5), "#T31-01-2024_10:00:05"),
    ],
)
def test_encode(value, text):
    assert cgp_encode(value) == text


def test_encode_is_one_line_whatever_the_string():
    text = cgp_encode({"k\n": ["\r\n", "\x00", "\u2028", "tab\there"]})
    assert "\n" not in text and "\r" not in text and "\x00" not in text


def test_encode_of_a_multi_line_router_table():
    table = "<*@old.example.com> = *@example.com\n<*@legacy.example.com> = *@example.com"
    assert cgp_encode(table) == '"<*@old.example.com> = *@example.com\\e<*@legacy.example.com> = *@example.com"'


@pytest.mark.parametrize(
    "value, message", [({1: "a"}, "dictionary keys must be strings"), (float("nan"), "NaN"), (object(), "no CGP form")]
)
def test_encode_errors_are_filter_errors(value, message):
    with pytest.raises(AnsibleFilterError, match=message) as info:
        cgp_encode(value)
    assert "cgp_encode" in str(info.value)


def test_encode_too_deep():
    value, depth = "x", 0
    while depth < 200:
        value, depth = [value], depth + 1
    with pytest.raises(AnsibleFilterError, match="deeper than"):
        cgp_encode(value)


@pytest.mark.parametrize(
    "text, value",
    [
        ("abc", "abc"),
        ('"example.com"', "example.com"),
        ("10", "10"),
        ("#10", 10),
        ("#1.5", 1.5),
        ("YES", "YES"),
        ("#NULL#", None),
        ("(a, \"b c\", #1)", ["a", "b c", 1]),
        ('{Members=(alice,"bob@example.com");Limit=#10;}', {"Members": ["alice", "bob@example.com"], "Limit": 10}),
        ('"a\\eb"', "a\nb"),
        ("#T31-01-2024", "2024-01-31"),
        ("#T31-01-2024_10:00:05", "2024-01-31T10:00:05Z"),
        ("#TPAST", "#TPAST"),
        ("#TFUTURE", "#TFUTURE"),
        ("#I[10.0.0.1]:25", "[10.0.0.1]:25"),
        ("#I[10.0.0.1]", "10.0.0.1"),
        ("#I[::1]:25", "[::1]:25"),
        ("[aGVsbG8=]", "aGVsbG8="),
        ("<a x=\"1\"><b/></a>", '<a x="1"><b/></a>'),
        ("  {a = {b = (#T01-02-2003, [AA==]);};}  ", {"a": {"b": ["2003-02-01", "AA=="]}}),
    ],
)
def test_decode(text, value):
    result = cgp_decode(text)
    assert result == value
    assert json.loads(json.dumps(result)) == value  # JSON-friendly all the way down
    assert type(result) in (str, int, float, list, dict, type(None))


def test_decode_bytes():
    assert cgp_decode(b'{a="\xc3\xa9";}') == {"a": "\u00e9"}


def test_decode_words():
    assert cgp_decode('RENAMEACCOUNT "a@example.com" INTO "b@example.com"', words=True) == [
        "RENAMEACCOUNT",
        "a@example.com",
        "INTO",
        "b@example.com",
    ]
    assert cgp_decode("", words=True) == []


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "",
        "line1\nline2",
        'q"uote\\',
        "YES",
        None,
        7,
        -3,
        2.5,
        [],
        {},
        ["a", ["b", {"c": "d"}]],
        {"Members": ["alice", "bob@example.com"], "Nested": {"x": None, "n": 1}},
    ],
)
def test_round_trip_of_json_values(value):
    assert cgp_decode(cgp_encode(value)) == value


def test_bool_round_trips_as_the_cgp_word():
    assert cgp_decode(cgp_encode(True)) == "YES"


@pytest.mark.parametrize(
    "text, message",
    [
        ('"unterminated', "unterminated string at position 0"),
        ("{a=b;", "expected a key followed by '=' or '}' in dictionary at position 5"),
        ("(a b)", "expected ',' or ')' in array"),
        ("a b", "trailing data after the object"),
        ("#T32-01-2024", "bad timestamp"),
        ("[not base64!]", "bad datablock"),
        ("", "unexpected end of data"),
    ],
)
def test_decode_errors_are_filter_errors_with_the_codec_message(text, message):
    with pytest.raises(AnsibleFilterError, match="cgp_decode: .*" + re.escape(message)):
        cgp_decode(text)


@pytest.mark.parametrize("value", [{"a": "b"}, ["a"], 5, None])
def test_decode_needs_text(value):
    with pytest.raises(AnsibleFilterError, match="must be CGP text"):
        cgp_decode(value)


def test_decode_words_must_be_bool():
    with pytest.raises(AnsibleFilterError, match="words must be true or false"):
        cgp_decode("a", words="yes")
