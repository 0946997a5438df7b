# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A varied server state for the export round trip (test_export_roundtrip.py), written with the client
in a few pipelined batches: several domains with settings, aliases, account defaults, default prefs and
template, domain mail rules; a few hundred accounts with settings, prefs, aliases, telephone numbers,
mail rules and passwords, access rights and mailboxes (a shared folder with an ACL, a calendar with a
class, subscriptions, a mailbox alias); forwarders, groups, mailing lists with subscribers; server-wide settings of
every kind the baseline role manages; and secrets besides passwords (a domain's private key, an account's
gateway password)."""

from __future__ import annotations

import secrets

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPClient

ACCOUNTS = 240  # in alpha.test
OTHER_ACCOUNTS = 30  # in beta.test


def client_for(emulator):
    client = CGPClient(host=emulator.host, port=emulator.port, user=emulator.user, password=emulator.password)
    client.connect()
    return client


class Recorder:
    """Collects the commands the client's typed methods build (nothing is sent), for one pipelined batch."""

    def __init__(self, client):
        self.client, self.commands = client, []

    def __getattr__(self, name):
        method = getattr(self.client, name)

        def record(*args, **kwargs):
            self.client.intercept = lambda verb, words: self.commands.append((verb,) + tuple(words)) or True
            try:
                method(*args, **kwargs)
            finally:
                self.client.intercept = None

        return record

    def send(self):
        results = self.client.batch(self.commands)
        failed = [
            (command[0], result) for command, result in zip(self.commands, results) if isinstance(result, Exception)
        ]
        assert not failed, failed[:5]
        self.commands = []


def rule(priority, name, conditions, actions):
    return [str(priority), name, conditions, actions]


def seed(emulator):
    """Write the state; returns {account: password} of every account created."""
    client = client_for(emulator)
    passwords = {}
    with client:
        batch = Recorder(client)
        _server_wide(batch)
        _domains(batch)
        batch.send()
        _accounts(batch, passwords)
        batch.send()
        _other_objects(batch)
        batch.send()
        # The template after the accounts: they do not have it (as on a server whose template changed).
        batch.update_account_template("alpha.test", {"MaxAccountSize": "100M", "RulesAllowed": "Any"})
        batch.send()
    return passwords


def _server_wide(batch):
    batch.set_server_object("lan_ips", "10.0.0.0-10.255.255.255\n192.168.0.0-192.168.255.255")
    batch.set_server_object("client_ips", "172.16.0.0-172.31.255.255")
    batch.set_server_object("blacklisted_ips", "203.0.113.66")
    batch.update_server_object("module", {"SendChannels": "40", "MaxMessageSize": "20480K"}, module="SMTP")
    batch.update_server_object("module", {"IdleTimeout": "60m"}, module="IMAP")
    batch.update_server_object("server_settings", {"PasswordEncryption": "clear"})
    batch.set_server_object("server_account_defaults", {"MaxAccountSize": "500M", "RulesAllowed": "Filter Only"})
    batch.set_server_object("server_account_prefs", {"Language": "english", "TimeZone": "Europe/Paris"})
    batch.set_server_object("domain_defaults", {"MailToUnknown": "Rejected"})
    batch.update_server_object("log_settings", {"KeepPeriod": "60d"})
    batch.set_server_object(
        "router_table", "<postmaster@*> = postmaster@example.test\n<abuse@*> = postmaster@example.test"
    )
    batch.set_server_object(
        "server_mail_rules",
        [rule(5, "Drop flagged", [["Header Field", "is", "X-Spam-Flag: YES"]], [["Discard", "---"]])],
    )


def _domains(batch):
    batch.create_domain(
        "alpha.test", settings={"MailToUnknown": "Rejected", "DomainAccessModes": "Mail,POP,IMAP,WebMail"}
    )
    batch.set_domain_aliases("alpha.test", ["alpha.example", "mail.alpha.test"])
    batch.update_account_defaults("alpha.test", {"RulesAllowed": "Filter Only", "MaxMailboxes": "50"})
    batch.update_account_default_prefs("alpha.test", {"Language": "german", "MessagesPerPage": "50"})
    batch.set_domain_mail_rules(
        "alpha.test",
        [
            rule(
                8,
                "Reject executables",
                [["Header Field", "is", "Content-Type: *application/x-msdownload*"]],
                [["Reject with", "Executables are not accepted"]],
            ),
            rule(3, "Copy departed", [["Any Recipient", "is", "old@alpha.test"]], [["Mirror to", "boss@alpha.test"]]),
        ],
    )
    batch.create_domain(
        "beta.test", settings={"PrivateSecureKey": "MIIsecretKEY" + secrets.token_hex(8), "CertificateType": "YES"}
    )
    batch.set_domain_aliases("beta.test", ["beta.example"])
    batch.create_domain("gamma.test")  # an empty domain with nothing but a setting
    batch.update_domain_settings("gamma.test", {"MailToUnknown": "Discarded"})


def _accounts(batch, passwords):
    for index in range(ACCOUNTS):
        name = "user%03d@alpha.test" % index
        passwords[name] = "Pw-%s" % secrets.token_hex(6)
        settings = {"Password": passwords[name], "RealName": "User %d" % index}
        if index % 3 == 0:
            settings["MaxAccountSize"] = "%dM" % (100 + index)
        if index % 17 == 0:
            settings["AccessModes"] = "None"
        batch.create_account(name, settings=settings)
        if index % 5 == 0:
            batch.update_account_prefs(name, {"TimeZone": "Europe/Berlin", "MessagesPerPage": str(20 + index % 7)})
        if index % 4 == 0:
            batch.set_account_aliases(name, ["u%03d" % index, "alias-%03d" % index])
        if index % 10 == 0:
            batch.set_account_telnums(name, ["1%03d" % index])
        # Few accounts with rules: cgp_mail_domain applies them with one task per account (about a second each).
        if index % 40 == 0:
            batch.update_account_mail_rule(
                name,
                rule(2, "#Vacation", [["Human Generated", "---"]], [["Reply with", "Away until Monday.\nBack soon."]]),
            )
        if index % 80 == 0:
            batch.update_account_mail_rule(
                name, rule(1, "#Redirect", [], [["Mirror to", "user%03d@beta.test" % index]])
            )
    for index in range(OTHER_ACCOUNTS):
        name = "user%03d@beta.test" % index
        passwords[name] = "Pw-%s" % secrets.token_hex(6)
        batch.create_account(name, settings={"Password": passwords[name]})
    batch.update_account_settings("user001@beta.test", {"PSTNGatewayPassword": "Gw-" + secrets.token_hex(6)})
    _rights_and_mailboxes(batch)


def _rights_and_mailboxes(batch):
    """A domain administrator, a shared account with an ACL on its folder, groupware folders with classes."""
    batch.set_account_rights("user010@alpha.test", ["Domain", "CanCreateAccounts"])
    batch.set_account_rights("user002@beta.test", ["CanCreateAccounts"])
    batch.create_mailbox("user003@alpha.test", "Projects")
    batch.set_mailbox_acl("user003@alpha.test", "Projects", {"user001@alpha.test": "lrswi", "anyone": "lr"})
    batch.create_mailbox("user003@alpha.test", "Projects/2024")
    batch.set_mailbox_subscription("user003@alpha.test", ["Projects", "Projects/2024"])
    batch.create_mailbox("user004@alpha.test", "Calendar", mailbox_class="IPF.Appointment")
    batch.create_mailbox("user004@alpha.test", "Contacts", mailbox_class="IPF.Contact")
    batch.set_mailbox_acl("user004@alpha.test", "Calendar", {"anyone@": "lr"})
    batch.set_mailbox_subscription("user004@alpha.test", ["Calendar"])
    batch.set_mailbox_aliases("user004@alpha.test", {"Agenda": "Calendar"})
    batch.set_mailbox_acl("user005@beta.test", "INBOX", {"user006@beta.test": "lr"})  # an INBOX shared: exported


def _other_objects(batch):
    for index in range(6):
        batch.create_forwarder("fwd%d@alpha.test" % index, "user%03d@alpha.test" % index)
    batch.create_forwarder("sales@beta.test", "user000@beta.test")
    batch.create_group(
        "staff@alpha.test",
        {"RealName": "All Staff", "Members": ["user000", "user001@alpha.test", "ext@partner.example"]},
    )
    batch.create_group("admins@alpha.test", {"Members": ["user002"], "RemoveAuthor": "YES"})
    batch.create_group("team@beta.test", {"RealName": "Team", "Members": ["user003", "user004"]})
    batch.create_list("news@alpha.test", "user000")
    batch.update_list("news@alpha.test", {"Subscribe": "this list owner only", "SizeLimit": "2048K"})
    for index in range(25):
        batch.list_operation("news@alpha.test", "feed", "user%03d@alpha.test" % index, silently=True)
    batch.list_operation("news@alpha.test", "digest", '"Carol Partner" <carol@partner.example>', silently=True)
    batch.list_operation("news@alpha.test", "index", "dave@partner.example", silently=True)
    batch.set_posting_mode("news@alpha.test", "dave@partner.example", "MODERATEALL")
    batch.create_list("chat@beta.test", "user000")
    batch.list_operation("chat@beta.test", "feed", "user001@beta.test", silently=True)
