# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The playbooks communigate.pro.export, apply and drift, run by their FQCN with real ansible-playbook
against two emulators: a varied server (export_seed.py) is exported, the export applied to an empty
server, that one exported again; the two exports are identical (export.yml and README.md aside: when
and from where), a second apply changes nothing, and drift after a few changes by hand names exactly
those objects. One test, because each step needs the one before (and the CI budget is tight)."""

from __future__ import annotations

import filecmp
import json
import secrets
import time

import pytest
import yaml

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPClient

from export_seed import seed
from playbook_runner import VENV_BIN, ansible_env, run

# The files two exports of two servers with the same objects differ in (documented in the guide), and
# secrets.yml: the first export has it (cgp_export_secrets=true), the second does not.
SERVER_SPECIFIC = {"export.yml", "README.md", "secrets.yml"}
TIMES = []  # (playbook, seconds) of each run, printed at the end


def playbook(name, emulator, tmp_path, *extra):
    """ansible-playbook communigate.pro.<name>, connected to ``emulator`` by the CGP_* variables; the vault
    password (for secrets.yml) by ANSIBLE_VAULT_PASSWORD_FILE, as an AWX vault credential gives it."""
    args = [str(VENV_BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", "communigate.pro." + name]
    for key, value in extra:
        args += ["-e", json.dumps({key: value})]
    vault = tmp_path / "vault-password"
    if not vault.exists():
        vault.write_text("Vault-%s\n" % secrets.token_hex(8))
    env = ansible_env(
        emulator, tmp_path, {"ANSIBLE_STDOUT_CALLBACK": "default", "ANSIBLE_VAULT_PASSWORD_FILE": str(vault)}
    )
    started = time.monotonic()
    result = run(args, env)
    TIMES.append((name, time.monotonic() - started))
    assert result.rc == 0, result
    return result


def changed(result):
    """The changed= count of the play recap."""
    recap = [line for line in result.stdout.splitlines() if line.startswith("localhost")][-1]
    return int(recap.split("changed=")[1].split()[0])


def files(directory):
    return sorted(str(path.relative_to(directory)) for path in directory.rglob("*") if path.is_file())


def same_exports(one, other):
    """The files of two exports that differ, the server-specific ones aside."""
    names = [name for name in files(one) if name not in SERVER_SPECIFIC]
    assert names == [name for name in files(other) if name not in SERVER_SPECIFIC]
    _match, mismatch, errors = filecmp.cmpfiles(one, other, names, shallow=False)
    return mismatch + errors


def by_hand(emulator):
    """Six changes by hand: a setting of an account and of a domain, an account's rights, a mailbox's ACL,
    a new forwarder, a deleted group."""
    with CGPClient(emulator.host, emulator.port, emulator.user, emulator.password) as client:
        client.update_account_settings("user007@alpha.test", {"RealName": "Changed By Hand"})
        client.set_account_rights("user010@alpha.test", ["Domain"])
        client.set_mailbox_acl("user003@alpha.test", "Projects", {"anyone": "-r", "user009@alpha.test": "lr"})
        client.create_forwarder("hand@alpha.test", "user001@alpha.test")
        client.delete_group("admins@alpha.test")
        client.update_domain_settings("beta.test", {"MailToUnknown": "Discarded"})


@pytest.mark.slow
def test_export_apply_export_is_identical_and_drift_names_the_hand_changes(cgp_emulator_factory, tmp_path):
    source = cgp_emulator_factory(subprocess=True)
    target = cgp_emulator_factory(subprocess=True)
    passwords = seed(source)
    first, second = tmp_path / "first", tmp_path / "second"
    started = time.monotonic()

    exported = playbook("export", source, tmp_path, ("cgp_export_dir", str(first)), ("cgp_export_secrets", True))
    alpha = yaml.safe_load((first / "domains" / "alpha.test.yml").read_text())["cgp_mail_domain_domains"][0]
    assert "user000@alpha.test" in (first / "domains" / "alpha.test.yml").read_text()
    by_name = dict((account["name"], account) for account in alpha["accounts"])
    assert by_name["user010"]["rights"] == ["CanCreateAccounts", "Domain"]
    assert [mailbox["name"] for mailbox in by_name["user003"]["mailboxes"]] == ["Projects", "Projects/2024"]
    assert "mailboxes" not in by_name["user000"] and "rights" not in by_name["user000"]  # INBOX alone, no rights
    assert (first / "secrets.yml").read_text().startswith("$ANSIBLE_VAULT;")
    for path in first.rglob("*"):
        if path.is_file():
            text = path.read_text()
            assert not any(password in text for password in passwords.values()), path
            assert "MIIsecretKEY" not in text and "Gw-" not in text, path
    assert not any(password in exported.output for password in passwords.values())

    applied = playbook("apply", target, tmp_path, ("cgp_export_dir", str(first)))
    assert changed(applied) > 0
    assert not any(password in applied.output for password in passwords.values())
    with CGPClient(target.host, target.port, target.user, target.password) as client:
        assert client.verify_account_password("user005@alpha.test", passwords["user005@alpha.test"])
        assert client.get_domain_settings("beta.test")["PrivateSecureKey"].startswith("MIIsecretKEY")
        assert sorted(client.get_account_rights("user010@alpha.test")) == ["CanCreateAccounts", "Domain"]
        assert client.get_mailbox_acl("user003@alpha.test", "Projects") == {
            "anyone": "lr",
            "user001@alpha.test": "ilrsw",
        }
        assert client.get_mailbox_aliases("user004@alpha.test") == {"Agenda": "Calendar"}
    playbook("export", target, tmp_path, ("cgp_export_dir", str(second)))
    assert same_exports(first, second) == []
    assert not (second / "secrets.yml").exists()
    info = yaml.safe_load((second / "export.yml").read_text())["cgp_export_info"]
    assert info["counts"]["accounts"] == 240 + 30 + 1 and info["secrets"] is False

    assert changed(playbook("apply", target, tmp_path, ("cgp_export_dir", str(first)))) == 0

    # No drift run before the hand changes (the CI budget): the report below holding exactly them says
    # that nothing else drifted.
    by_hand(target)
    report_file = tmp_path / "drift.json"
    drifted = playbook(
        "drift", target, tmp_path, ("cgp_export_dir", str(first)), ("cgp_drift_report", str(report_file))
    )
    report = json.loads(report_file.read_text())
    assert report["summary"] == {"changed": 4, "added": 1, "missing": 1}
    assert report["changed"] == [
        {
            "kind": "account",
            "name": "user003@alpha.test",
            "fields": [
                {
                    "field": "mailboxes[Projects].acl",
                    "files": {"anyone": "lr", "user001@alpha.test": "ilrsw"},
                    "server": {"anyone": "l", "user001@alpha.test": "ilrsw", "user009@alpha.test": "lr"},
                }
            ],
        },
        {
            "kind": "account",
            "name": "user007@alpha.test",
            "fields": [{"field": "settings.RealName", "files": "User 7", "server": "Changed By Hand"}],
        },
        {
            "kind": "account",
            "name": "user010@alpha.test",
            "fields": [{"field": "rights", "files": ["CanCreateAccounts", "Domain"], "server": ["Domain"]}],
        },
        {
            "kind": "domain",
            "name": "beta.test",
            "fields": [{"field": "settings.MailToUnknown", "files": None, "server": "Discarded"}],
        },
    ]
    assert report["added"] == [{"kind": "forwarder", "name": "hand@alpha.test"}]
    assert report["missing"] == [{"kind": "group", "name": "admins@alpha.test"}]
    assert "changed account user007@alpha.test" in drifted.stdout
    assert "settings.RealName" in drifted.stdout
    print("round trip: %.1f s (%s)" % (time.monotonic() - started, ", ".join("%s %.1f s" % run for run in TIMES)))
