# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mailboxes: names, the ACL plan (+/- per identifier), and the input checks, on plain values."""

from __future__ import annotations

import pytest

from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError
from ansible_collections.communigate.pro.plugins.module_utils.cgp_mailbox import (
    MAILBOX_OPTIONS,
    MAILBOXES,
    acl_changes,
    check_acl,
    check_mailbox_name,
    is_regular,
    mailbox_key,
)

ACCOUNT = "shared@example.test"


def element(**given):
    item = dict((name, spec.get("default")) for name, spec in MAILBOX_OPTIONS.items())
    item.update(given)
    return item


def specs(items):
    return MAILBOXES.specs({"mailboxes": items}, ACCOUNT)


@pytest.mark.parametrize(
    "wanted, current, mode, changes, after",
    [
        # only additions: +letters, only removals: -letters, both: the whole new rights
        ({"bob": "lrs"}, {"bob": "lr"}, "exact", {"bob": "+s"}, {"bob": "lrs"}),
        ({"bob": "l"}, {"bob": "lr"}, "exact", {"bob": "-r"}, {"bob": "l"}),
        ({"bob": "lw"}, {"bob": "lr"}, "exact", {"bob": "lw"}, {"bob": "lw"}),
        # rights are a set of letters
        ({"bob": "srl"}, {"bob": "lrs"}, "exact", {}, {"bob": "lrs"}),
        # exact: identifiers not given lose everything; merge: they stay
        ({"bob": "lr"}, {"bob": "lr", "anyone": "l"}, "exact", {"anyone": "-l"}, {"bob": "lr"}),
        ({"bob": "lr"}, {"bob": "lr", "anyone": "l"}, "merge", {}, {"bob": "lr", "anyone": "l"}),
        # +x / -x are relative to what the identifier has; '' removes it
        ({"bob": "+w"}, {"bob": "lr"}, "merge", {"bob": "+w"}, {"bob": "lrw"}),
        ({"bob": "+r"}, {"bob": "lr"}, "merge", {}, {"bob": "lr"}),
        ({"bob": "-w"}, {"bob": "lrw"}, "merge", {"bob": "-w"}, {"bob": "lr"}),
        ({"bob": "-w"}, {}, "merge", {}, {}),
        ({"bob": ""}, {"bob": "lr"}, "merge", {"bob": "-lr"}, {}),
        ({"carol": "lr"}, {}, "exact", {"carol": "+lr"}, {"carol": "lr"}),
        # identifiers are compared exactly as written
        ({"Bob": "lr"}, {"bob": "lr"}, "exact", {"Bob": "+lr", "bob": "-lr"}, {"Bob": "lr"}),
    ],
)
def test_acl_changes(wanted, current, mode, changes, after):
    assert acl_changes(wanted, current, mode) == (changes, after)


def test_mailbox_names_are_case_sensitive_but_inbox():
    assert mailbox_key("inbox") == "INBOX" and mailbox_key("Inbox/Sub") == "INBOX/Sub"
    assert mailbox_key("Projects") == "Projects" and mailbox_key("inboxes") == "inboxes"


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("/Top", "'/' separates the levels"),
        ("End/", "'/' separates the levels"),
        ("a//b", "'/' separates"),
        ("Calendar.mdir", "storage format suffix"),
        ("", "must not be empty"),
        ("a\nb", "control character"),
    ],
)
def test_bad_mailbox_names(name, fragment):
    with pytest.raises(InputError) as info:
        check_mailbox_name(name, "name")
    assert fragment in str(info.value) and str(info.value).startswith("name: ")


@pytest.mark.parametrize(
    "acl", [{"bob": "LR"}, {"bob": "read"}, {"bob": "l r"}, {"bob": True}, {"bob": "+-l"}, {"": "l"}]
)
def test_bad_acls_name_the_identifier(acl):
    with pytest.raises(InputError) as info:
        check_acl(acl)
    assert str(info.value).startswith("acl")


def test_listing_values_that_hold_messages():
    assert is_regular({"Class": "IPF.Task"}) and is_regular([{}])
    assert not is_regular([])


def test_list_form_refuses_duplicates_and_shared_aliases_naming_the_element():
    with pytest.raises(InputError, match=r"^mailboxes\[1\]\.name: 'Team' is also mailboxes\[0\]\.name"):
        specs([element(name="Team"), element(name="Team")])
    assert len(specs([element(name="Team"), element(name="team")])) == 2  # case-sensitive names
    with pytest.raises(InputError, match=r"^mailboxes\[1\]\.aliases: 'Work' is also an alias of mailboxes\[0\]"):
        specs([element(name="A", aliases=["Work"]), element(name="B", aliases=["Work"])])
    with pytest.raises(InputError, match=r"^mailboxes\[0\]\.name: INBOX cannot be deleted"):
        specs([element(name="inbox", state="absent")])
    with pytest.raises(InputError, match=r"^mailboxes\[0\]\.acl\.bob: "):
        specs([element(name="A", acl={"bob": "XY"})])
