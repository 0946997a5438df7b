# Copyright: contributors to the communigate.pro collection
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""X.509 certificates and private keys, as far as a domain certificate needs them: PEM and DER,
the fields a user checks (subject, issuer, validity, serial number, SHA-256 fingerprint), and
whether a private key belongs to a certificate.

Standard library only, so the modules need nothing besides Python on the node that runs them.
Reading a certificate is DER decoding, not cryptography; a private key belongs to a certificate
when the public key it carries is the certificate's (an RSA key holds its modulus and public
exponent, an EC key written by OpenSSL its public point), so no signature or curve arithmetic
is needed. A key that does not carry its public part (an Ed25519 key in the PKCS#8 v1 form, an
EC key written without it) cannot be checked and is refused.
"""

import base64
import binascii
import collections
import datetime
import hashlib
import ipaddress
import re


class X509Error(ValueError):
    """Data that is not the certificate or key it should be; the message never quotes key material."""


# A public key: its algorithm ("RSA", "EC", "Ed25519", ... or the OID), its size in bits (None when not
# known) and the value that identifies it ((modulus, exponent), (curve OID, point) or the raw key).
PublicKey = collections.namedtuple("PublicKey", "type size value")
# A private key: its public part, and its DER in the form CGP stores (PKCS#1 for RSA keys).
PrivateKey = collections.namedtuple("PrivateKey", "public der")

_PEM = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.S)

_SEQUENCE, _SET, _INTEGER, _BIT_STRING, _OCTET_STRING, _OID = 0x30, 0x31, 0x02, 0x03, 0x04, 0x06
_UTC_TIME, _GENERALIZED_TIME = 0x17, 0x18
_EXPLICIT_0, _EXPLICIT_1, _EXPLICIT_3, _IMPLICIT_1 = 0xA0, 0xA1, 0xA3, 0x81

_RSA, _RSA_PSS, _EC = "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10", "1.2.840.10045.2.1"
_EDWARDS = {"1.3.101.112": ("Ed25519", 256), "1.3.101.113": ("Ed448", 456)}
_CURVES = {"1.2.840.10045.3.1.7": 256, "1.3.132.0.34": 384, "1.3.132.0.35": 521, "1.3.132.0.10": 256}
_SUBJECT_ALT_NAME = "2.5.29.17"
# Attribute names of distinguished names (RFC 4514, and the two OpenSSL spells out as well).
_ATTRIBUTES = {
    "2.5.4.3": "CN",
    "2.5.4.5": "serialNumber",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.9": "STREET",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "0.9.2342.19200300.100.1.1": "UID",
    "0.9.2342.19200300.100.1.25": "DC",
    "1.2.840.113549.1.9.1": "emailAddress",
}
_STRINGS = {
    0x0C: "utf-8",
    0x13: "ascii",
    0x16: "ascii",
    0x1A: "ascii",
    0x14: "latin-1",
    0x1E: "utf-16-be",
    0x1C: "utf-32-be",
}
_ALT_NAMES = {0x81: "email", 0x82: "DNS", 0x86: "URI"}
_TIMES = {
    _UTC_TIME: re.compile(r"(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z\Z"),
    _GENERALIZED_TIME: re.compile(r"(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z\Z"),
}


# ---------------------------------------------------------------- PEM and DER


def pem_blocks(text):
    """[(label, DER bytes)] of the PEM blocks in ``text``, in order. A block with RFC 1421 headers
    (an encrypted traditional key: ``Proc-Type: 4,ENCRYPTED``) is labelled ``ENCRYPTED <label>``."""
    blocks = []
    for match in _PEM.finditer(text):
        label, lines = match.group(1), match.group(2).strip().splitlines()
        if any(":" in line for line in lines):
            label = "ENCRYPTED " + label
        body = "".join("".join(line.split()) for line in lines if ":" not in line)
        try:
            blocks.append((label, base64.b64decode(body.encode("ascii"), validate=True)))
        except (binascii.Error, ValueError, UnicodeError):
            raise X509Error("the %s block is not valid base64" % label)
    return blocks


def fingerprint(der):
    """The SHA-256 fingerprint of DER data, as ``openssl x509 -fingerprint -sha256`` prints it."""
    return ":".join("%02X" % byte for byte in bytearray(hashlib.sha256(der).digest()))


def _read(data, what="DER data"):
    """(tag, content, the bytes after it) of the DER element at the start of ``data``."""
    if len(data) < 2:
        raise X509Error("%s is truncated" % what)
    tag, length, pos = data[0], data[1], 2
    if tag & 0x1F == 0x1F:
        raise X509Error("%s is not DER" % what)
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4 or len(data) < 2 + count:
            raise X509Error("%s is not DER" % what)
        length, pos = int.from_bytes(data[2 : 2 + count], "big"), 2 + count
    if len(data) < pos + length:
        raise X509Error("%s is truncated" % what)
    return tag, data[pos : pos + length], data[pos + length :]


def _whole(data, tag, what):
    """The content of ``data``, which must be exactly one DER element of ``tag``."""
    found, content, rest = _read(data, what)
    if found != tag or rest:
        raise X509Error("%s is not what it should be" % what)
    return content


def _children(content, what="DER data"):
    """[(tag, content)] of the elements inside a constructed element's content."""
    items = []
    while content:
        tag, value, content = _read(content, what)
        items.append((tag, value))
    return items


def _expect(item, tag, what):
    if item[0] != tag:
        raise X509Error("%s is not what it should be" % what)
    return item[1]


def _integer(content):
    return int.from_bytes(content, "big", signed=True)


def _oid(content):
    parts, value = [], 0
    for byte in content:
        value = value << 7 | byte & 0x7F
        if not byte & 0x80:
            parts.append(value)
            value = 0
    if not parts or content[-1] & 0x80:
        raise X509Error("an object identifier is not DER")
    head = min(parts[0] // 40, 2)
    return ".".join(str(part) for part in [head, parts[0] - 40 * head] + parts[1:])


def _well_formed(what, parse, *args):
    """``parse(*args)``; a structure too short or of the wrong types is an X509Error naming ``what``."""
    try:
        return parse(*args)
    except X509Error:
        raise
    except (IndexError, ValueError, TypeError):
        raise X509Error("%s is not well-formed DER" % what)


def split_der(data, what="the CA chain"):
    """The DER elements concatenated in ``data`` (CAChain holds its certificates so), each whole."""
    elements = []
    while data:
        tag, content, rest = _read(data, what)
        if tag != _SEQUENCE:
            raise X509Error("%s is not a run of DER certificates" % what)
        elements.append(data[: len(data) - len(rest)])
        data = rest
    return elements


# ---------------------------------------------------------------- certificates


def _escape(value):
    """An attribute value in a distinguished name string (RFC 4514 2.4)."""
    value = re.sub(r'([,+"\\<>;])', r"\\\1", value).replace("\0", "\\00")
    if value.startswith(("#", " ")):
        value = "\\" + value
    if value.endswith(" ") and not value.endswith("\\ "):
        value = value[:-1] + "\\ "
    return value


def _attribute(content):
    oid_item, value_item = _children(content, "a name attribute")[:2]
    name = _ATTRIBUTES.get(_oid(_expect(oid_item, _OID, "a name attribute")))
    encoding = _STRINGS.get(value_item[0])
    if encoding is None:  # RFC 4514: an unknown form is written as # and the hex of its value
        return "%s=#%s" % (name or _oid(oid_item[1]), binascii.hexlify(value_item[1]).decode("ascii"))
    return "%s=%s" % (name or _oid(oid_item[1]), _escape(value_item[1].decode(encoding, "replace")))


def distinguished_name(content):
    """The RFC 4514 string of a Name (most specific part first, as OpenSSL's RFC2253 option prints it)."""
    rdns = [
        "+".join(
            _attribute(_expect(item, _SEQUENCE, "a name attribute"))
            for item in _children(_expect(rdn, _SET, "a name"), "a name")
        )
        for rdn in _children(content, "a name")
    ]
    return ",".join(reversed(rdns))


def _time(item):
    """UTCTime / GeneralizedTime as ISO 8601 in UTC."""
    pattern = _TIMES.get(item[0])
    match = pattern.match(item[1].decode("ascii", "replace")) if pattern else None
    if match is None:
        raise X509Error("a validity time is not DER")
    parts = [int(part) for part in match.groups()]
    if item[0] == _UTC_TIME:  # RFC 5280 4.1.2.5.1: two-digit years from 50 are 19xx
        parts[0] += 1900 if parts[0] >= 50 else 2000
    try:
        datetime.datetime(*parts)
    except ValueError:
        raise X509Error("a validity time is not a date")
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % tuple(parts)


def public_key(content):
    """The PublicKey of a SubjectPublicKeyInfo's content."""
    algorithm, bits = _children(content, "the public key")[:2]
    algorithm = _children(_expect(algorithm, _SEQUENCE, "the public key"), "the public key")
    oid = _oid(_expect(algorithm[0], _OID, "the public key algorithm"))
    key = _expect(bits, _BIT_STRING, "the public key")[1:]
    if oid in (_RSA, _RSA_PSS):
        modulus, exponent = (
            _integer(value)
            for _tag, value in _children(_whole(key, _SEQUENCE, "the RSA public key"), "the RSA public key")[:2]
        )
        return PublicKey("RSA", modulus.bit_length(), (modulus, exponent))
    if oid == _EC:
        curve = _oid(_expect(algorithm[1], _OID, "the EC curve")) if len(algorithm) > 1 else None
        return PublicKey("EC", _CURVES.get(curve), (curve, bytes(key)))
    name, size = _EDWARDS.get(oid, (oid, None))
    return PublicKey(name, size, bytes(key))


def _alt_names(extensions):
    """The subject alternative names (DNS:..., IP:..., email:..., URI:...) among a certificate's extensions."""
    for extension in _children(_expect(_children(extensions)[0], _SEQUENCE, "the extensions"), "the extensions"):
        items = _children(_expect(extension, _SEQUENCE, "an extension"), "an extension")
        if _oid(_expect(items[0], _OID, "an extension")) != _SUBJECT_ALT_NAME:
            continue
        names = []
        for tag, value in _children(
            _whole(_expect(items[-1], _OCTET_STRING, "an extension"), _SEQUENCE, "the subject alternative names")
        ):
            if tag == 0x87 and len(value) in (4, 16):
                names.append("IP:%s" % ipaddress.ip_address(bytes(value)))
            elif tag in _ALT_NAMES:
                names.append("%s:%s" % (_ALT_NAMES[tag], value.decode("ascii", "replace")))
        return names
    return []


class Certificate:
    """One DER X.509 certificate: ``der``, ``info`` (what users are shown) and ``public_key``."""

    def __init__(self, der):
        self.der = bytes(der)
        self.fingerprint = fingerprint(self.der)
        self.public_key = self.info = None
        _well_formed("the certificate", self._parse)

    def _parse(self):
        parts = _children(_whole(self.der, _SEQUENCE, "the certificate"), "the certificate")
        if len(parts) != 3:
            raise X509Error("the certificate is not an X.509 certificate")
        fields = _children(_expect(parts[0], _SEQUENCE, "the certificate"), "the certificate")
        if fields and fields[0][0] == _EXPLICIT_0:  # the version, absent in version 1 certificates
            fields = fields[1:]
        if len(fields) < 6:
            raise X509Error("the certificate is not an X.509 certificate")
        serial, _signature, issuer, validity, subject, key = fields[:6]
        times = _children(_expect(validity, _SEQUENCE, "the validity"), "the validity")
        if len(times) != 2:
            raise X509Error("the validity is not what it should be")
        self.public_key = public_key(_expect(key, _SEQUENCE, "the public key"))
        extensions = [value for tag, value in fields[6:] if tag == _EXPLICIT_3]
        self.info = {
            "subject": distinguished_name(_expect(subject, _SEQUENCE, "the subject")),
            "issuer": distinguished_name(_expect(issuer, _SEQUENCE, "the issuer")),
            "not_before": _time(times[0]),
            "not_after": _time(times[1]),
            "serial_number": binascii.hexlify(_expect(serial, _INTEGER, "the serial number").lstrip(b"\0") or b"\0")
            .decode("ascii")
            .upper(),
            "fingerprint_sha256": self.fingerprint,
            "subject_alt_names": _alt_names(extensions[0]) if extensions else [],
            "key_type": self.public_key.type,
            "key_size": self.public_key.size,
        }


# ---------------------------------------------------------------- private keys


def _rsa_private(der):
    """PKCS#1 RSAPrivateKey: version, modulus, public exponent, then the private numbers."""
    items = _children(_whole(der, _SEQUENCE, "the RSA private key"), "the RSA private key")
    if len(items) < 9 or any(tag != _INTEGER for tag, _value in items[:9]):
        raise X509Error("the RSA private key is not PKCS#1")
    modulus, exponent = _integer(items[1][1]), _integer(items[2][1])
    return PrivateKey(PublicKey("RSA", modulus.bit_length(), (modulus, exponent)), bytes(der))


def _ec_private(der, curve=None, form=None):
    """SEC1 ECPrivateKey: version 1, the private number, [0] the curve, [1] the public point."""
    items = _children(_whole(der, _SEQUENCE, "the EC private key"), "the EC private key")
    if len(items) < 2 or items[0] != (_INTEGER, b"\x01") or items[1][0] != _OCTET_STRING:
        raise X509Error("the EC private key is not SEC1")
    point = None
    for tag, value in items[2:]:
        if tag == _EXPLICIT_0:
            curve = _oid(_whole(value, _OID, "the EC curve"))
        elif tag == _EXPLICIT_1:
            point = bytes(_whole(value, _BIT_STRING, "the EC public key")[1:])
    if point is None:
        raise X509Error(
            "the EC private key does not hold its public key, so it cannot be checked against the "
            "certificate (OpenSSL writes it: openssl ec -in key.pem)"
        )
    return PrivateKey(PublicKey("EC", _CURVES.get(curve), (curve, point)), bytes(form or der))


def _pkcs8_private(der):
    """PKCS#8 PrivateKeyInfo (RFC 5958): version, algorithm, the key, [0] attributes, [1] public key."""
    items = _children(_whole(der, _SEQUENCE, "the private key"), "the private key")
    if len(items) < 3 or items[0][0] != _INTEGER or items[1][0] != _SEQUENCE or items[2][0] != _OCTET_STRING:
        raise X509Error("the private key is not PKCS#8")
    algorithm = _children(items[1][1], "the private key algorithm")
    oid = _oid(_expect(algorithm[0], _OID, "the private key algorithm"))
    if oid in (_RSA, _RSA_PSS):
        return _rsa_private(items[2][1])  # CGP stores RSA keys as PKCS#1: the key inside
    if oid == _EC:
        curve = _oid(algorithm[1][1]) if len(algorithm) > 1 and algorithm[1][0] == _OID else None
        return _ec_private(items[2][1], curve, form=der)
    if oid in _EDWARDS:
        public = [value for tag, value in items[3:] if tag == _IMPLICIT_1]
        if not public:
            raise X509Error(
                "the %s private key does not hold its public key (PKCS#8 v1), so it cannot be checked "
                "against the certificate" % _EDWARDS[oid][0]
            )
        return PrivateKey(PublicKey(_EDWARDS[oid][0], _EDWARDS[oid][1], bytes(public[0][1:])), bytes(der))
    raise X509Error("private keys of the algorithm %s are not supported" % oid)


def private_key(der):
    """The PrivateKey of a DER private key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC), told apart by their structure."""
    return _well_formed("the private key", _private_key, bytes(der))


def _private_key(der):
    items = _children(_whole(der, _SEQUENCE, "the private key"), "the private key")
    if len(items) >= 3 and items[1][0] == _SEQUENCE:
        return _pkcs8_private(der)
    if items and items[0] == (_INTEGER, b"\x01") and len(items) >= 2 and items[1][0] == _OCTET_STRING:
        return _ec_private(der)
    return _rsa_private(der)
