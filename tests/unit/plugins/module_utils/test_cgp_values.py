# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Values compared as what they are: booleans only where the task gave a boolean, text exactly."""

from __future__ import annotations

import pytest

from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import settings_changes, values_equal


@pytest.mark.parametrize(
    "desired, current",
    [
        (True, "YES"),
        (True, "yes"),
        (True, "TRUE"),
        (True, "On"),
        (False, "NO"),
        (False, "off"),
        (False, "false"),
        (10, "10"),
        (1.5, "1.5"),
        ("10", 10),
        ("Rejected", "Rejected"),
        (["a", "b"], ["a", "b"]),
        ({"x": True, "y": 2}, {"x": "YES", "y": "2"}),
    ],
)
def test_equal_values(desired, current):
    assert values_equal(desired, current)


@pytest.mark.parametrize(
    "desired, current",
    [
        ("Yes", "True"),
        ("True", "YES"),
        ("on", "YES"),
        ("No", "NO"),  # free text is text
        ("Ann", "ann"),  # case matters in text
        (["a"], "a"),
        ("a", ["a"]),  # a list is not its element
        (True, "Rejected"),
        (True, "NO"),
        (False, "YES"),
        (["a", "b"], ["b", "a"]),
        ({"x": "1"}, {"x": "1", "y": "2"}),
        ("10", "10.0"),
    ],
)
def test_different_values(desired, current):
    assert not values_equal(desired, current)


def test_a_real_name_that_looks_like_a_boolean_is_changed():
    assert settings_changes({"RealName": "True"}, {"RealName": "Yes"}) == {"RealName": "True"}
    assert settings_changes({"UseAppPassword": True}, {"UseAppPassword": "YES"}) == {}


def test_a_masked_secret_given_back_leaves_the_secret_alone():
    assert settings_changes({"Password": "********", "RealName": "A"}, {"Password": "x", "RealName": "B"}) == {
        "RealName": "A"
    }
    assert settings_changes({"Password": "********"}, {"Password": "x"}, purge=True) == {}


@pytest.mark.parametrize(
    "key, desired, current",
    [("RemoveAuthor", "yes", "YES"), ("UseESMTP", "On", "YES"), ("useappPassword", "false", "NO")],
)
def test_the_known_boolean_settings_take_any_spelling(key, desired, current):
    assert values_equal(desired, current, key)
    assert settings_changes({key: desired}, {key: current}) == {}
    assert not values_equal("yes", "YES", "RealName")


def test_a_datablock_given_back_as_results_show_it_is_unchanged():
    # cgp_domain_info shows a datablock (a domain's SecureCertificate) as base64 text; given back to
    # cgp_domain it was sent as a string, which would have replaced the certificate with text.
    current = {"SecureCertificate": b"\x30\x82\x01\x0a-der", "CAChain": b""}
    assert settings_changes({"SecureCertificate": "MIIBCi1kZXI=", "CAChain": ""}, current) == {}
    assert values_equal(b"\x01\x02", b"\x01\x02")
    assert settings_changes({"SecureCertificate": "AAAA"}, current) == {"SecureCertificate": "AAAA"}
