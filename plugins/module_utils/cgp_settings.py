# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Server-wide and cluster-wide settings objects: the scope table, and the pure
planning of merge/replace for dictionaries, multi-line lists and rule arrays.

Used by the cgp_settings and cgp_server_info modules; nothing here talks to a
server, so every function is unit-tested on plain values.
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import DICT, LINES, RULES, SERVER_SCOPES
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError
from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailrules import rule_name
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secret_export import object_secrets, save_secrets
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import mask
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import (
    apply_changes,
    normalize,
    settings_changes,
    to_cgp,
)

REMOVAL = "default"
RULE_KEYS = ("priority", "name", "conditions", "actions", "comment")

SCOPES = SERVER_SCOPES
SCOPE_NAMES = sorted(SCOPES)


def option_of(scope):
    """The cgp_settings option holding a scope's desired value."""
    return "settings" if scope.kind == DICT else "entries"


# ---------------------------------------------------------------- validation and commands


def problem(params):
    """The error message for an invalid option combination of cgp_settings, or None."""
    scope = SCOPES[params["scope"]]
    name = scope.name
    if scope.needs_module and not params.get("module"):
        return "module is required when scope is module (the module name, for example SMTP)"
    if not scope.needs_module and params.get("module"):
        return "module is only valid with scope: module, not with scope: %s" % name
    if params.get("cluster") and not scope.cluster_stem:
        return "cluster: scope %s has no cluster-wide variant (scopes with one: %s)" % (
            name,
            ", ".join(s for s in SCOPE_NAMES if SCOPES[s].cluster_stem),
        )
    other = "entries" if option_of(scope) == "settings" else "settings"
    if params.get(other) is not None:
        return "%s is not valid for scope %s, which takes %s (%s)" % (
            other,
            name,
            option_of(scope),
            "a dictionary" if scope.kind == DICT else "a list",
        )
    if params.get(option_of(scope)) is None:
        return "%s is required for scope %s" % (option_of(scope), name)
    if params.get("state") == "absent" and params.get("mode") == "replace":
        return "mode: replace cannot be used with state: absent (absent removes the given %s from the current ones)" % (
            option_of(scope)
        )
    try:
        desired_value(scope, params[option_of(scope)], params.get("state", "present"))
    except ValueError as exc:
        return str(exc)
    return None


# ---------------------------------------------------------------- values


def split_lines(value):
    """The entries of a multi-line string, or of a list of (possibly multi-line) strings.

    Lines are stripped and empty lines dropped; comment lines are entries like any other.
    """
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        value = [value]
    lines = []
    for item in value:
        for line in str(item).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            line = line.strip()
            if line:
                lines.append(line)
    return lines


def join_lines(lines):
    """The multi-line string the server stores (the codec sends each newline as \\e)."""
    return "\n".join(lines)


def to_rule(item, where="entries"):
    """A rule as the server stores it, from the array or the readable dict form; ValueError if malformed."""
    if isinstance(item, dict):
        unknown = sorted(set(item) - set(RULE_KEYS))
        if unknown:
            raise ValueError(
                "%s: unknown rule key(s) %s (allowed: %s)" % (where, ", ".join(unknown), ", ".join(RULE_KEYS))
            )
        if item.get("priority") is None:
            raise ValueError("%s: a rule needs a priority" % where)
        rule = [item["priority"], item.get("name"), item.get("conditions") or [], item.get("actions") or []]
        if item.get("comment"):
            rule.append(item["comment"])
    elif isinstance(item, (list, tuple)) and len(item) in (4, 5):
        rule = list(item)
    else:
        raise ValueError(
            "%s must be a rule: an array (priority, name, conditions, actions[, comment]) or a dict "
            "with the keys %s" % (where, ", ".join(RULE_KEYS))
        )
    if isinstance(rule[0], bool) or not str(rule[0]).strip().isdigit():
        raise ValueError("%s: the rule priority must be a number, not %r" % (where, rule[0]))
    if not isinstance(rule[1], str) or not rule[1]:
        raise ValueError("%s: the rule name must be a non-empty string" % where)
    for index, part in ((2, "conditions"), (3, "actions")):
        if not isinstance(rule[index], (list, tuple)):
            raise ValueError("%s: the rule %s must be a list" % (where, part))
    rule[0] = str(rule[0]).strip()
    return to_cgp(rule)


def desired_value(scope, given, state="present"):
    """The user's settings/entries in the form compared with the server; ValueError naming the option."""
    if scope.kind == DICT:
        if not isinstance(given, dict):
            raise ValueError("settings must be a dictionary")
        return given
    if not isinstance(given, (list, tuple)):
        raise ValueError("entries must be a list")
    if scope.kind == LINES:
        for index, item in enumerate(given):
            if isinstance(item, (dict, list, tuple, bool)) or item is None:
                raise ValueError("entries[%d] must be a string (one line of %s), not %r" % (index, scope.name, item))
        return split_lines(given)
    rules = []
    for index, item in enumerate(given):
        if state == "absent" and isinstance(item, str):
            rules.append(item)  # removal by rule name
        else:
            rules.append(to_rule(item, "entries[%d]" % index))
    return rules


def output_value(scope, value):
    """A scope's server value in the shape cgp_settings accepts (dict, list of lines, list of rules)."""
    if scope.kind == LINES:
        return split_lines(value)
    if scope.kind == RULES:
        return list(value or [])
    return dict(value or {})


# ---------------------------------------------------------------- planning


class Plan:
    """What to send: ``operation`` (UPDATE or SET) with ``value``; ``after`` is the object afterwards."""

    __slots__ = ("operation", "value", "after")

    def __init__(self, operation, value, after):
        self.operation = operation
        self.value = value
        self.after = after


def plan_dict(scope, current, settings, mode="merge", state="present"):
    """The Plan turning the ``current`` dictionary into the desired one, or None if nothing changes.

    merge compares only the given keys (a value of null/default removes the key); absent removes the
    given keys. UPDATE carries only the changed keys; a removal goes by SET of the whole dictionary
    where the scope has SET (the reference documents `default` only for domain/account UPDATEs),
    else by UPDATE with `default`. replace sends the given dictionary by SET, or, for UPDATE-only
    scopes, the changed keys plus `default` for every other key.
    """
    current = current or {}
    if state == "absent":
        changes = settings_changes(dict((key, None) for key in settings), current, removal=REMOVAL)
    else:
        changes = settings_changes(settings, current, purge=mode == "replace", removal=REMOVAL)
    if not changes:
        return None
    after = apply_changes(current, changes, removal=REMOVAL)
    if mode == "replace" and state != "absent" and scope.can("SET"):
        after = to_cgp(dict((k, v) for k, v in settings.items() if v is not None and v != REMOVAL))
        return Plan("SET", after, after)
    removing = REMOVAL in changes.values()
    if scope.can("UPDATE") and not (removing and scope.can("SET")):
        return Plan("UPDATE", changes, after)
    return Plan("SET", after, after)


def plan_lines(current, entries, mode="merge", state="present"):
    """The new list of lines, or None if ``current`` already matches.

    merge adds the entries not present (compared as a set, existing lines and their order kept);
    absent removes the given entries; replace wants exactly ``entries`` in that order.
    """
    current = list(current or [])
    if state == "absent":
        unwanted = set(entries)
        after = [line for line in current if line not in unwanted]
    elif mode == "replace":
        after = list(entries)
    else:
        after = list(current)
        for line in entries:
            if line not in after:
                after.append(line)
    return None if after == current else after


def _rules_by_name(rules):
    return dict((rule_name(rule), normalize(rule)) for rule in rules)


def plan_rules(current, rules, mode="merge", state="present"):
    """The new rule array, or None if ``current`` already matches (rules matched by name).

    merge adds missing rules and replaces same-named rules that differ, keeping the others;
    absent removes the named rules; replace wants exactly ``rules`` (order not compared: the
    server applies rules by priority).
    """
    current = list(current or [])
    if state == "absent":
        names = set(rule if isinstance(rule, str) else rule_name(rule) for rule in rules)
        after = [rule for rule in current if rule_name(rule) not in names]
        return None if len(after) == len(current) else after
    if mode == "replace":
        same = len(rules) == len(current) and _rules_by_name(rules) == _rules_by_name(current)
        return None if same else list(rules)
    after = list(current)
    for rule in rules:
        index = next((i for i, old in enumerate(after) if rule_name(old) == rule_name(rule)), None)
        if index is None:
            after.append(rule)
        elif normalize(after[index]) != normalize(rule):
            after[index] = rule
    return None if after == current else after


def plan(scope, current, desired, mode="merge", state="present"):
    """The Plan for any scope kind (``current`` as read from the server), or None."""
    if scope.kind == DICT:
        return plan_dict(scope, current, desired, mode, state)
    if scope.kind == LINES:
        after = plan_lines(split_lines(current), desired, mode, state)
        return None if after is None else Plan("SET", join_lines(after), after)
    after = plan_rules(current, desired, mode, state)
    return None if after is None else Plan("SET", after, after)


# ---------------------------------------------------------------- the module


def manage_settings(cgp):
    """cgp_settings: read one server object, plan, write it with one UPDATE or SET."""
    params = cgp.params
    message = problem(params)
    if message:
        raise InputError(message)
    scope = SCOPES[params["scope"]]
    desired = desired_value(scope, params[option_of(scope)], params["state"])
    module, cluster = params["module"], params["cluster"]
    client = cgp.connect()
    current = cgp.read(client.get_server_object, scope.name, module=module, cluster=cluster)

    def modify(value):
        return plan(scope, value, desired, params["mode"], params["state"])

    def write(change):
        send = client.update_server_object if change.operation == "UPDATE" else client.set_server_object
        cgp.write(
            send,
            scope.name,
            change.value,
            module=module,
            cluster=cluster,
            context="%s: cannot %s it:" % (scope.name, change.operation.lower()),
        )

    change = modify(current)
    if change is not None and change.operation == "SET":
        # SET replaces the whole object: read again right before the write, and verify it held
        current, change = cgp.replace(
            scope.name, scope.command("GET", module, cluster), lambda reply: reply, modify, write, current
        )
    elif change is not None:
        write(change)  # UPDATE merges on the server: keys other clients change are not touched
    before = output_value(scope, current)
    after = before if change is None else output_value(scope, change.after)
    before, after = mask(before), mask(after)
    cgp.exit(
        scope=scope.name,
        cluster=cluster,
        before=before,
        after=after,
        diff={"before": {option_of(scope): before}, "after": {option_of(scope): after}},
    )


# What cgp_server_info always reads: result key, command.
SERVER_FACTS = (
    ("version", ("GETVERSION",)),
    ("main_domain", ("MAINDOMAINNAME",)),
    ("domains", ("LISTDOMAINS",)),
    ("modules", ("LISTMODULES",)),
    ("current_time", ("GETCURRENTTIME",)),
)


def server_info(cgp):
    """cgp_server_info: version, domains, modules, and the server objects asked for, one round trip."""
    params = cgp.params
    if params["cluster"]:
        missing = [name for name in params["scopes"] if not SCOPES[name].cluster_stem]
        if missing:
            raise InputError("cluster: scopes %s have no cluster-wide variant" % ", ".join(missing))
    reads = list(SERVER_FACTS)
    if params["cli_commands"]:
        reads.append(("cli_commands", ("LISTCLICOMMANDS",)))
    reads.extend(
        (("settings", name), SCOPES[name].command("GET", cluster=params["cluster"])) for name in params["scopes"]
    )
    reads.extend(
        (("module_settings", name), SCOPES["module"].command("GET", name)) for name in params["module_settings"]
    )
    reads.extend((("system_info", item), ("GETSYSTEMINFO", item)) for item in params["system_info"])
    cgp.connect()
    facts = {"settings": {}, "module_settings": {}, "system_info": {}}
    for (key, _command), value in zip(reads, cgp.batch([command for _key, command in reads])):
        if isinstance(key, tuple):
            group, name = key
            facts[group][name] = output_value(SCOPES[name], value) if group == "settings" else value
        else:
            facts[key] = value
    if params["secrets_file"]:
        parts = ("settings", "module_settings")
        save_secrets(cgp, "server", object_secrets([dict(facts, name="server")], parts), ["server"])
    facts["settings"] = mask(facts["settings"])
    facts["module_settings"] = mask(facts["module_settings"])
    cgp.exit(**facts)
