# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RPOP / RIMAP records on plain values: options -> records, the plan (passwords kept, compared or
set on create), the readable form (no server involved)."""

from __future__ import annotations

import pytest

from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError
from ansible_collections.communigate.pro.plugins.module_utils.cgp_rpop import (
    RECORD_OPTIONS,
    outcome,
    parse_record,
    plan_records,
    readable,
    records_from_params,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import MASK, MASK_CHANGED, mask_pair

# A record as the Plesk extension writes it (flags as 1 / ""), with a key no option covers.
SERVER = {
    "home": {
        "authName": "jane",
        "domain": "pop.home.example",
        "password": "home-pw",
        "period": "10m",
        "APOP": "1",
        "TLS": "",
        "leave": "YES",
        "pollAt": "x",
    },
    "work": {"authName": "jd", "domain": "pop.work.example", "password": "work-pw"},
}


def params(**given):
    """The module's options as Ansible passes them: every option present, None when not given."""
    result = dict((name, None) for name in RECORD_OPTIONS)
    result.update(protocol="pop", name=None, state="present", records=None, purge=False, update_password="always")
    result.update(given)
    return result


def wanted(**options):
    return records_from_params(params(**options))[0]


def test_options_become_record_keys():
    record = parse_record(
        dict(
            name="r",
            host="h.example",
            auth_name="me",
            mailbox="INBOX",
            period="10m",
            apop=True,
            use_tls=False,
            leave=True,
            password="pw",
            settings={"pollAt": "1h"},
        )
    )
    assert record.keys == {
        "domain": "h.example",
        "authName": "me",
        "mailbox": "INBOX",
        "period": "10m",
        "APOP": True,
        "TLS": False,
        "leave": True,
        "pollAt": "1h",
    }
    assert record.password == "pw" and record.state == "present"


def test_a_new_record_is_written_in_cgp_form_with_its_password():
    after = plan_records({}, wanted(name="new", host="h.example", auth_name="me", password="pw", use_tls=True))
    assert after == {"new": {"domain": "h.example", "authName": "me", "TLS": "YES", "password": "pw"}}


def test_records_the_task_does_not_name_keep_everything_their_password_included():
    after = plan_records(SERVER, wanted(name="work", period="1h"))
    assert after["home"] == SERVER["home"]
    assert after["work"] == dict(SERVER["work"], period="1h")
    assert list(after) == ["home", "work"]


def test_flags_in_other_spellings_compare_equal_and_untouched_keys_stay():
    assert plan_records(SERVER, wanted(name="home", apop=True, use_tls=False, leave=True)) == SERVER
    after = plan_records(SERVER, wanted(name="home", use_tls=True))
    assert after["home"] == dict(SERVER["home"], TLS="YES")  # only the key that differs is rewritten


@pytest.mark.parametrize(
    "update_password, password, expected",
    [
        ("always", "home-pw", "home-pw"),  # the server's own password: no change
        ("always", "new-pw", "new-pw"),
        ("on_create", "new-pw", "home-pw"),  # an existing record keeps its password
        ("always", MASK, "home-pw"),  # a masked password as the module returns it: kept
        ("always", None, "home-pw"),
    ],
)
def test_update_password(update_password, password, expected):
    after = plan_records(SERVER, wanted(name="home", password=password), update_password=update_password)
    assert after["home"]["password"] == expected
    assert (after == SERVER) == (expected == "home-pw")


def test_on_create_sets_the_password_of_a_new_record():
    after = plan_records({}, wanted(name="n", host="h", auth_name="a", password="pw"), update_password="on_create")
    assert after["n"]["password"] == "pw"


def test_absent_purge_and_settings_removal():
    assert list(plan_records(SERVER, wanted(name="home", state="absent"))) == ["work"]
    assert plan_records(SERVER, wanted(name="gone", state="absent")) == SERVER
    records = [{"name": "work", "state": "present"}, {"name": "home", "state": "absent"}]
    assert list(plan_records(SERVER, wanted(records=records), purge=True)) == ["work"]
    assert plan_records(SERVER, wanted(records=[]), purge=True) == {}
    after = plan_records(SERVER, wanted(name="home", settings={"pollAt": None, "Period": "default"}))
    assert "pollAt" not in after["home"] and "period" not in after["home"]  # an option's key, removed


def test_a_new_record_needs_its_host_and_login_name():
    with pytest.raises(InputError, match=r"record 'n' does not exist yet: give host and auth_name to create it"):
        plan_records({}, wanted(name="n", password="pw"))
    with pytest.raises(InputError, match=r"give records\[1\]\.auth_name to create it"):
        plan_records(SERVER, wanted(records=[{"name": "home"}, {"name": "n", "host": "h"}]))


@pytest.mark.parametrize(
    "given, message",
    [
        (dict(name="r", protocol="imap", apop=True), "apop: APOP is a POP3 login method"),
        (dict(name="r", settings={"Domain": "h"}), "settings.Domain: give it as the host option"),
        (dict(name="r", settings={"password": "x"}), "settings.password: give it as the password option"),
        (dict(name="r", host="line\nbreak"), "host: 'line\\nbreak' holds a control character"),
        (dict(name=""), "name: the record name must not be empty"),
        (dict(name="r", state="absent", purge=True), "purge is only used with state=present"),
        (dict(records=[{"name": "r"}], state="absent"), "give each element of records its own state"),
        (dict(records=[{"name": "r"}, {"name": "r"}]), "records[1].name: record 'r' is given twice"),
        (
            dict(records=[{"name": "r", "settings": {"authName": "x"}}]),
            "records[0].settings.authName: give it as the records[0].auth_name option",
        ),
    ],
)
def test_bad_input_names_the_option(given, message):
    with pytest.raises(InputError) as exc:
        records_from_params(params(**given))
    assert message in str(exc.value)


def test_record_names_are_exact():
    after = plan_records(SERVER, wanted(name="Home", host="h", auth_name="a"))
    assert list(after) == ["home", "work", "Home"]


def test_the_readable_form_is_valid_input_that_changes_nothing():
    shown = [readable(name, record) for name, record in SERVER.items()]
    assert shown[0] == {
        "name": "home",
        "auth_name": "jane",
        "host": "pop.home.example",
        "period": "10m",
        "apop": True,
        "use_tls": False,
        "leave": True,
        "password": "home-pw",
        "settings": {"pollAt": "x"},
    }
    fed_back = [dict(item, password=MASK) for item in shown]  # as the module returns them
    assert plan_records(SERVER, wanted(records=fed_back), purge=True) == SERVER


def test_the_diff_shows_a_changed_password_masked():
    after = plan_records(SERVER, wanted(name="home", password="new-pw"))
    result, diff = outcome(SERVER, after, "home")
    before, shown_after = mask_pair(diff["before"], diff["after"])
    assert shown_after["records"]["home"]["password"] == MASK_CHANGED
    assert shown_after["records"]["work"]["password"] == MASK
    assert before["records"]["home"]["password"] == MASK
    assert result["record"]["name"] == "home" and len(result["records"]) == 2
    assert outcome(SERVER, plan_records(SERVER, wanted(name="home", state="absent")), "home")[0]["record"] == {}
