# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one definition of a secret: which keys, at any depth, of any type."""

from __future__ import annotations

import random

import pytest
from ansible.module_utils.common.parameters import remove_values
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import (
    MASK,
    Masker,
    is_secret_key,
    mask,
    mask_pair,
    secret_values,
)


@pytest.mark.parametrize(
    "key", ["Password", "password", "AppPassword", "RecoveryPassword", "OTPSecret", "PrivateSecureKey", "privateKey"]
)
def test_secret_keys(key):
    assert is_secret_key(key)


@pytest.mark.parametrize(
    "key",
    [
        "RealName",
        "PasswordEncryption",
        "CanModifyPassword",
        "UseAppPassword",
        "RequirePassword",
        "update_password",
        "Passwords2",
        42,
        None,
    ],
)
def test_keys_that_hold_no_secret(key):
    assert not is_secret_key(key)


def test_mask_reaches_every_depth_and_type():
    value = {
        "Password": 4242424242,
        "RealName": "Ann",
        "Template": {"AppPassword": "x1", "Rules": [{"password": ["a", "b"]}, "plain"]},
        "records": ({"password": None, "authName": "ann"},),
    }
    assert mask(value) == {
        "Password": MASK,
        "RealName": "Ann",
        "Template": {"AppPassword": MASK, "Rules": [{"password": MASK}, "plain"]},
        "records": [{"password": None, "authName": "ann"}],
    }
    assert value["Password"] == 4242424242, "mask returns a copy"


def test_secret_values_gives_every_secret_as_text():
    value = {
        "Password": 4242424242,
        "a": [{"RemotePassword": "s3"}],
        "b": {"OTPSecret": {"k": "deep"}},
        "RealName": "public",
        "UseAppPassword": True,
        "AppPassword": MASK,
    }
    assert sorted(secret_values(value)) == ["4242424242", "deep", "s3"]


def test_mask_pair_says_a_secret_changed_without_showing_it():
    before = {"Password": "old", "Other": {"AppPassword": "same"}, "RealName": "A"}
    after = {"Password": "new", "Other": {"AppPassword": "same"}, "RealName": "B"}
    shown_before, shown_after = mask_pair(before, after)
    assert shown_before == {"Password": MASK, "Other": {"AppPassword": MASK}, "RealName": "A"}
    assert shown_after == {"Password": MASK + " (changed)", "Other": {"AppPassword": MASK}, "RealName": "B"}


# ---------------------------------------------------------------- Masker: linear masking of many secrets

# Secrets alike in their beginning too (generated passwords often are: "PW..."), and short ones.
SECRET = st.builds(
    lambda prefix, rest: prefix + rest,
    st.sampled_from(["", "PW", "PWXY"]),
    st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", min_size=1, max_size=12),
)
FILLER = st.text(alphabet="abcdefgh -_.:@", min_size=1, max_size=8)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(secrets=st.lists(SECRET, min_size=1, max_size=30, unique=True), data=st.data())
def test_masker_hides_what_ansible_core_hides(secrets, data):
    """On text made of fillers and secrets, the one-pass Masker gives exactly ansible-core's remove_values."""
    secrets = [s for s in secrets if not any(s != other and s in other for other in secrets)]
    parts = data.draw(st.lists(st.one_of(FILLER, st.sampled_from(secrets)), max_size=12))
    text = "".join(part + data.draw(FILLER) for part in parts)
    value = {"msg": text, "list": [text, secrets[0], 42], "nested": {"k": text}}  # (2.16 also masks None as "None")
    assert Masker(secrets).value(value) == remove_values(value, set(secrets))


def test_masker_is_linear_in_the_number_of_secrets():
    """20,000 secrets and 20,000 strings: one index look-up per window, not a replace per secret."""
    secrets = ["Welcome-%08d-%s" % (n, "x" * (n % 7)) for n in range(20000)]
    masker = Masker(secrets)
    lines = ['CREATEACCOUNT "u%06d@bench.test" {RealName="User %d";}' % (n, n) for n in range(20000)]
    assert masker.value(lines) == lines
    assert masker.text("a %s b" % secrets[123]) == "a ******** b"
    assert masker.text(secrets[7]) == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


class CountingMasker(Masker):
    """The Masker, counting the strings it had to rebuild (a window matched an indexed piece)."""

    rebuilt = 0

    def _rebuild(self, value):
        CountingMasker.rebuilt += 1
        return Masker._rebuild(self, value)


def test_masker_leaves_names_and_numbers_alone_among_100000_generated_passwords():
    """100,000 passwords of 16 hexadecimal digits do not make every name with four digits a candidate.

    With 4-character pieces only, they covered most four-digit pieces, so nearly every account name
    and number of a result was compared with the passwords under its pieces: a per-string cost that
    grew with the number of passwords (the 100,000-account list form's no-op ran superlinear)."""
    rng = random.Random(11)
    secrets = ["Pw-%016x" % rng.getrandbits(64) for _number in range(100000)]
    masker = CountingMasker(secrets)
    lines = ["u%06d@n100000.test" % n for n in range(0, 100000, 7)] + ["User %d" % n for n in range(0, 100000, 7)]
    CountingMasker.rebuilt = 0
    assert masker.value(lines) == lines
    assert CountingMasker.rebuilt < len(lines) // 100
    assert masker.text("x%sy" % secrets[99999]) == "x********y"


def test_masker_takes_short_secrets_and_ignores_masks():
    masker = Masker(["ab", "", MASK, "abcdef"])
    assert masker.text("xabcdefx ab") == "x********x ********"
    assert len(masker) == 2
