# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Two ansible-playbook runs change the same objects at once: nothing that either reported done is lost.

Both append distinct group members, LAN IP entries, domain mail rules and an account's RPOP records, one
task per entry, against one emulator whose replies are delayed (so that one run's read and write straddle the
other's write). These objects CGP can only replace whole: they are read right before the write and verified afterwards
(CGPModule.replace / converge).
"""

from __future__ import annotations

import subprocess

from ansible_collections.communigate.pro.plugins.module_utils.cgp_client import CGPClient

from playbook_runner import VENV_BIN, ansible_env

DOMAIN = "race.test"
ROUNDS = 6
DELAY_MS = 120


def playbook(tag, index):
    """A play that appends ROUNDS entries of its own to each shared object, one task each."""
    rounds = ", ".join(str(n) for n in range(ROUNDS))
    return """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Members
      communigate.pro.cgp_group:
        name: team@%(domain)s
        members: ["%(tag)s{{ item }}@example.net"]
        append: true
      loop: [%(rounds)s]
    - name: LAN addresses
      communigate.pro.cgp_settings:
        scope: lan_ips
        entries: ["10.%(index)d.0.{{ item }}"]
      loop: [%(rounds)s]
    - name: Domain rules
      communigate.pro.cgp_domain_mailrule:
        domain: %(domain)s
        name: "%(tag)s-{{ item }}"
        priority: 5
        actions: [{action: Discard}]
      loop: [%(rounds)s]
    - name: RPOP records
      communigate.pro.cgp_account_rpop:
        account: box@%(domain)s
        name: "%(tag)s-{{ item }}"
        host: pop.example.net
        auth_name: "%(tag)s"
        password: "pw-%(tag)s-{{ item }}"
      loop: [%(rounds)s]
""" % {"tag": tag, "index": index, "domain": DOMAIN, "rounds": rounds}


def test_concurrent_runs_lose_nothing(cgp_emulator_factory, tmp_path):
    emulator = cgp_emulator_factory(subprocess=True, delay_ms=DELAY_MS)
    with CGPClient(emulator.host, emulator.port, emulator.user, emulator.password) as client:
        client.create_domain(DOMAIN)
        client.create_group("team@" + DOMAIN, {"Members": []})
        client.create_account("box@" + DOMAIN)
    env = ansible_env(emulator, tmp_path)
    runs = []
    for index, tag in ((1, "a"), (2, "b")):
        path = tmp_path / ("play-%s.yml" % tag)
        path.write_text(playbook(tag, index))
        runs.append(
            subprocess.Popen(
                [str(VENV_BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(path)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    for run, output in zip(runs, outputs):
        assert run.returncode == 0, output
    with CGPClient(emulator.host, emulator.port, emulator.user, emulator.password) as client:
        members = set(client.get_group("team@" + DOMAIN)["Members"])
        lan = set(client.get_server_object("lan_ips").split("\n"))
        rules = set(rule[1] for rule in client.get_domain_mail_rules(DOMAIN))
        rpops = client.get_account_rpops("box@" + DOMAIN)
    for index, tag in ((1, "a"), (2, "b")):
        for n in range(ROUNDS):
            assert "%s%d@example.net" % (tag, n) in members
            assert "10.%d.0.%d" % (index, n) in lan
            assert "%s-%d" % (tag, n) in rules
            assert rpops["%s-%d" % (tag, n)]["password"] == "pw-%s-%d" % (tag, n)
