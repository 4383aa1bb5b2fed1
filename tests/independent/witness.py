"""RFC 3161 time-stamp tokens as witnesses of a format 2 commitment (SPEC.md
§10.8), in Python 3.11 standard library only: a strict DER reader, the parts
of CMS SignedData, TSTInfo, ESS and X.509 that §10.8 names, RSA PKCS #1 v1.5
and ECDSA on P-256 and P-384.

accept(token, commitment, roots) runs §10.8 steps 1-6 and returns
(None, info) when the token is accepted, or (step, reason) for the first step
that fails. This verifier pins no root of its own (it cannot see the
reference's `format/src/witness_roots/`): verify_bundle.py --witness-root
FILE (PEM or DER, repeatable) trusts a root for one verification.
"""

import base64
import calendar
import hashlib
import re
from fractions import Fraction

# ---------------------------------------------------------------- OIDs
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_TSTINFO = "1.2.840.113549.1.9.16.1.4"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_SIGNING_CERT = "1.2.840.113549.1.9.16.2.12"
OID_SIGNING_CERT_V2 = "1.2.840.113549.1.9.16.2.47"
OID_SHA1 = "1.3.14.3.2.26"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_SHA384 = "2.16.840.1.101.3.4.2.2"
OID_SHA512 = "2.16.840.1.101.3.4.2.3"
DIGESTS = {OID_SHA256: "sha256", OID_SHA384: "sha384", OID_SHA512: "sha512"}
ESS_HASHES = dict(DIGESTS, **{OID_SHA1: "sha1"})
OID_RSA = "1.2.840.113549.1.1.1"
RSA_SIGS = {"1.2.840.113549.1.1.11": "sha256", "1.2.840.113549.1.1.12": "sha384",
            "1.2.840.113549.1.1.13": "sha512"}
ECDSA_SIGS = {"1.2.840.10045.4.3.2": "sha256", "1.2.840.10045.4.3.3": "sha384",
              "1.2.840.10045.4.3.4": "sha512"}
OID_EC_KEY = "1.2.840.10045.2.1"
OID_P256 = "1.2.840.10045.3.1.7"
OID_P384 = "1.3.132.0.34"
OID_EKU = "2.5.29.37"
OID_BASIC_CONSTRAINTS = "2.5.29.19"
OID_TIMESTAMPING = "1.3.6.1.5.5.7.3.8"
OID_CN = "2.5.4.3"
OID_O = "2.5.4.10"
DIGESTINFO_PREFIX = {  # RFC 8017 §9.2 note 1
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}


class Bad(Exception):
    pass


# ---------------------------------------------------------------- DER
class TLV:
    __slots__ = ("cls", "cons", "tag", "raw", "body")

    def __init__(self, cls, cons, tag, raw, body):
        self.cls, self.cons, self.tag, self.raw, self.body = cls, cons, tag, raw, body

    def is_(self, cls, tag, cons=None):
        return self.cls == cls and self.tag == tag and (cons is None or self.cons == cons)

    def children(self):
        if not self.cons:
            raise Bad("primitive where a constructed value is required")
        return parse_all(self.body)


def parse_one(b, i=0):
    """One DER TLV at b[i:] -> (TLV, next index). Definite, minimal lengths,
    low tag numbers only (all §10.8 needs)."""
    if i + 2 > len(b):
        raise Bad("truncated DER")
    t = b[i]
    cls, cons, tag = t >> 6, bool(t & 0x20), t & 0x1F
    if tag == 0x1F:
        raise Bad("high tag number")
    n = b[i + 1]
    j = i + 2
    if n == 0x80:
        raise Bad("indefinite length (BER, not DER)")
    if n > 0x80:
        k = n & 0x7F
        if k > 4 or j + k > len(b):
            raise Bad("bad length")
        n = int.from_bytes(b[j:j + k], "big")
        if b[j] == 0 or n < 0x80:
            raise Bad("length not minimally encoded (not DER)")
        j += k
    if j + n > len(b):
        raise Bad("truncated DER")
    return TLV(cls, cons, tag, bytes(b[i:j + n]), bytes(b[j:j + n])), j + n


def parse_all(b):
    out, i = [], 0
    while i < len(b):
        t, i = parse_one(b, i)
        out.append(t)
    return out


def parse_whole(b):
    t, i = parse_one(b, 0)
    if i != len(b):
        raise Bad("bytes after the DER value")
    return t


def seq(t, what, lo=0, hi=None):
    if not t.is_(0, 16, True):
        raise Bad("%s is not a SEQUENCE" % what)
    c = t.children()
    if len(c) < lo or (hi is not None and len(c) > hi):
        raise Bad("%s has %d members" % (what, len(c)))
    return c


def set_of(t, what):
    if not t.is_(0, 17, True):
        raise Bad("%s is not a SET" % what)
    return t.children()


def integer(t, what="INTEGER"):
    if not t.is_(0, 2, False) or not t.body:
        raise Bad("%s is not an INTEGER" % what)
    if len(t.body) > 1 and ((t.body[0] == 0 and t.body[1] < 0x80)
                            or (t.body[0] == 0xFF and t.body[1] >= 0x80)):
        raise Bad("%s not minimally encoded" % what)
    return int.from_bytes(t.body, "big", signed=True)


def oid(t, what="OID"):
    if not t.is_(0, 6, False) or not t.body or t.body[-1] & 0x80:
        raise Bad("%s is not an OBJECT IDENTIFIER" % what)
    arcs, v = [], 0
    for k, c in enumerate(t.body):
        if v == 0 and c == 0x80:
            raise Bad("%s not minimally encoded" % what)
        v = (v << 7) | (c & 0x7F)
        if not c & 0x80:
            arcs.append(v)
            v = 0
    first = arcs[0]
    head = [0, first] if first < 40 else [1, first - 40] if first < 80 else [2, first - 80]
    return ".".join(map(str, head + arcs[1:]))


def octets(t, what):
    if not t.is_(0, 4, False):
        raise Bad("%s is not an OCTET STRING" % what)
    return t.body


def bitstring(t, what):
    if not t.is_(0, 3, False) or not t.body or t.body[0] != 0:
        raise Bad("%s is not a BIT STRING of whole bytes" % what)
    return t.body[1:]


def boolean(t, what):
    if not t.is_(0, 1, False) or len(t.body) != 1 or t.body[0] not in (0, 0xFF):
        raise Bad("%s is not a DER BOOLEAN" % what)
    return t.body[0] == 0xFF


def algid(t, what, params_ok=True):
    """AlgorithmIdentifier -> (oid, params TLV or None)."""
    c = seq(t, what, 1, 2)
    return oid(c[0], what), (c[1] if len(c) == 2 else None)


def hash_algid(t, what):
    """§10.8 step 1: a hash or signature algorithm identifier has no
    parameters or NULL."""
    o, p = algid(t, what)
    if p is not None and p.raw != b"\x05\x00":
        raise Bad("%s %s has parameters other than NULL" % (what, o))
    return o


def _time_of(t, what):
    """UTCTime / GeneralizedTime -> Fraction of POSIX seconds."""
    s = t.body.decode("ascii", "replace")
    if t.is_(0, 23, False):
        m = re.fullmatch(r"(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z", s)
        if not m:
            raise Bad("%s: UTCTime %r not YYMMDDHHMMSSZ" % (what, s))
        y = int(m.group(1))
        y += 1900 if y >= 50 else 2000
        parts, frac = [y] + [int(x) for x in m.groups()[1:]], ""
    elif t.is_(0, 24, False):
        m = re.fullmatch(r"(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.(\d*[1-9]))?Z", s)
        if not m:
            raise Bad("%s: GeneralizedTime %r not YYYYMMDDHHMMSS[.f]Z" % (what, s))
        parts, frac = [int(x) for x in m.groups()[:6]], m.group(7) or ""
    else:
        raise Bad("%s is not a time" % what)
    y, mo, d, hh, mm, ss = parts
    if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1] and hh < 24
            and mm < 60 and ss < 60):
        raise Bad("%s: %r is not a valid time" % (what, s))
    v = Fraction(calendar.timegm((y, mo, d, hh, mm, ss)))
    if frac:
        v += Fraction(int(frac), 10 ** len(frac))
    return v


def fmt_time(v):
    import time as _t
    whole = int(v)  # floor for non-negative values
    s = _t.strftime("%Y-%m-%dT%H:%M:%S", _t.gmtime(whole))
    if v != whole:
        s += ("%.6f" % float(v - whole))[1:].rstrip("0")
    return s + "Z"


# ---------------------------------------------------------------- names
def name_text(t):
    """A short readable Name: CN, else O, else the DER in hex."""
    found = {}
    try:
        for rdn in set_of_or_seq(t):
            for atv in set_of(rdn, "RDN"):
                c = seq(atv, "AttributeTypeAndValue", 2, 2)
                found.setdefault(oid(c[0]), c[1].body.decode("utf-8", "replace"))
    except Bad:
        pass
    return found.get(OID_CN) or found.get(OID_O) or t.raw.hex()


def set_of_or_seq(t):
    return seq(t, "Name")


# ---------------------------------------------------------------- X.509
class Cert:
    def __init__(self, t):
        self.raw = t.raw
        c = seq(t, "Certificate", 3, 3)
        self.tbs_raw = c[0].raw
        self.sig_alg, params = algid(c[1], "certificate signatureAlgorithm")
        if params is not None and params.raw != b"\x05\x00":
            self.sig_alg = "%s with parameters" % self.sig_alg   # e.g. RSA-PSS: not verified
        self.sig = bitstring(c[2], "certificate signature")
        tbs = seq(c[0], "TBSCertificate", 6, 10)
        k = 0
        self.version = 1
        if tbs[0].is_(2, 0, True):
            self.version = integer(parse_whole(tbs[0].body), "version") + 1
            k = 1
        self.serial = integer(tbs[k], "serialNumber")
        self.issuer, self.validity_t, self.subject, spki = tbs[k + 2:k + 6]
        v = seq(self.validity_t, "Validity", 2, 2)
        self.not_before = _time_of(v[0], "notBefore")
        self.not_after = _time_of(v[1], "notAfter")
        seq(self.subject, "subject")
        seq(self.issuer, "issuer")
        self.spki = spki
        self.extensions = {}
        for x in tbs[k + 6:]:
            if x.is_(2, 3, True):
                for e in seq(parse_whole(x.body), "Extensions", 1):
                    ec = seq(e, "Extension", 2, 3)
                    eo = oid(ec[0], "extnID")
                    crit = boolean(ec[1], "critical") if len(ec) == 3 else False
                    if eo in self.extensions:
                        raise Bad("extension %s twice" % eo)
                    self.extensions[eo] = (crit, octets(ec[-1], "extnValue"))
        self.ski = None
        if "2.5.29.14" in self.extensions:
            self.ski = octets(parse_whole(self.extensions["2.5.29.14"][1]), "subjectKeyIdentifier")

    def name(self):
        return name_text(self.subject)

    def is_ca(self):
        bc = self.extensions.get(OID_BASIC_CONSTRAINTS)
        if bc is None:
            return False
        c = seq(parse_whole(bc[1]), "BasicConstraints", 0, 2)
        return bool(c) and c[0].is_(0, 1, False) and boolean(c[0], "cA")

    def valid_at(self, t):
        return self.not_before <= t <= self.not_after

    def public_key(self):
        return public_key(self.spki)


# ---------------------------------------------------------------- keys and signatures
class Curve:
    def __init__(self, name, p, a, b, gx, gy, n):
        self.name, self.p, self.a, self.b, self.g, self.n = name, p, a, b, (gx, gy), n
        self.size = (p.bit_length() + 7) // 8


P256 = Curve("P-256",
             0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff,
             -3, 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b,
             0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296,
             0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5,
             0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551)
P384 = Curve("P-384",
             int("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                 "fffeffffffff0000000000000000ffffffff", 16),
             -3, int("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875a"
                     "c656398d8a2ed19d2a85c8edd3ec2aef", 16),
             int("aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a38"
                 "5502f25dbf55296c3a545e3872760ab7", 16),
             int("3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c0"
                 "0a60b1ce1d7e819d7a431d7c90ea0e5f", 16),
             int("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
                 "581a0db248b0a77aecec196accc52973", 16))
CURVES = {OID_P256: P256, OID_P384: P384}


def _add(c, P, Q):
    if P is None:
        return Q
    if Q is None:
        return P
    p = c.p
    if P[0] == Q[0]:
        if (P[1] + Q[1]) % p == 0:
            return None
        lam = (3 * P[0] * P[0] + c.a) * pow(2 * P[1], -1, p) % p
    else:
        lam = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (lam * lam - P[0] - Q[0]) % p
    return x, (lam * (P[0] - x) - P[1]) % p


def _mul(c, k, P):
    R = None
    while k:
        if k & 1:
            R = _add(c, R, P)
        P = _add(c, P, P)
        k >>= 1
    return R


def public_key(spki):
    c = seq(spki, "SubjectPublicKeyInfo", 2, 2)
    alg, params = algid(c[0], "subjectPublicKeyInfo algorithm")
    bits = bitstring(c[1], "subjectPublicKey")
    if alg == OID_RSA:
        if params is not None and params.raw != b"\x05\x00":
            raise Bad("rsaEncryption key with parameters")
        k = seq(parse_whole(bits), "RSAPublicKey", 2, 2)
        n, e = integer(k[0], "modulus"), integer(k[1], "publicExponent")
        if n <= 0 or e <= 1:
            raise Bad("bad RSA key")
        return ("rsa", n, e)
    if alg == OID_EC_KEY:
        cv = CURVES.get(oid(params, "namedCurve")) if params is not None and params.is_(0, 6) else None
        if cv is None:
            raise Bad("EC key on a curve other than P-256 or P-384")
        if bits[:1] == b"\x04" and len(bits) == 1 + 2 * cv.size:
            x = int.from_bytes(bits[1:1 + cv.size], "big")
            y = int.from_bytes(bits[1 + cv.size:], "big")
        elif bits[:1] in (b"\x02", b"\x03") and len(bits) == 1 + cv.size:
            x = int.from_bytes(bits[1:], "big")
            y = pow((x ** 3 + cv.a * x + cv.b) % cv.p, (cv.p + 1) // 4, cv.p)
            if (y & 1) != (bits[0] & 1):
                y = cv.p - y
        else:
            raise Bad("EC point encoding")
        if not (x < cv.p and y < cv.p and (y * y - x ** 3 - cv.a * x - cv.b) % cv.p == 0):
            raise Bad("EC point not on %s" % cv.name)
        return ("ec", cv, (x, y))
    raise Bad("public key algorithm %s is neither RSA nor EC" % alg)


def verify_sig(key, sig_alg, digest_name, msg, sig):
    """sig_alg: the signature algorithm OID; digest_name: the hash an
    algorithm that names none (rsaEncryption) uses. Returns a reason or None."""
    if key[0] == "rsa":
        if sig_alg == OID_RSA:
            h = digest_name
        elif sig_alg in RSA_SIGS:
            h = RSA_SIGS[sig_alg]
        else:
            return "signature algorithm %s is not RSA PKCS #1 v1.5 with SHA-2" % sig_alg
        if h not in DIGESTINFO_PREFIX:
            return "hash %s not allowed" % h
        _, n, e = key
        k = (n.bit_length() + 7) // 8
        if len(sig) != k:
            return "RSA signature of %d bytes, key of %d" % (len(sig), k)
        s = int.from_bytes(sig, "big")
        if s >= n:
            return "RSA signature not below the modulus"
        em = pow(s, e, n).to_bytes(k, "big")
        t = DIGESTINFO_PREFIX[h] + hashlib.new(h, msg).digest()
        want = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
        return None if k >= len(t) + 11 and em == want else "RSA PKCS #1 v1.5 signature does not verify"
    if key[0] == "ec":
        if sig_alg not in ECDSA_SIGS:
            return "signature algorithm %s is not ECDSA with SHA-2" % sig_alg
        _, cv, Q = key
        try:
            rs = seq(parse_whole(sig), "ECDSA-Sig-Value", 2, 2)
            r, s = integer(rs[0], "r"), integer(rs[1], "s")
        except Bad as exc:
            return "ECDSA signature: %s" % exc
        n = cv.n
        if not (1 <= r < n and 1 <= s < n):
            return "ECDSA r or s out of range"
        d = hashlib.new(ECDSA_SIGS[sig_alg], msg).digest()
        e = int.from_bytes(d, "big")
        if len(d) * 8 > n.bit_length():
            e >>= len(d) * 8 - n.bit_length()
        w = pow(s, -1, n)
        R = _add(cv, _mul(cv, e * w % n, cv.g), _mul(cv, r * w % n, Q))
        return None if R is not None and R[0] % n == r else "ECDSA signature does not verify"
    return "unknown key type"


# ---------------------------------------------------------------- roots
def load_roots(data):
    """PEM (one or more CERTIFICATE blocks) or DER -> [Cert]."""
    if b"-----BEGIN" in data:
        blocks = re.findall(rb"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----",
                            data, re.S)
        return [Cert(parse_whole(base64.b64decode(b))) for b in blocks]
    return [Cert(parse_whole(data))]


# ---------------------------------------------------------------- the token
def accept(token, commitment, roots):
    """§10.8 steps 1-6. token: bytes; commitment: the 32 bytes of
    commitment.commitment; roots: [Cert]. Returns (None, info) or
    (step, reason) for the first step that fails."""
    step = 1
    try:
        # step 1: ContentInfo, SignedData, SignerInfo, algorithm identifiers
        ci = seq(parse_whole(token), "ContentInfo", 2, 2)
        if oid(ci[0], "contentType") != OID_SIGNED_DATA:
            raise Bad("ContentInfo is not id-signedData")
        if not ci[1].is_(2, 0, True):
            raise Bad("ContentInfo content is not [0] EXPLICIT")
        sd = seq(parse_whole(ci[1].body), "SignedData", 4, 6)
        if integer(sd[0], "SignedData.version") != 3:
            raise Bad("SignedData version is not 3")
        digest_algs = [hash_algid(a, "digestAlgorithms") for a in set_of(sd[1], "digestAlgorithms")]
        eci = sd[2]
        certs_t = crls_t = None
        rest = sd[3:]
        if rest and rest[0].is_(2, 0, True):
            certs_t, rest = rest[0], rest[1:]
        if rest and rest[0].is_(2, 1, True):
            crls_t, rest = rest[0], rest[1:]
        if len(rest) != 1:
            raise Bad("SignedData members out of order")
        sis = set_of(rest[0], "signerInfos")
        if len(sis) != 1:
            raise Bad("%d SignerInfos, not one" % len(sis))
        si = seq(sis[0], "SignerInfo", 5, 7)
        si_version = integer(si[0], "SignerInfo.version")
        sid = si[1]
        if si_version == 1 and sid.is_(0, 16, True):
            sid_kind = "issuer"
            isn = seq(sid, "IssuerAndSerialNumber", 2, 2)
            sid_issuer, sid_serial = isn[0].raw, integer(isn[1], "serialNumber")
        elif si_version == 3 and sid.is_(2, 0, False):
            sid_kind, sid_ski = "ski", sid.body
        else:
            raise Bad("SignerInfo version %d with a %s sid" % (
                si_version, "issuerAndSerialNumber" if sid.is_(0, 16) else "subjectKeyIdentifier"
                if sid.is_(2, 0) else "malformed"))
        digest_alg = hash_algid(si[2], "SignerInfo.digestAlgorithm")
        if digest_alg not in digest_algs:
            raise Bad("SignerInfo digestAlgorithm %s is not among SignedData's digestAlgorithms"
                      % digest_alg)
        k = 3
        signed_attrs_t = None
        if si[k].is_(2, 0, True):
            signed_attrs_t, k = si[k], k + 1
        if len(si) < k + 2:
            raise Bad("SignerInfo too short")
        sig_alg = hash_algid(si[k], "SignerInfo.signatureAlgorithm")
        signature = octets(si[k + 1], "SignerInfo.signature")
        if len(si) > k + 3 or (len(si) == k + 3 and not si[k + 2].is_(2, 1, True)):
            raise Bad("SignerInfo has unexpected members")

        # step 2: eContentType and the imprint
        step = 2
        ec = seq(eci, "EncapsulatedContentInfo", 1, 2)
        if oid(ec[0], "eContentType") != OID_TSTINFO:
            raise Bad("eContentType is not id-ct-TSTInfo")
        if len(ec) != 2 or not ec[1].is_(2, 0, True):
            raise Bad("no eContent")
        tst_der = octets(parse_whole(ec[1].body), "eContent")
        tst = seq(parse_whole(tst_der), "TSTInfo", 5, 10)
        if integer(tst[0], "TSTInfo.version") != 1:
            raise Bad("TSTInfo version is not 1")
        oid(tst[1], "policy")
        mi = seq(tst[2], "messageImprint", 2, 2)
        halg, hparams = algid(mi[0], "messageImprint.hashAlgorithm")
        if halg != OID_SHA256 or (hparams is not None and hparams.raw != b"\x05\x00"):
            raise Bad("messageImprint hashAlgorithm is not id-sha256 (%s)" % halg)
        if octets(mi[1], "hashedMessage") != commitment:
            raise Bad("messageImprint %s is not the commitment %s"
                      % (mi[1].body.hex(), commitment.hex()))
        integer(tst[3], "TSTInfo.serialNumber")
        if not tst[4].is_(0, 24, False):
            raise Bad("genTime is not a GeneralizedTime")
        gen_time = _time_of(tst[4], "genTime")
        accuracy = None
        for x in tst[5:]:
            if x.is_(0, 16, True):
                if accuracy is not None:
                    raise Bad("two accuracy members")
                a = Fraction(0)
                for m in seq(x, "accuracy", 0, 3):
                    if m.is_(0, 2, False):
                        a += integer(m, "accuracy.seconds")
                    elif m.is_(2, 0, False) or m.is_(2, 1, False):
                        v = int.from_bytes(m.body, "big") if m.body else -1
                        if not 1 <= v <= 999:
                            raise Bad("accuracy millis/micros not 1..999")
                        a += Fraction(v, 1000 if m.tag == 0 else 1000000)
                    else:
                        raise Bad("accuracy member")
                accuracy = a

        # step 3: signed attributes
        step = 3
        if signed_attrs_t is None:
            raise Bad("no signed attributes")
        attrs = {}
        for a in parse_all(signed_attrs_t.body):
            ac = seq(a, "Attribute", 2, 2)
            ao = oid(ac[0], "attrType")
            vals = set_of(ac[1], "attrValues")
            if ao in attrs:
                raise Bad("signed attribute %s twice" % ao)
            attrs[ao] = vals
        for need in (OID_CONTENT_TYPE, OID_MESSAGE_DIGEST):
            if need not in attrs:
                raise Bad("signed attribute %s missing" % need)
            if len(attrs[need]) != 1:
                raise Bad("signed attribute %s with %d values" % (need, len(attrs[need])))
        if oid(attrs[OID_CONTENT_TYPE][0], "contentType") != OID_TSTINFO:
            raise Bad("signed contentType is not id-ct-TSTInfo")
        if digest_alg not in DIGESTS:
            raise Bad("digestAlgorithm %s is not SHA-256, -384 or -512" % digest_alg)
        md = hashlib.new(DIGESTS[digest_alg], tst_der).digest()
        if octets(attrs[OID_MESSAGE_DIGEST][0], "messageDigest") != md:
            raise Bad("messageDigest is not the %s of the TSTInfo" % DIGESTS[digest_alg])
        # the signing certificate: the carried certificate the sid names
        certs = []
        for c in (certs_t.children() if certs_t is not None else []):
            try:
                certs.append(Cert(c))
            except (Bad, ValueError, IndexError) as exc:
                # a carried certificate this reader cannot parse cannot be
                # the signing certificate or part of the chain (it is skipped)
                continue
        if sid_kind == "issuer":
            signer = [c for c in certs if c.issuer.raw == sid_issuer and c.serial == sid_serial]
        else:
            signer = [c for c in certs if c.ski == sid_ski]
        if not signer:
            raise Bad("the signing certificate (named by the SignerInfo's sid) is not in the token")
        signer = signer[0]
        if OID_SIGNING_CERT_V2 in attrs:
            ess_oid, v2 = OID_SIGNING_CERT_V2, True
        elif OID_SIGNING_CERT in attrs:
            ess_oid, v2 = OID_SIGNING_CERT, False
        else:
            raise Bad("no ESS signingCertificateV2 or signingCertificate")
        if len(attrs[ess_oid]) != 1:
            raise Bad("ESS attribute with %d values" % len(attrs[ess_oid]))
        sc = seq(attrs[ess_oid][0], "SigningCertificate", 1, 2)
        ids = seq(sc[0], "certs", 1)
        cid = seq(ids[0], "ESSCertID", 1, 3)
        h = "sha256" if v2 else "sha1"
        if v2 and cid[0].is_(0, 16, True):
            ho = hash_algid(cid[0], "ESSCertIDv2.hashAlgorithm")
            if ho not in ESS_HASHES:
                raise Bad("ESSCertIDv2 hash %s unknown" % ho)
            h = ESS_HASHES[ho]
            cid = cid[1:]
        if octets(cid[0], "certHash") != hashlib.new(h, signer.raw).digest():
            raise Bad("ESS certHash is not the %s of the signing certificate" % h)

        # step 4: the signature over the signed attributes (as a SET)
        step = 4
        sa_der = b"\x31" + signed_attrs_t.raw[1:]
        why = verify_sig(signer.public_key(), sig_alg, DIGESTS[digest_alg], sa_der, signature)
        if why:
            raise Bad(why)
        if signer.public_key()[0] == "ec" and signer.public_key()[1] not in (P256, P384):
            raise Bad("curve")

        # step 5: critical EKU, only id-kp-timeStamping
        step = 5
        eku = signer.extensions.get(OID_EKU)
        if eku is None:
            raise Bad("the signing certificate has no extended key usage")
        if not eku[0]:
            raise Bad("the extended key usage is not marked critical")
        usages = [oid(u, "KeyPurposeId") for u in seq(parse_whole(eku[1]), "ExtKeyUsageSyntax", 1)]
        if usages != [OID_TIMESTAMPING]:
            raise Bad("extended key usages %s, not only id-kp-timeStamping" % usages)

        # step 6: a chain to a pinned root, everything valid at genTime
        step = 6
        chain = _chain(signer, certs, roots, gen_time)
        if isinstance(chain, str):
            raise Bad(chain)
    except Bad as exc:
        return step, str(exc)
    except (ValueError, IndexError, AttributeError, TypeError) as exc:
        return step, "%s: %s" % (type(exc).__name__, exc)
    acc = 1 if accuracy is None else -(-accuracy.numerator // accuracy.denominator)
    return None, {"authority": signer.name(), "root": chain[-1].name(),
                  "gen_time": gen_time, "accuracy": acc}


def _chain(signer, certs, roots, t):
    """Depth-first from the signing certificate to a pinned root. Returns
    the path (ending with the root) or the reason there is none."""
    reasons = []
    if not signer.valid_at(t):
        return "the signing certificate is not valid at genTime (%s to %s)" % (
            fmt_time(signer.not_before), fmt_time(signer.not_after))
    if not roots:
        return "no pinned root (this verifier pins none; trust one with --witness-root FILE)"

    def walk(c, path, depth):
        for r in roots:
            if r.raw == c.raw:
                return path
        if depth > 8:
            reasons.append("chain longer than 8")
            return None
        for r in roots:
            if r.subject.raw != c.issuer.raw:
                continue
            why = verify_sig(r.public_key(), c.sig_alg, None, c.tbs_raw, c.sig)
            if why:
                reasons.append("%s: under root %s: %s" % (c.name(), r.name(), why))
                continue
            if not r.valid_at(t):
                reasons.append("root %s is not valid at genTime" % r.name())
                continue
            return path + [r]
        for ca in certs:
            if ca.raw in (x.raw for x in path) or ca.subject.raw != c.issuer.raw:
                continue
            try:
                if not ca.is_ca():
                    reasons.append("%s is not a CA (basicConstraints)" % ca.name())
                    continue
                why = verify_sig(ca.public_key(), c.sig_alg, None, c.tbs_raw, c.sig)
            except Bad as exc:
                why = str(exc)
            if why:
                reasons.append("%s under %s: %s" % (c.name(), ca.name(), why))
                continue
            if not ca.valid_at(t):
                reasons.append("%s is not valid at genTime" % ca.name())
                continue
            p = walk(ca, path + [ca], depth + 1)
            if p is not None:
                return p
        return None

    p = walk(signer, [signer], 0)
    if p is None:
        return "no chain to a pinned root" + (": " + "; ".join(reasons) if reasons else
                                              " (issuer %s not found)" % name_text(signer.issuer))
    return p
