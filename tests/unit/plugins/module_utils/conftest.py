# Copyright: CommuniGate Pro collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Throwaway keys and certificates for the certificate tests, made with the openssl tool at test time."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


class PKI:
    """A test CA, an intermediate CA and certificates for keys of several kinds, as PEM files in ``root``."""

    def __init__(self, root: Path):
        self.root = root
        self.openssl = shutil.which("openssl")

    def run(self, *args, text=True):
        return subprocess.run(
            [self.openssl] + [str(arg) for arg in args], cwd=self.root, check=True, capture_output=True, text=text
        ).stdout

    def path(self, name):
        return self.root / name

    def read(self, name):
        return self.path(name).read_text()

    def key(self, name, algorithm="rsa:2048"):
        kind, option = (algorithm.split(":", 1) + [""])[:2]
        options = {
            "rsa": ["-pkeyopt", "rsa_keygen_bits:%s" % option],
            "ec": ["-pkeyopt", "ec_paramgen_curve:%s" % option],
            "ed25519": [],
        }[kind]
        self.run("genpkey", "-algorithm", kind.upper() if kind != "ed25519" else "ED25519", *options, "-out", name)
        return name

    def self_signed(self, name, key, subject, days=30, extensions=()):
        args = ["req", "-x509", "-new", "-key", key, "-out", name, "-days", days, "-subj", subject]
        for extension in extensions:
            args += ["-addext", extension]
        self.run(*args)
        return name

    def signed(self, name, key, subject, issuer, issuer_key, days=30, extensions="", serial="0x1001"):
        self.run("req", "-new", "-key", key, "-out", name + ".csr", "-subj", subject)
        self.path(name + ".ext").write_text(extensions + "\n")
        self.run(
            "x509",
            "-req",
            "-in",
            name + ".csr",
            "-CA",
            issuer,
            "-CAkey",
            issuer_key,
            "-set_serial",
            serial,
            "-days",
            days,
            "-extfile",
            name + ".ext",
            "-out",
            name,
        )
        return name


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """CA -> intermediate -> leaf (RSA), plus EC and Ed25519 self-signed certificates and odd key forms."""
    pki = PKI(tmp_path_factory.mktemp("pki"))
    if pki.openssl is None:
        pytest.skip("the openssl tool is not installed")
    pki.self_signed(
        "ca.pem",
        pki.key("ca.key"),
        "/C=DE/O=Test, Inc./CN=Test Root CA",
        days=10000,
        extensions=["basicConstraints=critical,CA:TRUE"],
    )
    pki.signed(
        "intermediate.pem",
        pki.key("intermediate.key"),
        "/O=Test, Inc./CN=Test Intermediate",
        "ca.pem",
        "ca.key",
        extensions="basicConstraints=critical,CA:TRUE",
        serial="0x2002",
    )
    pki.signed(
        "leaf.pem",
        pki.key("leaf.key"),
        "/CN=it-cert.test/emailAddress=hostmaster@it-cert.test",
        "intermediate.pem",
        "intermediate.key",
        days=90,
        serial="0x0abc123",
        extensions="subjectAltName=DNS:it-cert.test,DNS:*.it-cert.test,IP:192.0.2.7,IP:2001:db8::1",
    )
    pki.signed(
        "renewed.pem", "leaf.key", "/CN=it-cert.test", "intermediate.pem", "intermediate.key", serial="0x0abc124"
    )
    pki.self_signed("other.pem", pki.key("other.key"), "/CN=other.test")
    pki.run("pkey", "-in", "leaf.key", "-traditional", "-out", "leaf-pkcs1.key")
    pki.run("pkey", "-in", "leaf.key", "-traditional", "-outform", "DER", "-out", "leaf-pkcs1.der", text=False)
    pki.run("pkey", "-in", "leaf.key", "-aes128", "-passout", "pass:throwaway", "-out", "leaf-encrypted.key")
    pki.run(
        "rsa",
        "-in",
        "leaf.key",
        "-traditional",
        "-aes128",
        "-passout",
        "pass:throwaway",
        "-out",
        "leaf-encrypted-pkcs1.key",
    )
    pki.self_signed("ec.pem", pki.key("ec.key", "ec:prime256v1"), "/CN=ec.test")
    pki.run("ec", "-in", "ec.key", "-out", "ec-sec1.key")
    pki.run("ec", "-in", "ec.key", "-no_public", "-out", "ec-no-public.key")
    pki.self_signed("ed25519.pem", pki.key("ed25519.key", "ed25519"), "/CN=ed.test")
    pki.path("fullchain.pem").write_text(pki.read("leaf.pem") + pki.read("intermediate.pem"))
    pki.path("combined.pem").write_text(pki.read("leaf.key") + pki.read("leaf.pem"))
    return pki
