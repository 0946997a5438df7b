# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The support matrix runner (tests/utils/matrix.py): what it prepares before ansible-test runs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "utils"))
import matrix  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture
def fresh_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def test_the_shards_find_the_key_pair_ansible_test_would_make(fresh_home):
    """Two shards starting on a machine without ~/.ansible/test/id_rsa both ran ssh-keygen; the second
    stopped at "Overwrite (y/n)?" and ran none of its targets. The runner makes the pair first, where
    ansible-test looks for it, so neither shard makes one."""
    core_ci = pytest.importorskip("ansible_test._internal.core_ci")
    key, pub = core_ci.SshKey.get_source_key_pair_paths(core_ci.SshKey.__new__(core_ci.SshKey))
    assert not Path(key).exists()
    matrix.ssh_key_pair()
    assert Path(key).read_text().startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert Path(pub).read_text().startswith("ssh-rsa ")
    assert Path(key).stat().st_mode & 0o077 == 0


def test_an_existing_key_pair_is_kept(fresh_home):
    matrix.ssh_key_pair()
    key = fresh_home / ".ansible" / "test" / "id_rsa"
    before = key.read_text()
    matrix.ssh_key_pair()
    assert key.read_text() == before
