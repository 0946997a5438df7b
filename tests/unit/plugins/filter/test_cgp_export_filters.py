# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The export model behind communigate.pro.export / apply / drift (plugins/module_utils/cgp_export.py),
its filters, and the secrets_file writer, called directly on plain data."""

from __future__ import annotations

import json
import os
import stat

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.communigate.pro.plugins.filter.cgp_export_filters import (
    FilterModule,
    cgp_apply_secrets,
    cgp_drift,
    cgp_export,
    cgp_to_yaml,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secret_export import (
    object_secrets,
    secret_part,
    write_secrets,
)

DOMAIN = {
    "name": "alpha.test",
    "settings": {"MailToUnknown": "Rejected", "PrivateSecureKey": "******"},
    "aliases": ["mail.alpha.test", "Alpha.example"],
    "account_defaults": {},
    "account_default_prefs": {},
    "account_template": {"MaxAccountSize": "100M"},
    "mail_rules": [],
}
ACCOUNTS = [
    {
        "name": "bob@alpha.test",
        "settings": {"RealName": "Bob"},
        "prefs": {},
        "aliases": [],
        "telnums": [],
        "mail_rules": [],
        "real_name": "Bob",
    },
    {
        "name": "alice@alpha.test",
        "settings": {"RealName": "Alice", "MaxAccountSize": "10M"},
        "prefs": {"TimeZone": "Europe/Paris"},
        "aliases": ["al", "Ali"],
        "telnums": ["100"],
        "mail_rules": [],
    },
]
READS = {
    "accounts": [{"cgp_export_domain": "alpha.test", "ansible_loop_var": "cgp_export_domain", "accounts": ACCOUNTS}],
    "forwarders": [{"item": "alpha.test", "forwarders": [{"name": "sales@alpha.test", "to": "bob@alpha.test"}]}],
}


def export(domains=None, reads=None):
    return cgp_export(None, domains=domains or [DOMAIN], reads=READS if reads is None else reads)


def test_the_filters_are_registered():
    assert set(FilterModule().filters()) == {"cgp_export", "cgp_drift", "cgp_apply_secrets", "cgp_to_yaml"}


def test_the_export_is_sorted_bare_and_without_secrets_or_empty_parts():
    (domain,) = export()["domains"]
    assert domain["settings"] == {"MailToUnknown": "Rejected"}  # the masked key is not exported
    assert domain["aliases"] == ["Alpha.example", "mail.alpha.test"]
    assert "account_defaults" not in domain and "mail_rules" not in domain
    assert [account["name"] for account in domain["accounts"]] == ["alice", "bob"]
    assert domain["accounts"][0] == {
        "name": "alice",
        "settings": {"RealName": "Alice", "MaxAccountSize": "10M"},
        "prefs": {"TimeZone": "Europe/Paris"},
        "aliases": ["al", "Ali"],
        "telnums": ["100"],
    }
    assert domain["forwarders"] == [{"name": "sales", "to": "bob@alpha.test"}]


def test_the_same_read_in_another_order_exports_the_same_text():
    shuffled = dict(DOMAIN, aliases=list(reversed(DOMAIN["aliases"])))
    reads = dict(READS, accounts=[dict(READS["accounts"][0], accounts=list(reversed(ACCOUNTS)))])
    assert cgp_to_yaml(export()) == cgp_to_yaml(export([shuffled], reads))


def test_no_drift_against_itself_even_with_the_roles_shortcuts():
    files = export()
    by_hand = json.loads(json.dumps(files))
    bob = by_hand["domains"][0]["accounts"][1]
    bob.pop("settings")
    bob["real_name"] = "Bob"  # the cgp_account shortcut for the RealName setting
    report = cgp_drift(files, by_hand)
    assert report == {
        "changed": [],
        "added": [],
        "missing": [],
        "drift": False,
        "summary": {"changed": 0, "added": 0, "missing": 0},
    }


def test_drift_names_changed_fields_added_and_missing_objects_only():
    files = export()
    server = json.loads(json.dumps(files))
    domain = server["domains"][0]
    domain["accounts"][0]["settings"]["RealName"] = "Alice B."
    domain["accounts"].append({"name": "carol"})
    domain.pop("forwarders")
    report = cgp_drift(server, files)
    assert report["changed"] == [
        {
            "kind": "account",
            "name": "alice@alpha.test",
            "fields": [{"field": "settings.RealName", "files": "Alice", "server": "Alice B."}],
        }
    ]
    assert report["added"] == [{"kind": "account", "name": "carol@alpha.test"}]
    assert report["missing"] == [{"kind": "forwarder", "name": "sales@alpha.test"}]
    assert report["summary"] == {"changed": 1, "added": 1, "missing": 1} and report["drift"] is True


INBOX = {"name": "INBOX", "class": None, "acl": {}, "subscribed": True, "aliases": []}
SHARED = {"name": "Shared", "class": None, "acl": {"anyone": "rl", "bob": "lrswi"}, "subscribed": False, "aliases": []}
CALENDAR = {"name": "Calendar", "class": "IPF.Appointment", "acl": {}, "subscribed": True, "aliases": ["Agenda"]}


def with_rights_and_mailboxes(rights, mailboxes):
    """READS with alice's rights and mailboxes as cgp_account_info (rights, mailboxes) returns them."""
    accounts = [dict(ACCOUNTS[0]), dict(ACCOUNTS[1], rights=rights, mailboxes=mailboxes)]
    return dict(READS, accounts=[dict(READS["accounts"][0], accounts=accounts)])


def test_rights_are_sorted_and_mailboxes_left_out_when_an_account_has_only_its_inbox():
    domain = export(
        reads=with_rights_and_mailboxes(["Domain", "CanCreateAccounts", "Domain"], [SHARED, INBOX, CALENDAR])
    )
    bob, alice = domain["domains"][0]["accounts"][1], domain["domains"][0]["accounts"][0]
    assert alice["rights"] == ["CanCreateAccounts", "Domain"]
    assert alice["mailboxes"] == [
        {"name": "Calendar", "class": "IPF.Appointment", "acl": {}, "subscribed": True, "aliases": ["Agenda"]},
        {"name": "Shared", "acl": {"anyone": "lr", "bob": "ilrsw"}, "subscribed": False, "aliases": []},
    ]  # INBOX as every account has it is not exported; ACL letters in one order
    assert "rights" not in bob and "mailboxes" not in bob
    shared_inbox = dict(INBOX, acl={"bob": "lr"})
    (alice,) = [
        a
        for a in export(reads=with_rights_and_mailboxes([], [shared_inbox]))["domains"][0]["accounts"]
        if a["name"] == "alice"
    ]
    assert alice["mailboxes"] == [{"name": "INBOX", "acl": {"bob": "lr"}, "subscribed": True, "aliases": []}]
    assert "rights" not in alice


def test_drift_reports_rights_and_the_mailbox_parts_the_files_give():
    files = export(reads=with_rights_and_mailboxes(["Domain"], [SHARED, CALENDAR]))
    server = export(
        reads=with_rights_and_mailboxes(
            ["Domain", "CanCreateAccounts"], [dict(SHARED, acl={"anyone": "l"}), CALENDAR, {"name": "New", "acl": {}}]
        )
    )
    by_hand = json.loads(json.dumps(files))
    by_hand["domains"][0]["accounts"][0]["mailboxes"][1] = {"name": "Shared", "acl": {"bob": "wsril", "anyone": "lr"}}
    assert cgp_drift(server, by_hand)["changed"] == [
        {
            "kind": "account",
            "name": "alice@alpha.test",
            "fields": [
                {"field": "rights", "files": ["Domain"], "server": ["CanCreateAccounts", "Domain"]},
                {"field": "mailboxes[New]", "files": None, "server": {"name": "New", "acl": {}}},
                {
                    "field": "mailboxes[Shared].acl",
                    "files": {"anyone": "lr", "bob": "ilrsw"},
                    "server": {"anyone": "l"},
                },
            ],
        }
    ]  # Shared's subscription and aliases are not in the file edited by hand: the role leaves them alone
    assert cgp_drift(files, by_hand)["drift"] is False


def test_an_added_domain_is_drift_only_when_every_domain_was_exported():
    files = export()
    server = dict(files, domains=files["domains"] + [{"name": "new.test"}])
    assert cgp_drift(server, files)["added"] == [{"kind": "domain", "name": "new.test"}]
    assert cgp_drift(server, files, every_domain=False)["added"] == []


def test_apply_secrets_gives_new_accounts_their_stored_password_only_on_create():
    secrets = {
        "accounts": {"Alice@alpha.test": {"settings": {"Password": "s3cret"}}},
        "domains": {"alpha.test": {"settings": {"PrivateSecureKey": "KEY"}}},
    }
    state = cgp_apply_secrets(export(), secrets)
    domain = state["domains"][0]
    alice = domain["accounts"][0]
    assert (alice["password"], alice["update_password"]) == ("s3cret", "on_create")
    assert "Password" not in alice["settings"]
    assert "password" not in domain["accounts"][1]
    assert domain["settings"]["PrivateSecureKey"] == "KEY"


def test_malformed_input_fails_with_the_filters_name():
    with pytest.raises(AnsibleFilterError, match="cgp_export"):
        cgp_export(None, domains=[dict(DOMAIN, mail_rules=["not a rule"])], reads={})
    with pytest.raises(AnsibleFilterError, match="cgp_apply_secrets"):
        cgp_apply_secrets(export(), {"accounts": ["not", "a", "mapping"]})


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "No",
        "null",
        "~",
        "1.0",
        "0o17",
        "1e3",
        "12:30",
        "- x",
        "#x",
        "a: b",
        "a #b",
        "",
        " lead",
        "trail ",
        "line\nbreak",
        "tab\t",
        "\x07",
        "quote\"",
        "back\\slash",
        "@at",
        "*star",
        "&amp",
        "!bang",
        "%pc",
        "`tick",
        "ünïcode",
        "\u2028",
        "\ufeff",
        "{x}",
        "[x]",
        "y",
        "n",
        "Y",
        "0x1F",
        "+1",
        ".inf",
        "-.nan",
        "2024-01-31",
    ],
)
def test_every_string_reads_back_as_itself(value):
    data = {"name": value, value or "empty": [value, {"k": value}], "n": [1, 2.5, True, None]}
    assert yaml.safe_load(cgp_to_yaml(data)) == data


def test_yaml_puts_name_first_then_sorted_keys_with_a_header():
    text = cgp_to_yaml({"zeta": 1, "name": "web", "alpha": {"b": [], "a": {}}}, header="line one\n\nline two")
    assert text == "# line one\n#\n# line two\n---\nname: web\nalpha:\n  a: {}\n  b: []\nzeta: 1\n"


def test_secret_part_keeps_only_values_under_secret_keys_at_any_depth():
    value = {
        "RealName": "A",
        "Password": "x",
        "Masked": None,
        "RPOP": {"home": {"password": "y", "period": "10m"}},
        "Other": {"plain": 1},
    }
    assert secret_part(value) == {"Password": "x", "RPOP": {"home": {"password": "y"}}}
    assert object_secrets(
        [{"name": "a", "settings": value}, {"name": "b", "settings": {"RealName": "B"}}], ("settings",)
    ) == {"a": {"settings": {"Password": "x", "RPOP": {"home": {"password": "y"}}}}}


def test_the_secrets_file_is_private_merged_and_forgets_what_an_object_no_longer_holds(tmp_path):
    path = str(tmp_path / "secrets.json")
    write_secrets(
        path,
        "accounts",
        {"a@x": {"settings": {"Password": "1"}}, "b@x": {"settings": {"Password": "2"}}},
        ["a@x", "b@x"],
    )
    write_secrets(path, "domains", {"x": {"settings": {"PrivateSecureKey": "K"}}}, ["x"])
    write_secrets(path, "accounts", {"a@x": {"settings": {"Password": "3"}}}, ["a@x", "b@x"])
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with open(path) as handle:
        assert json.load(handle) == {
            "accounts": {"a@x": {"settings": {"Password": "3"}}},
            "domains": {"x": {"settings": {"PrivateSecureKey": "K"}}},
        }
    assert os.listdir(str(tmp_path)) == ["secrets.json"]
