# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Certificates and keys read with the standard library agree with what openssl says of them."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.communigate.pro.plugins.module_utils.cgp_x509 import (
    Certificate,
    X509Error,
    pem_blocks,
    private_key,
    split_der,
)


def der_of(pki, name, index=0):
    return pem_blocks(pki.read(name))[index][1]


def certificate(pki, name):
    return Certificate(der_of(pki, name))


def openssl_says(pki, name):
    """{field: value} of openssl x509 -noout for the fields the module returns."""
    out = pki.run(
        "x509",
        "-in",
        name,
        "-noout",
        "-subject",
        "-issuer",
        "-serial",
        "-startdate",
        "-enddate",
        "-fingerprint",
        "-sha256",
        "-nameopt",
        "RFC2253",
    )
    fields = dict(line.split("=", 1) for line in out.splitlines())

    def iso(text):
        return datetime.datetime.strptime(re.sub(" +", " ", text), "%b %d %H:%M:%S %Y GMT").strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )

    return {
        "subject": fields["subject"],
        "issuer": fields["issuer"],
        "serial_number": fields["serial"],
        "not_before": iso(fields["notBefore"]),
        "not_after": iso(fields["notAfter"]),
        "fingerprint_sha256": fields["sha256 Fingerprint"],
    }


@pytest.mark.parametrize("name", ["leaf.pem", "intermediate.pem", "ca.pem", "ec.pem", "ed25519.pem"])
def test_the_fields_users_see_are_what_openssl_prints(pki, name):
    info = certificate(pki, name).info
    assert dict((key, info[key]) for key in openssl_says(pki, name)) == openssl_says(pki, name)


def test_names_validity_and_alternative_names(pki):
    leaf, root = certificate(pki, "leaf.pem").info, certificate(pki, "ca.pem").info
    assert leaf["subject"] == "emailAddress=hostmaster@it-cert.test,CN=it-cert.test"
    assert leaf["issuer"] == "CN=Test Intermediate,O=Test\\, Inc."  # RFC 4514 escaping
    assert leaf["serial_number"] == "ABC123"
    assert leaf["subject_alt_names"] == ["DNS:it-cert.test", "DNS:*.it-cert.test", "IP:192.0.2.7", "IP:2001:db8::1"]
    assert (leaf["key_type"], leaf["key_size"]) == ("RSA", 2048)
    assert root["not_after"] > "2050"  # a GeneralizedTime, past 2049
    assert root["subject"] == root["issuer"] and root["subject_alt_names"] == []
    assert (certificate(pki, "ec.pem").info["key_type"], certificate(pki, "ec.pem").info["key_size"]) == ("EC", 256)


@pytest.mark.parametrize(
    "key, cert",
    [
        ("leaf.key", "leaf.pem"),
        ("leaf-pkcs1.key", "leaf.pem"),
        ("ec.key", "ec.pem"),
        ("ec-sec1.key", "ec.pem"),
        ("other.key", "other.pem"),
    ],
)
def test_a_key_belongs_to_its_certificate_and_to_no_other(pki, key, cert):
    public = private_key(der_of(pki, key)).public
    assert public == certificate(pki, cert).public_key
    others = [name for name in ("leaf.pem", "ec.pem", "other.pem", "ed25519.pem", "ca.pem") if name != cert]
    assert all(public != certificate(pki, name).public_key for name in others)


def test_rsa_keys_are_stored_as_pkcs1_whatever_form_they_came_in(pki):
    pkcs1 = pki.path("leaf-pkcs1.der").read_bytes()
    assert private_key(der_of(pki, "leaf.key")).der == pkcs1  # PKCS#8 in, PKCS#1 out
    assert private_key(der_of(pki, "leaf-pkcs1.key")).der == pkcs1
    assert private_key(der_of(pki, "ec.key")).der == der_of(pki, "ec.key")  # others as given


@pytest.mark.parametrize(
    "key, why", [("ec-no-public.key", "does not hold its public key"), ("ed25519.key", "does not hold its public key")]
)
def test_a_key_without_its_public_part_is_refused(pki, key, why):
    with pytest.raises(X509Error, match=why):
        private_key(der_of(pki, key))


def test_pem_blocks_labels_encrypted_keys_and_refuses_bad_base64(pki):
    assert [label for label, _der in pem_blocks(pki.read("leaf-encrypted.key"))] == ["ENCRYPTED PRIVATE KEY"]
    assert [label for label, _der in pem_blocks(pki.read("leaf-encrypted-pkcs1.key"))] == ["ENCRYPTED RSA PRIVATE KEY"]
    assert [label for label, _der in pem_blocks(pki.read("combined.pem"))] == ["PRIVATE KEY", "CERTIFICATE"]
    with pytest.raises(X509Error, match="CERTIFICATE block is not valid base64"):
        pem_blocks("-----BEGIN CERTIFICATE-----\nM!!!\n-----END CERTIFICATE-----\n")


def test_split_der_gives_back_each_certificate_of_a_chain(pki):
    ders = [der_of(pki, "intermediate.pem"), der_of(pki, "ca.pem")]
    assert split_der(b"".join(ders)) == ders
    assert split_der(b"") == []
    with pytest.raises(X509Error):
        split_der(ders[0] + ders[1][:-5])


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x30",
        b"\x30\x05\x02\x01",
        b"\x30\x84\xff\xff\xff\xff",
        b"\x1f\x00",
        b"\x30\x00",
        b"\x30\x03\x02\x01\x00extra",
    ],
)
def test_malformed_der_is_an_x509_error(data):
    with pytest.raises(X509Error):
        Certificate(data)
    with pytest.raises(X509Error):
        private_key(data)


@pytest.mark.property
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_damaged_certificate_or_key_is_read_or_refused_never_a_crash(pki, data):
    der = data.draw(st.sampled_from([der_of(pki, "leaf.pem"), der_of(pki, "leaf.key"), der_of(pki, "ec.key")]))
    position = data.draw(st.integers(0, len(der) - 1))
    damaged = bytearray(der[: data.draw(st.integers(position, len(der)))])
    if position < len(damaged):
        damaged[position] = data.draw(st.integers(0, 255))
    for parse in (Certificate, private_key):
        try:
            parse(bytes(damaged))
        except X509Error:
            pass
