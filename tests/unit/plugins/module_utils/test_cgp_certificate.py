# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A domain certificate: the task's PEM checked before anything is sent, and the settings planned
from what the domain holds (certificates by fingerprint, the key by its public part)."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.communigate.pro.plugins.module_utils.cgp_certificate import (
    CERTIFICATE_OPTIONS,
    certificate_secrets,
    certificate_spec,
    plan_absent,
    plan_present,
    stored_der,
    view,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError
from ansible_collections.communigate.pro.plugins.module_utils.cgp_secrets import is_secret_key
from ansible_collections.communigate.pro.plugins.module_utils.cgp_x509 import pem_blocks


def params(**given):
    values = dict((name, option.get("default")) for name, option in CERTIFICATE_OPTIONS.items())
    values.update(domain="it-cert.test")
    values.update(given)
    return values


def wanted(pki, key="leaf.key", certificate="leaf.pem", **more):
    return certificate_spec(params(private_key=pki.read(key), certificate=pki.read(certificate), **more))[1]


def installed(target):
    """The domain settings after installing ``target`` (a Wanted), as the module writes them."""
    return plan_present(target, {})


def test_the_spec_reads_pem_content_and_files_and_keeps_the_chain_in_order(pki):
    domain, target = certificate_spec(
        params(
            private_key_path=str(pki.path("leaf.key")),
            certificate_path=str(pki.path("leaf.pem")),
            ca_chain=pki.read("intermediate.pem") + pki.read("ca.pem"),
        )
    )
    assert domain == "it-cert.test"
    assert target.certificate.info["subject"] == "emailAddress=hostmaster@it-cert.test,CN=it-cert.test"
    assert [c.info["subject"] for c in target.chain] == [
        "CN=Test Intermediate,O=Test\\, Inc.",
        "CN=Test Root CA,O=Test\\, Inc.,C=DE",
    ]
    full = wanted(pki, certificate="fullchain.pem", ca_chain=pki.read("ca.pem"))  # leaf + intermediate in one file
    assert [c.fingerprint for c in full.chain] == [c.fingerprint for c in target.chain]
    combined = certificate_spec(
        params(private_key_path=str(pki.path("combined.pem")), certificate_path=str(pki.path("combined.pem")))
    )[1]
    assert combined.certificate.fingerprint == target.certificate.fingerprint and combined.chain == []


@pytest.mark.parametrize(
    "given, message",
    [
        (dict(key="other.key"), "private_key: the private key does not belong to the certificate"),
        (dict(key="ec.key"), "private_key: the private key does not belong to the certificate"),
        (dict(key="leaf-encrypted.key"), "private_key: the private key is encrypted"),
        (dict(key="leaf-encrypted-pkcs1.key"), "private_key: the private key is encrypted"),
        (dict(key="ed25519.key", certificate="ed25519.pem"), "private_key: the Ed25519 private key does not hold"),
        (dict(key="leaf.pem"), "private_key: holds no PEM private key"),
        (dict(certificate="leaf.key"), "certificate: holds no PEM certificate"),
    ],
)
def test_bad_pem_is_refused_naming_the_option(pki, given, message):
    with pytest.raises(InputError) as error:
        wanted(pki, **given)
    assert str(error.value).startswith(message)
    assert "MII" not in str(error.value)  # never a piece of the key


def test_more_refusals_before_anything_is_sent(pki, tmp_path):
    two_keys = pki.read("leaf.key") + pki.read("other.key")
    with pytest.raises(InputError, match="private_key: holds 2 private keys"):
        certificate_spec(params(private_key=two_keys, certificate=pki.read("leaf.pem")))
    with pytest.raises(InputError, match="private_key_path: cannot read '.*missing.pem'"):
        certificate_spec(params(private_key_path=str(tmp_path / "missing.pem"), certificate=pki.read("leaf.pem")))
    with pytest.raises(InputError, match="ca_chain: certificate 2 of 2: the certificate is"):
        bad = pki.read("ca.pem") + "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"
        wanted(pki, ca_chain=bad)
    with pytest.raises(InputError, match="certificate: only used with state=present"):
        certificate_spec(params(state="absent", certificate=pki.read("leaf.pem")))
    with pytest.raises(InputError, match="domain: 'bad domain' is not a domain name"):
        certificate_spec(params(domain="bad domain", state="absent"))


def test_installing_sends_the_four_settings_then_nothing(pki):
    target = wanted(pki, ca_chain=pki.read("intermediate.pem"))
    changes = installed(target)
    assert sorted(changes) == ["CAChain", "CertificateType", "PrivateSecureKey", "SecureCertificate"]
    assert changes["PrivateSecureKey"] == pki.path("leaf-pkcs1.der").read_bytes()
    assert changes["SecureCertificate"] == pem_blocks(pki.read("leaf.pem"))[0][1]
    assert changes["CertificateType"] == "YES"
    assert plan_present(target, changes) == {}
    assert plan_present(target, dict(changes, CertificateType="yes")) == {}


def test_the_settings_read_back_as_bracketed_base64_strings_are_the_same(pki):
    # go-cgp-acme reads "[base64]" strings (possibly with line breaks) from a live server.
    target = wanted(pki, ca_chain=pki.read("intermediate.pem"))
    as_strings = dict(
        (key, "[%s]" % base64.encodebytes(value).decode("ascii") if isinstance(value, bytes) else value)
        for key, value in installed(target).items()
    )
    assert plan_present(target, as_strings) == {}
    assert stored_der(pki.read("leaf.pem")) == pem_blocks(pki.read("leaf.pem"))[0][1]
    assert stored_der("[not base64!]") is None and stored_der(None) is None and stored_der(["x"]) is None


def test_a_renewal_with_the_same_key_sends_only_the_certificate(pki):
    current = installed(wanted(pki))
    changes = plan_present(wanted(pki, certificate="renewed.pem"), current)
    assert list(changes) == ["SecureCertificate"]


def test_what_differs_is_sent_and_a_chain_no_longer_wanted_is_removed(pki):
    current = installed(wanted(pki, ca_chain=pki.read("intermediate.pem")))
    assert plan_present(wanted(pki), current) == {"CAChain": "default"}
    other = installed(wanted(pki, key="other.key", certificate="other.pem"))
    assert sorted(plan_present(wanted(pki), other)) == ["PrivateSecureKey", "SecureCertificate"]
    broken = dict(current, PrivateSecureKey=b"not a key", CertificateType="Test")
    assert sorted(plan_present(wanted(pki, ca_chain=pki.read("intermediate.pem")), broken)) == [
        "CertificateType",
        "PrivateSecureKey",
    ]


def test_removal_sends_only_what_is_there():
    full = {"PrivateSecureKey": b"k", "SecureCertificate": b"c", "CAChain": b"", "CertificateType": "YES", "Other": "x"}
    assert plan_absent(full) == {
        "PrivateSecureKey": "default",
        "SecureCertificate": "default",
        "CAChain": "default",
        "CertificateType": "default",
    }
    assert plan_absent({"CertificateType": "NO", "Other": "x"}) == {}


def test_the_view_describes_the_key_and_never_holds_it(pki):
    settings = installed(wanted(pki, ca_chain=pki.read("intermediate.pem")))
    shown = view("it-cert.test", settings)
    assert shown["key"] == {"type": "RSA", "size": 2048, "matches_certificate": True}
    assert shown["certificate"]["serial_number"] == "ABC123" and shown["certificate_type"] == "YES"
    assert [entry["subject"] for entry in shown["ca_chain"]] == ["CN=Test Intermediate,O=Test\\, Inc."]
    key_text = base64.b64encode(settings["PrivateSecureKey"]).decode("ascii")
    assert key_text[:40] not in repr(shown)
    mismatched = view(
        "it-cert.test",
        dict(
            settings,
            PrivateSecureKey=installed(wanted(pki, key="other.key", certificate="other.pem"))["PrivateSecureKey"],
        ),
    )
    assert mismatched["key"]["matches_certificate"] is False
    garbage = view("it-cert.test", {"SecureCertificate": b"\x30\x00", "PrivateSecureKey": b"x"})
    assert "error" in garbage["certificate"]
    assert garbage["key"] == {"type": None, "size": None, "matches_certificate": False}
    assert view("it-cert.test", {}) == {
        "domain": "it-cert.test",
        "certificate": None,
        "ca_chain": [],
        "key": None,
        "certificate_type": None,
    }


def test_the_key_is_a_secret_in_every_form_the_task_holds_it(pki):
    found = certificate_secrets(params(private_key_path=str(pki.path("leaf.key"))))
    assert pki.read("leaf.key").strip() in found
    assert base64.b64encode(pki.path("leaf-pkcs1.der").read_bytes()).decode("ascii") in found
    assert certificate_secrets(params(private_key_path="/nonexistent/key.pem")) == []
    assert certificate_secrets(params()) == []
    # Of the certificate settings, only the key is a secret: the certificate and the chain are public.
    assert is_secret_key("PrivateSecureKey")
    assert not any(is_secret_key(key) for key in ("SecureCertificate", "CAChain", "CertificateType"))
