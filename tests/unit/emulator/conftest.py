# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the emulator tests."""

import ssl

import pytest

from cgp_emulator.testing import inline_session, self_signed_cert


@pytest.fixture(params=["tcp", "tls"])
def link(request, tmp_path):
    """(emulator options, RawClient options) for a plain TCP link, then for a TLS one."""
    if request.param == "tcp":
        return {}, {}
    pair = self_signed_cert(str(tmp_path))
    if pair is None:
        pytest.skip("openssl is not installed")
    return {"tls_cert": pair[0], "tls_key": pair[1]}, {"ssl_context": ssl.create_default_context(cafile=pair[0])}


@pytest.fixture
def admin(cgp_emulator):
    """The emulator's administrator, logged in over a raw socket in INLINE mode."""
    pwd = inline_session(cgp_emulator)
    yield pwd
    pwd.close()
