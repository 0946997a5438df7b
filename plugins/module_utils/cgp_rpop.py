# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Remote mail records of an account (cgp_account_rpop): the RPOP or RIMAP records that make the
server poll a remote mailbox, in a readable form, their planning (pure functions), and the run.

GETACCOUNTRPOPS returns a dictionary of records by record name; SETACCOUNTRPOPS replaces all of
them (CLI reference L3371-3421; RIMAP the same, L3434-3484). The reference lists no record keys:
the options are the keys public clients send (SIXwishlist/communigate-plesk-extention AddPop.php),
for example::

    {"pop1": {"authName": "jane", "domain": "pop.example.net", "password": "...", "mailbox": "INBOX",
              "period": "10m", "APOP": "YES", "TLS": "YES", "leave": "NO"}}

GETACCOUNTRPOPS returns each record's ``password`` in clear, so a given password is compared with
the server's, and a record this task does not change is written back with the password it has.
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPClient
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError, check_text, split_name
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import is_masked
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import apply_changes, settings_changes

PASSWORD = "password"
# The options of a record and the record keys they set.
FIELDS = (
    ("auth_name", "authName"),
    ("host", "domain"),
    ("mailbox", "mailbox"),
    ("period", "period"),
    ("apop", "APOP"),
    ("use_tls", "TLS"),
    ("leave", "leave"),
)
FLAGS = frozenset(("APOP", "TLS", "leave"))
KEYS = frozenset([key for _option, key in FIELDS] + [PASSWORD])
OPTION_OF = dict([(key.lower(), option) for option, key in FIELDS] + [(PASSWORD, PASSWORD)])
KEY_OF = dict((key.lower(), key) for key in KEYS)
# What a record needs before the server can poll with it; required to create one.
REQUIRED = (("host", "domain"), ("auth_name", "authName"))
# Flag spellings clients write besides YES/NO (the Plesk extension sends 1 and "", reads 1 or YES).
_TRUE, _FALSE = ("YES", "1", "TRUE", "ON"), ("NO", "0", "", "FALSE", "OFF")

RECORD_OPTIONS = dict(
    auth_name=dict(type="str"),
    host=dict(type="str"),
    password=dict(type="str", no_log=True),
    mailbox=dict(type="str"),
    period=dict(type="str"),
    apop=dict(type="bool"),
    use_tls=dict(type="bool"),
    leave=dict(type="bool"),
    settings=dict(type="dict"),
)
STATE = dict(type="str", default="present", choices=["present", "absent"])
MUTUALLY_EXCLUSIVE = [(key, "records") for key in ["name"] + sorted(RECORD_OPTIONS)]
REQUIRED_ONE_OF = [("name", "records")]


def argument_spec():
    """The options of cgp_account_rpop: one record (name and the record options) or several (records)."""
    element = dict(RECORD_OPTIONS, name=dict(type="str", required=True), state=dict(STATE))
    spec = dict(RECORD_OPTIONS)
    spec.update(
        account=dict(type="str", required=True),
        protocol=dict(type="str", default="pop", choices=["pop", "imap"]),
        name=dict(type="str"),
        state=dict(STATE),
        records=dict(type="list", elements="dict", options=element),
        purge=dict(type="bool", default=False),
        update_password=dict(type="str", default="always", choices=["always", "on_create"], no_log=False),
    )
    return spec


class Protocol:
    """The commands of one kind of record: the client methods (called with the client first) that read
    and replace an account's records, and the read as a command tuple for CGPModule.replace."""

    __slots__ = ("word", "verb", "read", "write")

    def __init__(self, word, verb, read, write):
        self.word, self.verb, self.read, self.write = word, verb, read, write


PROTOCOLS = {
    "pop": Protocol("RPOP", "GETACCOUNTRPOPS", CGPClient.get_account_rpops, CGPClient.set_account_rpops),
    "imap": Protocol("RIMAP", "GETACCOUNTRIMAPS", CGPClient.get_account_rimaps, CGPClient.set_account_rimaps),
}


# ---------------------------------------------------------------- input


class Wanted:
    """One record the task names: ``keys`` are the record keys it sets (None or ``default`` removes a
    key), ``password`` the remote password or None (keep the server's)."""

    __slots__ = ("name", "state", "keys", "password", "where")

    def __init__(self, name, state, keys, password, where=""):
        self.name, self.state, self.keys, self.password, self.where = name, state, keys, password, where

    def option(self, name):
        """How an error names this record's option: ``host``, or ``records[2].host`` in the list form."""
        return "%s.%s" % (self.where, name) if self.where else name

    def __repr__(self):
        return "Wanted(%r, %r, %r)" % (self.name, self.state, self.keys)


def parse_record(params, where="", imap=False):
    """One record's options (the module's, or an element of ``records``) -> Wanted; InputError names the option."""
    prefix = where + "." if where else ""
    name = check_text(params.get("name"), prefix + "name", "record name")
    keys = {}
    for option, key in FIELDS:
        value = params.get(option)
        if value is None:
            continue
        if option == "apop" and imap:
            raise InputError("%sapop: APOP is a POP3 login method; RIMAP records have none" % prefix)
        keys[key] = value if isinstance(value, bool) else check_text(value, prefix + option)
    for key, value in (params.get("settings") or {}).items():
        known = KEY_OF.get(key.lower())
        if known and value is not None and value != "default":
            raise InputError(
                "%ssettings.%s: give it as the %s%s option" % (prefix, key, prefix, OPTION_OF[key.lower()])
            )
        keys[known or key] = value
    password = params.get(PASSWORD)
    if password is not None and is_masked(password):
        password = None  # a password as this module returns it: keep the server's
    return Wanted(name, params.get("state") or "present", keys, password, where)


def records_from_params(params):
    """(the Wanted records, the single form's record name or None) from the module's options."""
    imap = params["protocol"] == "imap"
    if params["records"] is None:
        if params["state"] == "absent" and params["purge"]:
            raise InputError("purge is only used with state=present")
        return [parse_record(params, imap=imap)], params["name"]
    if params["state"] == "absent":
        raise InputError("state applies to the record named by name; give each element of records its own state")
    wanted, seen = [], set()
    for index, item in enumerate(params["records"]):
        record = parse_record(item, "records[%d]" % index, imap)
        if record.name in seen:
            raise InputError("records[%d].name: record '%s' is given twice" % (index, record.name))
        seen.add(record.name)
        wanted.append(record)
    return wanted, None


# ---------------------------------------------------------------- planning


def flag(value):
    """A record flag as a boolean, or the value itself when it is no yes/no spelling."""
    if not isinstance(value, str):
        return value
    text = value.strip().upper()
    return True if text in _TRUE else False if text in _FALSE else value


def comparable(record):
    """The record with its flags in the spellings a YAML boolean compares equal to (YES/NO)."""
    result = dict(record)
    for key in FLAGS & set(record):
        value = flag(record[key])
        if isinstance(value, bool):
            result[key] = "YES" if value else "NO"
    return result


def planned_record(wanted, existing, update_password="always"):
    """The record ``wanted`` makes of the server's ``existing`` one (None: it does not exist yet)."""
    if existing is None:
        missing = [wanted.option(option) for option, key in REQUIRED if key not in wanted.keys]
        if missing:
            raise InputError(
                "record '%s' does not exist yet: give %s to create it" % (wanted.name, " and ".join(missing))
            )
        record = apply_changes({}, settings_changes(wanted.keys, {}))
        if wanted.password is not None:
            record[PASSWORD] = wanted.password
        return record
    record = apply_changes(existing, settings_changes(wanted.keys, comparable(existing)))
    if wanted.password is not None and update_password == "always" and existing.get(PASSWORD) != wanted.password:
        record[PASSWORD] = wanted.password
    return record


def plan_records(current, wanted, purge=False, update_password="always"):
    """The account's records after the task, from the server's ``current`` (record name -> record).

    Records are matched by name, exactly. A record the task does not name stays as read, its
    password included; with ``purge`` it is removed. A changed record keeps its place, a new one
    is added last.
    """
    after = dict((name, dict(record)) for name, record in current.items())
    keep = set()
    for item in wanted:
        if item.state == "absent":
            after.pop(item.name, None)
            continue
        keep.add(item.name)
        after[item.name] = planned_record(item, current.get(item.name), update_password)
    if purge:
        after = dict((name, record) for name, record in after.items() if name in keep)
    return after


# ---------------------------------------------------------------- output


def readable(name, record):
    """A server record in the form the module's options take (its password still in it: output masks it)."""
    result = {"name": name}
    for option, key in FIELDS:
        if key in record:
            result[option] = flag(record[key]) if key in FLAGS else record[key]
    if PASSWORD in record:
        result[PASSWORD] = record[PASSWORD]
    extra = dict((key, value) for key, value in record.items() if key not in KEYS)
    if extra:
        result["settings"] = extra
    return result


def outcome(current, after, named):
    """(result, diff) of a run: every record after it, the named one, and the records by name before and after."""
    result = {"records": [readable(name, record) for name, record in after.items()]}
    if named is not None:
        result["record"] = readable(named, after[named]) if named in after else {}
    diff = dict(
        (side, {"records": dict((name, readable(name, record)) for name, record in records.items())})
        for side, records in (("before", current), ("after", after))
    )
    return result, diff


# ---------------------------------------------------------------- the module


def records_of(reply):
    return dict(reply or {})


def manage_records(cgp):
    """cgp_account_rpop: plan against the account's records, replace them when they change, exit."""
    params = cgp.params
    account = params["account"]
    split_name(account, None, "account", domain_option=False)
    protocol = PROTOCOLS[params["protocol"]]
    wanted, named = records_from_params(params)
    client = cgp.connect()
    current = cgp.read_or_none(protocol.read, client, account)
    if current is None:
        raise InputError("account '%s' does not exist" % account)
    current = records_of(current)

    def modify(records):
        after = plan_records(records, wanted, params["purge"], params["update_password"])
        return None if after == records else after

    def write(records):
        cgp.write(
            protocol.write,
            cgp.client,
            account,
            records,
            context="account '%s': cannot set its %s records:" % (account, protocol.word),
        )

    after = current
    if modify(current) is not None:
        current, written = cgp.replace(
            "account '%s' %s records" % (account, protocol.word),
            (protocol.verb, account),
            records_of,
            modify,
            write,
            current,
        )
        after = current if written is None else written
    result, diff = outcome(current, after, named)
    cgp.exit(diff=diff, **result)
