# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mailbox Administration (reference L5180-5957) and account rights, over raw sockets (INLINE mode)."""

import pytest

from cgp_emulator.testing import data, inline_session as session, ok

BOX = "shared@mb.test"


@pytest.fixture
def admin(cgp_emulator):
    pwd = session(cgp_emulator)
    for line in (
        "CREATEDOMAIN mb.test",
        "CREATEACCOUNT shared@mb.test {Password=\"Sh4red-pw\";}",
        "CREATEACCOUNT bob@mb.test {Password=\"B0b-pw\";}",
    ):
        assert pwd.command(line) == "200 OK", line
    yield pwd
    pwd.close()


def test_a_new_account_has_its_inbox_only(admin):
    assert list(data(admin, "LISTMAILBOXES %s" % BOX)) == ["INBOX"]
    info = data(admin, "GETMAILBOXINFO %s MAILBOX inbox" % BOX)
    assert "Class" not in info and info["Messages"] == 0


def test_create_with_class_list_and_info(admin):
    ok(admin, 'CREATEMAILBOX %s MAILBOX Calendar CLASS "IPF.Appointment"' % BOX)
    ok(admin, 'CREATEMAILBOX %s MAILBOX Notes AUTH shared@mb.test CLASS "IPF.StickyNote"' % BOX)  # CLIPM's order
    listing = data(admin, "LISTMAILBOXES %s" % BOX)
    assert sorted(listing) == ["Calendar", "INBOX", "Notes"]
    assert listing["Calendar"]["Class"] == "IPF.Appointment"
    assert data(admin, "GETMAILBOXINFO %s MAILBOX Notes" % BOX)["Class"] == "IPF.StickyNote"
    assert admin.command("CREATEMAILBOX %s MAILBOX Calendar" % BOX) == "501 Mailbox with this name already exists"
    assert admin.command("GETMAILBOXINFO %s MAILBOX calendar" % BOX) == "501 Mailbox does not exist"  # case-sensitive


def test_folders_submailboxes_and_filters(admin):
    ok(admin, "CREATEMAILBOX %s MAILBOX \"Projects/2024\"" % BOX)
    ok(admin, "CREATEMAILBOX %s MAILBOX \"Archive/\"" % BOX)
    ok(admin, "CREATEMAILBOX %s MAILBOX \"INBOX/Important\"" % BOX)
    listing = data(admin, "LISTMAILBOXES %s" % BOX)
    assert listing["Projects"] == [] and listing["Archive"] == []  # folders only (L5223-5229)
    assert isinstance(listing["Projects/2024"], dict)
    assert isinstance(listing["INBOX"], list) and len(listing["INBOX"]) == 1  # a mailbox and a folder (L5232-5241)
    assert sorted(data(admin, "LISTMAILBOXES %s FILTER %%" % BOX)) == ["Archive", "INBOX", "Projects"]
    assert sorted(data(admin, 'LISTMAILBOXES %s FILTER "Projects/*"' % BOX)) == ["Projects/2024"]
    ok(admin, "CREATEMAILBOX %s MAILBOX Projects" % BOX)  # the folder becomes a mailbox too
    assert len(data(admin, "LISTMAILBOXES %s" % BOX)["Projects"]) == 1


def test_rename_and_delete_with_and_without_submailboxes(admin):
    for name in ("A", "\"A/B\"", "C"):
        ok(admin, "CREATEMAILBOX %s MAILBOX %s" % (BOX, name))
    assert admin.command("RENAMEMAILBOX %s MAILBOX A INTO C" % BOX) == "501 Mailbox with this name already exists"
    ok(admin, "RENAMEMAILBOX %s MAILBOXES A INTO X" % BOX)
    assert sorted(data(admin, "LISTMAILBOXES %s" % BOX)) == ["C", "INBOX", "X", "X/B"]
    ok(admin, "RENAMEMAILBOX %s MAILBOX X INTO Y" % BOX)  # X/B stays, X is now a folder
    listing = data(admin, "LISTMAILBOXES %s" % BOX)
    assert listing["X"] == [] and "Y" in listing
    ok(admin, "DELETEMAILBOX %s MAILBOXES X" % BOX)
    ok(admin, "DELETEMAILBOX %s MAILBOX Y" % BOX)
    assert sorted(data(admin, "LISTMAILBOXES %s" % BOX)) == ["C", "INBOX"]
    assert admin.command("DELETEMAILBOX %s MAILBOX Y" % BOX) == "501 Mailbox does not exist"
    assert admin.command("DELETEMAILBOX %s MAILBOX INBOX" % BOX) == "501 INBOX cannot be deleted"


def test_renaming_the_inbox_leaves_a_new_empty_one(admin):
    ok(admin, 'SETMAILBOXACL %s MAILBOX INBOX {bob=lr;}' % BOX)
    ok(admin, "RENAMEMAILBOX %s MAILBOX INBOX INTO Old" % BOX)
    assert sorted(data(admin, "LISTMAILBOXES %s" % BOX)) == ["INBOX", "Old"]
    assert data(admin, "GETMAILBOXACL %s MAILBOX Old" % BOX) == {"bob": "lr"}
    assert data(admin, "GETMAILBOXACL %s MAILBOX INBOX" % BOX) == {}


def test_acl_plus_minus_replace_and_removal(admin):
    ok(admin, "CREATEMAILBOX %s MAILBOX Team" % BOX)
    ok(admin, 'SETMAILBOXACL %s MAILBOX Team {bob=lrs;anyone=l;}' % BOX)
    ok(admin, 'SETMAILBOXACL %s MAILBOX Team {bob="+wi";anyone="-l";"anyone@"=r;}' % BOX)
    assert data(admin, "GETMAILBOXACL %s MAILBOX Team" % BOX) == {"bob": "ilrsw", "anyone@": "r"}  # empty: removed
    ok(admin, 'SETMAILBOXACL %s MAILBOX Team {bob=l;"anyone@"="";}' % BOX)
    assert data(admin, "GETMAILBOXACL %s MAILBOX Team" % BOX) == {"bob": "l"}
    assert admin.command('SETMAILBOXACL %s MAILBOX Team {bob="l r";}' % BOX) == "500 invalid access right symbols"
    assert data(admin, "GETMAILBOXRIGHTS %s MAILBOX Team AUTH bob@mb.test" % BOX) == "l"
    assert data(admin, "GETMAILBOXRIGHTS %s MAILBOX Team AUTH shared@mb.test" % BOX) == "acdilprsw"


def test_a_submailbox_inherits_its_parents_acl(admin):
    ok(admin, "CREATEMAILBOX %s MAILBOX Team" % BOX)
    ok(admin, 'SETMAILBOXACL %s MAILBOX Team {bob=lr;}' % BOX)
    ok(admin, "CREATEMAILBOX %s MAILBOX \"Team/Sub\"" % BOX)
    assert data(admin, "GETMAILBOXACL %s MAILBOX \"Team/Sub\"" % BOX) == {"bob": "lr"}


def test_set_mailbox_class(admin):
    ok(admin, "CREATEMAILBOX %s MAILBOX Tasks" % BOX)
    ok(admin, 'SETMAILBOXCLASS %s MAILBOX Tasks CLASS "IPF.Task"' % BOX)
    assert data(admin, "GETMAILBOXINFO %s MAILBOX Tasks" % BOX)["Class"] == "IPF.Task"
    assert admin.command('SETMAILBOXCLASS %s MAILBOX Nope CLASS "IPF.Task"' % BOX) == "501 Mailbox does not exist"


def test_subscription_and_mailbox_aliases_are_replaced_whole(admin):
    ok(admin, "SETMAILBOXSUBSCRIPTION %s (INBOX, Team)" % BOX)
    ok(admin, "SETMAILBOXSUBSCRIPTION %s (Team)" % BOX)
    assert data(admin, "GETMAILBOXSUBSCRIPTION %s" % BOX) == ["Team"]
    assert data(admin, "GETACCOUNTSUBSCRIPTION %s" % BOX) == ["Team"]  # CLIPM's older name
    ok(admin, "SETMAILBOXALIASES %s {Work=Team;Mail=INBOX;}" % BOX)
    ok(admin, "SETMAILBOXALIASES %s {Work=Team;}" % BOX)
    assert data(admin, "GETMAILBOXALIASES %s" % BOX) == {"Work": "Team"}
    assert admin.command("SETMAILBOXSUBSCRIPTION %s ((a))" % BOX).startswith("500 ")


def test_auth_uses_the_acl(admin):
    ok(admin, "CREATEMAILBOX %s MAILBOX Team" % BOX)
    ok(admin, "CREATEMAILBOX %s MAILBOX Private" % BOX)
    ok(admin, 'SETMAILBOXACL %s MAILBOX Team {bob=lr;}' % BOX)
    assert sorted(data(admin, "LISTMAILBOXES %s AUTH bob@mb.test" % BOX)) == ["Team"]  # Lookup (L5280-5295)
    assert admin.command("GETMAILBOXACL %s MAILBOX Team AUTH bob@mb.test" % BOX).startswith("510 ")  # Admin
    assert admin.command("DELETEMAILBOX %s MAILBOX Team AUTH bob@mb.test" % BOX).startswith("510 ")


def test_who_may_act_on_mailboxes(admin, cgp_emulator):
    owner = session(cgp_emulator, "shared@mb.test", "Sh4red-pw")
    ok(owner, "CREATEMAILBOX \"*\" MAILBOX Mine")  # the owner, a plain user
    assert "Mine" in data(owner, "LISTMAILBOXES shared@mb.test")
    other = session(cgp_emulator, "bob@mb.test", "B0b-pw")
    assert other.command("LISTMAILBOXES shared@mb.test").startswith("510 ")
    ok(admin, "SETACCOUNTRIGHTS bob@mb.test (Domain)")
    assert other.command("CREATEMAILBOX shared@mb.test MAILBOX X").startswith("510 ")  # no CanAccessMailboxes
    ok(admin, "SETACCOUNTRIGHTS bob@mb.test (Domain, CanAccessMailboxes)")
    ok(other, "CREATEMAILBOX shared@mb.test MAILBOX X")
    for pwd in (owner, other):
        pwd.close()


def test_single_mailbox_accounts_have_only_the_inbox(admin):
    ok(admin, "CREATEACCOUNT text@mb.test TextMailbox")
    assert admin.command("CREATEMAILBOX text@mb.test MAILBOX Other") == "501 this Account can have only one Mailbox"


def test_account_rights_are_replaced_whole(admin):
    ok(admin, "SETACCOUNTRIGHTS bob@mb.test (Domain, CanCreateAccounts)")
    ok(admin, "SETACCOUNTRIGHTS bob@mb.test (BasicSettings)")
    assert data(admin, "GETACCOUNTRIGHTS bob@mb.test") == ["BasicSettings"]
    ok(admin, "SETACCOUNTRIGHTS bob@mb.test ()")
    assert data(admin, "GETACCOUNTRIGHTS bob@mb.test") == []
