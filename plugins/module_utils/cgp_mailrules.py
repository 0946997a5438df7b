# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mail (queue) and signal rules: the readable YAML form <-> CGP rule arrays, comparison, and the
per-rule plan shared by cgp_account_mailrule, cgp_domain_mailrule, cgp_account_signalrule and
cgp_domain_signalrule. Both families have the same rule arrays (L3287-3302) and the same commands
but for their names (``FAMILIES``); a signal rule's priority also holds its stage (delay), as
``stage * 100 + priority``.

A CGP rule is ``(priority, "name", conditions, actions[, comment])`` (CLI reference
L3287-3302); a condition is ``(what, operation[, value])`` and an action ``(action[, value])``,
where ``"---"`` stands for "no operation / no parameter", e.g.::

    (2, "#Vacation", (("Human Generated", "---"), (From, "not in", "#RepliedAddresses")),
                     (("Reply with", "I am away"), ("Remember 'From' in", RepliedAddresses)))

The readable form of that rule::

    name: "#Vacation"
    priority: 2
    conditions: [{what: Human Generated}, {what: From, op: not in, value: "#RepliedAddresses"}]
    actions: [{action: Reply with, value: I am away}, {action: "Remember 'From' in", value: RepliedAddresses}]

The planning is pure functions on plain values; ``manage_rules`` runs it for the modules.
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPClient
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError, split_name

NO_VALUE = "---"
RULE_KEYS = ("name", "priority", "conditions", "actions", "comment", "raw")
CONDITION_KEYS = ("what", "op", "value")
ACTION_KEYS = ("action", "value")

# Argument spec of one rule: the single-rule options of the modules and the suboptions of `rules`.
RULE_ARGUMENT_SPEC = dict(
    name=dict(type="str"),
    priority=dict(type="int"),
    conditions=dict(type="list", elements="raw"),
    actions=dict(type="list", elements="raw"),
    comment=dict(type="str"),
    raw=dict(type="list", elements="raw"),
)


# For the modules: the single-rule options and `rules` do not mix; one of them is needed.
MUTUALLY_EXCLUSIVE = [(key, "rules") for key in RULE_KEYS]
REQUIRED_ONE_OF = [("name", "raw", "rules")]


def argument_spec(owner):
    """The options of a rule module whose rules belong to ``owner`` (account or domain)."""
    spec = dict(RULE_ARGUMENT_SPEC)
    spec.update(
        {
            owner: dict(type="str", required=True),
            "state": dict(type="str", default="present", choices=["present", "absent"]),
            "rules": dict(type="list", elements="dict", options=dict(RULE_ARGUMENT_SPEC)),
            "purge": dict(type="bool", default=False),
        }
    )
    return spec


class RuleError(InputError):
    """Bad rule input; the message names the option."""


# ---------------------------------------------------------------- values


def _text(value, where):
    """A condition/action word or value as CGP stores it (a string)."""
    if isinstance(value, bool):
        return "YES" if value else "NO"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        # Several addresses or lines in one value: CGP keeps them in one string, one per line.
        return "\n".join(value)
    raise RuleError("%s: expected a string, not %r" % (where, value))


def _priority(value, where):
    if isinstance(value, bool):
        raise RuleError("%s: the priority must be a whole number, not %r" % (where, value))
    text = str(value).strip()
    if text.startswith("#"):
        text = text[1:]
    if not text.isdigit():
        raise RuleError("%s: the priority must be a whole number of 0 or more, not %r" % (where, value))
    return int(text)


def _where(where, key):
    return "%s.%s" % (where, key) if where else key


# ---------------------------------------------------------------- readable -> CGP


def condition_to_cgp(item, where="conditions[0]"):
    """``{what, op, value}`` (or an array, taken as is) -> ``[what, op, value]``."""
    if isinstance(item, (list, tuple)):
        if not item:
            raise RuleError("%s: a condition array cannot be empty" % where)
        return [_text(v, where) for v in item]
    if not isinstance(item, dict):
        raise RuleError(
            "%s: a condition is a dictionary with the keys %s, or an array" % (where, ", ".join(CONDITION_KEYS))
        )
    unknown = sorted(set(item) - set(CONDITION_KEYS))
    if unknown:
        raise RuleError("%s: unknown key(s) %s (allowed: %s)" % (where, ", ".join(unknown), ", ".join(CONDITION_KEYS)))
    if not item.get("what"):
        raise RuleError("%s: 'what' is required (for example From, Subject, Human Generated)" % where)
    op, value = item.get("op"), item.get("value")
    if value is not None and op is None:
        raise RuleError("%s: 'op' is required when 'value' is given (for example is, is not, in, not in)" % where)
    condition = [_text(item["what"], where), NO_VALUE if op is None else _text(op, where)]
    if value is not None:
        condition.append(_text(value, where))
    return condition


def action_to_cgp(item, where="actions[0]"):
    """``{action, value}`` (or an array, taken as is) -> ``[action, value]``."""
    if isinstance(item, (list, tuple)):
        if not item:
            raise RuleError("%s: an action array cannot be empty" % where)
        return [_text(v, where) for v in item]
    if not isinstance(item, dict):
        raise RuleError("%s: an action is a dictionary with the keys %s, or an array" % (where, ", ".join(ACTION_KEYS)))
    unknown = sorted(set(item) - set(ACTION_KEYS))
    if unknown:
        raise RuleError("%s: unknown key(s) %s (allowed: %s)" % (where, ", ".join(unknown), ", ".join(ACTION_KEYS)))
    if not item.get("action"):
        raise RuleError("%s: 'action' is required (for example Discard, Mirror to, Reply with)" % where)
    value = item.get("value")
    return [_text(item["action"], where), NO_VALUE if value is None else _text(value, where)]


class Desired:
    """One wanted rule: ``rule`` is the full array, or None when only the priority is managed."""

    __slots__ = ("name", "priority", "rule")

    def __init__(self, name, priority, rule):
        self.name = name
        self.priority = priority
        self.rule = rule

    def __repr__(self):
        return "Desired(%r, %r, %r)" % (self.name, self.priority, self.rule)


def parse_rule(spec, where=""):
    """A rule given as options (name, priority, conditions, actions, comment or raw) -> Desired.

    Only ``name`` and ``priority`` (no conditions, actions, comment or raw) manage the priority
    of an existing rule alone. Without ``priority`` an existing rule keeps its priority. With
    ``raw``, ``name`` and ``priority`` may be given if they match the array (as ``to_readable``
    returns a rule the readable form cannot hold).
    """
    spec = dict((k, v) for k, v in (spec or {}).items() if v is not None)
    unknown = sorted(set(spec) - set(RULE_KEYS))
    if unknown:
        raise RuleError(
            "%s: unknown key(s) %s (allowed: %s)" % (where or "rule", ", ".join(unknown), ", ".join(RULE_KEYS))
        )
    name = spec.get("name")
    if "raw" in spec:
        return _parse_raw(spec, name, where)
    if not isinstance(name, str) or not name:
        raise RuleError("%s is required: every rule is identified by its name" % _where(where, "name"))
    priority = _priority(spec["priority"], _where(where, "priority")) if "priority" in spec else None
    if not any(k in spec for k in ("conditions", "actions", "comment")):
        if priority is None:
            raise RuleError(
                "rule '%s': give %s, or %s and %s (or %s)"
                % (
                    name,
                    _where(where, "priority"),
                    _where(where, "conditions"),
                    _where(where, "actions"),
                    _where(where, "raw"),
                )
            )
        return Desired(name, priority, None)
    rule = [
        None if priority is None else str(priority),
        name,
        [
            condition_to_cgp(c, "%s[%d]" % (_where(where, "conditions"), i))
            for i, c in enumerate(spec.get("conditions") or [])
        ],
        [action_to_cgp(a, "%s[%d]" % (_where(where, "actions"), i)) for i, a in enumerate(spec.get("actions") or [])],
    ]
    if spec.get("comment"):
        rule.append(_text(spec["comment"], _where(where, "comment")))
    return Desired(name, priority, rule)


def _parse_raw(spec, name, where):
    """The Desired of a rule given as the whole CGP array (option ``raw``)."""
    mixed = sorted(k for k in ("conditions", "actions", "comment") if k in spec)
    if mixed:
        raise RuleError(
            "%s cannot be combined with %s: the raw array holds the whole rule"
            % (_where(where, "raw"), ", ".join(_where(where, k) for k in mixed))
        )
    raw = spec["raw"]
    if len(raw) not in (4, 5):
        raise RuleError(
            "%s: a rule array has 4 or 5 elements (priority, name, conditions, actions[, comment]), "
            "not %d" % (_where(where, "raw"), len(raw))
        )
    if not isinstance(raw[1], str) or not raw[1]:
        raise RuleError("%s: the second element (the rule name) must be a non-empty string" % _where(where, "raw"))
    if name is not None and name != raw[1]:
        raise RuleError("%s is '%s' but the raw rule is named '%s'" % (_where(where, "name"), name, raw[1]))
    for index, part in ((2, "conditions"), (3, "actions")):
        if not isinstance(raw[index], (list, tuple)):
            raise RuleError("%s: element %d (the %s) must be an array" % (_where(where, "raw"), index + 1, part))
    priority = _priority(raw[0], _where(where, "raw"))
    if "priority" in spec and _priority(spec["priority"], _where(where, "priority")) != priority:
        raise RuleError(
            "%s is %s but the raw rule's priority is %s" % (_where(where, "priority"), spec["priority"], priority)
        )
    rule = [
        str(priority),
        raw[1],
        [condition_to_cgp(c, "%s conditions[%d]" % (_where(where, "raw"), i)) for i, c in enumerate(raw[2])],
        [action_to_cgp(a, "%s actions[%d]" % (_where(where, "raw"), i)) for i, a in enumerate(raw[3])],
    ]
    if len(raw) == 5 and raw[4] not in (None, ""):
        rule.append(_text(raw[4], _where(where, "raw")))
    return Desired(raw[1], priority, rule)


def parse_rules(items, option="rules"):
    """The ``rules`` option -> list of Desired; rule names must be unique."""
    desired, seen = [], set()
    for index, item in enumerate(items or []):
        rule = parse_rule(item, "%s[%d]" % (option, index))
        if rule.name in seen:
            raise RuleError("%s[%d]: rule '%s' is given twice" % (option, index, rule.name))
        seen.add(rule.name)
        desired.append(rule)
    return desired


def names_of(items, option="rules"):
    """Rule names of a ``rules`` list given with state=absent (only name or raw matter)."""
    names = []
    for index, item in enumerate(items or []):
        item = item or {}
        raw = item.get("raw") or []
        name = item.get("name") or (raw[1] if len(raw) > 1 else None)
        if not isinstance(name, str) or not name:
            raise RuleError("%s[%d].name is required" % (option, index))
        names.append(name)
    return names


def from_params(params):
    """(desired rules, names to delete, the single rule's name or None) from the modules' options.

    ``params`` holds state, purge, rules and the single-rule options (name, priority, ...).
    """
    single = dict((key, params.get(key)) for key in RULE_KEYS)
    raw = single["raw"] or []
    named = single["name"] or (raw[1] if len(raw) > 1 and isinstance(raw[1], str) else None)
    if params.get("state") == "absent":
        if params.get("purge"):
            raise RuleError("purge is only used with state=present")
        if params.get("rules") is not None:
            return [], names_of(params["rules"]), None
        if not named:
            raise RuleError("name is required")
        return [], [named], named
    if params.get("rules") is not None:
        return parse_rules(params["rules"]), [], None
    return [parse_rule(single)], [], named


# ---------------------------------------------------------------- comparison


def _comparable_text(value):
    # CR LF and LF mean the same line break in a reply text; "\r\e" is what WebAdmin stores.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _comparable_item(item):
    item = [_comparable_text(_text_or_value(v)) for v in item]
    if len(item) == 1:
        item.append(NO_VALUE)
    return item


def _text_or_value(value):
    if isinstance(value, bool):
        return "YES" if value else "NO"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def rule_name(rule):
    return rule[1] if isinstance(rule, (list, tuple)) and len(rule) > 1 else None


def comparable(rule):
    """The one comparison form of a rule array, whichever side it came from.

    Priority as a number (``2``, ``"2"`` and ``#2`` are equal); condition and action words as
    strings; a missing operation/parameter equals ``"---"``; CR LF equals LF in values; no
    comment equals an empty comment.
    """
    rule = list(rule)
    try:
        priority = _priority(rule[0], "priority")
    except RuleError:
        priority = rule[0]
    conditions = [
        _comparable_item(c) if isinstance(c, (list, tuple)) else c for c in (rule[2] if len(rule) > 2 else [])
    ]
    actions = [_comparable_item(a) if isinstance(a, (list, tuple)) else a for a in (rule[3] if len(rule) > 3 else [])]
    comment = _comparable_text(rule[4]) if len(rule) > 4 and rule[4] is not None else ""
    return [priority, rule[1], conditions, actions, comment] + list(rule[5:])


def rules_equal(desired, current):
    return comparable(desired) == comparable(current)


# ---------------------------------------------------------------- CGP -> readable


def _readable_item(item, first_key):
    """(what, op[, value]) / (action[, value]) -> dict, or None if the readable form cannot hold it."""
    if not isinstance(item, (list, tuple)) or not item or not all(isinstance(v, str) for v in item):
        return None
    if first_key == "what":
        if len(item) > 3:
            return None
        result = {"what": item[0]}
        if len(item) > 1 and item[1] != NO_VALUE:
            result["op"] = item[1]
        if len(item) > 2:
            if "op" not in result:
                return None
            result["value"] = item[2]
        return result
    if len(item) > 2:
        return None
    result = {"action": item[0]}
    if len(item) > 1 and item[1] != NO_VALUE:
        result["value"] = item[1]
    return result


def to_readable(rule):
    """A server rule array -> the readable dict; ``{name, priority, raw}`` when that cannot hold it exactly."""
    rule = list(rule)
    try:
        priority = _priority(rule[0], "priority")
    except RuleError:
        priority = None
    raw = {"name": rule_name(rule), "priority": priority, "raw": rule}
    if (
        priority is None
        or len(rule) not in (4, 5)
        or not isinstance(rule[1], str)
        or not isinstance(rule[2], (list, tuple))
        or not isinstance(rule[3], (list, tuple))
    ):
        return raw
    conditions = [_readable_item(c, "what") for c in rule[2]]
    actions = [_readable_item(a, "action") for a in rule[3]]
    if None in conditions or None in actions or (len(rule) == 5 and not isinstance(rule[4], (str, type(None)))):
        return raw
    readable = {"name": rule[1], "priority": priority, "conditions": conditions, "actions": actions}
    if len(rule) == 5 and rule[4]:
        readable["comment"] = rule[4]
    return readable


def to_readable_list(rules):
    return [to_readable(rule) for rule in rules or []]


# ---------------------------------------------------------------- planning


class Plan:
    """What to do: ``operations`` in order and the rule array after them.

    operations: ("update", rule array) stores a whole rule (replacing the same-named one),
    ("priority", [priority, name]) changes only a priority, ("delete", name) removes a rule.
    """

    __slots__ = ("operations", "after")

    def __init__(self, operations, after):
        self.operations = operations
        self.after = after

    @property
    def changed(self):
        return bool(self.operations)


def _priority_only(item, existing):
    """([the operation], the rule after it) that gives an existing rule ``item``'s priority; no operation when it
    has it already."""
    if existing is None:
        raise RuleError(
            "rule '%s' does not exist, so its priority alone cannot be set; give its conditions "
            "and actions to create it" % item.name
        )
    if comparable(existing)[0] == item.priority:
        return [], existing
    return [("priority", [str(item.priority), item.name])], [str(item.priority)] + list(existing[1:])


def plan(current, desired=(), absent=(), purge=False):
    """Plan rule changes against the server's array ``current``.

    desired: Desired rules to be present; absent: names to remove; purge: also remove every
    rule not in ``desired``. Rules are matched by name (case-sensitive, as CGP does); an updated
    rule keeps its place in the array, a new one is appended.
    """
    current = [list(rule) for rule in current or []]
    after = [list(rule) for rule in current]
    operations = []

    def index_of(name):
        for index, rule in enumerate(after):
            if rule_name(rule) == name:
                return index
        return None

    wanted = set(d.name for d in desired)
    removed = set(absent)
    if purge:
        removed.update(rule_name(rule) for rule in current if rule_name(rule) not in wanted)
    for name in [rule_name(rule) for rule in current if rule_name(rule) in removed]:
        operations.append(("delete", name))
        del after[index_of(name)]

    for item in desired:
        index = index_of(item.name)
        existing = after[index] if index is not None else None
        if item.rule is None:
            operation, after[index] = _priority_only(item, existing)
            operations.extend(operation)
            continue
        rule = list(item.rule)
        if rule[0] is None:
            if existing is None:
                raise RuleError("rule '%s' does not exist yet: give its priority to create it" % item.name)
            rule[0] = str(comparable(existing)[0])
        if existing is not None and rules_equal(rule, existing):
            continue
        operations.append(("update", rule))
        if index is None:
            after.append(rule)
        else:
            after[index] = rule
    return Plan(operations, after)


def outcome(current, after, named):
    """(result, diff) of a rule module's run: all rules after it, and the named rule."""
    result = {"rules": to_readable_list(after)}
    if named:
        result["rule"] = next((to_readable(rule) for rule in after if rule_name(rule) == named), {})
    return result, {"before": {"rules": to_readable_list(current)}, "after": {"rules": result["rules"]}}


# ---------------------------------------------------------------- the modules


class RuleFamily:
    """The commands of one family of rules: the client methods (called with the client first) that
    read an account's rules, store or re-prioritise one, delete one, and read and replace a domain's."""

    __slots__ = (
        "word",
        "account_read",
        "account_update",
        "account_delete",
        "domain_read",
        "domain_write",
        "domain_verb",
    )

    def __init__(self, word, account_read, account_update, account_delete, domain_read, domain_write, domain_verb):
        self.word = word
        self.account_read, self.account_update, self.account_delete = account_read, account_update, account_delete
        self.domain_read, self.domain_write, self.domain_verb = domain_read, domain_write, domain_verb


FAMILIES = {
    "mail": RuleFamily(
        "mail",
        CGPClient.get_account_mail_rules,
        CGPClient.update_account_mail_rule,
        CGPClient.delete_account_mail_rule,
        CGPClient.get_domain_mail_rules,
        CGPClient.set_domain_mail_rules,
        "GETDOMAINMAILRULES",
    ),
    "signal": RuleFamily(
        "signal",
        CGPClient.get_account_signal_rules,
        CGPClient.update_account_signal_rule,
        CGPClient.delete_account_signal_rule,
        CGPClient.get_domain_signal_rules,
        CGPClient.set_domain_signal_rules,
        "GETDOMAINSIGNALRULES",
    ),
}


def manage_rules(cgp, owner_kind, family="mail"):
    """The rule modules: plan against the owner's (account or domain) rules of ``family``, write, exit."""
    params = cgp.params
    owner = params[owner_kind]
    family = FAMILIES[family]
    if owner_kind == "account":
        split_name(owner, None, "account", domain_option=False)
    desired, absent, named = from_params(params)
    client = cgp.connect()
    read = family.account_read if owner_kind == "account" else family.domain_read
    current = cgp.read_or_none(read, client, owner)
    if current is None:
        raise InputError("%s '%s' does not exist" % (owner_kind, owner))

    def planned(rules):
        try:
            return plan(rules, desired, absent, purge=params["purge"])
        except RuleError as exc:
            raise RuleError("%s '%s': %s" % (owner_kind, owner, exc))

    write = write_account_rules if owner_kind == "account" else write_domain_rules
    current, after = write(cgp, owner, current, planned, family)
    result, diff = outcome(current, after, named)
    cgp.exit(diff=diff, **result)


def write_account_rules(cgp, account, current, planned, family):
    """One command per rule (UPDATEACCOUNTMAILRULE / UPDATEACCOUNTSIGNALRULE): rules this task does not
    name are never rewritten."""
    todo = planned(current)
    context = "account '%s': cannot change its %s rules:" % (account, family.word)
    for operation, value in todo.operations:
        write = family.account_delete if operation == "delete" else family.account_update
        cgp.write(write, cgp.client, account, value, context=context)
    return current, todo.after


def write_domain_rules(cgp, domain, current, planned, family):
    """No per-rule command for a domain: the whole array, read again right before the write and verified."""
    if not planned(current).changed:
        return current, current

    def modify(rules):
        again = planned(rules)
        return again.after if again.changed else None

    def write(rules):
        cgp.write(
            family.domain_write,
            cgp.client,
            domain,
            rules,
            context="domain '%s': cannot change its %s rules:" % (domain, family.word),
        )

    fresh, after = cgp.replace(
        "domain '%s' %s rules" % (domain, family.word),
        (family.domain_verb, domain),
        lambda reply: list(reply or []),
        modify,
        write,
        current,
    )
    return fresh, fresh if after is None else after
