# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mail rules on plain values: readable form <-> CGP arrays, normalised comparison,
per-rule planning, option validation (no server involved)."""

from __future__ import annotations

import pytest

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec
from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailrules import (
    Desired,
    RuleError,
    action_to_cgp,
    comparable,
    condition_to_cgp,
    from_params,
    names_of,
    parse_rule,
    parse_rules,
    plan,
    rules_equal,
    to_readable,
    to_readable_list,
)

# The matrix's examples (TRO Api.php), as the codec decodes them from the server.
VACATION_TEXT = (
    '(2,"#Vacation",(("Human Generated","---"),(From,"not in","#RepliedAddresses")),'
    '(("Reply with","I am away\\eback Monday"),("Remember \'From\' in",RepliedAddresses)))'
)
REDIRECT_TEXT = '(1,"#Redirect",(),(("Mirror to","x@y"),(Discard,"---")))'

VACATION_READABLE = {
    "name": "#Vacation",
    "priority": 2,
    "conditions": [{"what": "Human Generated"}, {"what": "From", "op": "not in", "value": "#RepliedAddresses"}],
    "actions": [
        {"action": "Reply with", "value": "I am away\nback Monday"},
        {"action": "Remember 'From' in", "value": "RepliedAddresses"},
    ],
}


def server(text):
    return cgp_codec.loads(text)


# ---------------------------------------------------------------- readable -> CGP


@pytest.mark.parametrize(
    "item, expected",
    [
        ({"what": "Human Generated"}, ["Human Generated", "---"]),
        ({"what": "From", "op": "not in", "value": "#RepliedAddresses"}, ["From", "not in", "#RepliedAddresses"]),
        ({"what": "Message Size", "op": "greater than", "value": 1000}, ["Message Size", "greater than", "1000"]),
        ({"what": "From", "op": "in", "value": ["a@x", "b@x"]}, ["From", "in", "a@x\nb@x"]),
        (["Subject", "is", "*urgent*"], ["Subject", "is", "*urgent*"]),
    ],
)
def test_condition_to_cgp(item, expected):
    assert condition_to_cgp(item) == expected


@pytest.mark.parametrize(
    "item, expected",
    [
        ({"action": "Discard"}, ["Discard", "---"]),
        ({"action": "Mirror to", "value": "x@y"}, ["Mirror to", "x@y"]),
        ({"action": "Reply with", "value": "line 1\nline 2"}, ["Reply with", "line 1\nline 2"]),
        ({"action": "Mirror to", "value": ["a@x", "b@x"]}, ["Mirror to", "a@x\nb@x"]),
        (["Stop Processing"], ["Stop Processing"]),
    ],
)
def test_action_to_cgp(item, expected):
    assert action_to_cgp(item) == expected


@pytest.mark.parametrize(
    "item, message",
    [
        ({"op": "is", "value": "x"}, "'what' is required"),
        ({"what": "From", "value": "x"}, "'op' is required"),
        ({"what": "From", "operation": "is"}, "unknown key(s) operation"),
        ({"what": "From", "op": "is", "value": {"a": 1}}, "expected a string"),
        ("From is x", "a condition is a dictionary"),
        ([], "cannot be empty"),
    ],
)
def test_bad_conditions_name_the_element(item, message):
    with pytest.raises(RuleError) as exc:
        condition_to_cgp(item, "conditions[3]")
    assert "conditions[3]" in str(exc.value) and message in str(exc.value)


def test_bad_action_names_the_element():
    with pytest.raises(RuleError, match=r"actions\[1\]: 'action' is required"):
        action_to_cgp({"value": "x"}, "actions[1]")
    with pytest.raises(RuleError, match=r"actions\[0\]: unknown key\(s\) to"):
        action_to_cgp({"action": "Mirror to", "to": "x"}, "actions[0]")


def test_parse_the_readable_form():
    rule = parse_rule(dict(VACATION_READABLE, comment="set by Ansible"))
    assert rule.name == "#Vacation" and rule.priority == 2
    assert rule.rule == [
        "2",
        "#Vacation",
        [["Human Generated", "---"], ["From", "not in", "#RepliedAddresses"]],
        [["Reply with", "I am away\nback Monday"], ["Remember 'From' in", "RepliedAddresses"]],
        "set by Ansible",
    ]


def test_the_readable_form_encodes_like_the_reference_example():
    line = cgp_codec.dumps(parse_rule(VACATION_READABLE).rule)
    assert line == VACATION_TEXT


def test_parse_ignores_options_left_unset():
    rule = parse_rule(
        {
            "name": "X",
            "priority": 1,
            "conditions": None,
            "actions": [{"action": "Discard"}],
            "comment": None,
            "raw": None,
        }
    )
    assert rule.rule == ["1", "X", [], [["Discard", "---"]]]


def test_parse_raw():
    rule = parse_rule({"raw": server(REDIRECT_TEXT)})
    assert rule.name == "#Redirect" and rule.priority == 1
    assert rule.rule == ["1", "#Redirect", [], [["Mirror to", "x@y"], ["Discard", "---"]]]
    assert parse_rule({"raw": [3, "N", [], [], "note"]}).rule == ["3", "N", [], [], "note"]
    assert parse_rule({"name": "N", "raw": ["#3", "N", [], []]}).priority == 3


def test_name_and_priority_alone_manage_the_priority():
    assert parse_rule({"name": "X", "priority": 7}).rule is None
    assert parse_rule({"name": "X", "priority": 7}).priority == 7


def test_without_priority_the_rule_keeps_the_servers():
    rule = parse_rule({"name": "X", "actions": [{"action": "Discard"}]})
    assert rule.priority is None and rule.rule[0] is None


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"priority": 1, "actions": []}, "name is required"),
        ({"name": "X"}, "give priority, or conditions and actions"),
        ({"name": "X", "priority": -1, "actions": []}, "priority must be a whole number"),
        ({"name": "X", "priority": True, "actions": []}, "priority must be a whole number"),
        ({"name": "X", "priority": "high", "actions": []}, "priority must be a whole number"),
        ({"raw": [1, "X", [], []], "priority": 2}, "priority is 2 but the raw rule's priority is 1"),
        ({"raw": [1, "X", [], []], "comment": "c", "actions": []}, "raw cannot be combined with actions, comment"),
        ({"raw": [1, "X", []]}, "4 or 5 elements"),
        ({"raw": [1, "", [], []]}, "rule name"),
        ({"raw": [1, "X", "From", []]}, "element 3 (the conditions) must be an array"),
        ({"name": "Y", "raw": [1, "X", [], []]}, "name is 'Y' but the raw rule is named 'X'"),
        ({"name": "X", "priority": 1, "color": "red"}, "unknown key(s) color"),
    ],
)
def test_bad_rules(spec, message):
    with pytest.raises(RuleError) as exc:
        parse_rule(spec)
    assert message in str(exc.value)


def test_errors_in_a_rules_list_name_the_item():
    with pytest.raises(RuleError, match=r"rules\[1\]\.priority: the priority must be"):
        parse_rules([{"name": "A", "priority": 1, "actions": []}, {"name": "B", "priority": "x", "actions": []}])
    with pytest.raises(RuleError, match=r"rules\[1\]\.conditions\[0\]: 'what' is required"):
        parse_rules([{"name": "A", "priority": 1}, {"name": "B", "priority": 1, "conditions": [{}]}])
    with pytest.raises(RuleError, match=r"rules\[1\]: rule 'A' is given twice"):
        parse_rules([{"name": "A", "priority": 1}, {"raw": [1, "A", [], []]}])


def test_names_of():
    assert names_of([{"name": "A"}, {"raw": [1, "B", [], []]}]) == ["A", "B"]
    with pytest.raises(RuleError, match=r"rules\[0\]\.name is required"):
        names_of([{"priority": 1}])


# ---------------------------------------------------------------- comparison


def test_server_and_yaml_forms_compare_equal():
    assert rules_equal(parse_rule(VACATION_READABLE).rule, server(VACATION_TEXT))
    assert rules_equal(["2", "X", [], []], [2, "X", [], [], ""])  # priority type, empty comment
    assert rules_equal(
        ["2", "X", [["Human Generated", "---"]], [["Discard", "---"]]], ["2", "X", [["Human Generated"]], [["Discard"]]]
    )  # missing "---"
    assert rules_equal(["2", "X", [], [["Reply with", "a\nb"]]], ["2", "X", [], [["Reply with", "a\r\nb"]]])
    assert rules_equal(
        ["2", "X", [["Message Size", "greater than", "10"]], []], ["2", "X", [["Message Size", "greater than", 10]], []]
    )


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (["2", "X", [], []], ["3", "X", [], []]),
        (["2", "X", [], []], ["2", "x", [], []]),
        (["2", "X", [], []], ["2", "X", [["Human Generated", "---"]], []]),
        (["2", "X", [], []], ["2", "X", [], [["Discard", "---"]]]),
        (["2", "X", [], []], ["2", "X", [], [], "comment"]),
        (["2", "X", [], [["Reply with", "a\nb"]]], ["2", "X", [], [["Reply with", "a\nb "]]]),
        (
            ["2", "X", [], [["Discard", "---"], ["Stop Processing", "---"]]],
            ["2", "X", [], [["Stop Processing", "---"], ["Discard", "---"]]],
        ),
    ],
)
def test_real_differences_are_seen(ours, theirs):
    assert not rules_equal(ours, theirs)


def test_comparable_form():
    assert comparable(["#5", "N", [["A"]], [["B", "c"]]]) == [5, "N", [["A", "---"]], [["B", "c"]], ""]


# ---------------------------------------------------------------- CGP -> readable


def test_server_rules_read_as_the_readable_form():
    assert to_readable(server(VACATION_TEXT)) == VACATION_READABLE
    assert to_readable(server(REDIRECT_TEXT)) == {
        "name": "#Redirect",
        "priority": 1,
        "conditions": [],
        "actions": [{"action": "Mirror to", "value": "x@y"}, {"action": "Discard"}],
    }
    assert to_readable(["4", "C", [], [], "note"])["comment"] == "note"
    assert "comment" not in to_readable(["4", "C", [], [], ""])


@pytest.mark.parametrize(
    "rule",
    [
        ["1", "A", [["From", "---", "x"]], []],  # a value without an operation
        ["1", "A", [["Header Field", "is", "a", "b"]], []],  # more elements than the readable form has
        ["1", "A", [], [["Mirror to", "x", "y"]]],
        ["1", "A", [], [["Mirror to", ["x", "y"]]]],  # a non-string parameter
        ["1", "A", "oops", []],
        ["high", "A", [], []],
        ["1", "A", [], [], "c", "extra"],
    ],
)
def test_what_the_readable_form_cannot_hold_is_returned_raw(rule):
    readable = to_readable(rule)
    assert readable["raw"] == rule and readable["name"] == "A"
    assert set(readable) == {"name", "priority", "raw"}


def test_raw_output_is_accepted_back():
    rule = ["1", "A", [["Header Field", "is", "a", "b"]], []]
    assert parse_rule(to_readable(rule)).rule == rule


def test_readable_output_round_trips():
    for text in (VACATION_TEXT, REDIRECT_TEXT):
        rule = server(text)
        again = parse_rule(to_readable(rule)).rule
        assert rules_equal(again, rule)
    assert to_readable_list(None) == []


# ---------------------------------------------------------------- planning

CURRENT = [server(REDIRECT_TEXT), server(VACATION_TEXT), ["5", "Lists", [], [["Store in", "Lists"]]]]


def test_unchanged_rule_plans_nothing():
    todo = plan(CURRENT, [parse_rule(VACATION_READABLE)])
    assert not todo.changed and todo.after == CURRENT


def test_new_rule_is_appended():
    todo = plan(CURRENT, [parse_rule({"name": "New", "priority": 3, "actions": [{"action": "Discard"}]})])
    assert todo.operations == [("update", ["3", "New", [], [["Discard", "---"]]])]
    assert todo.after == CURRENT + [["3", "New", [], [["Discard", "---"]]]]


def test_changed_rule_is_replaced_in_place():
    wanted = dict(VACATION_READABLE, actions=[{"action": "Reply with", "value": "gone"}])
    todo = plan(CURRENT, [parse_rule(wanted)])
    assert [op for op, _value in todo.operations] == ["update"]
    assert todo.after[1][3] == [["Reply with", "gone"]] and todo.after[0] == CURRENT[0]


def test_rule_without_priority_keeps_the_servers():
    todo = plan(CURRENT, [parse_rule({"name": "Lists", "actions": [{"action": "Store in", "value": "Lists"}]})])
    assert not todo.changed
    todo = plan(CURRENT, [parse_rule({"name": "#Redirect", "actions": [{"action": "Discard"}]})])
    assert todo.operations == [("update", ["1", "#Redirect", [], [["Discard", "---"]]])]
    with pytest.raises(RuleError, match="does not exist yet: give its priority"):
        plan(CURRENT, [parse_rule({"name": "Nope", "actions": []})])


def test_priority_only():
    assert not plan(CURRENT, [Desired("Lists", 5, None)]).changed
    todo = plan(CURRENT, [Desired("Lists", 9, None)])
    assert todo.operations == [("priority", ["9", "Lists"])]
    assert todo.after[2] == ["9", "Lists", [], [["Store in", "Lists"]]]
    with pytest.raises(RuleError, match="rule 'Nope' does not exist, so its priority alone cannot be set"):
        plan(CURRENT, [Desired("Nope", 1, None)])


def test_absent():
    todo = plan(CURRENT, absent=["#Vacation", "not there"])
    assert todo.operations == [("delete", "#Vacation")]
    assert todo.after == [CURRENT[0], CURRENT[2]]
    assert not plan(CURRENT, absent=["not there"]).changed


def test_purge_removes_the_rules_not_given():
    todo = plan(CURRENT, [parse_rule(VACATION_READABLE)], purge=True)
    assert todo.operations == [("delete", "#Redirect"), ("delete", "Lists")]
    assert todo.after == [CURRENT[1]]
    assert plan(CURRENT, [], purge=True).after == []
    assert not plan([], [], purge=True).changed


def test_names_are_case_sensitive():
    todo = plan(CURRENT, [parse_rule(dict(VACATION_READABLE, name="#vacation"))])
    assert todo.operations[0][0] == "update" and len(todo.after) == 4


# ---------------------------------------------------------------- module options


def params(**given):
    base = dict(
        state="present",
        purge=False,
        rules=None,
        name=None,
        priority=None,
        conditions=None,
        actions=None,
        comment=None,
        raw=None,
    )
    base.update(given)
    return base


def test_from_params_single_rule():
    desired, absent, named = from_params(params(**VACATION_READABLE))
    assert [d.name for d in desired] == ["#Vacation"] and absent == [] and named == "#Vacation"
    desired, absent, named = from_params(params(raw=[1, "R", [], []]))
    assert named == "R" and desired[0].rule == ["1", "R", [], []]


def test_from_params_rules_and_absent():
    item = dict(name="A", priority=1, conditions=None, actions=None, comment=None, raw=None)  # as Ansible passes it
    desired, absent, named = from_params(params(rules=[item]))
    assert [d.name for d in desired] == ["A"] and named is None
    assert from_params(params(state="absent", name="A")) == ([], ["A"], "A")
    assert from_params(params(state="absent", rules=[{"name": "A"}, {"name": "B"}])) == ([], ["A", "B"], None)
    with pytest.raises(RuleError, match="purge is only used with state=present"):
        from_params(params(state="absent", name="A", purge=True))
