# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The guess checks: for each row of docs/emulator-guesses.md, the command that tells whether the
guess holds on this server, run inside a throwaway domain.

A check returns (held, what the server did) or raises NotCheckable; it never fails the run. Checks
that change server-wide values run only with CGP_TEST_ALLOW_SERVER_SETTINGS=yes and put every
value back at once (the run restores them again from its snapshot afterwards).
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import tempfile
import time

import report
from config import cgp_client, cgp_codec, cgp_secrets

CHECKS = []  # (check id, function, needs the server-wide opt-in)
# The emulator writes a string bare when it matches this, and quotes it otherwise (render.py).
BARE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*\Z")


class NotCheckable(Exception):
    """The server cannot tell (a command it does not have, a tool missing here, no opt-in)."""


class Result:
    def __init__(self, check_id, outcome, detail):
        self.id, self.outcome, self.detail = check_id, outcome, detail


def check(check_id, server_wide=False):
    def register(func):
        CHECKS.append((check_id, func, server_wide))
        return func

    return register


class Recorder(cgp_client.CGPClient):
    """A client that keeps the raw reply lines, for the checks of the wire format."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = []

    def _read_raw(self, doing):
        line = super()._read_raw(doing)
        self.lines.append(line)
        return line


class Probe:
    """What a check works with: the administrator's session and a throwaway domain."""

    def __init__(self, config, client, domain):
        self.config, self.client, self.domain = config, client, domain
        self.passwords = []  # masked in what the check reports

    def masked(self, text):
        for password in self.passwords:
            text = text.replace(password, cgp_client.MASK)
        return text

    def name(self, local):
        return "%s@%s" % (local, self.domain)

    def account(self, local, **settings):
        """A new account of the probe domain with a throwaway password; returns (name, password)."""
        password = "Pr0be-" + secrets.token_hex(6)
        self.passwords.append(password)
        self.client.create_account(self.name(local), settings=dict(settings, Password=password))
        return self.name(local), password

    def login(self, user, password):
        """A session of another account (a CGPError when the server refuses it)."""
        return self.config.client(user, password)

    def raw(self, *command):
        """(code, text) of one command, without raising: refusals are what some checks look for."""
        try:
            return 200, self.client.execute(*command)
        except cgp_client.CGPConnectionError:
            raise
        except cgp_client.CGPError as exc:
            return exc.code, exc.text


def bare_form(value):
    """The one-line text the emulator's INLINE replies use for ``value`` (render.py, docs/emulator-guesses.md)."""
    if isinstance(value, str) and not isinstance(value, cgp_codec.XML):
        return value if BARE.match(value) else cgp_codec.dumps(value)
    if isinstance(value, dict):
        return "{" + "".join("%s=%s;" % (bare_form(str(k)), bare_form(v)) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "(" + ",".join(bare_form(v) for v in value) + ")"
    return cgp_codec.dumps(value)


# ---------------------------------------------------------------- the wire format


@check("inline-atoms")
def inline_atoms(probe):
    name, _password = probe.account(
        "atoms", RealName="Probe User", MaxAccountSize="100M", RulesAllowed="Any", Notes="a-b.c_d@e", Odd="-1"
    )
    recorder = Recorder(
        probe.config.host,
        probe.config.port,
        probe.config.user,
        probe.config.password,
        login_method=probe.config.login_method,
        tls=probe.config.tls,
        validate_certs=probe.config.validate_certs,
        ca_path=probe.config.ca_path,
    ).connect()
    try:
        value = recorder.get_account_settings(name)
        line = recorder.lines[-1]
    finally:
        recorder.close()
    expected = "201 " + bare_form(value)
    return line == expected, "reply %s; the emulator would write %s" % (line[:300], expected[:300])


@check("numbers-account-info")
def numbers_account_info(probe):
    name, _password = probe.account("info")
    value = probe.client.get_account_info(name, ["StorageUsed"]).get("StorageUsed")
    if value is None:
        raise NotCheckable("GETACCOUNTINFO returned no StorageUsed")
    return isinstance(value, int), "StorageUsed came back as %r (%s)" % (value, type(value).__name__)


@check("numbers-account-stat")
def numbers_account_stat(probe):
    name, _password = probe.account("stat")
    code, stats = probe.raw("GETACCOUNTSTAT", name)
    if code != 200 or not isinstance(stats, dict):
        raise NotCheckable("GETACCOUNTSTAT: %s %s" % (code, stats))
    odd = {k: v for k, v in stats.items() if k != "StatReset" and not isinstance(v, int)}
    return not odd, "values %r" % stats


@check("numbers-domain-objects")
def numbers_domain_objects(probe):
    probe.account("count")
    result = probe.client.list_domain_objects(probe.domain, 10, accounts=True)
    counts = [result[0], result[2], result[3]]
    return all(isinstance(c, str) and c.isdigit() for c in counts), "counts %r" % counts


@check("listdomains-order")
def listdomains_order(probe):
    names = probe.client.list_domains()
    main = probe.client.main_domain_name()
    rest = names[1:]
    held = names[:1] == [main] and rest == sorted(rest, key=str.lower)
    order = "sorted" if rest == sorted(rest, key=str.lower) else "in the server's own order"
    return held, "first %r (main domain %r), the others %s" % (names[:1], main, order)


# ---------------------------------------------------------------- what the vendor's clients send


def _accepted(probe, *command):
    code, text = probe.raw(*command)
    return code == 200, "%s -> %s" % (
        cgp_client.mask_command(command[0], command[1:])[:120],
        "accepted" if code == 200 else "%s %s" % (code, text),
    )


@check("verbs-mixed-case")
def verbs_mixed_case(probe):
    name = probe.name("mixed")
    created, detail = _accepted(probe, "CreateAccount", name)
    read, detail2 = _accepted(probe, "GetAccountSettings", name)
    return created and read, "%s; %s" % (detail, detail2)


@check("keywords-lowercase")
def keywords_lowercase(probe):
    probe.account("lower")
    results = [
        _accepted(probe, "RenameAccount", probe.name("lower"), cgp_client.Keyword("into"), probe.name("lower2")),
        _accepted(probe, "CreateList", probe.name("lowerlist"), cgp_client.Keyword("for"), "lower2"),
    ]
    return all(r[0] for r in results), "; ".join(r[1] for r in results)


@check("setaccountpassword-to")
def setaccountpassword_to(probe):
    name, _password = probe.account("pwto")
    new = "T0-" + secrets.token_hex(6)
    accepted, detail = _accepted(probe, "SetAccountPassword", name, cgp_client.Keyword("TO"), cgp_client.Secret(new))
    if not accepted:
        return False, detail
    verified = _accepted(probe, "VerifyAccountPassword", name, cgp_client.Keyword("PASSWORD"), cgp_client.Secret(new))[
        0
    ]
    return verified, "accepted; the new password %s" % ("verifies" if verified else "does not verify")


@check("createaccount-external")
def createaccount_external(probe):
    return _accepted(probe, "CreateAccount", probe.name("legacy"), cgp_client.Keyword("external"))


@check("abbreviated-verbs")
def abbreviated_verbs(probe):
    name, _password = probe.account("abbr")
    results = [
        _accepted(probe, "STACNT", name, {"RealName": "Abbreviated"}),
        _accepted(probe, "GTACNTRGHT", name),
        _accepted(probe, "STACNTRGHT", name, []),
        _accepted(probe, "GTWUSR", name),
        _accepted(probe, "STWUSR", name, {"Language": "english"}),
    ]
    return all(r[0] for r in results), "; ".join(r[1] for r in results)


@check("legacy-verbs")
def legacy_verbs(probe):
    name, _password = probe.account("old")
    results = [
        _accepted(probe, "GetWebUser", name),
        _accepted(probe, "SetWebUser", name, {"Language": "english"}),
        _accepted(probe, "GetEffectiveWebUser", name),
        _accepted(probe, "GetAccountRules", name),
        _accepted(probe, "SetAccountRules", name, []),
        _accepted(probe, "GetAllAccountsDefaults"),
        _accepted(probe, "GetServerRules"),
        _accepted(probe, "CreateSharedDomain", probe.domain.replace(".test", "-shared.test")),
    ]
    return all(r[0] for r in results), "; ".join(r[1] for r in results)


# ---------------------------------------------------------------- semantics the reference leaves open


@check("default-updatelist")
def default_updatelist(probe):
    probe.account("owner")
    name = probe.name("probe-list")
    probe.client.create_list(name, "owner")
    probe.client.update_list(name, {"SizeLimit": "12K"})
    middle = probe.client.get_list(name).get("SizeLimit")
    probe.client.update_list(name, {"SizeLimit": "default"})
    after = probe.client.get_list(name)
    return middle == "12K" and "SizeLimit" not in after, "SizeLimit after 12K: %r, after default: %r" % (
        middle,
        after.get("SizeLimit", "<no key>"),
    )


def _default_removes(probe, scope, key, value):
    before = probe.client.get_server_object(scope)
    try:
        probe.client.update_server_object(scope, {key: value})
        middle = probe.client.get_server_object(scope).get(key)
        probe.client.update_server_object(scope, {key: "default"})
        after = probe.client.get_server_object(scope)
    finally:
        if SCOPES[scope].can("SET"):
            probe.client.set_server_object(scope, before)
        else:
            probe.client.update_server_object(scope, {key: before[key] if key in before else "default"})
    detail = "%s %s: %r, then %r" % (scope, key, middle, after.get(key, "<no key>"))
    return middle == value and key not in after, detail


SCOPES = cgp_client.SERVER_SCOPES


@check("default-server-updates", server_wide=True)
def default_server_updates(probe):
    results = [
        _default_removes(probe, "domain_defaults", "LogLevel", "3"),
        _default_removes(probe, "server_account_defaults", "MaxWebFiles", "123"),
        _default_removes(probe, "server_account_prefs", "MessagesPerPage", "37"),
    ]
    return all(r[0] for r in results), "; ".join(r[1] for r in results)


@check("default-update-only-scopes", server_wide=True)
def default_update_only_scopes(probe):
    results = [_default_removes(probe, "log_settings", "KeepPeriod", "11d")]
    return all(r[0] for r in results), "; ".join(r[1] for r in results)


@check("subscriber-real-name")
def subscriber_real_name(probe):
    probe.account("listowner")
    name = probe.name("names")
    probe.client.create_list(name, "listowner")
    probe.client.list_operation(name, "feed", '"Bill Jones" <bill@example.invalid>', silently=True)
    info = probe.client.get_subscriber_info(name, "bill@example.invalid")
    return info.get("RealName") == "Bill Jones", "GETSUBSCRIBERINFO %r" % info


def _suspended(probe, local):
    domain = probe.domain.replace(".test", "-%s.test" % local)
    probe.client.create_domain(domain)
    name = "user@" + domain
    password = "Su5p-" + secrets.token_hex(6)
    probe.passwords.append(password)
    probe.client.create_account(name, settings={"Password": password})
    return domain, name, password


@check("suspended-domain-readback")
def suspended_domain_readback(probe):
    domain = _suspended(probe, "susp")[0]
    before = (probe.client.get_domain_settings(domain), probe.client.get_domain_effective_settings(domain))
    probe.client.suspend_domain(domain)
    after = (probe.client.get_domain_settings(domain), probe.client.get_domain_effective_settings(domain))
    probe.client.resume_domain(domain)
    changed = sorted(
        k for part in (0, 1) for k in set(before[part]) | set(after[part]) if before[part].get(k) != after[part].get(k)
    )
    return not changed, "keys that changed with SUSPENDDOMAIN: %s" % (changed or "none")


@check("suspended-domain-login")
def suspended_domain_login(probe):
    domain, name, password = _suspended(probe, "susplogin")
    probe.client.suspend_domain(domain)
    try:
        session = probe.login(name, password)
    except cgp_client.CGPError as exc:
        return True, "login refused: %s" % exc.text
    finally:
        probe.client.resume_domain(domain)
    session.close()
    return False, "the account of a suspended domain logged in"


@check("maindomainname-non-admin")
def maindomainname_non_admin(probe):
    name, password = probe.account("plain")
    session = probe.login(name, password)
    try:
        session.main_domain_name()
    except cgp_client.CGPError as exc:
        return isinstance(exc, cgp_client.CGPAccessDeniedError), "refused: %s %s" % (exc.code, exc.text)
    finally:
        session.close()
    return False, "a plain account may run MAINDOMAINNAME"


@check("password-returned-to-admin")
def password_returned_to_admin(probe):
    name, _password = probe.account("pwread")
    settings = probe.client.get_account_settings(name)
    effective = probe.client.get_account_effective_settings(name)
    return (
        "Password" in settings and "Password" in effective,
        "Password in GETACCOUNTSETTINGS: %s, in "
        "GETACCOUNTEFFECTIVESETTINGS: %s" % ("Password" in settings, "Password" in effective),
    )


@check("password-stored-as-given")
def password_stored_as_given(probe):
    name, password = probe.account("pwform")
    stored = probe.client.get_account_settings(name).get("Password")
    encryption = probe.client.get_account_effective_settings(name).get("PasswordEncryption")
    form = (
        "missing"
        if stored is None
        else "the password as set"
        if stored == password
        else "another value of %d characters%s"
        % (len(stored), ", starting with \\001" if stored.startswith("\x01") else "")
    )
    return stored == password, "PasswordEncryption %r; Password read back: %s" % (encryption, form)


@check("password-hidden-from-self")
def password_hidden_from_self(probe):
    name, password = probe.account("pwself")
    session = probe.login(name, password)
    try:
        own = session.get_account_settings(name)
    finally:
        session.close()
    return "Password" not in own, "Password in the account's own GETACCOUNTSETTINGS: %s" % ("Password" in own)


@check("setaccountsettings-keeps-password")
def setaccountsettings_keeps_password(probe):
    name, password = probe.account("keep")
    probe.client.set_account_settings(name, {"RealName": "Kept Password"})
    verified = probe.client.verify_account_password(name, password)
    return verified, "after SETACCOUNTSETTINGS without Password the old password %s" % (
        "still verifies" if verified else "no longer verifies"
    )


@check("password-check-rules")
def password_check_rules(probe):
    name, _password = probe.account("rules")
    probe.client.update_account_settings(name, {"MinPasswordLength": "10", "PasswordComplexity": "MixedCaseDigit"})
    outcomes = {}
    for label, candidate in (
        ("short", "Ab1" + secrets.token_hex(2)),
        ("lower case", secrets.token_hex(8) + "x"),
        ("strong", "Strong" + secrets.token_hex(4) + "A1"),
    ):
        probe.passwords.append(candidate)
        code, text = probe.raw(
            "SETACCOUNTPASSWORD",
            name,
            cgp_client.Keyword("PASSWORD"),
            cgp_client.Secret(candidate),
            cgp_client.Keyword("CHECK"),
        )
        outcomes[label] = "accepted" if code == 200 else "%s %s" % (code, text)
    held = outcomes["strong"] == "accepted" and "accepted" not in (outcomes["short"], outcomes["lower case"])
    return held, "SETACCOUNTPASSWORD ... CHECK with MinPasswordLength 10, MixedCaseDigit: %r" % outcomes


@check("accessmodes-none-login")
def accessmodes_none_login(probe):
    name, password = probe.account("nomodes")
    probe.client.update_account_settings(name, {"AccessModes": "None"})
    try:
        session = probe.login(name, password)
    except cgp_client.CGPError as exc:
        return True, "login refused: %s" % exc.text
    session.close()
    return False, "an account with AccessModes None logged in to the CLI"


@check("verify-other-account-needs-right")
def verify_other_account_needs_right(probe):
    name, password = probe.account("verifier")
    other, other_password = probe.account("verified")
    session = probe.login(name, password)
    try:
        session.verify_account_password(other, other_password)
    except cgp_client.CGPError as exc:
        return isinstance(exc, cgp_client.CGPAccessDeniedError), "refused: %s %s" % (exc.code, exc.text)
    finally:
        session.close()
    return False, "a plain account may run VERIFYACCOUNTPASSWORD for another account"


@check("self-service-password")
def self_service_password(probe):
    name, password = probe.account("selfpw")
    first, second = ("Self-" + secrets.token_hex(6) + "A1", "Self-" + secrets.token_hex(6) + "B2")
    probe.passwords += [first, second]
    session = probe.login(name, password)
    try:
        try:
            session.set_account_password(name, first)
        except cgp_client.CGPError as exc:
            return False, "the account may not change its own password: %s %s" % (exc.code, exc.text)
        probe.client.update_account_settings(name, {"CanModifyPassword": "NO"})
        try:
            session.set_account_password(name, second)
        except cgp_client.CGPError as exc:
            return True, "changed its own password; with CanModifyPassword NO refused: %s %s" % (exc.code, exc.text)
    finally:
        session.close()
    return False, "changed its own password, also with CanModifyPassword NO"


@check("app-password-keys")
def app_password_keys(probe):
    name, _password = probe.account("apppw")
    before = set(probe.client.get_account_settings(name))
    code, text = probe.raw(
        "SETACCOUNTPASSWORD",
        name,
        cgp_client.Keyword("PASSWORD"),
        cgp_client.Secret("App-" + secrets.token_hex(6)),
        cgp_client.Keyword("NAME"),
        "probe",
    )
    if code != 200:
        raise NotCheckable("SETACCOUNTPASSWORD ... NAME: %s %s" % (code, text))
    new = sorted(set(probe.client.get_account_settings(name)) - before)
    unmasked = [key for key in new if not cgp_secrets.is_secret_key(key)]
    return not unmasked, "keys that appeared: %s%s" % (
        new or "none",
        "; not secret keys: %s" % unmasked if unmasked else "",
    )


@check("findforwarders-names")
def findforwarders_names(probe):
    probe.client.create_forwarder(probe.name("fwd"), "target@example.invalid")
    names = probe.client.find_forwarders(probe.domain, "target@example.invalid")
    return names == ["fwd"], "FINDFORWARDERS %r" % names


@check("account-type-extensions")
def account_type_extensions(probe):
    expected = {"MultiMailbox": "macnt", "TextMailbox": "mbox", "MailDirMailbox": "mdir"}
    for kind in expected:
        probe.client.create_account(probe.name("t-" + kind.lower()), account_type=kind)
    listed = probe.client.list_accounts(probe.domain)
    seen = {kind: listed.get("t-" + kind.lower()) for kind in expected}
    return seen == expected, "LISTACCOUNTS values %r" % seen


@check("telnums-unique")
def telnums_unique(probe):
    first = probe.account("tel1")[0]
    second = probe.account("tel2")[0]
    telnum = "+1-555-%07d" % secrets.randbelow(10**7)
    probe.client.set_account_telnums(first, [telnum])
    code, text = probe.raw("SETACCOUNTTELNUMS", second, [telnum])
    answer = "accepted" if code == 200 else "%s %s" % (code, text)
    return code != 200, "the same telnum for a second account: %s" % answer


@check("error-texts")
def error_texts(probe):
    name, _password = probe.account("dup")
    cases = [
        ("CREATEACCOUNT", (name,), cgp_client.CGPAlreadyExistsError),
        ("GETACCOUNTSETTINGS", (probe.name("nobody"),), cgp_client.CGPNotFoundError),
        ("GETDOMAINSETTINGS", ("no-such-" + probe.domain,), cgp_client.CGPNotFoundError),
        ("NOSUCHCOMMANDPROBE", (), cgp_client.CGPError),
    ]
    held, seen = True, []
    for verb, args, expected in cases:
        try:
            probe.client.execute(verb, *args)
            held = False
            seen.append("%s accepted" % verb)
        except cgp_client.CGPError as exc:
            held = held and type(exc) is expected  # pylint: disable=unidiomatic-typecheck
            seen.append("%s -> %s %s (%s)" % (verb, exc.code, exc.text, type(exc).__name__))
    return held, "; ".join(seen)


@check("domain-admin-right")
def domain_admin_right(probe):
    name, password = probe.account("dadmin")
    probe.client.set_account_rights(name, ["Domain"])
    session = probe.login(name, password)
    try:
        session.create_account(probe.name("made-by-dadmin"))
    except cgp_client.CGPError as exc:
        return False, "an account with the rights (Domain) may not create accounts: %s %s" % (exc.code, exc.text)
    finally:
        session.close()
    return True, "an account with the rights (Domain) created an account in its domain"


@check("listdomainobjects-cookie")
def listdomainobjects_cookie(probe):
    probe.account("c-first")
    probe.account("c-second")
    result = probe.client.list_domain_objects(probe.domain, 1, accounts=True, cookie="")
    names = list(result[1])
    cookie = result[4] if len(result) > 4 else None
    return bool(names) and cookie == names[-1].lower(), "one name %r, cookie %r" % (names, cookie)


@check("listdomainobjects-all-kinds")
def listdomainobjects_all_kinds(probe):
    probe.account("kind-account")
    probe.client.create_forwarder(probe.name("kind-forwarder"), "target@example.invalid")
    code, result = probe.raw("LISTDOMAINOBJECTS", probe.domain, "10")
    if code != 200 or not isinstance(result, list) or len(result) < 2 or not isinstance(result[1], dict):
        raise NotCheckable("LISTDOMAINOBJECTS without ACCOUNTS/ALIASES/FORWARDERS: %s %r" % (code, result))
    names = sorted(result[1])
    return names == ["kind-account", "kind-forwarder"], "objects listed: %s" % names


@check("cluster-commands-single-server")
def cluster_commands(probe):
    results = [_accepted(probe, "GETCLUSTERLANIPS"), _accepted(probe, "GETCLUSTERACCOUNTDEFAULTS")]
    return all(r[0] for r in results), "; ".join(r[1] for r in results)


def _key_and_certificate():
    """(base64 DER private key, base64 DER certificate) from the openssl tool."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise NotCheckable("the openssl tool is not installed here")
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [
                openssl,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                work + "/k.pem",
                "-out",
                work + "/c.pem",
                "-days",
                "2",
                "-subj",
                "/CN=probe.example.invalid",
            ],
            check=True,
            capture_output=True,
        )
        key = subprocess.run(
            [openssl, "rsa", "-in", work + "/k.pem", "-outform", "DER", "-traditional"], check=True, capture_output=True
        ).stdout
        cert = subprocess.run(
            [openssl, "x509", "-in", work + "/c.pem", "-outform", "DER"], check=True, capture_output=True
        ).stdout
    return key, cert


@check("certificate-datablocks")
def certificate_datablocks(probe):
    key, cert = _key_and_certificate()
    domain = probe.domain.replace(".test", "-cert.test")
    probe.client.create_domain(domain)
    code, text = probe.raw(
        "UPDATEDOMAINSETTINGS", domain, {"PrivateSecureKey": key, "SecureCertificate": cert, "CertificateType": "YES"}
    )
    if code != 200:
        return False, "the server refused the key and certificate as datablocks: %s %s" % (code, text)
    settings = probe.client.get_domain_settings(domain)
    kinds = {k: type(settings.get(k)).__name__ for k in ("PrivateSecureKey", "SecureCertificate", "CertificateType")}
    return isinstance(settings.get("SecureCertificate"), bytes) and settings.get(
        "CertificateType"
    ) == "YES", "read back as %r" % kinds


RPOP_RECORD = {
    "authName": "probe",
    "domain": "pop.example.invalid",
    "password": "Rp0p-probe",
    "mailbox": "INBOX",
    "period": "10m",
    "APOP": "1",
    "TLS": "YES",
    "leave": "NO",
}


def _rpop_read_back(probe):
    name, _password = probe.account("rpop")
    code, text = probe.raw("SETACCOUNTRPOPS", name, {"probe": dict(RPOP_RECORD)})
    if code != 200:
        raise NotCheckable("SETACCOUNTRPOPS: %s %s" % (code, text))
    code, records = probe.raw("GETACCOUNTRPOPS", name)
    if code != 200 or not isinstance(records, dict) or "probe" not in records:
        raise NotCheckable("GETACCOUNTRPOPS: %s %r" % (code, records))
    return {k: v for k, v in records["probe"].items() if k != "password"}


@check("rpop-booleans")
def rpop_booleans(probe):
    record = _rpop_read_back(probe)
    flags = {k: record.get(k) for k in ("APOP", "TLS", "leave")}
    return flags == {"APOP": "1", "TLS": "YES", "leave": "NO"}, "flags sent 1, YES, NO; read back %r" % flags


@check("rpop-extra-keys")
def rpop_extra_keys(probe):
    record = _rpop_read_back(probe)
    extra = sorted(set(record) - set(RPOP_RECORD))
    return not extra, "keys the server added: %s" % (extra or "none")


# ---------------------------------------------------------------- running them


def run_one(config, check_id, func, domain):
    client = config.client()
    probe = Probe(config, client, domain)
    try:
        client.create_domain(domain)
        held, detail = func(probe)
        return Result(check_id, report.HELD if held else report.NOT_HELD, probe.masked(detail))
    except NotCheckable as exc:
        return Result(check_id, report.UNCHECKABLE, probe.masked(str(exc)))
    except cgp_client.CGPError as exc:
        return Result(check_id, report.UNCHECKABLE, probe.masked("the check itself failed: %s" % exc))
    finally:
        for name in client.list_domains():
            if name.lower().startswith(domain[: -len(".test")]):
                client.delete_domain(name, force=True)
        client.close()


def run_all(config):
    """Run every check (those needing the server-wide opt-in only with it); [Result] in table order."""
    results = []
    for index, (check_id, func, server_wide) in enumerate(CHECKS):
        if server_wide and not config.server_wide:
            results.append(
                Result(
                    check_id, report.UNCHECKABLE, "changes server-wide settings: set CGP_TEST_ALLOW_SERVER_SETTINGS=yes"
                )
            )
            continue
        started = time.monotonic()
        result = run_one(config, check_id, func, "%sg%02d.test" % (config.run_prefix, index))
        print("conformance: guess %s %s (%.1f s)" % (check_id, result.outcome, time.monotonic() - started), flush=True)
        results.append(result)
    return results
