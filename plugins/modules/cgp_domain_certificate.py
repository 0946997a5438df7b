#!/usr/bin/python
# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


DOCUMENTATION = r"""
module: cgp_domain_certificate
short_description: Install or remove the TLS certificate of a CommuniGate Pro domain
version_added: 0.2.0
description:
  - Install a domain's TLS private key, certificate and CA chain, given as PEM text or PEM files, or remove them.
  - Everything is checked before anything is sent. The key must belong to the certificate, that is, its public
    key must be the certificate's. Encrypted keys are refused, because CGP stores the key unencrypted.
  - Idempotent on the certificate itself, not on the PEM text. The module reads the domain's settings and compares
    the SHA-256 fingerprints of the installed certificate and of each chain certificate with the wanted ones.
    It compares the installed key with the wanted key by their public parts. It then sends, in one
    C(UPDATEDOMAINSETTINGS), only the settings that differ. For example, a renewal that keeps the key sends only
    the new certificate.
  - The private key never appears in the results, the diff, RV(commands), error messages or the server's log. The
    results describe the certificate and the chain (subject, issuer, validity, serial number, fingerprint) and
    only the type and size of the key.
  - "The domain settings used, and why: the CLI reference names no certificate settings (a guess,
    see the notes). Public clients that install domain certificates all write the same ones: the Let's Encrypt
    scripts of ErshovSergey/Communigate-Pro-Lets-Encrypt-MS-ActiveDirectory, gmyzovsky/go-cgp-acme (checked
    against a live CGP 6.5) and a certbot hook. C(PrivateSecureKey) holds the key, C(SecureCertificate) the
    certificate and C(CAChain) the CA chain, each as base64 DER in a datablock C([...]). C(CAChain) holds the
    chain's DER certificates one after another. C(CertificateType=YES) tells the domain to use the installed
    certificate."
author:
  - CommuniGate Pro collection contributors (@communigate-pro)
extends_documentation_fragment:
  - communigate.pro.cgp
  - communigate.pro.cgp.state_module
attributes:
  diff_mode:
    support: full
    description: Shows the domain's certificate, chain, key type and C(CertificateType) before and after; never the
      key itself.
options:
  domain:
    description:
      - The domain whose certificate is managed.
    type: str
    required: true
  private_key:
    description:
      - The domain's private key as PEM text. It may be PKCS#8 (C(BEGIN PRIVATE KEY)), PKCS#1
        (C(BEGIN RSA PRIVATE KEY)) or SEC1 (C(BEGIN EC PRIVATE KEY)), and must not be encrypted.
      - Other PEM blocks in the text (a certificate, for example) are ignored. Exactly one private key is required.
      - An RSA key is sent as PKCS#1, the form the public clients install. Other keys are sent in the form given.
      - Required with O(state=present), unless O(private_key_path) is given. Mutually exclusive with
        O(private_key_path).
    type: str
  private_key_path:
    description:
      - A PEM file with the private key, read on the node that runs the module, as O(private_key).
      - One file may hold both the key and the certificate, and serve as both O(private_key_path) and
        O(certificate_path).
    type: path
  certificate:
    description:
      - The domain's certificate as PEM text (C(BEGIN CERTIFICATE)).
      - When it holds several certificates, for example a C(fullchain.pem), the first is the domain's certificate.
        The others form the start of the CA chain, before those of O(ca_chain).
      - Required with O(state=present), unless O(certificate_path) is given. Mutually exclusive with
        O(certificate_path).
    type: str
  certificate_path:
    description:
      - A PEM file with the certificate, read on the node that runs the module, as O(certificate).
    type: path
  ca_chain:
    description:
      - The intermediate CA certificates as PEM text, in order, starting with the issuer of the certificate.
      - The chain is exactly what O(certificate) and O(ca_chain) hold. When neither holds a chain certificate,
        a chain installed earlier is removed.
      - Mutually exclusive with O(ca_chain_path).
    type: str
  ca_chain_path:
    description:
      - A PEM file with the CA chain, read on the node that runs the module, as O(ca_chain).
    type: path
  state:
    description:
      - V(present) installs the key, certificate and chain and sets C(CertificateType=YES).
      - V(absent) removes C(PrivateSecureKey), C(SecureCertificate) and C(CAChain). It also removes
        C(CertificateType) when that is V(YES), so that the domain falls back to its default (the server's).
        With V(absent), none of the PEM options may be given.
    type: str
    choices: [present, absent]
    default: present
notes:
  - The setting names C(PrivateSecureKey), C(SecureCertificate), C(CAChain) and C(CertificateType), their
    datablock form, and the return of the key to administrators are guesses from public clients. The CLI reference
    does not document them. go-cgp-acme reports that a live server returns these settings as quoted strings
    holding V([base64]); the module reads both forms. If a server does not return C(PrivateSecureKey) to the login
    used, the key cannot be compared, and every run reports a change.
  - The checks use only the Python standard library, so the module needs nothing besides Python on the node that
    runs it. Reading a certificate is DER decoding. A key belongs to a certificate when it carries the
    certificate's public key. An RSA key carries its modulus and exponent, and an EC key written by OpenSSL carries
    its public point. A key that does not carry its public part cannot be checked and is refused. These are an
    EC key written with C(openssl ec -no_public) and an Ed25519 key in the PKCS#8 v1 form. The only public note on
    key types (go-cgp-acme) says that CGP supports RSA keys only.
  - The domain's TLS settings are changed with C(UPDATEDOMAINSETTINGS). A domain administrator may do that for its
    own domain.
seealso:
  - module: communigate.pro.cgp_domain
  - module: communigate.pro.cgp_domain_info
"""

EXAMPLES = r"""
- name: Install the certificate that certbot renewed
  communigate.pro.cgp_domain_certificate:
    domain: example.com
    private_key_path: /etc/letsencrypt/live/example.com/privkey.pem
    certificate_path: /etc/letsencrypt/live/example.com/fullchain.pem
  delegate_to: localhost

- name: Install a certificate and its chain from a vault
  communigate.pro.cgp_domain_certificate:
    domain: example.com
    private_key: "{{ vault_example_com_key }}"
    certificate: "{{ lookup('ansible.builtin.file', 'certs/example.com.pem') }}"
    ca_chain: "{{ lookup('ansible.builtin.file', 'certs/intermediate.pem') }}"
  register: cgp_certificate
  delegate_to: localhost

- name: Say when it expires
  ansible.builtin.debug:
    msg: "{{ cgp_certificate.certificate.subject }} is valid until {{ cgp_certificate.certificate.not_after }}"

- name: Remove the domain's own certificate
  communigate.pro.cgp_domain_certificate:
    domain: old.example.com
    state: absent
  delegate_to: localhost
"""

RETURN = r"""
domain:
  description: The domain.
  returned: always
  type: str
  sample: example.com
certificate:
  description:
    - The domain's certificate after the run (what check mode predicts in check mode); V(null) when it has none.
    - When the installed certificate cannot be read, only RV(certificate.fingerprint_sha256) and an C(error) are
      given.
  returned: always
  type: dict
  contains:
    subject:
      description: The subject, in RFC 4514 form (most specific part first).
      type: str
    issuer:
      description: The issuer, in RFC 4514 form.
      type: str
    not_before:
      description: Start of the validity, ISO 8601, UTC.
      type: str
    not_after:
      description: End of the validity, ISO 8601, UTC.
      type: str
    serial_number:
      description: The serial number in hexadecimal, as C(openssl x509 -serial) prints it.
      type: str
    fingerprint_sha256:
      description: The SHA-256 fingerprint, as C(openssl x509 -fingerprint -sha256) prints it.
      type: str
    subject_alt_names:
      description: The subject alternative names (V(DNS:...), V(IP:...), V(email:...), V(URI:...)).
      type: list
      elements: str
    key_type:
      description: The algorithm of the certificate's public key (V(RSA), V(EC), ...).
      type: str
    key_size:
      description: Its size in bits.
      type: int
  sample:
    subject: CN=example.com
    issuer: CN=R11,O=Let's Encrypt,C=US
    not_before: "2025-01-01T00:00:00Z"
    not_after: "2025-04-01T00:00:00Z"
    serial_number: 04A1B2C3D4E5F60718293A4B5C6D7E8F9A0B
    fingerprint_sha256: "5F:0A:...:9C"
    subject_alt_names: ["DNS:example.com", "DNS:mail.example.com"]
    key_type: RSA
    key_size: 2048
ca_chain:
  description: The CA chain after the run, in order, each certificate described as RV(certificate).
  returned: always
  type: list
  elements: dict
  sample: [{subject: "CN=R11,O=Let's Encrypt,C=US", issuer: "CN=ISRG Root X1,O=Internet Security Research Group,C=US",
            not_before: "2024-03-13T00:00:00Z", not_after: "2027-03-12T23:59:59Z", serial_number: 8A7D3E13D62F30EF2386BD29076B34F8,
            fingerprint_sha256: "59:1E:...:8F", subject_alt_names: [], key_type: RSA, key_size: 2048}]
key:
  description: The installed private key, described without showing it; V(null) when there is none.
  returned: always
  type: dict
  contains:
    type:
      description: Its algorithm; V(null) when the stored value is not a key the module can read.
      type: str
    size:
      description: Its size in bits.
      type: int
    matches_certificate:
      description: Whether it belongs to the installed certificate.
      type: bool
  sample: {type: RSA, size: 2048, matches_certificate: true}
certificate_type:
  description: The domain's C(CertificateType) setting after the run (V(YES) when the installed certificate is used).
  returned: always
  type: str
  sample: "YES"
commands:
  description: The CLI write commands sent (in check mode, that would be sent), the private key masked.
  returned: always
  type: list
  elements: str
  sample: ['UPDATEDOMAINSETTINGS "example.com" {CertificateType=YES;PrivateSecureKey="********";SecureCertificate=[MIIF...];}']
"""

from ansible_collections.communigate.pro.plugins.module_utils.cgp_certificate import (
    CERTIFICATE_KWARGS,
    CERTIFICATE_OPTIONS,
    certificate_secrets,
    manage_certificate,
)
from ansible_collections.communigate.pro.plugins.module_utils.cgp_module import CGPModule


def main():
    cgp = CGPModule(CERTIFICATE_OPTIONS, secrets=certificate_secrets, **CERTIFICATE_KWARGS)
    cgp.run(manage_certificate)


if __name__ == "__main__":
    main()
