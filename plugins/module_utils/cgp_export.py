# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The model behind the playbooks communigate.pro.export, apply and drift: how what the info modules
read becomes the variables of the roles cgp_mail_domain and cgp_server_baseline, and how two such sets
of variables are compared (the drift report).

One canonical form serves both: ``export_state`` writes it, and ``drift`` puts the files (perhaps edited
by hand) and a fresh read of the server through the same functions before comparing them, so a value
the export wrote never differs from itself.

Each kind of object is one row of a table below: its key in the info module's output and in the role's
variables (the same: the info modules return what the state modules take), how its value is made
canonical, and how two values are compared:

* ``DOMAIN_FIELDS``: a domain entry (cgp_domain_info);
* ``KINDS``: the objects listed in a domain entry, each with its ``*_FIELDS`` (cgp_account_info with
  rights and mailboxes, cgp_forwarder_info, cgp_group_info, cgp_mailinglist_info);
* ``SERVER_OBJECTS``: the variables of cgp_server_baseline (cgp_server_info).

Pure functions on plain data: no client, no Ansible. Used by the filters in
plugins/filter/cgp_export_filters.py.
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_account import quota_value
from ansible_collections.communigate.pro.plugins.module_utils.cgp_group import member_key
from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailrules import comparable, parse_rule, to_readable
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import is_secret_key
from ansible_collections.communigate.pro.plugins.module_utils.cgp_settings import split_lines, to_rule
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import normalize, values_equal

REMOVAL = "default"


class ExportError(ValueError):
    """A value the export cannot make canonical (a malformed rule in a file edited by hand); names it."""


# ---------------------------------------------------------------- canonical values


def settings_value(value, _domain=None):
    """A settings dictionary as exported: no null or ``default`` (they mean "not set"), no secret.

    Secrets are never in the variable files: the info modules mask them, and with the export's
    opt-in they go to the vault-encrypted secrets file instead.
    """
    if not isinstance(value, dict):
        return {}
    return dict(
        (str(key), item)
        for key, item in value.items()
        if item is not None and item != REMOVAL and not is_secret_key(key)
    )


def names_value(value, _domain=None):
    """A list of names (aliases, telephone numbers), sorted: the modules compare them as a set."""
    return sorted((str(name).strip() for name in value or []), key=lambda name: (name.lower(), name))


def rights_value(value, _domain=None):
    """An account's access rights, each once and sorted: cgp_account compares them as a set (spelling counts)."""
    return sorted(set(str(right) for right in value or []))


def mailbox_value(mailbox):
    """One mailbox as cgp_mailbox takes it: name, class (only when it has one: a class is given at creation),
    ACL (rights letters sorted), subscribed and aliases; a key the entry does not give stays out (the role
    leaves that part alone)."""
    entry = {"name": str(mailbox["name"])}
    if mailbox.get("class"):
        entry["class"] = str(mailbox["class"])
    if mailbox.get("acl") is not None:
        entry["acl"] = dict(
            (str(who), rights if str(rights)[:1] in "+-" else "".join(sorted(str(rights))))
            for who, rights in mailbox["acl"].items()
        )
    if mailbox.get("subscribed") is not None:
        entry["subscribed"] = bool(mailbox["subscribed"])
    if mailbox.get("aliases") is not None:
        entry["aliases"] = names_value(mailbox["aliases"])
    return entry


def _plain_inbox(mailbox):
    """INBOX as every account has it (no class, ACL or alias): not exported, so that apply has nothing to do."""
    return mailbox["name"].upper() == "INBOX" and not (
        mailbox.get("class") or mailbox.get("acl") or mailbox.get("aliases")
    )


def mailboxes_value(value, _domain=None):
    """An account's mailboxes by name (INBOX as every account has it left out)."""
    mailboxes = [mailbox_value(item) for item in value or [] if item.get("state", "present") != "absent"]
    return sorted((item for item in mailboxes if not _plain_inbox(item)), key=lambda item: _mailbox_key(item["name"]))


def _mailbox_key(name):
    """Mailbox names are case-sensitive, but INBOX (as the first part of a name too) is not."""
    first, slash, rest = name.partition("/")
    return "INBOX" + slash + rest if first.upper() == "INBOX" else name


def text_value(value, _domain=None):
    return None if value is None or value == "" else str(value)


def members_value(value, domain):
    """A group's members, sorted by the form cgp_group compares them in (``bob@<domain>`` is ``bob``)."""
    return sorted((str(member).strip() for member in value or []), key=lambda member: member_key(member, domain))


def rule_value(rule):
    """One account or domain mail rule in the readable form, normalised as cgp_*_mailrule compares it."""
    if not isinstance(rule, dict):
        raise ExportError(
            "mail rule %r: a rule is a dictionary (name, priority, conditions, actions, comment, "
            "or name, priority and raw)" % (rule,)
        )
    try:
        desired = parse_rule(rule, "rule")
    except ValueError as exc:
        raise ExportError("mail rule %r: %s" % (rule, exc))
    if desired.rule is None:  # only a priority: nothing more to normalise
        return {"name": desired.name, "priority": desired.priority}
    return to_readable(comparable(desired.rule))


def rules_value(value, _domain=None):
    return [rule_value(rule) for rule in value or []]


def server_rules_value(value, _domain=None):
    """Server-wide mail rules as cgp_settings takes and compares them: arrays of CGP text."""
    try:
        return [to_rule(rule, "rule") for rule in value or []]
    except ValueError as exc:
        raise ExportError(str(exc))


def lines_value(value, _domain=None):
    return split_lines(value)


def subscriber_value(item):
    """A subscriber with only what differs from the defaults (mode feed, no real name, unmoderated);
    just the address when nothing does."""
    item = {"address": item} if isinstance(item, str) else dict(item)
    address = str(item.get("address") or "").strip()
    entry = {"address": address}
    mode = str(item.get("mode") or "feed").lower()
    if mode != "feed":
        entry["mode"] = mode
    if item.get("real_name"):
        entry["real_name"] = str(item["real_name"]).strip()
    posting = item.get("posting_mode")
    posting = posting.strip().lower() if isinstance(posting, str) else posting
    if posting not in (None, "", 0, "0", "unmoderated"):
        entry["posting_mode"] = int(posting) if isinstance(posting, str) and posting.isdigit() else posting
    return address if len(entry) == 1 else entry


def subscribers_value(value, _domain=None):
    return sorted((subscriber_value(item) for item in value or []), key=lambda s: _subscriber_address(s).lower())


def _subscriber_address(subscriber):
    return subscriber if isinstance(subscriber, str) else subscriber["address"]


def bare(name, domain):
    """An object name as the role's entries give it: the local part when it is in ``domain``."""
    local, at, where = str(name).strip().rpartition("@")
    return local if at and where.lower() == (domain or "").lower() else str(name).strip()


# ---------------------------------------------------------------- comparisons


def differences(path, files, server, compare, domain=None):
    """[(field path, files value, server value)] where the two canonical values differ; None means not set."""
    if compare == "keys":
        return [
            ("%s.%s" % (path, key), files.get(key), server.get(key))
            for key in sorted(set(files) | set(server))
            if key not in files or key not in server or not values_equal(files[key], server[key], key)
        ]
    if compare in ("rules", "subscribers"):
        identity = (
            (lambda rule: str(rule[1] if isinstance(rule, list) else rule.get("name")))
            if compare == "rules"
            else (lambda subscriber: _subscriber_address(subscriber).lower())
        )
        one, other = (dict((identity(item), item) for item in side) for side in (files, server))
        return [
            ("%s[%s]" % (path, key), one.get(key), other.get(key))
            for key in sorted(set(one) | set(other))
            if key not in one or key not in other or normalize(one[key]) != normalize(other[key])
        ]
    if compare == "mailboxes":
        return _mailbox_differences(path, files, server)
    if compare == "set":
        same = sorted(files) == sorted(server)
    elif compare == "names":
        same = sorted(n.lower() for n in files) == sorted(n.lower() for n in server)
    elif compare == "members":
        same = sorted(member_key(m, domain) for m in files) == sorted(member_key(m, domain) for m in server)
    elif compare == "name":
        same = (files or "").strip().lower() == (server or "").strip().lower()
    else:
        same = values_equal(files, server)
    return [] if same else [(path, files, server)]


def _mailbox_differences(path, files, server):
    """A mailbox the files list and the server has is compared on the parts the files give (the role leaves
    the others alone); one on one side only is reported whole."""
    one, other = (dict((_mailbox_key(item["name"]), item) for item in side) for side in (files, server))
    found = []
    for key in sorted(set(one) | set(other)):
        if key not in one or key not in other:
            found.append(("%s[%s]" % (path, key), one.get(key), other.get(key)))
            continue
        for part in sorted(set(one[key]) - {"name"}):
            if normalize(one[key][part]) != normalize(other[key].get(part)):
                found.append(("%s[%s].%s" % (path, key, part), one[key][part], other[key].get(part)))
    return found


class Field:
    """One exported field: its key (in the info output and in the role variables), its canonical form, and
    how two values are compared: ``keys`` (a dictionary, key by key), ``names`` (a set of names, any
    case), ``set`` (a set of codes, spelling counts), ``members``, ``rules``, ``subscribers`` and
    ``mailboxes`` (lists compared element by element, by name or address), ``name`` (one name, any case)
    or ``value``."""

    __slots__ = ("key", "canonical", "compare", "empty")

    def __init__(self, key, canonical, compare):
        self.key, self.canonical, self.compare = key, canonical, compare
        self.empty = {} if compare == "keys" else None if compare in ("name", "value") else []


DOMAIN_FIELDS = (
    Field("settings", settings_value, "keys"),
    Field("aliases", names_value, "names"),
    Field("account_defaults", settings_value, "keys"),
    Field("account_default_prefs", settings_value, "keys"),
    Field("account_template", settings_value, "keys"),
    Field("mail_rules", rules_value, "rules"),
    # A domain's signal rules or certificate: a row here once cgp_domain_info returns them.
)

ACCOUNT_FIELDS = (
    Field("settings", settings_value, "keys"),
    Field("prefs", settings_value, "keys"),
    Field("aliases", names_value, "names"),
    Field("telnums", names_value, "names"),
    Field("mail_rules", rules_value, "rules"),
    Field("rights", rights_value, "set"),
    Field("mailboxes", mailboxes_value, "mailboxes"),
    # An account's signal rules, RPOP records: a row here once an info module
    # returns them per account (see docs/docsite/rst/guide_adopting_a_server.rst, "Adding an object kind").
)

FORWARDER_FIELDS = (Field("to", text_value, "name"),)

GROUP_FIELDS = (
    Field("members", members_value, "members"),
    Field("real_name", text_value, "value"),
    Field("settings", settings_value, "keys"),
)

LIST_FIELDS = (
    Field("owner", text_value, "name"),
    Field("settings", settings_value, "keys"),
    Field("subscribers", subscribers_value, "subscribers"),
)

# The cgp_account options that stand for a setting or preference: folded into them, so that a file that
# says real_name: Alice compares equal to the settings the server holds.
_ACCOUNT_FRIENDLY = (
    ("real_name", "settings", "RealName"),
    ("quota", "settings", "MaxAccountSize"),
    ("language", "prefs", "Language"),
    ("time_zone", "prefs", "TimeZone"),
)


def fold_account(item):
    """An account entry with its friendly options (real_name, quota, enabled, language, time_zone) folded
    into its settings and prefs, as cgp_account applies them."""
    item = dict(item)
    for option, part, key in _ACCOUNT_FRIENDLY:
        value = item.pop(option, None)
        if value is not None and key not in (item.get(part) or {}):
            item[part] = dict(item.get(part) or {}, **{key: quota_value(value) if option == "quota" else value})
    if item.pop("enabled", None) is False and "AccessModes" not in (item.get("settings") or {}):
        item["settings"] = dict(item.get("settings") or {}, AccessModes="None")
    return item


def fold_group(item):
    """A group entry with a ``RealName`` setting taken as its real_name, as cgp_group does."""
    item = dict(item)
    settings = dict(item.get("settings") or {})
    for key in [key for key in settings if key.lower() in ("realname", "members")]:
        value = settings.pop(key)
        if key.lower() == "realname" and item.get("real_name") is None:
            item["real_name"] = value
    item["settings"] = settings
    return item


def fold_list(item):
    item = dict(item)
    if item.get("owner"):
        item["owner"] = str(item["owner"]).rpartition("@")[0] or str(item["owner"])
    return item


class Kind:
    """The objects of one kind listed in a domain entry: ``key`` in the entry (and the info module's result
    key ``result``), what the drift report calls one (``what``), its fields, and ``fold`` (the role's
    shortcuts turned into its fields)."""

    __slots__ = ("key", "result", "what", "fields", "fold")

    def __init__(self, key, result, what, fields, fold=None):
        self.key, self.result, self.what, self.fields = key, result, what, fields
        self.fold = fold or dict

    def entry(self, item, domain):
        """The canonical entry of one object (None for an entry that asks for the object to be absent)."""
        if item.get("state") == "absent":
            return None
        item = self.fold(item)
        entry = {"name": bare(item["name"], domain)}
        entry.update(canonical_fields(item, self.fields, domain))
        return entry


KINDS = (
    Kind("accounts", "accounts", "account", ACCOUNT_FIELDS, fold_account),
    Kind("forwarders", "forwarders", "forwarder", FORWARDER_FIELDS),
    Kind("groups", "groups", "group", GROUP_FIELDS, fold_group),
    Kind("mailing_lists", "mailinglists", "mailing list", LIST_FIELDS, fold_list),
)


def canonical_fields(item, fields, domain=None):
    """{key: canonical value} of the fields of ``item`` that hold something (an empty value is left out)."""
    result = {}
    for field in fields:
        value = field.canonical(item.get(field.key), domain)
        if value not in (None, {}, []):
            result[field.key] = value
    return result


def domain_entry(domain, parts):
    """The canonical cgp_mail_domain entry of a domain: ``domain`` has its fields (cgp_domain_info's
    element, or an entry of a file), ``parts`` its objects by kind key (an entry of a file is its own)."""
    name = str(domain["name"])
    entry = {"name": name}
    entry.update(canonical_fields(domain, DOMAIN_FIELDS))
    for kind in KINDS:
        objects = [kind.entry(item, name) for item in parts.get(kind.key) or []]
        objects = sorted((item for item in objects if item is not None), key=lambda item: item["name"].lower())
        if objects:
            entry[kind.key] = objects
    return entry


# ---------------------------------------------------------------- server-wide objects

IP_LIST_KINDS = ("lan", "client", "blacklisted", "whitehole", "nated", "natsite", "debug", "denied")
PREFIX = "cgp_server_baseline_"


class ServerObject:
    """One variable of cgp_server_baseline: the cgp_server_info scope it is read from (None for the module
    settings, read with module_settings), its canonical form and comparison, and whether it is a
    dictionary of such objects (IP lists by kind, modules by name)."""

    __slots__ = ("variable", "scope", "canonical", "compare", "mode")

    def __init__(self, variable, scope, canonical, compare, mode=None):
        self.variable, self.scope, self.canonical, self.compare, self.mode = variable, scope, canonical, compare, mode


SERVER_OBJECTS = (
    ServerObject("server_settings", "server_settings", settings_value, "keys"),
    ServerObject("account_defaults", "server_account_defaults", settings_value, "keys"),
    ServerObject("account_prefs", "server_account_prefs", settings_value, "keys"),
    ServerObject("domain_defaults", "domain_defaults", settings_value, "keys"),
    ServerObject("log_settings", "log_settings", settings_value, "keys"),
    ServerObject("router_table", "router_table", lines_value, "value", mode="replace"),
    ServerObject("mail_rules", "server_mail_rules", server_rules_value, "rules", mode="replace"),
    # Server-wide signal rules: a row here once cgp_server_baseline manages them.
)
SERVER_SCOPES = ["%s_ips" % kind for kind in IP_LIST_KINDS] + [item.scope for item in SERVER_OBJECTS]


def server_vars(info, cluster=False):
    """The cgp_server_baseline variables of what cgp_server_info read (``scopes``: SERVER_SCOPES, and the
    settings of every module): every IP list and object, lists, rules and settings dictionaries in
    ``replace`` mode so that applying them makes the server hold exactly them."""
    settings, modules = info.get("settings") or {}, info.get("module_settings") or {}
    result = {
        PREFIX + "cluster": bool(cluster),
        PREFIX + "ip_list_mode": "replace",
        PREFIX + "settings_mode": "replace",
        PREFIX + "ip_lists": dict((kind, settings.get("%s_ips" % kind) or []) for kind in IP_LIST_KINDS),
        PREFIX + "modules": dict((name, value or {}) for name, value in modules.items()),
    }
    for item in SERVER_OBJECTS:
        result[PREFIX + item.variable] = settings.get(item.scope)
        if item.mode:
            result[PREFIX + item.variable + "_mode"] = item.mode
    return canonical_server(result)


def canonical_server(variables):
    """The cgp_server_baseline variables in canonical form; a variable not given (or null) stays out."""
    result = dict(
        (key, value)
        for key, value in variables.items()
        if key.startswith(PREFIX) and (key.endswith("_mode") or key == PREFIX + "cluster")
    )
    lists = variables.get(PREFIX + "ip_lists") or {}
    result[PREFIX + "ip_lists"] = dict((kind, lines_value(value)) for kind, value in lists.items() if value is not None)
    modules = variables.get(PREFIX + "modules") or {}
    result[PREFIX + "modules"] = dict((name, settings_value(value)) for name, value in modules.items())
    for item in SERVER_OBJECTS:
        value = variables.get(PREFIX + item.variable)
        if value is not None:
            result[PREFIX + item.variable] = item.canonical(value)
    return result


def server_differences(files, server):
    """[(object name, [(field, files, server)])] of the server-wide variables the files give."""
    found = []
    for variable, compare in (("ip_lists", "value"), ("modules", "keys")):
        have = server.get(PREFIX + variable) or {}
        for name, value in sorted((files.get(PREFIX + variable) or {}).items()):
            fields = differences(
                "entries" if compare == "value" else "settings",
                value,
                have.get(name, [] if compare == "value" else {}),
                compare,
            )
            if fields:
                found.append(("%s%s.%s" % (PREFIX, variable, name), fields))
    for item in SERVER_OBJECTS:
        key = PREFIX + item.variable
        if key in files:
            empty = {} if item.compare == "keys" else []
            fields = differences(
                "settings" if item.compare == "keys" else "entries", files[key], server.get(key, empty), item.compare
            )
            if fields:
                found.append((key, fields))
    return found


# ---------------------------------------------------------------- the export and the drift report


def export_state(server_info, domains, reads, cluster=False):
    """{"server": cgp_server_baseline variables, "domains": [cgp_mail_domain entries, by name]}.

    ``domains``: cgp_domain_info's ``domains`` (those to export); ``reads``: by kind key, the results of the
    kind's info module, one per domain (each with the domain under ``item``, or the loop variable its
    ``ansible_loop_var`` names)."""
    by_domain = {}
    for kind in KINDS:
        for result in reads.get(kind.key) or []:
            domain = str(result.get(result.get("ansible_loop_var", "item"))).lower()
            by_domain.setdefault(domain, {})[kind.key] = result.get(kind.result) or []
    entries = [domain_entry(domain, by_domain.get(domain["name"].lower(), {})) for domain in domains]
    return {
        "server": server_vars(server_info, cluster) if server_info is not None else {},
        "domains": sorted(entries, key=lambda entry: entry["name"].lower()),
    }


def _entries(domains):
    """The canonical entries of a list of domain entries (from files or a read), by lower-case name."""
    return dict((str(domain["name"]).lower(), domain_entry(domain, domain)) for domain in domains or [])


def _changes(path_fields, files, server, domain=None):
    """The drift report's ``fields`` of two canonical objects (fields: Field rows)."""
    found = []
    for field in path_fields:
        found.extend(
            differences(
                field.key, files.get(field.key, field.empty), server.get(field.key, field.empty), field.compare, domain
            )
        )
    return [{"field": path, "files": one, "server": other} for path, one, other in found]


def _domain_drift(files, server, report):
    """Add what differs between one domain's canonical entries (files, server) to the report."""
    domain = server["name"]
    fields = _changes(DOMAIN_FIELDS, files, server)
    if fields:
        report["changed"].append({"kind": "domain", "name": domain, "fields": fields})
    for kind in KINDS:
        one = dict((item["name"].lower(), item) for item in files.get(kind.key) or [])
        other = dict((item["name"].lower(), item) for item in server.get(kind.key) or [])
        for key in sorted(set(one) | set(other)):
            name = "%s@%s" % ((other.get(key) or one.get(key))["name"], domain)
            if key not in other:
                report["missing"].append({"kind": kind.what, "name": name})
            elif key not in one:
                report["added"].append({"kind": kind.what, "name": name})
            else:
                fields = _changes(kind.fields, one[key], other[key], domain)
                if fields:
                    report["changed"].append({"kind": kind.what, "name": name, "fields": fields})


def drift(files, server, every_domain=True):
    """The drift report of ``server`` (a fresh read) against ``files`` (both {"server", "domains"}).

    ``changed``: objects in both whose fields differ (each differing field with both values, null where one
    side does not set it); ``added``: objects on the server the files do not list (what a purge would
    delete; a domain only when ``every_domain``, the export having covered every domain); ``missing``: objects
    the files list that the server does not have. Objects that did not drift are not in it."""
    report = {"changed": [], "added": [], "missing": []}
    for name, fields in server_differences(
        canonical_server(files.get("server") or {}), canonical_server(server.get("server") or {})
    ):
        report["changed"].append(
            {
                "kind": "server",
                "name": name,
                "fields": [{"field": f, "files": one, "server": other} for f, one, other in fields],
            }
        )
    ours, theirs = _entries(files.get("domains")), _entries(server.get("domains"))
    for key in sorted(set(ours) | set(theirs)):
        if key not in theirs:
            report["missing"].append({"kind": "domain", "name": ours[key]["name"]})
        elif key not in ours:
            if every_domain:
                report["added"].append({"kind": "domain", "name": theirs[key]["name"]})
        else:
            _domain_drift(ours[key], theirs[key], report)
    report["summary"] = dict((key, len(report[key])) for key in ("changed", "added", "missing"))
    report["drift"] = any(report["summary"].values())
    return report


# ---------------------------------------------------------------- secrets, when applying


def merged(value, secrets):
    """``value`` (a dictionary, or None) with ``secrets`` merged in at any depth of dictionaries."""
    result = dict(value or {})
    for key, item in (secrets or {}).items():
        result[key] = merged(result.get(key), item) if isinstance(item, dict) else item
    return result


def _account_with_secrets(account, secrets):
    """An account entry with its secrets: the stored Password as the password of a new account (an existing
    account's password is never touched), the other secret settings and preferences merged."""
    account = dict(account)
    settings = merged(account.get("settings"), secrets.get("settings"))
    password = next((settings.pop(key) for key in list(settings) if key.lower() == "password"), None)
    if settings:
        account["settings"] = settings
    if secrets.get("prefs"):
        account["prefs"] = merged(account.get("prefs"), secrets["prefs"])
    if password:
        account.update(password=password, update_password="on_create")
    return account


def apply_secrets(state, secrets):
    """The exported ``state`` ({"server", "domains"}, as the files hold it) with the exported ``secrets``
    (what the info modules' secrets_file wrote) merged into the objects they belong to."""
    secrets = secrets or {}
    accounts = dict((name.lower(), held) for name, held in (secrets.get("accounts") or {}).items())
    domains = dict((name.lower(), held) for name, held in (secrets.get("domains") or {}).items())
    result = []
    for domain in state.get("domains") or []:
        domain = dict(domain)
        for part, value in domains.get(str(domain["name"]).lower(), {}).items():
            domain[part] = merged(domain.get(part), value)
        if domain.get("accounts"):
            domain["accounts"] = [
                _account_with_secrets(
                    account,
                    accounts.get(("%s@%s" % (bare(account["name"], domain["name"]), domain["name"])).lower(), {}),
                )
                for account in domain["accounts"]
            ]
        result.append(domain)
    server = dict(state.get("server") or {})
    held = (secrets.get("server") or {}).get("server") or {}
    for item in SERVER_OBJECTS:
        value = (held.get("settings") or {}).get(item.scope)
        if value and (PREFIX + item.variable) in server:
            server[PREFIX + item.variable] = merged(server[PREFIX + item.variable], value)
    modules = dict(server.get(PREFIX + "modules") or {})
    for name, value in (held.get("module_settings") or {}).items():
        if name in modules:
            modules[name] = merged(modules[name], value)
    if modules:
        server[PREFIX + "modules"] = modules
    return {"server": server, "domains": result}
