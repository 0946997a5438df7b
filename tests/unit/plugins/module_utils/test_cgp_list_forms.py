# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The list forms' shared logic: element validation and its messages, duplicates, purge
selection, failure reports, batch() with expected errors and without pipelining, and the
account / forwarder / mailing list planners against the in-process emulator (no Ansible run)."""

from __future__ import annotations

import pytest

from ansible_collections.communigate.pro.plugins.module_utils.cgp_account import (
    ACCOUNT_OPTIONS,
    ACCOUNTS,
    AccountNames,
    AccountPlanner,
    account_spec,
    read_accounts,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import (
    CGPClient,
    CGPNotFoundError,
    CGPWrongPasswordError,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_forwarder import (
    FORWARDER_OPTIONS,
    FORWARDERS,
    ForwarderPlanner,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError, item_error, refuse_duplicates
from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailinglist import (
    MAILINGLIST_OPTIONS,
    MAILINGLISTS,
    MailingListPlanner,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule
from ansible_collections.communigate.pro.plugins.module_utils.cgp_planner import Progress
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import Masker

DOMAIN = "example.test"


def specs_of(form, items, exclude=None):
    """The list form's validated specs of ``items`` in DOMAIN, as the module computes them."""
    return form.specs({form.option: items, "domain": DOMAIN, "purge": False, "purge_exclude": exclude})[0]


def account_specs(items):
    return specs_of(ACCOUNTS, items)


def element(options, **given):
    """One list element as Ansible hands it over: every option present, defaults applied."""
    item = dict((name, spec.get("default")) for name, spec in options.items())
    item.update(given)
    return item


def account(**given):
    return element(ACCOUNT_OPTIONS, **given)


# ---------------------------------------------------------------- messages and selection


@pytest.mark.parametrize(
    "message, expected",
    [
        ("quota: 'lots' is not a size", "accounts[3].quota: 'lots' is not a size"),
        (
            "real_name and settings.RealName are both given",
            "accounts[3].real_name and settings.RealName are both given",
        ),
        ("settings.Password is refused", "accounts[3].settings.Password is refused"),
        ("purge_settings: x", "accounts[3].purge_settings: x"),
        ("subscribers[0].mode must be one of", "accounts[3].subscribers[0].mode must be one of"),
        ("domain 'x' does not exist", "accounts[3]: domain 'x' does not exist"),
        ("named_thing: x", "accounts[3]: named_thing: x"),
    ],
)
def test_item_error_prefixes_the_element(message, expected):
    assert (
        item_error("accounts", 3, message, ["name", "quota", "real_name", "settings", "purge_settings", "subscribers"])
        == expected
    )


def test_refuse_duplicates_names_both_elements_case_insensitively():
    refuse_duplicates(
        "accounts", [(0, "name", "ann", "ann"), (0, "rename_from", "ann", "ann"), (1, "name", "bob", "bob")]
    )
    with pytest.raises(InputError, match=r"^accounts\[2\]\.rename_from: 'ANN@x' is also accounts\[0\]\.name"):
        refuse_duplicates(
            "accounts", [(0, "name", "ann", "ann"), (1, "name", "bob", "bob"), (2, "rename_from", "ANN", "ANN@x")]
        )


@pytest.mark.parametrize(
    "domain, spelling, expected",
    [
        (DOMAIN, "postmaster", "postmaster"),
        (DOMAIN, "postmaster@EXAMPLE.test", "postmaster"),
        (DOMAIN, "admin@other.test", None),
        (DOMAIN, "", None),
        ("names.test", "Boss@NAMES.test", "boss"),
        ("names.test", "boss@alias.test", "boss"),
        ("names.test", "chief@names.test", "boss"),
        ("names.test", "chief@Alias.test", "boss"),
        ("names.test", "boss", None),  # a bare login_user is in the main domain
        ("names.test", "nobody@names.test", None),
    ],
)
def test_account_spellings_resolve_as_the_server_does(cgp, domain, spelling, expected):
    cgp.client.create_domain("names.test")
    cgp.client.set_domain_aliases("names.test", ["alias.test"])
    cgp.client.create_account("boss@names.test")
    cgp.client.set_account_aliases("boss@names.test", ["chief"])
    names = AccountNames(AccountPlanner(cgp, Progress(cgp), domain))
    assert names.resolve(spelling, ["boss", "postmaster"]) == expected


def test_account_specs_validate_every_element_and_name_it():
    specs = account_specs([account(name="ann"), account(name="Bob@example.test", quota=100)])
    assert [tuple(s.name) for s in specs] == [("ann", DOMAIN), ("Bob", DOMAIN)]
    assert specs[1].settings == {"MaxAccountSize": "100M"}
    with pytest.raises(InputError, match=r"^accounts\[1\]\.quota: 'lots' is not a size"):
        account_specs([account(name="ann"), account(name="x", quota="lots")])
    with pytest.raises(InputError, match=r"^accounts\[0\]\.name: 'x@other.test' is in domain 'other.test'"):
        account_specs([account(name="x@other.test")])
    with pytest.raises(InputError, match=r"^accounts\[1\]\.name: 'ANN' is also accounts\[0\]\.name"):
        account_specs([account(name="ann"), account(name="ANN")])


def test_the_single_form_messages_are_unprefixed():
    with pytest.raises(InputError, match=r"^quota: "):
        account_spec(account(name="x", quota="lots"), DOMAIN)


def test_forwarder_and_list_specs_name_the_element():
    with pytest.raises(InputError, match=r"^forwarders\[1\]\.to: required with state=present"):
        specs_of(FORWARDERS, [element(FORWARDER_OPTIONS, name="a", to="x@y"), element(FORWARDER_OPTIONS, name="b")])
    assert specs_of(FORWARDERS, [element(FORWARDER_OPTIONS, name="b", state="absent")])[0].name.local == "b"
    with pytest.raises(InputError, match=r"^mailinglists\[0\]\.subscribers\[0\]\.mode must be one of"):
        specs_of(
            MAILINGLISTS, [element(MAILINGLIST_OPTIONS, name="l", subscribers=[{"address": "a@b.c", "mode": "x"}])]
        )
    with pytest.raises(InputError, match=r"^mailinglists\[0\]\.purge_subscribers needs subscribers"):
        specs_of(MAILINGLISTS, [element(MAILINGLIST_OPTIONS, name="l", purge_subscribers=True)])


# ---------------------------------------------------------------- a CGPModule without Ansible


class Failed(Exception):
    def __init__(self, result):
        super().__init__(result["msg"])
        self.result = result


class FakeAnsibleModule:
    _diff = True

    def __init__(self):
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)

    def fail_json(self, **result):
        raise Failed(result)


def module_for(emulator, check_mode=False, pipelining=True):
    """A connected CGPModule whose AnsibleModule is a stand-in (fail_json raises Failed)."""
    cgp = CGPModule.__new__(CGPModule)
    cgp.module = FakeAnsibleModule()
    cgp.params = {"pipelining": pipelining, "login_user": emulator.user}
    cgp.check_mode = check_mode
    cgp.commands, cgp.changed, cgp.progress, cgp._recording = [], False, None, False
    cgp._replaced, cgp._settle, cgp.masker, cgp.spec = [], 0, Masker(), {}
    cgp.client = CGPClient(emulator.host, emulator.port, emulator.user, emulator.password)
    cgp.client.intercept = cgp._intercept
    cgp.client.connect()
    return cgp


@pytest.fixture
def cgp(cgp_emulator):
    module = module_for(cgp_emulator)
    yield module
    module.close()


def test_batch_returns_expected_errors_in_their_slot(cgp):
    results = cgp.batch([("MAINDOMAINNAME",), ("GETACCOUNTSETTINGS", "nobody@" + DOMAIN)], expected=(CGPNotFoundError,))
    assert results[0] == DOMAIN and isinstance(results[1], CGPNotFoundError)
    with pytest.raises(Failed, match="nobody@example.test"):
        cgp.batch([("GETACCOUNTSETTINGS", "nobody@" + DOMAIN)])


@pytest.mark.parametrize("pipelining", [True, False])
def test_read_accounts_verifies_passwords_in_the_batch(cgp_emulator, pipelining):
    cgp = module_for(cgp_emulator, pipelining=pipelining)
    try:
        cgp.client.create_account("ann@" + DOMAIN, settings={"Password": "right", "RealName": "Ann"})
        accounts = read_accounts(
            cgp,
            ["ann@" + DOMAIN, "postmaster@" + DOMAIN],
            verify={"ann@" + DOMAIN: "right", "postmaster@" + DOMAIN: "wrong"},
        )
    finally:
        cgp.close()
    assert [a["password_ok"] for a in accounts] == [True, False]
    assert accounts[0]["real_name"] == "Ann" and "Password" not in accounts[0]["settings"]
    assert CGPWrongPasswordError.__name__ not in repr(accounts)


def run_accounts(cgp, items, purge=False, exclude=(), check_mode=False):
    cgp.check_mode = check_mode
    cgp.commands, cgp.changed = [], False
    progress = Progress(cgp, "accounts")
    planner = AccountPlanner(cgp, progress, DOMAIN)
    return planner.run(account_specs(items), purge=purge, exclude=exclude)


def test_accounts_create_then_noop_reads_in_one_batch(cgp, cgp_emulator):
    items = [
        account(name="user%02d" % number, password="pw%02d" % number, real_name="User %d" % number)
        for number in range(30)
    ]
    created = run_accounts(cgp, items)
    assert [r["changed"] for r in created] == [True] * 30
    assert cgp_emulator.verb_count("CREATEACCOUNT") == 30
    before = cgp_emulator.command_count()
    again = run_accounts(cgp, items)
    assert [r["changed"] for r in again] == [False] * 30 and cgp.commands == []
    # one LISTACCOUNTS, then 4 reads + 1 password check per account, no write
    assert cgp_emulator.command_count() - before == 1 + 30 * 5
    assert again[7]["account"]["real_name"] == "User 7"


def test_account_rights_are_read_only_when_an_element_gives_them(cgp, cgp_emulator):
    items = [account(name="adm%d" % number, rights=["Domain", "CanCreateAccounts"]) for number in range(3)]
    created = run_accounts(cgp, items + [account(name="plain")])
    assert created[0]["commands"][-1] == 'SETACCOUNTRIGHTS "adm0@example.test" (Domain,CanCreateAccounts)'
    assert cgp_emulator.state.domains[DOMAIN].accounts["adm2"].rights == ["Domain", "CanCreateAccounts"]
    reads = cgp_emulator.verb_count("GETACCOUNTRIGHTS")
    again = run_accounts(
        cgp, [account(name="adm%d" % number, rights=["CanCreateAccounts", "Domain"]) for number in range(3)]
    )
    assert [r["changed"] for r in again] == [False] * 3 and cgp.commands == []
    assert cgp_emulator.verb_count("GETACCOUNTRIGHTS") == reads + 3
    run_accounts(cgp, [account(name="adm%d" % number, real_name="Admin") for number in range(3)])
    assert cgp_emulator.verb_count("GETACCOUNTRIGHTS") == reads + 3  # no element gives rights: none read


def test_accounts_check_mode_sends_no_write_and_predicts(cgp, cgp_emulator):
    results = run_accounts(cgp, [account(name="ann", real_name="Ann", quota="1G", language="german")], check_mode=True)
    assert cgp_emulator.verb_count("CREATEACCOUNT") == 0
    assert results[0]["account"]["quota"] == "1G" and results[0]["account"]["language"] == "german"
    assert results[0]["commands"][0] == 'CREATEACCOUNT "ann@example.test" {RealName=Ann;MaxAccountSize=1G;}'


def test_purge_spares_excluded_and_login_accounts_with_a_warning(cgp, cgp_emulator):
    run_accounts(cgp, [account(name=name) for name in ("a", "Dora", "b", "keep", "Carl")])
    results = run_accounts(cgp, [account(name="a")], purge=True, exclude=["KEEP"])
    # purged in name order, with the server's spelling
    assert [(r["name"], r["state"], r["purged"]) for r in results] == [
        ("a@example.test", "present", False),
        ("b@example.test", "absent", True),
        ("Carl@example.test", "absent", True),
        ("Dora@example.test", "absent", True),
    ]
    assert any("postmaster@example.test" in text for text in cgp.module.warnings)
    assert sorted(cgp_emulator.state.domains[DOMAIN].accounts) == ["a", "keep", "postmaster"]


def test_a_failing_write_stops_and_reports_what_was_done(cgp, cgp_emulator):
    cgp.client.create_forwarder("clash@" + DOMAIN, "x@y.test")
    items = [account(name="first"), account(name="second", aliases=["clash"]), account(name="third")]
    with pytest.raises(Failed) as info:
        run_accounts(cgp, items)
    result = info.value.result
    assert result["failed_object"] == "second@example.test"
    assert result["msg"].startswith("accounts[1]: account 'second@example.test': cannot set its aliases to (clash):")
    assert "already applied for this object: CREATEACCOUNT \"second@example.test\"" in result["msg"]
    assert "already applied before it: 1 command(s) for 1 object(s)" in result["msg"]
    assert result["msg"].endswith("not processed: the 1 object(s) after it (see not_processed)")
    assert [r["name"] for r in result["results"]] == ["first@example.test"]
    assert result["not_processed"] == ["third@example.test"]
    assert result["commands"] == ['CREATEACCOUNT "first@example.test"', 'CREATEACCOUNT "second@example.test"']
    assert "third" not in cgp_emulator.state.domains[DOMAIN].accounts


def test_forwarders_retarget_rename_and_purge(cgp):
    def run(items, purge=False):
        cgp.commands, cgp.changed = [], False
        progress = Progress(cgp, "forwarders")
        return ForwarderPlanner(cgp, progress, DOMAIN).run(
            specs_of(FORWARDERS, [element(FORWARDER_OPTIONS, **item) for item in items]), purge=purge
        )

    run([{"name": "a", "to": "x@y.test"}, {"name": "b", "to": "y@y.test"}, {"name": "c", "to": "z@y.test"}])
    results = run(
        [{"name": "a", "to": "new@y.test"}, {"name": "bee", "rename_from": "b", "to": "y@y.test"}], purge=True
    )
    assert cgp.commands == [
        'DELETEFORWARDER "a@example.test"',
        'CREATEFORWARDER "a@example.test" TO "new@y.test"',
        'RENAMEFORWARDER "b@example.test" INTO "bee@example.test"',
        'DELETEFORWARDER "c@example.test"',
    ]
    assert [r["changed"] for r in results] == [True, True, True]
    assert results[0]["recreated"] and results[2]["purged"]
    assert results[2]["diff"]["before"] == {"name": "c@example.test", "to": "z@y.test"}


def test_mailinglist_owner_checks_come_before_any_write(cgp, cgp_emulator):
    items = [
        element(MAILINGLIST_OPTIONS, name="one", owner="postmaster"),
        element(MAILINGLIST_OPTIONS, name="two", owner="nobody"),
    ]
    progress = Progress(cgp, "mailinglists")
    with pytest.raises(Failed) as info:
        cgp.run(lambda cgp: MailingListPlanner(cgp, progress, DOMAIN).run(specs_of(MAILINGLISTS, items)))
    assert info.value.result["msg"].startswith("mailinglists[1].owner: account 'nobody@example.test' does not exist")
    assert info.value.result["commands"] == [] and not cgp_emulator.state.domains[DOMAIN].lists
