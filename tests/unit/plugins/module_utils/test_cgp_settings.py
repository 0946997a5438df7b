# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""cgp_settings planning on plain values: scope table, validation, merge/replace of
dictionaries, line lists and rule arrays (no server involved)."""

from __future__ import annotations

import pytest

from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec
from ansible_collections.communigate.pro.plugins.module_utils.cgp_settings import (
    DICT,
    LINES,
    RULES,
    SCOPES,
    desired_value,
    join_lines,
    output_value,
    plan,
    plan_dict,
    plan_lines,
    plan_rules,
    problem,
    split_lines,
    to_rule,
)

REDIRECT = ["1", "#Redirect", [], [["Mirror to", "x@y"], ["Discard", "---"]]]
VACATION = ["2", "#Vacation", [["Human Generated", "---"]], [["Reply with", "text"]], "away"]


def params(**given):
    base = {
        "scope": "lan_ips",
        "module": None,
        "cluster": False,
        "settings": None,
        "entries": None,
        "mode": "merge",
        "state": "present",
    }
    base.update(given)
    return base


# ---------------------------------------------------------------- table and commands


def test_every_required_scope_is_in_the_table():
    required = {
        "module",
        "server_settings",
        "server_account_defaults",
        "server_account_prefs",
        "domain_defaults",
        "lan_ips",
        "client_ips",
        "blacklisted_ips",
        "whitehole_ips",
        "nated_ips",
        "natsite_ips",
        "debug_ips",
        "denied_ips",
        "router_table",
        "log_settings",
        "server_mail_rules",
    }
    assert required <= set(SCOPES)
    assert all(SCOPES[name].kind == LINES for name in required if name.endswith("_ips"))
    assert SCOPES["server_mail_rules"].kind == RULES and SCOPES["module"].kind == DICT


@pytest.mark.parametrize(
    "scope, cluster, expected",
    [
        ("lan_ips", False, ("GETLANIPS",)),
        ("lan_ips", True, ("GETCLUSTERLANIPS",)),
        ("natsite_ips", True, ("GETCLUSTERNATSITEIPS",)),
        ("server_account_defaults", True, ("GETCLUSTERACCOUNTDEFAULTS",)),
        ("server_account_prefs", False, ("GETSERVERACCOUNTPREFS",)),
        ("server_mail_rules", True, ("GETCLUSTERMAILRULES",)),
        ("router_table", True, ("GETCLUSTERROUTERTABLE",)),
        ("queue", False, ("GETQUEUESETTINGS",)),
        ("server_intercept", True, ("GETCLUSTERINTERCEPT",)),
    ],
)
def test_read_commands(scope, cluster, expected):
    assert SCOPES[scope].command("GET", cluster=cluster) == expected


def test_module_commands_carry_the_module_name():
    scope = SCOPES["module"]
    assert scope.command("GET", "SMTP") == ("GETMODULE", "SMTP")
    assert scope.command("UPDATE", "SMTP", False, {"A": "1"}) == ("UPDATEMODULE", "SMTP", {"A": "1"})
    assert SCOPES["domain_defaults"].command("SET", None, True, {}) == ("SETCLUSTERDOMAINDEFAULTS", {})


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "given, option",
    [
        (dict(scope="module", settings={"A": 1}), "module is required"),
        (dict(scope="lan_ips", module="SMTP", entries=[]), "module is only valid"),
        (dict(scope="server_settings", cluster=True, settings={}), "cluster:"),
        (dict(scope="module", module="SMTP", cluster=True, settings={}), "cluster:"),
        (dict(scope="lan_ips", settings={"A": 1}), "settings is not valid for scope lan_ips"),
        (dict(scope="domain_defaults", entries=["x"]), "entries is not valid for scope domain_defaults"),
        (dict(scope="lan_ips"), "entries is required"),
        (dict(scope="log_settings"), "settings is required"),
        (dict(scope="lan_ips", entries=["1.2.3.4"], state="absent", mode="replace"), "mode: replace"),
        (dict(scope="lan_ips", entries=[{"a": 1}]), "entries[0] must be a string"),
        (dict(scope="server_mail_rules", entries=[["1", "x"]]), "entries[0] must be a rule"),
        (dict(scope="server_mail_rules", entries=[["high", "x", [], []]]), "entries[0]: the rule priority"),
        (dict(scope="server_mail_rules", entries=[{"name": "x"}]), "entries[0]: a rule needs a priority"),
        (
            dict(scope="server_mail_rules", entries=[{"name": "x", "priority": 1, "when": []}]),
            "unknown rule key(s) when",
        ),
        (dict(scope="server_mail_rules", entries=[REDIRECT, ["1", "", [], []]]), "entries[1]: the rule name"),
        (dict(scope="server_mail_rules", entries=[["1", "x", "c", []]]), "the rule conditions must be a list"),
    ],
)
def test_bad_combinations_name_the_option(given, option):
    message = problem(params(**given))
    assert message is not None and option in message


@pytest.mark.parametrize(
    "given",
    [
        dict(scope="lan_ips", entries=["10.0.0.0-10.255.255.255"]),
        dict(scope="lan_ips", entries=[], mode="replace"),
        dict(scope="lan_ips", entries=["10.0.0.1"], cluster=True, state="absent"),
        dict(scope="module", module="SMTP", settings={"SendChannels": 40}),
        dict(scope="server_mail_rules", entries=[REDIRECT, {"name": "n", "priority": 3}]),
        dict(scope="server_mail_rules", entries=["#Redirect"], state="absent"),
    ],
)
def test_valid_combinations(given):
    assert problem(params(**given)) is None


# ---------------------------------------------------------------- lines


def test_split_lines_strips_and_drops_empty_lines_keeps_comments():
    text = "  10.0.0.1 \r\n\n; office\r192.168.0.0-192.168.255.255\n"
    assert split_lines(text) == ["10.0.0.1", "; office", "192.168.0.0-192.168.255.255"]
    assert split_lines(["a\nb", " c ", ""]) == ["a", "b", "c"]
    assert split_lines(None) == [] and split_lines("") == []


def test_lines_travel_as_one_string_with_backslash_e():
    assert cgp_codec.dumps(join_lines(["10.0.0.1", "10.0.0.2"])) == '"10.0.0.1\\e10.0.0.2"'
    assert split_lines(cgp_codec.loads('"10.0.0.1\\e10.0.0.2"')) == ["10.0.0.1", "10.0.0.2"]


def test_merge_adds_missing_entries_keeps_others_and_order():
    assert plan_lines(["b", "a"], ["a", "c", "c"]) == ["b", "a", "c"]
    assert plan_lines(["b", "a"], ["a", "b"]) is None


def test_absent_removes_only_the_given_entries():
    assert plan_lines(["a", "b", "c"], ["b", "x"], state="absent") == ["a", "c"]
    assert plan_lines(["a"], ["x"], state="absent") is None


def test_replace_compares_ordered_lists():
    assert plan_lines(["a", "b"], ["a", "b"], mode="replace") is None
    assert plan_lines(["a", "b"], ["b", "a"], mode="replace") == ["b", "a"]
    assert plan_lines(["a", "b"], [], mode="replace") == []


def test_plan_for_a_line_scope_sets_the_joined_text():
    change = plan(
        SCOPES["router_table"], "<*@old.test> = *@new.test\n", ["; moved", "<*@old.test> = *@new.test"], mode="replace"
    )
    assert change.operation == "SET"
    assert change.value == "; moved\n<*@old.test> = *@new.test"
    assert change.after == ["; moved", "<*@old.test> = *@new.test"]
    assert plan(SCOPES["lan_ips"], "10.0.0.1\n", ["10.0.0.1"]) is None


def test_user_entries_with_embedded_newlines_are_split():
    assert desired_value(SCOPES["router_table"], ["a = b\n c = d "]) == ["a = b", "c = d"]


# ---------------------------------------------------------------- dictionaries


def test_update_scope_merge_sends_only_changed_keys():
    scope = SCOPES["module"]
    current = {"SendChannels": "20", "UseESMTP": "YES", "LogLevel": "2"}
    change = plan_dict(scope, current, {"SendChannels": 40, "UseESMTP": True})
    assert change.operation == "UPDATE"
    assert change.value == {"SendChannels": "40"}
    assert change.after == {"SendChannels": "40", "UseESMTP": "YES", "LogLevel": "2"}
    assert plan_dict(scope, current, {"SendChannels": "20", "UseESMTP": True}) is None
    # UseESMTP is a known yes/no setting: any spelling; elsewhere text is compared as text
    assert plan_dict(scope, current, {"UseESMTP": "yes"}) is None
    assert plan_dict(scope, {"Mode": "YES"}, {"Mode": "yes"}).value == {"Mode": "yes"}


def test_removal_at_update_and_set_scope_goes_by_set_of_whole_dictionary():
    current = {"MailToUnknown": "Rejected", "LogLevel": "2"}
    change = plan_dict(SCOPES["domain_defaults"], current, {"MailToUnknown": None})
    assert change.operation == "SET" and change.value == {"LogLevel": "2"}
    change = plan_dict(SCOPES["domain_defaults"], current, {"LogLevel": "default"})
    assert change.operation == "SET" and change.value == {"MailToUnknown": "Rejected"}
    assert plan_dict(SCOPES["domain_defaults"], current, {"Missing": None}) is None


def test_removal_at_update_only_scope_sends_default():
    change = plan_dict(SCOPES["server_settings"], {"A": "1", "B": "2"}, {"A": None, "B": 3})
    assert change.operation == "UPDATE"
    assert change.value == {"A": "default", "B": "3"}
    assert change.after == {"B": "3"}


def test_set_only_scope_does_read_modify_write():
    current = {"DeliveryThreads": "10", "EnqueuerProcessors": "3"}
    change = plan_dict(SCOPES["queue"], current, {"DeliveryThreads": 20})
    assert change.operation == "SET"
    assert change.value == {"DeliveryThreads": "20", "EnqueuerProcessors": "3"}


def test_absent_removes_given_keys_whatever_their_value():
    change = plan_dict(SCOPES["queue"], {"A": "1", "B": "2"}, {"A": "anything"}, state="absent")
    assert change.value == {"B": "2"}
    assert plan_dict(SCOPES["queue"], {"B": "2"}, {"A": "x"}, state="absent") is None


def test_replace_sets_exactly_the_given_dictionary():
    current = {"A": "1", "B": "2"}
    change = plan_dict(SCOPES["server_account_defaults"], current, {"A": 1, "C": True, "D": None}, mode="replace")
    assert change.operation == "SET" and change.value == {"A": "1", "C": "YES"}
    assert plan_dict(SCOPES["queue"], current, {"A": 1, "B": "2"}, mode="replace") is None
    assert plan_dict(SCOPES["queue"], current, {}, mode="replace").value == {}


def test_replace_on_update_only_scope_removes_other_keys_with_default():
    change = plan_dict(SCOPES["log_settings"], {"A": "1", "B": "2"}, {"A": "9"}, mode="replace")
    assert change.operation == "UPDATE"
    assert change.value == {"A": "9", "B": "default"}
    assert change.after == {"A": "9"}


def test_nested_values_compare_as_a_whole_after_normalisation():
    current = {"Listener": {"SMTP": [{"PORT": "25"}]}}
    assert plan_dict(SCOPES["module"], current, {"Listener": {"SMTP": [{"PORT": 25}]}}) is None
    # a one-element array is not its element
    assert plan_dict(SCOPES["module"], current, {"Listener": {"SMTP": {"PORT": 25}}}) is not None
    change = plan_dict(SCOPES["module"], current, {"Listener": {"SMTP": [{"PORT": 26}]}})
    assert change.value == {"Listener": {"SMTP": [{"PORT": "26"}]}}


def test_values_with_quotes_backslashes_newlines_are_kept_exactly():
    nasty = 'say "hi"\\ \nnext line'
    change = plan_dict(SCOPES["module"], {}, {"Banner": nasty})
    assert change.value == {"Banner": nasty}
    assert cgp_codec.loads(cgp_codec.dumps(change.value)) == {"Banner": nasty}
    assert plan_dict(SCOPES["module"], {"Banner": nasty}, {"Banner": nasty}) is None


# ---------------------------------------------------------------- rules


def test_dict_and_array_rule_forms_agree():
    readable = {
        "name": "#Vacation",
        "priority": 2,
        "conditions": [["Human Generated", "---"]],
        "actions": [["Reply with", "text"]],
        "comment": "away",
    }
    assert to_rule(readable) == VACATION
    assert to_rule([2, "#Vacation", [["Human Generated", "---"]], [["Reply with", "text"]], "away"]) == VACATION
    assert to_rule({"name": "x", "priority": "5"}) == ["5", "x", [], []]


def test_rules_merge_by_name():
    changed = ["1", "#Redirect", [], [["Discard", "---"]]]
    assert plan_rules([REDIRECT, VACATION], [changed]) == [changed, VACATION]
    assert plan_rules([REDIRECT], [VACATION]) == [REDIRECT, VACATION]
    assert plan_rules([REDIRECT, VACATION], [to_rule([1, "#Redirect", [], REDIRECT[3]])]) is None


def test_rules_absent_by_name_or_rule():
    assert plan_rules([REDIRECT, VACATION], ["#Redirect"], state="absent") == [VACATION]
    assert plan_rules([REDIRECT, VACATION], [VACATION], state="absent") == [REDIRECT]
    assert plan_rules([REDIRECT], ["#Nothing"], state="absent") is None


def test_rules_replace_ignores_order_but_not_content_or_count():
    assert plan_rules([REDIRECT, VACATION], [VACATION, REDIRECT], mode="replace") is None
    assert plan_rules([REDIRECT, VACATION], [REDIRECT], mode="replace") == [REDIRECT]
    assert plan_rules([REDIRECT], [], mode="replace") == []


def test_rule_plan_round_trips_through_the_codec():
    change = plan(SCOPES["server_mail_rules"], [], [VACATION])
    assert change.operation == "SET"
    assert cgp_codec.loads(cgp_codec.dumps(change.value)) == [VACATION]


# ---------------------------------------------------------------- output shape


def test_output_is_valid_input():
    lines = output_value(SCOPES["lan_ips"], "10.0.0.1\n10.0.0.2")
    assert lines == ["10.0.0.1", "10.0.0.2"]
    assert plan(SCOPES["lan_ips"], "10.0.0.1\n10.0.0.2", desired_value(SCOPES["lan_ips"], lines), "replace") is None
    rules = output_value(SCOPES["server_mail_rules"], [REDIRECT, VACATION])
    assert (
        plan(
            SCOPES["server_mail_rules"],
            [REDIRECT, VACATION],
            desired_value(SCOPES["server_mail_rules"], rules),
            "replace",
        )
        is None
    )
    settings = output_value(SCOPES["queue"], {"A": "1"})
    assert plan(SCOPES["queue"], {"A": "1"}, settings, "replace") is None
