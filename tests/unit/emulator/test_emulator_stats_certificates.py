# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Statistics (GETACCOUNTSTAT, GETDOMAINSTAT, the statistics elements) and the domain certificate
settings, over raw sockets (INLINE mode)."""

import base64
import os


from ansible_collections.communigate.pro.plugins.module_utils import cgp_codec
from cgp_emulator.testing import data, inline_session as session, ok


def test_statistics_elements_are_numbers_and_only_custom_ones_change(admin):
    assert admin.command("GETSTATELEMENT smtpInputTotal") == "201 #1520"
    assert data(admin, "GetSNMPElement numQueuedMessages") == 0  # the older name CGP::CLI sends
    assert admin.command("GETSTATELEMENT nosuchElement") == "501 unknown statistics element"
    assert admin.command("GETSTATELEMENT smtpinputtotal") == "501 unknown statistics element"  # IDs are exact
    assert data(admin, "GETSTATELEMENT custom1") == 0
    ok(admin, "SETSTATELEMENT custom1 SET 40")
    ok(admin, "SETSTATELEMENT custom1 INC 2")
    ok(admin, 'SETSTATELEMENT custom2 "7"')  # SET is the default
    assert (data(admin, "GETSTATELEMENT custom1"), data(admin, "GETSTATELEMENT custom2")) == (42, 7)
    assert admin.command("SETSTATELEMENT smtpInputTotal SET 1") == "501 only Custom statistics elements can be modified"
    assert admin.command("SETSTATELEMENT nosuchElement SET 1") == "501 unknown statistics element"
    assert admin.command("SETSTATELEMENT custom1 SET many").startswith("500 numeric value expected")


def test_next_stat_name_enumerates_every_element_then_fails(admin):
    names, name = [], ""
    while True:
        code, value = admin.call('GETNEXTSTATNAME "%s"' % name)
        if code != 201:
            assert (code, value) == (501, "no more statistics elements")
            break
        names.append(value)
        name = value
    assert len(names) == len(set(names)) > 20
    assert {"smtpInputActive", "smtpInputTotal", "smtpInputJobs", "smtpInputTrafficIn", "custom1"} <= set(names)
    assert all(isinstance(data(admin, "GETSTATELEMENT %s" % one), int) for one in names)
    assert admin.command("GETNEXTSTATNAME nosuchElement") == "501 unknown statistics element"


def test_statistics_elements_need_an_administrator(cgp_emulator, admin):
    ok(admin, "CREATEACCOUNT watcher {Password=w-pw;}")
    ok(admin, "SETACCOUNTRIGHTS watcher (Domain)")
    with session(cgp_emulator, "watcher", "w-pw") as user:
        for line in ("GETSTATELEMENT smtpInputTotal", "GETNEXTSTATNAME \"\"", "SETSTATELEMENT custom1 SET 1"):
            assert user.command(line) == "510 you do not have the required access right"


def test_domain_statistics_are_the_accounts_counters_since_the_last_reset(cgp_emulator, admin):
    ok(admin, "CREATEDOMAIN stats.test")
    ok(admin, "CREATEACCOUNT a@stats.test {Password=a-pw;}")
    ok(admin, "CREATEACCOUNT b@stats.test")
    accounts = cgp_emulator.state.domains["stats.test"].accounts
    accounts["a"].stat.update(MessagesReceived=3, BytesReceived=1000)
    accounts["b"].stat.update(MessagesReceived=2, BytesReceived=24)
    stats = data(admin, "GETDOMAINSTAT stats.test")
    assert stats["MessagesReceived"] == "5" and stats["BytesReceived"] == "1024" and stats["CallsSent"] == "0"
    assert "Logins" not in stats  # an account key only (L11923-11967)
    assert data(admin, "GETDOMAINSTAT stats.test KEY BytesReceived") == "1024"
    assert data(admin, "GETDOMAINSTAT stats.test KEY Logins") == ""
    ok(admin, "RESETDOMAINSTAT stats.test KEY MessagesReceived")
    accounts["a"].stat["MessagesReceived"] = 4
    assert data(admin, "GETDOMAINSTAT stats.test KEY MessagesReceived") == "1"
    assert data(admin, "GETDOMAINSTAT stats.test KEY BytesReceived") == "1024"
    before = data(admin, "GETDOMAINSTAT stats.test KEY StatReset")
    ok(admin, "RESETDOMAINSTAT stats.test")
    assert data(admin, "GETDOMAINSTAT stats.test KEY BytesReceived") == "0"
    assert data(admin, "GETDOMAINSTAT stats.test KEY StatReset") > before
    with session(cgp_emulator, "a@stats.test", "a-pw") as user:  # a login counts in the account's data
        assert data(user, 'GETACCOUNTSTAT "*" KEY Logins') == 1
        assert data(user, 'GETDOMAINSTAT "*" KEY BytesReceived') == "0"
    assert data(admin, "GETACCOUNTSTAT a@stats.test")["MessagesReceived"] == 4
    assert admin.command("GETDOMAINSTAT nosuch.test") == "512 Unknown secondary domain name"
    assert admin.command("GETACCOUNTSTAT nobody@stats.test") == "513 Unknown user account"


def test_certificate_settings_are_kept_as_datablocks_and_the_key_stays_out_of_the_log(cgp_emulator, admin):
    key, certificate = os.urandom(600), os.urandom(900)
    ok(admin, "CREATEDOMAIN tls.test")
    settings = {
        "PrivateSecureKey": key,
        "SecureCertificate": certificate,
        "CAChain": certificate * 2,
        "CertificateType": "YES",
    }
    ok(admin, "UPDATEDOMAINSETTINGS tls.test " + cgp_codec.dumps(settings))
    assert data(admin, "GETDOMAINSETTINGS tls.test") == settings
    ok(admin, "UPDATEDOMAINSETTINGS tls.test {PrivateSecureKey=default;SecureCertificate=default;CAChain=default;}")
    assert data(admin, "GETDOMAINSETTINGS tls.test") == {"CertificateType": "YES"}
    log = cgp_emulator.read_log()
    assert base64.b64encode(key).decode("ascii") not in log
    assert "PrivateSecureKey=\"********\"" in log and base64.b64encode(certificate).decode("ascii") in log
