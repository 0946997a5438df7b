# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A domain's TLS certificate: the wanted key, certificate and CA chain read from PEM and checked
before anything is sent, the domain settings that hold them, the planning of their update (pure),
and the run of cgp_domain_certificate.

The CLI reference names no certificate settings. Public clients that install domain certificates
(the Let's Encrypt scripts of ErshovSergey/Communigate-Pro-Lets-Encrypt-MS-ActiveDirectory,
gmyzovsky/go-cgp-acme, a certbot hook) all write the domain settings ``PrivateSecureKey``,
``SecureCertificate`` and ``CAChain`` as base64 DER datablocks (``CAChain``: the DER certificates
concatenated) with ``CertificateType = YES``; go-cgp-acme reads them back as ``"[base64]"`` strings.
Both forms are read here; datablocks are written.
"""

import base64
import re

from ansible_collections.communigate.pro.plugins.module_utils.cgp_input import InputError, check_domain_name
from ansible_collections.communigate.pro.plugins.module_utils.cgp_values import apply_changes, values_equal
from ansible_collections.communigate.pro.plugins.module_utils.cgp_x509 import (
    Certificate,
    X509Error,
    fingerprint,
    pem_blocks,
    private_key,
    split_der,
)

KEY = "PrivateSecureKey"
CERTIFICATE = "SecureCertificate"
CHAIN = "CAChain"
CERTIFICATE_TYPE = "CertificateType"
REMOVE = "default"  # UPDATEDOMAINSETTINGS: this value removes the setting

PEM_OPTIONS = ("private_key", "certificate", "ca_chain")
KEY_LABELS = ("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY")

CERTIFICATE_OPTIONS = dict(
    domain=dict(type="str", required=True),
    private_key=dict(type="str", no_log=True),
    private_key_path=dict(type="path", no_log=False),
    certificate=dict(type="str"),
    certificate_path=dict(type="path"),
    ca_chain=dict(type="str"),
    ca_chain_path=dict(type="path"),
    state=dict(type="str", default="present", choices=["present", "absent"]),
)
CERTIFICATE_KWARGS = dict(
    mutually_exclusive=[[option, option + "_path"] for option in PEM_OPTIONS],
    required_if=[
        ["state", "present", ["private_key", "private_key_path"], True],
        ["state", "present", ["certificate", "certificate_path"], True],
    ],
)


class Wanted:
    """The key, certificate and chain a task installs, checked to belong together."""

    def __init__(self, key, certificate, chain):
        self.key, self.certificate, self.chain = key, certificate, chain


# ---------------------------------------------------------------- the task's PEM


def read_pem(params, option):
    """(PEM text, the option it came from) of ``option`` or its ``_path`` file; (None, option) when neither is given."""
    if params.get(option) is not None:
        return params[option], option
    path = params.get(option + "_path")
    if path is None:
        return None, option
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace"), option + "_path"
    except OSError as exc:
        raise InputError("%s_path: cannot read '%s': %s" % (option, path, exc.strerror or exc))


def parse_key(text, option):
    """The PrivateKey of the one PEM private key in ``text``; InputError naming ``option``."""
    try:
        blocks = [(label, der) for label, der in pem_blocks(text) if label.endswith("PRIVATE KEY")]
        if len(blocks) != 1:
            raise X509Error(
                "holds %s; give exactly one PEM private key (-----BEGIN PRIVATE KEY-----)"
                % ("%d private keys" % len(blocks) if blocks else "no PEM private key")
            )
        label, der = blocks[0]
        if label.startswith("ENCRYPTED"):
            raise X509Error(
                "the private key is encrypted; CGP stores it unencrypted, so give it decrypted "
                "(openssl pkey -in key.pem)"
            )
        if label not in KEY_LABELS:
            raise X509Error("a PEM '%s' is not supported; give a PKCS#8, PKCS#1 (RSA) or SEC1 (EC) key" % label)
        return private_key(der)
    except X509Error as exc:
        raise InputError("%s: %s" % (option, exc))


def parse_certificates(text, option):
    """The Certificates of the PEM certificates in ``text``, in order; InputError naming ``option``."""
    try:
        blocks = [der for label, der in pem_blocks(text) if label == "CERTIFICATE"]
    except X509Error as exc:
        raise InputError("%s: %s" % (option, exc))
    if not blocks:
        raise InputError("%s: holds no PEM certificate (-----BEGIN CERTIFICATE-----)" % option)
    certificates = []
    for index, der in enumerate(blocks):
        try:
            certificates.append(Certificate(der))
        except X509Error as exc:
            raise InputError("%s: certificate %d of %d: %s" % (option, index + 1, len(blocks), exc))
    return certificates


def certificate_spec(params):
    """(domain, Wanted or None for state=absent) from the options; InputError names the option.

    A key that does not belong to the certificate is refused here, before anything is sent.
    """
    domain = check_domain_name(params["domain"], "domain")
    if params["state"] == "absent":
        for option in PEM_OPTIONS:
            for name in (option, option + "_path"):
                if params[name] is not None:
                    raise InputError("%s: only used with state=present" % name)
        return domain, None
    key_text, key_option = read_pem(params, "private_key")
    key = parse_key(key_text, key_option)
    certificates = parse_certificates(*read_pem(params, "certificate"))
    text, option = read_pem(params, "ca_chain")
    chain = certificates[1:] + (parse_certificates(text, option) if text is not None else [])
    if key.public != certificates[0].public_key:
        raise InputError(
            "%s: the private key does not belong to the certificate (%s): its public key is not the "
            "certificate's" % (key_option, certificates[0].info["subject"])
        )
    return domain, Wanted(key, certificates[0], chain)


def certificate_secrets(params):
    """The forms the task's private key can take in output (its PEM text from a file, the base64 of its
    DER and of what is sent), for no_log; nothing when it cannot be read (the spec then fails)."""
    try:
        text = read_pem(params, "private_key")[0]
        if text is None:
            return []
        found = [text.strip()]
        for label, der in pem_blocks(text):
            if label.endswith("PRIVATE KEY"):
                found.append(base64.b64encode(der).decode("ascii"))
                found.append(base64.b64encode(private_key(der).der).decode("ascii"))
        return found
    except (InputError, X509Error):
        return []


# ---------------------------------------------------------------- the domain's settings


def stored_der(value):
    """The bytes of a certificate setting as GETDOMAINSETTINGS returns it: a datablock, or a string holding
    ``[base64]`` (line breaks ignored) or PEM; None when it holds none."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if not isinstance(value, str):
        return None
    try:
        if "-----BEGIN" in value:
            return b"".join(der for _label, der in pem_blocks(value))
        return base64.b64decode(re.sub(r"[^A-Za-z0-9+/=]", "", value).encode("ascii"), validate=True)
    except (X509Error, ValueError):
        return None


def _certificate_info(der):
    try:
        return Certificate(der)
    except X509Error as exc:
        return {"fingerprint_sha256": fingerprint(der), "error": str(exc)}


def installed(settings):
    """(Certificate or its error info or None, [chain entries], PublicKey or None, CertificateType) in the settings."""
    der = stored_der(settings.get(CERTIFICATE))
    certificate = _certificate_info(der) if der else None
    chain_der = stored_der(settings.get(CHAIN)) or b""
    try:
        chain = [_certificate_info(one) for one in split_der(chain_der)]
    except X509Error as exc:
        chain = [{"fingerprint_sha256": fingerprint(chain_der), "error": str(exc)}]
    key_der = stored_der(settings.get(KEY))
    try:
        key = private_key(key_der).public if key_der else None
    except X509Error:
        key = False  # something is stored, but not a key this module can read
    return certificate, chain, key, settings.get(CERTIFICATE_TYPE)


def _fingerprints(entries):
    return [entry.fingerprint if isinstance(entry, Certificate) else entry["fingerprint_sha256"] for entry in entries]


def view(domain, settings):
    """The domain's certificate as results and diffs show it (never the key itself)."""
    certificate, chain, key, certificate_type = installed(settings)
    shown = {"domain": domain, "certificate": None, "ca_chain": [], "key": None, "certificate_type": certificate_type}
    if certificate is not None:
        shown["certificate"] = certificate.info if isinstance(certificate, Certificate) else certificate
    shown["ca_chain"] = [entry.info if isinstance(entry, Certificate) else entry for entry in chain]
    if key is not None:
        own = certificate.public_key if isinstance(certificate, Certificate) else None
        shown["key"] = {
            "type": key.type if key else None,
            "size": key.size if key else None,
            "matches_certificate": bool(key) and key == own,
        }
    return shown


def plan_present(wanted, settings):
    """The settings UPDATEDOMAINSETTINGS sends so that the domain holds ``wanted``: each one that differs
    ({} when none does). Certificates compare by SHA-256 fingerprint, the key by its public part."""
    certificate, chain, key, certificate_type = installed(settings)
    changes = {}
    if certificate is None or _fingerprints([certificate]) != [wanted.certificate.fingerprint]:
        changes[CERTIFICATE] = wanted.certificate.der
    if _fingerprints(chain) != _fingerprints(wanted.chain):
        changes[CHAIN] = b"".join(one.der for one in wanted.chain) if wanted.chain else REMOVE
    if key != wanted.key.public:
        changes[KEY] = wanted.key.der
    if not values_equal(True, certificate_type):
        changes[CERTIFICATE_TYPE] = "YES"
    return changes


def plan_absent(settings):
    """The settings UPDATEDOMAINSETTINGS sends to remove the certificate: the three that are there, and
    CertificateType when it says YES (use the installed certificate)."""
    changes = dict((name, REMOVE) for name in (KEY, CERTIFICATE, CHAIN) if name in settings)
    if values_equal(True, settings.get(CERTIFICATE_TYPE)):
        changes[CERTIFICATE_TYPE] = REMOVE
    return changes


def manage_certificate(cgp):
    """cgp_domain_certificate: check the task's PEM, read the domain's settings, send what differs."""
    domain, wanted = certificate_spec(cgp.params)
    client = cgp.connect()
    settings = cgp.read(client.get_domain_settings, domain) or {}
    changes = plan_present(wanted, settings) if wanted else plan_absent(settings)
    if changes:
        cgp.write(
            client.update_domain_settings,
            domain,
            changes,
            context="domain '%s': cannot %s its certificate:" % (domain, "install" if wanted else "remove"),
        )
    before, after = view(domain, settings), view(domain, apply_changes(settings, changes, REMOVE))
    cgp.exit(diff={"before": before, "after": after}, **after)
