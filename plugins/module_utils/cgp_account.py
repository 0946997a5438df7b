# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account logic shared by cgp_account and cgp_account_info: names, the friendly
options (real_name, quota, enabled, language, time_zone) and how they map onto
CGP settings and preferences, quota sizes, access rights, the pipelined per-account
reads, and the planner that reconciles one or many accounts of a domain."""

import re

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import (
    CGPAlreadyExistsError,
    CGPError,
    CGPNotFoundError,
    CGPWrongPasswordError,
    Keyword,
    Secret,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import (
    InputError,
    check_local_name,
    check_text,
    domain_of,
    split_name,
    split_optional,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_planner import ListForm, ObjectPlanner, Spec
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import (
    apply_changes,
    same_names,
    settings_changes,
    to_cgp,
    values_equal,
)

# friendly option -> CGP key
FRIENDLY_SETTINGS = (("real_name", "RealName"), ("quota", "MaxAccountSize"), ("enabled", "AccessModes"))
FRIENDLY_PREFS = (("language", "Language"), ("time_zone", "TimeZone"))

ACCOUNT_TYPES = ("MultiMailbox", "TextMailbox", "MailDirMailbox", "SlicedMailbox", "AGrade", "BGrade", "CGrade")
INFO_KEYS = ("LastLogin", "LastAddress", "StorageUsed")

# The options of one account: the single form's, and those of each element of the accounts list.
ACCOUNT_OPTIONS = dict(
    name=dict(type="str", required=True),
    state=dict(type="str", default="present", choices=["present", "absent"]),
    password=dict(type="str", no_log=True),
    real_name=dict(type="str"),
    quota=dict(type="raw"),
    enabled=dict(type="bool"),
    language=dict(type="str"),
    time_zone=dict(type="str"),
    settings=dict(type="dict"),
    purge_settings=dict(type="bool", default=False),
    prefs=dict(type="dict"),
    aliases=dict(type="list", elements="str"),
    telnums=dict(type="list", elements="str"),
    rights=dict(type="list", elements="str"),
    rename_from=dict(type="str"),
    account_type=dict(type="str", choices=list(ACCOUNT_TYPES)),
    storage_path=dict(type="str"),
    legacy=dict(type="bool", default=False),
)
DIFF_KEYS = ("name", "settings", "prefs", "aliases", "telnums", "rights")
# The right that makes an account a server administrator (L5128): this task's login must keep it.
MASTER = "Master"

_SIZE = re.compile(r"\s*([0-9]+)\s*([KMGT]?)B?\s*\Z", re.I)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}
UNLIMITED = "unlimited"


# ---------------------------------------------------------------- names


def list_accounts(cgp, domain):
    """LISTACCOUNTS domain as a list of names; InputError when the domain does not exist."""
    accounts = cgp.read_or_none(cgp.client.list_accounts, domain)
    if accounts is None:
        raise InputError("domain '%s' does not exist" % domain)
    return list(accounts)


def alias_names(aliases, domain):
    """Aliases as bare names: ``alias@<the account's domain>`` is accepted, another domain is not."""
    names = []
    for alias in aliases:
        local, at, own = alias.rpartition("@")
        if not at:
            local = own
        elif own.lower() != domain.lower():
            raise InputError("aliases: '%s' is not in the account's domain '%s'" % (alias, domain))
        names.append(check_local_name(local, "aliases", "alias"))
    return names


# ---------------------------------------------------------------- values


def quota_value(value):
    """The MaxAccountSize string for a quota option: an int or digits are megabytes."""
    if isinstance(value, bool):
        raise InputError("quota: %r is not a size" % (value,))
    if isinstance(value, int):
        if value < 0:
            raise InputError("quota: %r is negative" % (value,))
        return "%dM" % value
    text = str(value).strip()
    if text.lower() in (UNLIMITED, "default"):
        return text.lower()
    if text.isdigit():
        return "%sM" % int(text)
    match = _SIZE.match(text)
    if match is None:
        raise InputError(
            "quota: '%s' is not a size (a number of megabytes, a size such as 100M or 2G, or unlimited)" % text
        )
    return "%d%s" % (int(match.group(1)), match.group(2).upper())


def size_bytes(value):
    """A CGP size string as bytes (None for unlimited), or False when it is not a size."""
    text = str(value).strip()
    if text.lower() == UNLIMITED:
        return None
    match = _SIZE.match(text)
    if match is None:
        return False
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


def same_size(desired, current):
    one = size_bytes(desired)
    return one is not False and one == size_bytes(current)


def is_disabled(access_modes):
    return isinstance(access_modes, str) and access_modes.strip().lower() == "none"


def without_password(settings):
    """Settings with any Password key removed (it is never returned nor compared)."""
    return dict((k, v) for k, v in (settings or {}).items() if k.lower() != "password")


def _merge_friendly(params, given, pairs, container, equal=values_equal):
    """Put the friendly options into ``given``; fail on a different value under the CGP key."""
    merged = dict(given)
    for option, key in pairs:
        value = params.get(option)
        if value is None:
            continue
        if key in merged and merged[key] is not None and not equal(value, merged[key]):
            raise InputError(
                "%s and %s.%s are both given, with different values (%r and %r); give one"
                % (option, container, key, params.get(option), merged[key])
            )
        merged[key] = value
    return merged


def desired_settings(params):
    """The settings the user asks for (friendly options merged in), before seeing the account."""
    given = dict(params.get("settings") or {})
    for key in given:
        if key.lower() == "password":
            raise InputError("settings: set the password with the password option, not settings.%s" % key)
    values = dict(params)
    if values.get("quota") is not None:
        values["quota"] = quota_value(values["quota"])
        if given.get("MaxAccountSize") is not None and same_size(values["quota"], given["MaxAccountSize"]):
            given["MaxAccountSize"] = values["quota"]
    enabled = values.pop("enabled", None)
    access = given.get("AccessModes")
    if enabled is not None and access is not None and access != "default" and is_disabled(to_cgp(access)) == enabled:
        raise InputError(
            "enabled and settings.AccessModes are both given, with different values (%r and %r); give one"
            % (enabled, access)
        )
    if enabled is False:
        values["enabled"] = "None"
    return _merge_friendly(values, given, FRIENDLY_SETTINGS, "settings")


def desired_prefs(params):
    return _merge_friendly(params, dict(params.get("prefs") or {}), FRIENDLY_PREFS, "prefs")


def fit_to_current(desired, current, enabled):
    """Adjust desired settings to the account: equal sizes keep the server's spelling, and
    enabled=true removes an AccessModes of None."""
    desired = dict(desired)
    size, have = desired.get("MaxAccountSize"), current.get("MaxAccountSize")
    if size is not None and have is not None and same_size(size, have):
        desired["MaxAccountSize"] = have
    if enabled and "AccessModes" not in desired and is_disabled(current.get("AccessModes")):
        desired["AccessModes"] = "default"
    return desired


def friendly(settings, prefs):
    """The friendly options as an account's own (explicit) settings and prefs give them."""
    return {
        "real_name": settings.get("RealName"),
        "quota": settings.get("MaxAccountSize"),
        "enabled": not is_disabled(settings.get("AccessModes")),
        "language": prefs.get("Language"),
        "time_zone": prefs.get("TimeZone"),
    }


# ---------------------------------------------------------------- reads

ACCOUNT_PARTS = (
    ("settings", "GETACCOUNTSETTINGS"),
    ("aliases", "GETACCOUNTALIASES"),
    ("telnums", "GETACCOUNTTELNUMS"),
    ("prefs", "GETACCOUNTPREFS"),
)


def account_reads(parts, rights, effective, mail_rules):
    """(result key, CLI verb) of each read of one account for read_accounts."""
    reads = [(key, verb) for key, verb in ACCOUNT_PARTS if parts is None or key in parts or key == "settings"]
    if rights:
        reads.append(("rights", "GETACCOUNTRIGHTS"))
    if effective:
        reads += [
            ("effective_settings", "GETACCOUNTEFFECTIVESETTINGS"),
            ("effective_prefs", "GETACCOUNTEFFECTIVEPREFS"),
        ]
    if mail_rules:
        reads.append(("mail_rules", "GETACCOUNTMAILRULES"))
    return reads


def read_accounts(
    cgp,
    names,
    effective=False,
    info_keys=None,
    verify=None,
    parts=None,
    rights=False,
    mail_rules=False,
    passwords=False,
):
    """Pipelined reads of qualified account names: one round trip for all of them.

    ``verify`` ({name: password}) adds VERIFYACCOUNTPASSWORD to the same batch; the account then has
    ``password_ok`` (True or False). ``parts``: which of settings, aliases, telnums, prefs to read
    (all by default; settings always). ``rights``: also read the access rights (GETACCOUNTRIGHTS needs
    more than reading an account does, so only when asked). ``mail_rules`` adds the rules (as the
    server stores them); ``passwords`` keeps the stored ``Password`` in the settings (for secrets_file
    only: it is never returned)."""
    reads = account_reads(parts, rights, effective, mail_rules)
    verify = verify or {}
    plan = []
    for name in names:
        plan.extend((name, key, (verb, name)) for key, verb in reads)
        if info_keys is not None:
            plan.append((name, "info", ("GETACCOUNTINFO", name, list(info_keys))))
        if name in verify:
            plan.append(
                (name, "password_ok", ("VERIFYACCOUNTPASSWORD", name, Keyword("PASSWORD"), Secret(verify[name])))
            )
    results = cgp.batch([command for _name, _key, command in plan], expected=(CGPWrongPasswordError,)) if plan else []
    accounts = dict((name, {"name": name}) for name in names)
    for (name, key, _command), value in zip(plan, results):
        if key == "password_ok":
            value = not isinstance(value, CGPWrongPasswordError)
        elif key in ("settings", "effective_settings"):
            value = dict(value or {}) if passwords and key == "settings" else without_password(value)
        elif key in ("aliases", "telnums", "rights"):
            value = list(value or [])
        accounts[name][key] = value if value is not None else {}
    for account in accounts.values():
        account.update(friendly(account["settings"], account.get("prefs") or {}))
    return [accounts[name] for name in names]


# ---------------------------------------------------------------- the planner


def has_master(rights):
    return any(str(right).lower() == MASTER.lower() for right in rights or [])


def creation_settings(settings):
    """The settings sent with CREATEACCOUNT: those that set a value."""
    return dict((k, v) for k, v in to_cgp(settings).items() if v not in (None, "default"))


def new_account(name, settings, template=None):
    """The account as CREATEACCOUNT with ``settings`` makes it (the password never shown); with the domain's
    ``template``, the settings it copies into the account too."""
    made = dict(template or {})
    made.update(creation_settings(settings))
    return {"name": name, "settings": made, "aliases": [], "telnums": [], "prefs": {}}


def account_spec(params, domain):
    """The desired state of one account from its options; InputError names the option."""
    name = split_name(params["name"], domain)
    if params["password"] is not None and not params["password"]:
        raise InputError(
            "password: must not be empty (an account without a password could be logged into by "
            "anyone who may use an empty one); leave password out to keep the current one"
        )
    for index, telnum in enumerate(params["telnums"] or []):
        check_text(telnum, "telnums[%d]" % index, "telephone number")
    return Spec(
        name,
        params,
        split_optional(params["rename_from"], name.domain, "rename_from"),
        settings=desired_settings(params),
        prefs=desired_prefs(params),
        aliases=alias_names(params["aliases"], name.domain) if params["aliases"] is not None else None,
        rights=rights_list(params["rights"]),
    )


def rights_list(rights):
    """The access right codes as given, each once (None: leave the rights alone)."""
    if rights is None:
        return None
    for index, right in enumerate(rights):
        check_text(right, "rights[%d]" % index, "access right code")
        if right != right.strip():
            raise InputError("rights[%d]: %r has white space around it" % (index, right))
    return list(dict.fromkeys(rights))


def same_rights(wanted, current):
    """Access rights are a set of codes: order and repetition do not matter, spelling does."""
    return set(wanted) == set(str(right) for right in current or [])


class AccountNames:
    """Which account of one domain a spelling names, resolved as the server resolves it: the domain by
    its name or an alias, the account by its name in any case or by one of its aliases, and a bare
    name in ``bare_domain`` (the main domain for login_user). What it needs is read once, when needed."""

    def __init__(self, planner):
        self.planner, self.cgp = planner, planner.cgp
        self._domains = None
        self._main = None
        self._owners = {}

    def resolve(self, spelling, candidates, bare_domain=None, option=None):
        """The server's spelling of the account ``spelling`` names if it is in the planner's domain and is
        one of ``candidates`` (bare names) or named directly; None otherwise. With ``option``, a spelling
        in another domain is an InputError naming the option."""
        local, at, domain = (spelling or "").strip().rpartition("@")
        if not at:
            local, domain = domain, bare_domain or self.main_domain()
        if not local or not domain or domain.lower() not in self.domains():
            if option:
                raise InputError(
                    "%s: '%s' is in domain '%s', not in '%s' or one of its aliases"
                    % (option, spelling, domain, self.planner.domain)
                )
            return None
        found = self.planner.listing(self.planner.domain).get(local.lower())
        return found or self.alias_owner(local, candidates)

    def domains(self):
        if self._domains is None:
            domain = self.planner.domain
            aliases = self.cgp.read_or_none(self.cgp.client.get_domain_aliases, domain) or []
            self._domains = set(name.lower() for name in [domain] + list(aliases))
        return self._domains

    def main_domain(self):
        """The main domain, or "" when this login may not ask (MAINDOMAINNAME needs the All Domains right)."""
        if self._main is None:
            reply = self.cgp.batch([("MAINDOMAINNAME",)], expected=(CGPError,))[0]
            self._main = "" if isinstance(reply, CGPError) else reply
        return self._main

    def alias_owner(self, local, candidates):
        """The candidate account that has ``local`` as an alias (their aliases read in one batch)."""
        domain = self.planner.domain
        listing = self.planner.listing(domain)
        wanted = [name for name in candidates if name.lower() in listing and name.lower() not in self._owners]
        commands = [("GETACCOUNTALIASES", "%s@%s" % (name, domain)) for name in wanted]
        for name, aliases in zip(wanted, self.cgp.batch(commands, expected=(CGPNotFoundError,)) if commands else []):
            self._owners[name.lower()] = name
            for alias in [] if isinstance(aliases, CGPNotFoundError) else aliases or []:
                self._owners.setdefault(str(alias).lower(), name)
        return self._owners.get(local.lower())


class AccountPlanner(ObjectPlanner):
    """Accounts of one domain. Reads: one LISTACCOUNTS, one pipelined batch for the current state of
    every present account concerned (with VERIFYACCOUNTPASSWORD where a password is to be checked),
    one batch re-reading what changed."""

    kind = "account"
    absent_result = {"password_changed": False}

    def __init__(self, cgp, progress, domain, update_password="always"):
        super().__init__(cgp, progress, domain)
        self.update_password = update_password
        self.full = progress.detail == "full"
        self.racing_password = None
        self.names = AccountNames(self)
        self.done = []
        self.rights = False  # some spec manages access rights: read them (set by read)
        self.templates = {}  # {domain: account template} where a created account must lack a setting (check)

    def list_names(self, domain):
        return list_accounts(self.cgp, domain)

    def read(self, targets, doomed):
        sources, verify = [], {}
        for target in targets:
            if target.present and target.source:
                sources.append(target.source)
                if target.spec.params["password"] is not None and self.update_password == "always":
                    verify[target.source] = target.spec.params["password"]
        self.rights = any(target.spec.rights is not None for target in targets if target.present)
        parts = None if self.cgp.check_mode or self.cgp.module._diff or self.full else self.parts_needed(targets)
        return dict(zip(sources, read_accounts(self.cgp, sources, verify=verify, parts=parts, rights=self.rights)))

    def parts_needed(self, targets):
        """What the specs compare: the settings always; aliases, telephone numbers and preferences only when
        an element gives them (an unchanged account's full state is not returned, a changed one is read back)."""
        specs = [target.spec for target in targets if target.present]
        return set(
            ["settings"]
            + [
                part
                for part, wanted in (
                    ("aliases", any(spec.aliases is not None for spec in specs)),
                    ("telnums", any(spec.params["telnums"] is not None for spec in specs)),
                    ("prefs", any(spec.prefs for spec in specs)),
                )
                if wanted
            ]
        )

    def excluded(self, names, doomed):
        """``purge_exclude`` names accounts as the server resolves them (domain aliases, account aliases)."""
        found = [self.names.resolve(spelling, doomed, self.domain, "purge_exclude") for spelling in names]
        return [name for name in found if name]

    def protected(self, doomed):
        """A purge never deletes the account this task logs in as, however login_user spells it."""
        login = self.names.resolve(self.cgp.params["login_user"], doomed)
        if login and login in doomed:
            return [(login, "it is the account this task logs in as (login_user)")]
        return []

    def check(self, targets, current):
        """Refuse, before anything is sent, to delete the account this task logs in as, or to take its
        Master right away (the rest of the task, and any later one, would be refused)."""
        self.templates = self.creation_templates(targets)
        deleting = [target for target in targets if not target.present and target.existing]
        demoting = [
            target
            for target in targets
            if target.present
            and target.source
            and target.spec.rights is not None
            and has_master((current.get(target.source) or {}).get("rights"))
            and not has_master(target.spec.rights)
        ]
        if not deleting and not demoting:
            return
        login = self.names.resolve(
            self.cgp.params["login_user"], [t.source.rpartition("@")[0] for t in deleting + demoting]
        )
        for target in deleting + demoting:
            if login and target.source.rpartition("@")[0].lower() == login.lower():
                where = "%s[%d]: " % (self.progress.option, target.index) if self.progress.option else ""
                why = (
                    "it cannot be deleted by this login"
                    if not target.present
                    else "rights must keep its %s right, or this login would lose the right to administer the server"
                    % MASTER
                )
                raise InputError(
                    "%saccount '%s' is the account this task logs in as (login_user); %s" % (where, target.name, why)
                )

    def creation_templates(self, targets):
        """CREATEACCOUNT copies the domain's account template into the new account, so an account this task
        creates and that must lack a setting (``default`` / null, or purge_settings) is updated right after
        its creation: read the templates of such accounts' domains ({domain: settings}, before any write)."""
        domains = sorted(
            set(
                target.spec.name.domain
                for target in targets
                if target.present
                and not target.source
                and (
                    target.spec.params["purge_settings"]
                    or any(value is None or value == "default" for value in target.spec.settings.values())
                )
            )
        )
        templates = self.cgp.batch([("GETACCOUNTTEMPLATE", domain) for domain in domains]) if domains else []
        return dict((domain, without_password(template)) for domain, template in zip(domains, templates))

    def delete(self, name, current):
        self.cgp.write(self.client.delete_account, name, context=self.context(name, "cannot delete it"))

    def finish(self, targets):
        """Read back the accounts that changed: their results show the server's state."""
        back = self.to_read_back(result["name"] for result, _predicted in self.done if result["changed"])
        after = dict(zip(back, read_accounts(self.cgp, back, rights=self.rights))) if back else {}
        for result, predicted in self.done:
            account = after.get(result["name"], predicted)
            result["account"] = account
            result["diff"]["after"] = dict((k, account[k]) for k in DIFF_KEYS if k in account)
            if result["password_changed"]:
                result["diff"]["after"]["password_changed"] = True

    def apply(self, target, current):
        """The writes for one present account; its result (the account itself is filled in by finish)."""
        cgp, client, spec, name = self.cgp, self.client, target.spec, target.name
        params = spec.params
        before = {}
        if target.renaming:
            self.rename(target.source, name, client.rename_account, target.source, name, path=params["storage_path"])
            before = {"name": target.source}
        password_changed = disabled_now = False
        created = current is None
        if created:
            current = self.create_account(name, params, spec.settings)
            created = current is None
        if created:
            current = new_account(name, spec.settings, self.templates.get(spec.name.domain))
            password_changed = params["password"] is not None
            if spec.name.domain in self.templates:
                self.update_settings(name, current, spec.settings, params)
        else:
            current = dict(current)
            password_ok = current.pop("password_ok", None)
            before = dict(current, name=before.get("name", name))
            disabled_now = self.update_settings(name, current, spec.settings, params)
            if params["password"] is not None and self.update_password == "always" and not password_ok:
                cgp.write(
                    client.set_account_password,
                    name,
                    params["password"],
                    context=self.context(name, "cannot set its password"),
                )
                password_changed = True
        self.update_lists(name, current, spec, created)
        self.update_rights(name, current, spec.rights, created)
        if disabled_now:
            cgp.write(client.kill_account_sessions, name, context=self.context(name, "cannot end its sessions"))
        predicted = dict(current)
        predicted.update(friendly(current["settings"], current.get("prefs") or {}))
        predicted["name"] = name
        result = {
            "state": "present",
            "purged": False,
            "password_changed": password_changed,
            "diff": {"before": dict((k, before[k]) for k in DIFF_KEYS if k in before)},
        }
        self.done.append((result, predicted))
        return result

    def update_lists(self, name, current, spec, created):
        """Preferences (merged), aliases and telephone numbers (exact) of an account.

        On an existing account, aliases are replaced read-verify (another client's concurrent change is
        not lost) and telephone numbers change one by one (MODIFYACCOUNTTELNUMS, atomic on the server).
        """
        cgp, client = self.cgp, self.client
        changes = settings_changes(spec.prefs, current.get("prefs"))
        if changes:
            cgp.write(
                client.update_account_prefs, name, changes, context=self.context(name, "cannot update its preferences")
            )
            current["prefs"] = apply_changes(current.get("prefs"), changes)
        aliases = spec.aliases
        if aliases is not None and not same_names(aliases, current["aliases"]):
            if created:
                cgp.write(
                    client.set_account_aliases,
                    name,
                    aliases,
                    context=self.context(name, "cannot set its aliases to (%s)" % ", ".join(aliases)),
                )
                current["aliases"] = aliases
            else:
                current["aliases"] = self.replace_names(
                    name,
                    "aliases",
                    ("GETACCOUNTALIASES", name),
                    client.set_account_aliases,
                    aliases,
                    current["aliases"],
                )
        telnums = spec.params["telnums"]
        if telnums is not None and sorted(telnums) != sorted(str(t) for t in current["telnums"]):
            if created:
                cgp.write(
                    client.set_account_telnums, name, telnums, context=self.context(name, "cannot set its telnums")
                )
            else:
                self.modify_telnums(name, telnums, current["telnums"])
            current["telnums"] = telnums

    def update_rights(self, name, current, rights, created):
        """SETACCOUNTRIGHTS when the set differs; on an existing account read right before and verified
        (it replaces the whole array, CGPModule.replace)."""
        if rights is None:
            return
        have = current.get("rights") or []
        if created and rights:
            self.cgp.write(
                self.client.set_account_rights,
                name,
                rights,
                context=self.context(name, "cannot set its rights to (%s)" % ", ".join(rights)),
            )
        elif not created and not same_rights(rights, have):
            have = self.replace_names(
                name,
                "rights",
                ("GETACCOUNTRIGHTS", name),
                self.client.set_account_rights,
                rights,
                have,
                same=same_rights,
            )
        current["rights"] = list(rights) if created else list(have)

    def modify_telnums(self, name, wanted, current):
        """MODIFYACCOUNTTELNUMS del / add for each number that differs; a number another client just
        added to this account (or removed) is taken as done, one another account holds fails the task."""
        have = [str(t) for t in current]
        for op, telnums in (
            ("del", [t for t in have if t not in wanted]),
            ("add", [t for t in wanted if t not in have]),
        ):
            for telnum in telnums:
                context = self.context(name, "cannot %s the telnum %s" % (op, telnum))
                refused = self.cgp.write(
                    self.client.modify_account_telnums,
                    name,
                    {"op": op, "telnum": telnum},
                    tolerate=(CGPAlreadyExistsError if op == "add" else CGPNotFoundError,),
                    context=context,
                )
                if (
                    op == "add"
                    and isinstance(refused, CGPAlreadyExistsError)
                    and telnum not in [str(t) for t in self.client.get_account_telnums(name)]
                ):
                    self.cgp.fail_error(
                        refused, self.context(name, "cannot add the telnum %s: another account holds it" % telnum)
                    )

    def create_account(self, name, params, settings):
        """One CREATEACCOUNT with the settings and the password: None, or the account as read (its
        password checked) when another client created it first."""
        create_settings = creation_settings(settings)
        if params["password"] is not None:
            create_settings = dict([("Password", params["password"])] + list(create_settings.items()))
        self.racing_password = params["password"] if self.update_password == "always" else None
        return self.create(
            name,
            self.client.create_account,
            name,
            account_type=params["account_type"],
            path=params["storage_path"],
            legacy=params["legacy"],
            settings=create_settings or None,
        )

    def read_one(self, name):
        """An account another client just created, its password checked (update_password: always)."""
        password = self.racing_password
        return read_accounts(
            self.cgp, [name], verify={name: password} if password is not None else {}, rights=self.rights
        )[0]

    def update_settings(self, name, current, settings, params):
        """UPDATEACCOUNTSETTINGS when needed; returns whether this run disables the account."""
        wanted = fit_to_current(settings, current["settings"], params["enabled"])
        changes = settings_changes(wanted, current["settings"], purge=params["purge_settings"])
        if not changes:
            return False
        self.cgp.write(
            self.client.update_account_settings, name, changes, context=self.context(name, "cannot update its settings")
        )
        disabled_now = is_disabled(changes.get("AccessModes")) and not is_disabled(
            current["settings"].get("AccessModes")
        )
        current["settings"] = apply_changes(current["settings"], changes)
        return disabled_now


ACCOUNTS = ListForm(
    AccountPlanner,
    "accounts",
    ACCOUNT_OPTIONS,
    account_spec,
    returns=("account", "password_changed"),
    update_password=dict(type="str", default="always", choices=["always", "on_create"], no_log=False),
)


def account_info(cgp):
    """cgp_account_info: the accounts of a domain (or one), in the shape cgp_account accepts."""
    # Imported here: cgp_account runs far more often and needs none of them (module start-up
    # compiles every imported module_utils file from the module's zip, twice).
    from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailbox import read_mailboxes
    from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailrules import to_readable_list
    from ansible_collections.communigate.pro.plugins.module_utils.cgp_secret_export import object_secrets, save_secrets

    params = cgp.params
    domain = domain_of(params)
    only = split_name(params["name"], domain).local.lower() if params["name"] else None
    cgp.connect()
    names = sorted(list_accounts(cgp, domain), key=str.lower)
    if only is not None:
        names = [n for n in names if n.lower() == only]
    if params["filter"]:
        names = [n for n in names if params["filter"].lower() in n.lower()]
    secrets = params["secrets_file"]
    accounts = read_accounts(
        cgp,
        ["%s@%s" % (n, domain) for n in names],
        effective=params["effective"],
        info_keys=params["info_keys"] if params["info"] else None,
        rights=params["rights"],
        mail_rules=params["mail_rules"],
        passwords=bool(secrets),
    )
    for account in accounts if params["mail_rules"] else ():
        account["mail_rules"] = to_readable_list(account["mail_rules"])
    if secrets:
        save_secrets(
            cgp, "accounts", object_secrets(accounts, ("settings", "prefs")), [account["name"] for account in accounts]
        )
        for account in accounts:
            account["settings"] = without_password(account["settings"])
    if params["mailboxes"]:
        mailboxes = read_mailboxes(cgp, [account["name"] for account in accounts])
        for account in accounts:
            account["mailboxes"] = mailboxes[account["name"]]
    cgp.exit(accounts=accounts)
