# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one definition of a secret: which keys, at any depth, of any type."""

from __future__ import annotations

import pytest

from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import (
    MASK, is_secret_key, mask, mask_pair, secret_values)


@pytest.mark.parametrize("key", ["Password", "password", "AppPassword", "RecoveryPassword", "OTPSecret",
                                 "PrivateSecureKey", "privateKey"])
def test_secret_keys(key):
    assert is_secret_key(key)


@pytest.mark.parametrize("key", ["RealName", "PasswordEncryption", "CanModifyPassword", "UseAppPassword",
                                 "RequirePassword", "update_password", "Passwords2", 42, None])
def test_keys_that_hold_no_secret(key):
    assert not is_secret_key(key)


def test_mask_reaches_every_depth_and_type():
    value = {"Password": 4242424242, "RealName": "Ann",
             "Template": {"AppPassword": "x1", "Rules": [{"password": ["a", "b"]}, "plain"]},
             "records": ({"password": None, "authName": "ann"},)}
    assert mask(value) == {"Password": MASK, "RealName": "Ann",
                           "Template": {"AppPassword": MASK, "Rules": [{"password": MASK}, "plain"]},
                           "records": [{"password": None, "authName": "ann"}]}
    assert value["Password"] == 4242424242, "mask returns a copy"


def test_secret_values_gives_every_secret_as_text():
    value = {"Password": 4242424242, "a": [{"RemotePassword": "s3"}], "b": {"OTPSecret": {"k": "deep"}},
             "RealName": "public", "UseAppPassword": True, "AppPassword": MASK}
    assert sorted(secret_values(value)) == ["4242424242", "deep", "s3"]


def test_mask_pair_says_a_secret_changed_without_showing_it():
    before = {"Password": "old", "Other": {"AppPassword": "same"}, "RealName": "A"}
    after = {"Password": "new", "Other": {"AppPassword": "same"}, "RealName": "B"}
    shown_before, shown_after = mask_pair(before, after)
    assert shown_before == {"Password": MASK, "Other": {"AppPassword": MASK}, "RealName": "A"}
    assert shown_after == {"Password": MASK + " (changed)", "Other": {"AppPassword": MASK}, "RealName": "B"}
