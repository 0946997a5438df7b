"""Tests of the CGP Data Formats codec: reference vectors, every type both ways,
round-trip properties, malformed input and fuzzing."""

import copy
import datetime
import os
import pickle
import random

import pytest
from hypothesis import given, settings, strategies as st

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec
from ansible_collections.communigate.pro.plugins.module_utils.cgp_codec import (
    FUTURE,
    PAST,
    XML,
    CGPDecodeError,
    CGPEncodeError,
    IPAddress,
    dumps,
    loads,
    loads_words,
)

# ------------------------------------------------------------- known vectors

# Decoder vectors from the peer client's tests and the reference's outputs.
DECODE_VECTORS = [
    ("String", "String"),
    ('"a \\"string\\" within string"', 'a "string" within string'),
    ("#50", 50),
    ("#-50", -50),
    ("#-12.34", -12.34),
    ("#T22-10-2009", datetime.date(2009, 10, 22)),
    ("#T22-10-2009_15:24:45", datetime.datetime(2009, 10, 22, 15, 24, 45)),
    ('("Domain Settings", Domain)', ["Domain Settings", "Domain"]),
    ('{Name=Unit;LastName="Test da Silva";}', {"Name": "Unit", "LastName": "Test da Silva"}),
    ("#I[10.0.44.55]:25", IPAddress("10.0.44.55", 25)),
    ("#I[2001:470:1f01:2565::a:80f]", IPAddress("2001:470:1f01:2565::a:80f")),
    ("#NULL#", None),
    ("#TPAST", PAST),
    ("#TFUTURE", FUTURE),
    ("[SGVsbG8sIHdvcmxk]", b"Hello, world"),
    ("[]", b""),
    ("()", []),
    ("{}", {}),
    ('""', ""),
    # the sample session's ListDomains output
    ("(mail.servername.com, client1.com, client2.com)", ["mail.servername.com", "client1.com", "client2.com"]),
    # unquoted words real servers and clients send
    ("user@example.com", "user@example.com"),
    ("10M", "10M"),
    ("a-b_c.d@e!f#g%h:i", "a-b_c.d@e!f#g%h:i"),
    ("Grüße", "Grüße"),
    ('"Grüße, 世界"', "Grüße, 世界"),
    # GetAccountInfo with a key list and LISTDOMAINOBJECTS shapes
    (
        "{LastLogin=#T01-02-2010_03:04:05;LastAddress=#I[192.0.2.7];}",
        {"LastLogin": datetime.datetime(2010, 2, 1, 3, 4, 5), "LastAddress": IPAddress("192.0.2.7")},
    ),
    (
        "(#3, {bob=macnt; al=(bob); fw=((\"x@y.com\"));}, #1, #1, \"\")",
        [3, {"bob": "macnt", "al": ["bob"], "fw": [["x@y.com"]]}, 1, 1, ""],
    ),
    # a mail rule, as the peers write them
    (
        '( 1, "#Redirect", (), (("Mirror to", "x@y"), (Discard, "---")) )',
        ["1", "#Redirect", [], [["Mirror to", "x@y"], ["Discard", "---"]]],
    ),
    # AccessModes array with a leading number
    ('(#27, "Mail","Relay","Signal")', [27, "Mail", "Relay", "Signal"]),
    # keys may be quoted strings
    ('{"Real Name" = "A B"; "" = #5;}', {"Real Name": "A B", "": 5}),
    ('<XCAP xmlns="x"><a b=\'1\'>t&amp;t</a><c/></XCAP>', XML('<XCAP xmlns="x"><a b=\'1\'>t&amp;t</a><c/></XCAP>')),
]

NESTED = (
    "{ServiceClasses={Guests={Changed=#T22-10-2009_15:24:45;Folders=(INBOX, \"Sent Items\");"
    "Source=#I[127.127.127.127];};Staff={Changed=#T22-10-2009_15:24:45;Folders=(INBOX);"
    "MaxAccounts=#20;};};}"
)


@pytest.mark.parametrize("text,value", DECODE_VECTORS, ids=[pair[0] for pair in DECODE_VECTORS])
def test_decode_vectors(text, value):
    decoded = loads(text)
    assert decoded == value
    assert decoded.__class__ is value.__class__


def test_nested_service_classes():
    value = loads(NESTED)
    assert value["ServiceClasses"]["Guests"]["Folders"] == ["INBOX", "Sent Items"]
    assert value["ServiceClasses"]["Guests"]["Source"] == IPAddress("127.127.127.127")
    assert value["ServiceClasses"]["Staff"]["MaxAccounts"] == 20
    assert loads(dumps(value)) == value


# Encoder vectors from the peer client's tests.
ENCODE_VECTORS = [
    (None, "#NULL#"),
    (666, "#666"),
    (-5, "#-5"),
    ("long string with spaces", '"long string with spaces"'),
    ({"LastName": "Test", "FullName": "Unit Test", "Name": "Unit"}, '{LastName=Test;FullName="Unit Test";Name=Unit;}'),
    (["Name", "LastName", "Full Name"], '(Name,LastName,"Full Name")'),
    (("a", "b"), "(a,b)"),
    (datetime.date(2002, 8, 10), "#T10-08-2002"),
    (datetime.datetime(1989, 11, 15, 14, 32, 25), "#T15-11-1989_14:32:25"),
    (datetime.datetime(1, 1, 1), "#T01-01-0001_00:00:00"),
    ("", '""'),
    ("user@example.com", '"user@example.com"'),
    ("abc123", "abc123"),
    ("#Redirect", '"#Redirect"'),
    (True, "YES"),
    (False, "NO"),
    (b"\x00\xff", "[AP8=]"),
    (bytearray(b"hi"), "[aGk=]"),
    (IPAddress("10.0.0.1"), "#I[10.0.0.1]"),
    (IPAddress("::1", 106), "#I[::1]:106"),
    (PAST, "#TPAST"),
    (FUTURE, "#TFUTURE"),
    (1.5, "#1.5"),
    (XML("<a/>"), "<a/>"),
    ({}, "{}"),
    ([], "()"),
]


@pytest.mark.parametrize("value,text", ENCODE_VECTORS, ids=[pair[1] for pair in ENCODE_VECTORS])
def test_encode_vectors(value, text):
    assert dumps(value) == text


@pytest.mark.parametrize(
    "char,escape",
    [
        ('"', '\\"'),
        ("\\", "\\\\"),
        ("\r", "\\r"),
        ("\n", "\\e"),
        ("\t", "\\t"),
        ("\0", "\\000"),
        ("\x1b", "\\027"),
        ("\x7f", "\\127"),
    ],
)
def test_string_escapes(char, escape):
    assert dumps("a" + char + "b") == '"a' + escape + 'b"'
    assert loads('"a' + escape + 'b"') == "a" + char + "b"


def test_decoder_escapes():
    assert loads('"\\n"') == "\n"
    assert loads('"line1\\eline2"') == "line1\nline2"
    assert loads('"\\065\\066"') == "AB"
    assert loads('"\\\\e"') == "\\e"
    assert loads('"a\\\\\\"b"') == 'a\\"b'


def test_aware_datetime_is_sent_in_gmt():
    tz = datetime.timezone(datetime.timedelta(hours=2))
    assert dumps(datetime.datetime(2020, 5, 1, 1, 30, 0, tzinfo=tz)) == "#T30-04-2020_23:30:00"


def test_time_constants_are_distinct_and_survive_copies():
    assert PAST != FUTURE
    assert loads("#TPAST") is PAST
    assert copy.deepcopy(FUTURE) is FUTURE
    assert pickle.loads(pickle.dumps(PAST)) is PAST
    assert loads("#TPAST") != datetime.datetime.min


def test_ip_address_value_type():
    assert IPAddress("10.0.0.1", 25) == IPAddress("10.0.0.1", 25)
    assert IPAddress("10.0.0.1", 25) != IPAddress("10.0.0.1")
    assert len({IPAddress("10.0.0.1"), IPAddress("10.0.0.1")}) == 1
    assert str(IPAddress("10.0.0.1", 25)) == "[10.0.0.1]:25"
    with pytest.raises(ValueError):
        IPAddress("10.0.0.300")
    with pytest.raises(ValueError):
        IPAddress("10.0.0.1", 70000)


def test_multi_line_output_and_white_space():
    text = "(\r\n  mail.example.com,\r\n\tclient1.com ,\n  {\n a = b ;\n }\n)\r\n"
    assert loads(text) == ["mail.example.com", "client1.com", {"a": "b"}]


def test_loads_accepts_utf8_bytes():
    assert loads('"Grüße"'.encode()) == "Grüße"


def test_loads_words_parses_a_command_line():
    line = 'CreateAccount "user1@client1.com" TextMailbox {Password="a b";} into user2 #5 ("x", y)'
    assert loads_words(line) == [
        "CreateAccount",
        "user1@client1.com",
        "TextMailbox",
        {"Password": "a b"},
        "into",
        "user2",
        5,
        ["x", "y"],
    ]
    assert loads_words("   ") == []
    assert loads_words("\tNOOP\r\n") == ["NOOP"]


def test_loads_words_rejects_garbage():
    with pytest.raises(CGPDecodeError):
        loads_words('GetAccountSettings "unterminated')


def test_bool_is_yes_no_and_decodes_as_string():
    assert loads(dumps({"Flag": True, "Other": False})) == {"Flag": "YES", "Other": "NO"}


# ------------------------------------------------------------- one line, no injection

NASTY = ['a"b', "a\\b", "a\rb", "a\nb", "a\0b", "#1", "x\r\nDeleteAccount victim", '"; DeleteDomain x; "', "\\", '"']


@pytest.mark.parametrize("text", NASTY)
def test_nasty_strings_stay_one_word(text):
    for value in (text, [text], {text: text}):
        line = "GetAccountSettings " + dumps(value)
        assert "\r" not in line and "\n" not in line and "\0" not in line
        assert loads_words(line) == ["GetAccountSettings", value]


def test_xml_that_cannot_be_one_line_is_refused():
    with pytest.raises(CGPEncodeError):
        dumps(XML("<a>\n</a>"))


@pytest.mark.parametrize("value", [object(), {1: "a"}, float("nan"), float("inf"), set([1])])
def test_values_without_cgp_form_are_refused(value):
    with pytest.raises(CGPEncodeError):
        dumps(value)


# ------------------------------------------------------------- malformed input

MALFORMED = [
    "",
    "   ",
    '"unterminated',
    '"bad escape \\q"',
    '"bad escape \\12"',
    '"\\999"',
    "[abc]",
    "[a$b]",
    "#",
    "#12x",
    "#-",
    "#1.",
    "#T32-01-2000",
    "#T22-13-2009",
    "#T22-10-2009_25:00:00",
    "#T22-10-2009_15:24",
    "#TNOW",
    "#I[999.1.1.1]",
    "#I[10.0.0.1]:99999",
    "#I[nothex]",
    "#I[1.2.3.4",
    "#NULL",
    "(Name]",
    "(Name LastName)",
    "(a,",
    "(a,)",
    "(,)",
    "{Name=\"Whatever\"}",
    "{Name}",
    "{a=b;",
    "{=b;}",
    "{a b;}",
    "{(a)=b;}",
    ")",
    "}",
    "a b",
    "(a) x",
    "<a>",
    "<a></b>",
    "</a>",
    "<!-- x -->",
    "<",
    "\x01",
    "a\x00",
    "{a=b;}}",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_input_is_a_decode_error(text):
    with pytest.raises(CGPDecodeError) as info:
        loads(text)
    assert "position" in str(info.value)
    assert isinstance(info.value.pos, int)


def test_decode_error_has_position_and_excerpt():
    with pytest.raises(CGPDecodeError) as info:
        loads("(alpha, beta gamma)")
    assert info.value.pos == 13
    assert "beta gamma" in info.value.excerpt


@pytest.mark.parametrize("opener,closer", [("(", ")"), ("{a=", ";}"), ("<a>", "</a>")])
def test_deep_nesting_is_a_decode_error_not_a_crash(opener, closer):
    depth = cgp_codec.MAX_DEPTH
    assert loads(opener * (depth - 1) + "x" * (opener != "<a>") + closer * (depth - 1)) is not None
    with pytest.raises(CGPDecodeError):
        loads(opener * 100000 + "x" + closer * 100000)


def test_deep_values_are_an_encode_error():
    value = []
    for _level in range(cgp_codec.MAX_DEPTH + 5):
        value = [value]
    with pytest.raises(CGPEncodeError):
        dumps(value)


def test_huge_input_is_a_decode_error():
    with pytest.raises(CGPDecodeError):
        loads(" " * (cgp_codec.MAX_INPUT + 1))


def test_pathological_input_does_not_hang():
    # Patterns that make naive backtracking regexes explode must stay linear.
    for text in ('"' + "\\\\" * 50000, "{" + "a=b;" * 50000, "(" + "a," * 50000, "<a " + "x='1' " * 20000):
        with pytest.raises(CGPDecodeError):
            loads(text)


# ------------------------------------------------------------- properties

_ATOMISH = st.text(alphabet="abcXYZ019-_.@!%:#é", min_size=1).filter(lambda s: s[0] != "#")
_TEXT = st.text()
_SCALARS = st.one_of(
    st.none(),
    _TEXT,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.binary(),
    st.dates(min_value=datetime.date(1, 1, 1)),
    st.datetimes().map(lambda d: d.replace(microsecond=0)),
    st.sampled_from([PAST, FUTURE]),
    st.ip_addresses()
    .map(str)
    .flatmap(lambda a: st.sampled_from([IPAddress(a), IPAddress(a, 25), IPAddress(a, 65535)])),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([XML("<a/>"), XML('<r x="1"><b>t</b></r>')]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=5), st.dictionaries(_TEXT, children, max_size=5)),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(_VALUES)
def test_round_trip(value):
    text = dumps(value)
    assert "\r" not in text and "\n" not in text and "\0" not in text
    assert loads(text) == value


@settings(max_examples=200, deadline=None)
@given(st.lists(_VALUES, max_size=6))
def test_words_round_trip(values):
    assert loads_words(" ".join(dumps(v) for v in values)) == values


@settings(max_examples=200, deadline=None)
@given(_ATOMISH)
def test_unquoted_words_decode_as_themselves(word):
    assert loads(word) == word
    assert loads(dumps(word)) == word


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_raise_only_decode_errors(data):
    try:
        loads(data)
    except CGPDecodeError:
        pass
    try:
        loads_words(data)
    except CGPDecodeError:
        pass


def test_mutated_valid_text_raises_only_decode_errors():
    rng = random.Random(int(os.environ.get("CGP_FUZZ_SEED", "7")))
    seeds = [pair[0] for pair in DECODE_VECTORS] + [NESTED]
    alphabet = '(){}[]<>=;,"\\#TI:/ aZ09\n\x00é'
    for _attempt in range(20000):
        text = list(rng.choice(seeds))
        for _edit in range(rng.randint(1, 4)):
            op = rng.randint(0, 2)
            index = rng.randint(0, len(text))
            if op == 0:
                text.insert(index, rng.choice(alphabet))
            elif text:
                del text[min(index, len(text) - 1)]
                if op == 2:
                    text.insert(index, rng.choice(alphabet))
        try:
            loads("".join(text))
        except CGPDecodeError:
            pass
