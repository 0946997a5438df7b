# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Statistics values as numbers, key selection, and the requests of a task checked before sending."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError
from ansible_collections.communigate.pro.plugins.module_utils.cgp_stats import as_number, select, stats_requests


@pytest.mark.parametrize(
    "value, number",
    [
        ("1234", 1234),
        (" 7 ", 7),
        ("-3", -3),
        ("2.5", 2.5),
        (12, 12),
        ("", None),
        ("  ", None),
        ("12M", "12M"),
        ("unlimited", "unlimited"),
        (datetime.datetime(2024, 5, 1, 12, 0, 0), "2024-05-01T12:00:00Z"),
    ],
)
def test_numbers_come_back_as_numbers(value, number):
    assert as_number(value) == number and type(as_number(value)) is type(number)


def test_select_gives_every_key_or_exactly_those_asked_for():
    stats = {"MessagesReceived": "5", "Logins": 3, "StatReset": datetime.datetime(2024, 1, 1)}
    assert select(stats, None) == {"MessagesReceived": 5, "Logins": 3, "StatReset": "2024-01-01T00:00:00Z"}
    assert select(stats, ["Logins", "CallsSent"]) == {"Logins": 3, "CallsSent": None}
    assert select("not a dictionary", ["Logins"]) == {"Logins": None}


def params(**given):
    values = {"accounts": [], "domains": [], "elements": [], "keys": None}
    values.update(given)
    return values


def test_one_request_per_object_in_order():
    requests = stats_requests(params(accounts=["a@x.test", "*"], domains=["x.test", "*"], elements=["smtpInputTotal"]))
    assert [command for _section, _name, command in requests] == [
        ("GETACCOUNTSTAT", "a@x.test"),
        ("GETACCOUNTSTAT", "*"),
        ("GETDOMAINSTAT", "x.test"),
        ("GETDOMAINSTAT", "*"),
        ("GETSTATELEMENT", "smtpInputTotal"),
    ]


@pytest.mark.parametrize(
    "given, message",
    [
        (dict(), "give at least one of accounts, domains and elements"),
        (dict(accounts=["a"]), "accounts[0]: 'a' has no domain"),
        (dict(domains=["x.test", "bad domain"]), "domains[1]: 'bad domain' is not a domain name"),
        (dict(elements=[""]), "elements[0]: the statistics element ID must not be empty"),
        (dict(elements=["x"], keys=["Logins\n"]), "keys[0]: 'Logins\\n' holds a control character"),
    ],
)
def test_bad_input_names_the_option(given, message):
    with pytest.raises(InputError) as error:
        stats_requests(params(**given))
    assert str(error.value).startswith(message)
