# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator answers like a real server: the data format a real server writes, and the command
forms the vendor's own client libraries send (README "Answers as a real server does"), over raw
sockets."""

import pytest

from cgp_emulator.testing import RawClient


def _admin(emulator):
    pwd = RawClient(emulator)
    pwd.login()
    assert pwd.command("INLINE") == "200 inline mode set"
    return pwd


def test_inline_data_is_compact_with_atoms_unquoted_where_the_format_allows(cgp_emulator):
    with _admin(cgp_emulator) as pwd:
        assert (
            pwd.command(
                'CREATEACCOUNT u {RealName="Probe User";MaxAccountSize=100M;Notes="a-b.c_d@e";'
                'Odd="-1";Empty="";Tag="#x";Rules=((1,"#Redirect",(),(("Mirror to",'
                'x@y.test),(Discard,"---"))));}'
            )
            == "200 OK"
        )
        assert pwd.command("GETACCOUNTSETTINGS u") == (
            '201 {RealName="Probe User";MaxAccountSize=100M;Notes=a-b.c_d@e;Odd="-1";Empty="";Tag="#x";'
            'Rules=((1,"#Redirect",(),(("Mirror to",x@y.test),(Discard,"---"))));}'
        )


def test_numbers_timestamps_and_datablocks_keep_their_types_in_inline_replies(cgp_emulator):
    with _admin(cgp_emulator) as pwd:
        assert pwd.command("UPDATEDOMAINSETTINGS example.test {N=#5;Blob=[AAE=];Text=\"5\";}") == "200 OK"
        assert pwd.command("GETDOMAINSETTINGS example.test") == "201 {N=#5;Blob=[AAE=];Text=5;}"
        assert pwd.command("CREATEACCOUNT u") == "200 OK"
        reply = pwd.command("GETACCOUNTINFO u")
        assert "StorageUsed=#0;" in reply and "Created=#T" in reply


def test_multiline_data_follows_the_same_quoting_rule(cgp_emulator):
    with RawClient(cgp_emulator) as pwd:
        pwd.login()
        assert pwd.command('UPDATEDOMAINSETTINGS example.test {Limit="-1";Host=mail.example.test;}') == "200 OK"
        assert pwd.command("GETDOMAINSETTINGS example.test") == "200 data follow"
        expected = ["{", '  Limit = "-1";', "  Host = mail.example.test;", "}"]
        assert [pwd.read_line() for _line in range(4)] == expected


@pytest.mark.parametrize(
    "old, current",
    [
        ("STACNT u {RealName=X;}", "SETACCOUNTSETTINGS u {RealName=X;}"),
        ("GTACNTRGHT u", "GETACCOUNTRIGHTS u"),
        ("STACNTRGHT u (Domain)", "SETACCOUNTRIGHTS u (Domain)"),
        ("GTWUSR u", "GETACCOUNTPREFS u"),
        ("STWUSR u {Language=german;}", "SETACCOUNTPREFS u {Language=german;}"),
        ("GetWebUser u", "GETACCOUNTPREFS u"),
        ("SetWebUser u {Language=french;}", "SETACCOUNTPREFS u {Language=french;}"),
        ("GetEffectiveWebUser u", "GETACCOUNTEFFECTIVEPREFS u"),
        ("GetAccountRules u", "GETACCOUNTMAILRULES u"),
        (
            "SetAccountRules u ((2,Stop,(),((\"Stop Processing\"))))",
            "SETACCOUNTMAILRULES u ((2,Stop,(),((\"Stop Processing\"))))",
        ),
        ("GetAllAccountsDefaults", "GETSERVERACCOUNTDEFAULTS"),
        ("UpdateAllAccountsDefaults {MaxWebFiles=10;}", "UPDATESERVERACCOUNTDEFAULTS {MaxWebFiles=10;}"),
        ("SetAllAccountsDefaults {MaxWebFiles=10;}", "SETSERVERACCOUNTDEFAULTS {MaxWebFiles=10;}"),
        ("GetServerRules", "GETSERVERMAILRULES"),
        ("SetServerRules ()", "SETSERVERMAILRULES ()"),
    ],
)
def test_older_and_abbreviated_verbs_of_the_vendor_libraries(cgp_emulator, old, current):
    with _admin(cgp_emulator) as pwd:
        assert pwd.command("CREATEACCOUNT u") == "200 OK"
        first = pwd.command(old)
        assert first.startswith(("200 OK", "201 ")), first
        assert pwd.command(current) == first


def test_createshareddomain_creates_a_shared_domain(cgp_emulator):
    with _admin(cgp_emulator) as pwd:
        assert pwd.command("CreateSharedDomain shared.test {MailToUnknown=Rejected;}") == "200 OK"
        assert pwd.command("GETDOMAINSETTINGS shared.test") == "201 {MailToUnknown=Rejected;}"
    with cgp_emulator.state.lock:
        assert cgp_emulator.state.domains["shared.test"].shared


def test_setaccountpassword_to_is_the_older_password_keyword_and_is_masked(cgp_emulator):
    with _admin(cgp_emulator) as pwd:
        assert pwd.command("CREATEACCOUNT u") == "200 OK"
        assert pwd.command('SetAccountPassword u TO "Old-Style-1"') == "200 OK"
        assert pwd.command('VerifyAccountPassword u PASSWORD "Old-Style-1"') == "200 OK"
        assert pwd.command('CREATEFORWARDER f TO "kept@x.test"') == "200 OK"
    log = cgp_emulator.read_log()
    assert "Old-Style-1" not in log
    assert 'SetAccountPassword u TO "********"' in log
    assert 'TO "kept@x.test"' in log  # TO is a secret only after SETACCOUNTPASSWORD


def test_createaccount_external_is_the_older_legacy_keyword(cgp_emulator):
    with _admin(cgp_emulator) as pwd:
        assert pwd.command("CreateAccount old external {RealName=Old;}") == "200 OK"
        assert pwd.command("CreateAccount older TextMailbox external") == "200 OK"
        assert pwd.command("GETACCOUNTSETTINGS old") == "201 {RealName=Old;}"
    with cgp_emulator.state.lock:
        accounts = cgp_emulator.state.domains["example.test"].accounts
        assert accounts["old"].legacy and accounts["older"].legacy and accounts["older"].type == "TextMailbox"


def test_lowercase_keywords_of_the_vendor_libraries(cgp_emulator):
    with _admin(cgp_emulator) as pwd:
        assert pwd.command("CREATEDOMAIN d.test") == "200 OK"
        assert pwd.command("CreateAccount a@d.test") == "200 OK"
        assert pwd.command("RenameAccount a@d.test into b@d.test") == "200 OK"
        assert pwd.command("CreateList l@d.test for b") == "200 OK"
        assert pwd.command("GetAccountStat b@d.test Key Logins") == "201 #0"
        assert pwd.command("DeleteDomain d.test force") == "200 OK"


def test_any_user_may_change_its_own_password_within_the_rules(cgp_emulator):
    """L2792-2804: any user may modify her own password; the size and complexity rules then apply."""
    with _admin(cgp_emulator) as admin, RawClient(cgp_emulator) as user:
        assert admin.command('CREATEACCOUNT selfpw {Password="Old-pass1";}') == "200 OK"
        assert admin.command('CREATEACCOUNT other {Password="Other-pass1";}') == "200 OK"
        assert user.login("selfpw", "Old-pass1").startswith("200")
        assert user.command('SETACCOUNTPASSWORD "*" PASSWORD "New-pass1"') == "200 OK"
        assert (
            user.command('SETACCOUNTPASSWORD other PASSWORD "Their-pass1"')
            == "510 you do not have the required access right"
        )
        assert admin.command('UPDATEACCOUNTSETTINGS selfpw {MinPasswordLength="20";}') == "200 OK"
        assert user.command('SETACCOUNTPASSWORD selfpw PASSWORD "Short-pass1"') == "501 the password is too simple"
        assert admin.command("UPDATEACCOUNTSETTINGS selfpw {CanModifyPassword=NO;}") == "200 OK"
        assert (
            user.command('SETACCOUNTPASSWORD selfpw PASSWORD "A-much-longer-pass1"')
            == "510 password modification is not allowed"
        )
        # The administrator is not bound by the account's rules without CHECK.
        assert admin.command('SETACCOUNTPASSWORD selfpw PASSWORD "x"') == "200 OK"
        assert admin.command('VERIFYACCOUNTPASSWORD selfpw PASSWORD "x"') == "200 OK"
