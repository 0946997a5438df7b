# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RPOP / RIMAP records (L3371-3492) and signal rules (L1608-1660, L3196-3268), over raw sockets."""

import pytest

from cgp_emulator.testing import data, inline_session as session, ok


POP1 = '{authName=jane;domain=pop.example.net;password="r-1";period=10m;APOP=YES;TLS=NO;leave=YES;}'


@pytest.mark.parametrize("kind", ["RPOP", "RIMAP"])
def test_set_replaces_every_record_and_get_returns_the_passwords(admin, kind):
    ok(admin, "CREATEACCOUNT u")
    assert data(admin, "GETACCOUNT%sS u" % kind) == {}
    ok(admin, "SETACCOUNT%sS u {one=%s;two={authName=j2;domain=h2;password=r-2;};}" % (kind, POP1))
    records = data(admin, "GETACCOUNT%sS u" % kind)
    assert list(records) == ["one", "two"]
    assert records["one"] == {
        "authName": "jane",
        "domain": "pop.example.net",
        "password": "r-1",
        "period": "10m",
        "APOP": "YES",
        "TLS": "NO",
        "leave": "YES",
    }
    ok(admin, "SETACCOUNT%sS u {two={authName=j3;};}" % kind)  # all old records are removed (L3418-3421)
    assert data(admin, "GETACCOUNT%sS u" % kind) == {"two": {"authName": "j3"}}
    ok(admin, "SETACCOUNT%sS u {}" % kind)
    assert data(admin, "GETACCOUNT%sS u" % kind) == {}


def test_rpop_and_rimap_records_are_separate(admin):
    ok(admin, "CREATEACCOUNT u")
    ok(admin, "SETACCOUNTRPOPS u {one=%s;}" % POP1)
    assert data(admin, "GETACCOUNTRIMAPS u") == {}


@pytest.mark.parametrize(
    "line, reply",
    [
        ("SETACCOUNTRPOPS nobody {}", "513 Unknown user account"),
        ("GETACCOUNTRIMAPS nobody", "513 Unknown user account"),
        ("SETACCOUNTRPOPS u (a,b)", "500 new records expected (a dictionary), got an array"),
        ("SETACCOUNTRPOPS u {one=text;}", "500 RPOP record one must be a dictionary"),
        ("SETACCOUNTRIMAPS u", "500 new records expected"),
    ],
)
def test_bad_records_commands(admin, line, reply):
    ok(admin, "CREATEACCOUNT u")
    assert admin.command(line) == reply


def test_a_domain_administrator_needs_can_modify_rpop(cgp_emulator, admin):
    ok(admin, "CREATEDOMAIN d.test")
    ok(admin, "CREATEACCOUNT boss@d.test {Password=bpw;}")
    ok(admin, "CREATEACCOUNT user@d.test {Password=upw;}")
    ok(admin, "CREATEACCOUNT other@d.test")
    ok(admin, "SETACCOUNTRIGHTS boss@d.test (Domain)")
    boss = session(cgp_emulator, "boss@d.test", "bpw")
    assert (
        boss.command("SETACCOUNTRPOPS user@d.test {one=%s;}" % POP1) == "510 you do not have the required access right"
    )
    assert boss.command("SETACCOUNTRIMAPS user@d.test {}") == "510 you do not have the required access right"
    boss.close()
    ok(admin, "SETACCOUNTRIGHTS boss@d.test (Domain, CanModifyRPOP)")
    boss = session(cgp_emulator, "boss@d.test", "bpw")
    ok(boss, "SETACCOUNTRPOPS user@d.test {one=%s;}" % POP1)
    assert data(boss, "GETACCOUNTRPOPS user@d.test")["one"]["password"] == "r-1"
    boss.close()
    user = session(cgp_emulator, "user@d.test", "upw")
    assert data(user, 'GETACCOUNTRPOPS "*"')["one"]["authName"] == "jane"  # its own records
    assert user.command("GETACCOUNTRPOPS other@d.test") == "510 you do not have the required access right"
    assert user.command("SETACCOUNTRPOPS user@d.test {}").startswith("510 ")
    user.close()


def test_account_signal_rules_update_semantics(admin):
    # UPDATEACCOUNTSIGNALRULE shares UPDATEACCOUNTMAILRULE's description (L3259-3343).
    ok(admin, "CREATEACCOUNT u")
    assert data(admin, "GETACCOUNTSIGNALRULES u") == []
    ok(admin, 'UPDATEACCOUNTSIGNALRULE u (2005,"To mobile",(),(("Redirect to","sip:+15550100@example.test")))')
    ok(admin, 'UPDATEACCOUNTSIGNALRULE u (99705,"Busy",(),(("Redirect to","#voicemail")),"when busy")')
    ok(admin, 'UPDATEACCOUNTSIGNALRULE u (2008,"To mobile")')  # the priority alone
    assert admin.command('UPDATEACCOUNTSIGNALRULE u (6,"missing")') == "501 rule is not found"
    rules = data(admin, "GETACCOUNTSIGNALRULES u")  # bare digits are strings, as the server keeps them
    assert rules == [
        ["2008", "To mobile", [], [["Redirect to", "sip:+15550100@example.test"]]],
        ["99705", "Busy", [], [["Redirect to", "#voicemail"]], "when busy"],
    ]
    ok(admin, 'UPDATEACCOUNTSIGNALRULE u (7,"Busy",(),())')  # stored whole, replacing
    assert data(admin, "GETACCOUNTSIGNALRULES u")[1] == ["7", "Busy", [], []]
    ok(admin, 'UPDATEACCOUNTSIGNALRULE u DELETE "no such rule"')  # not an error
    ok(admin, 'UPDATEACCOUNTSIGNALRULE u DELETE "To mobile"')
    assert [rule[1] for rule in data(admin, "GETACCOUNTSIGNALRULES u")] == ["Busy"]
    assert data(admin, "GETACCOUNTMAILRULES u") == []  # the other family is apart
    assert admin.command("UPDATEACCOUNTSIGNALRULE u (1)").startswith("500 ")
    assert admin.command("GETACCOUNTSIGNALRULES nobody") == "513 Unknown user account"


def test_domain_signal_rules_are_replaced_whole(admin):
    ok(admin, "CREATEDOMAIN d.test")
    assert data(admin, "GETDOMAINSIGNALRULES d.test") == []
    ok(admin, 'SETDOMAINSIGNALRULES d.test ((99905,"Failure",(),(("Redirect to","#voicemail"))),(6,x,(),()))')
    assert [rule[1] for rule in data(admin, "GETDOMAINSIGNALRULES d.test")] == ["Failure", "x"]
    ok(admin, 'SETDOMAINSIGNALRULES d.test ((6,x,(),()))')  # all old rules are removed
    assert data(admin, "GETDOMAINSIGNALRULES d.test") == [["6", "x", [], []]]
    assert data(admin, "GETDOMAINMAILRULES d.test") == []
    assert admin.command("SETDOMAINSIGNALRULES nowhere.test ()") == "512 Unknown secondary domain name"
    assert admin.command("SETDOMAINSIGNALRULES d.test (x)").startswith("500 a rule must be an array")
