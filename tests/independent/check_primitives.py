#!/usr/bin/env python3
"""Checks the primitive vectors of fairdraw/1 (framing, canonical JSON, ChaCha20
words, below, ratio_count, largest_remainder) against the independent
implementation in verify_bundle.py, plus the worked examples quoted in SPEC.md,
and the format 2 primitives (§10.2: keys, 核验码, tokens, tickets, a record's
JCS and seal) against format2.py.

Usage: python3 check_primitives.py [primitives.json [format2-primitives.json]]
Exit status 0 when every vector matches, 1 otherwise.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import verify_bundle as fd  # noqa: E402
import format2 as f2  # noqa: E402

DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "..", "vectors", "spec", "primitives.json")
DEFAULT2 = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "..", "vectors", "spec", "format2-primitives.json")


VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors")


def check_timelock(report):
    """§10.9: BLS12-381 (curves, subgroups, the pairing's bilinearity), the
    RFC 8439 / RFC 5869 vectors, the due round, and the envelopes: drand's
    `tle` vector opens with its round to b"hello world" and not with round
    1000; the §9 sealed vector opens with round 1000 to the public vector's
    result and revealed."""
    import json
    import timelock as tlk

    msgs = []
    if not (tlk.g1_on_curve(tlk.G1_GEN) and tlk.g2_on_curve(tlk.G2_GEN)):
        msgs.append("a generator is not on its curve")
    if tlk.g1_mul(tlk.G1_GEN, tlk.R) is not None or tlk.g2_mul(tlk.G2_GEN, tlk.R) is not None:
        msgs.append("a generator's order is not r")
    pk_hex = ("83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3a"
              "c6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5"
              "a6e9c76a4bc09e76eae8991ef5ece45a")
    try:
        pk = tlk.g2_decompress(bytes.fromhex(pk_hex))
        if tlk.g2_compress(pk).hex() != pk_hex:
            msgs.append("quicknet's public key does not compress back to itself")
    except ValueError as exc:
        msgs.append("quicknet's public key (§5.1): %s" % exc)
    bad_u = bytearray(bytes.fromhex(pk_hex))
    bad_u[95] ^= 1
    try:
        tlk.g2_decompress(bytes(bad_u))
        msgs.append("a G2 encoding with its last bit flipped was accepted")
    except ValueError:
        pass
    e1 = tlk.pairing(tlk.G1_GEN, tlk.G2_GEN)
    if tlk.pairing(tlk.g1_mul(tlk.G1_GEN, 6), tlk.G2_GEN) != \
            tlk.pairing(tlk.G1_GEN, tlk.g2_mul(tlk.G2_GEN, 6)) or \
            tlk.pairing(tlk.g1_mul(tlk.G1_GEN, 6), tlk.G2_GEN) != tlk.f12_pow(e1, 6):
        msgs.append("the pairing is not bilinear")
    if e1 == tlk.ONE12 or tlk.f12_pow(e1, tlk.R) != tlk.ONE12:
        msgs.append("e(g1, g2) is 1 or not of order r")
    if len(tlk.fp12_bytes(e1)) != 576:
        msgs.append("H2's serialisation is not 576 bytes")
    report("bls12_381", msgs, 7)

    msgs = []
    # RFC 8439 §2.5.2
    tag = tlk.poly1305(bytes.fromhex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b"),
                       b"Cryptographic Forum Research Group")
    if tag.hex() != "a8061dc1305136c6c22b8baf0c0127a9":
        msgs.append("RFC 8439 §2.5.2 Poly1305 tag %s" % tag.hex())
    # RFC 8439 §2.8.2
    pt = (b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for "
          b"the future, sunscreen would be it.")
    key = bytes(range(0x80, 0xA0))
    nonce = bytes.fromhex("070000004041424344454647")
    aad = bytes.fromhex("50515253c0c1c2c3c4c5c6c7")
    ct = tlk.aead_encrypt(key, nonce, pt, aad)
    if ct[:16].hex() != "d31a8d34648e60db7b86afbc53ef7ec2" or \
            ct[-16:].hex() != "1ae10b594f09e26a7e902ecbd0600691":
        msgs.append("RFC 8439 §2.8.2 AEAD: %s…%s" % (ct[:16].hex(), ct[-16:].hex()))
    if tlk.aead_decrypt(key, nonce, ct, aad) != pt:
        msgs.append("RFC 8439 §2.8.2 AEAD does not decrypt")
    # RFC 5869 A.1
    okm = tlk.hkdf_sha256(bytes([0x0B] * 22), bytes(range(13)), bytes(range(0xF0, 0xFA)), 42)
    if okm.hex() != ("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                     "34007208d5b887185865"):
        msgs.append("RFC 5869 A.1 OKM %s" % okm.hex())
    report("chacha20_poly1305_hkdf", msgs, 4)

    msgs = []
    # §10.9: D = 2027-01-01, T = 2026-12-31T16:00:00Z = 1798732800, a round's
    # emission exactly: (T - genesis) / 3 + 1
    if tlk.due_round("2026-12-31") != 35309812 or tlk.emission(35309812) != 1798732800:
        msgs.append("due round of 2026-12-31: %d" % tlk.due_round("2026-12-31"))
    if tlk.due_round("2026-12-30") != 35309812 - 28800:
        msgs.append("due round of 2026-12-30: %d" % tlk.due_round("2026-12-30"))
    if tlk.due_round("2022-01-01") != 1:
        msgs.append("due round before genesis: %d" % tlk.due_round("2022-01-01"))
    report("due_round", msgs, 3)

    msgs = []
    with open(os.path.join(VECTORS, "timelock", "tle-quicknet-12040883.age")) as f:
        age = f.read()
    sig = bytes.fromhex(fd.load_json(os.path.join(VECTORS, "timelock",
                                                  "quicknet-12040883.json"))["signature"])
    sig1000 = bytes.fromhex("b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb112"
                            "5e342b73a8dd2bacbe47e4b6b63ed5e39")
    form = tlk.envelope_form(age, 12040883, tlk.QUICKNET_HASH)
    if form:
        msgs.append("tle vector's form: %s" % form)
    try:
        got = tlk.decrypt(age, sig)
        if got != (12040883, tlk.QUICKNET_HASH, b"hello world"):
            msgs.append("tle vector opened to %r" % (got,))
    except tlk.Bad as exc:
        msgs.append("tle vector does not open with round 12040883: %s" % exc)
    try:
        tlk.decrypt(age, sig1000)
        msgs.append("tle vector opened with round 1000's signature")
    except tlk.Bad:
        pass
    # the same file with CR LF line ends and surrounding white space (step 1)
    try:
        if tlk.decrypt("\n  " + age.replace("\n", "\r\n") + " \n", sig)[2] != b"hello world":
            msgs.append("CR LF armor opened to something else")
    except tlk.Bad as exc:
        msgs.append("CR LF armor: %s" % exc)
    sealed = fd.load_json(os.path.join(VECTORS, "spec", "format2-sealed-small.json"))
    public = fd.load_json(os.path.join(VECTORS, "spec", "format2-public-small.json"))
    try:
        _r, _c, pt = tlk.decrypt(sealed["timelock"]["ciphertext"], sig1000)
        want = fd.jcs({"result": public["result"], "revealed": public["revealed"]})
        if pt != want:
            msgs.append("the sealed vector opens to something else than JCS(REVEAL) of the "
                        "public vector")
    except tlk.Bad as exc:
        msgs.append("the sealed vector does not open with round 1000: %s" % exc)
    try:
        tlk.decrypt(sealed["timelock"]["ciphertext"], sig)
        msgs.append("the sealed vector opened with round 12040883's signature")
    except tlk.Bad:
        pass
    report("timelock_envelopes", msgs, 5)


def check_format2(path, report):
    """§10.2 computed from SPEC.md's words: key, 核验码, token, ticket
    (§10.4), the record's canonical bytes and its seal."""
    vec = fd.load_json(path)
    secret_hex = vec["secret"]
    seed = bytes.fromhex(vec["seed"])

    # §10.2's example secret: 5ec2e7 repeated ten times, then 5ec2
    msgs = []
    if secret_hex != "5ec2e7" * 10 + "5ec2":
        msgs.append("secret %s is not the one §10.2 describes" % secret_hex)
    secret = bytes.fromhex(secret_hex)
    report("format2_secret", msgs, 1)

    # 核验码 text (§10.2): SPEC's own examples, then the vector's
    msgs = []
    cases_fw = [0]
    cases = [("00" * 10, "0000-0000-0000-0000"), ("ff" * 10, "ZZZZ-ZZZZ-ZZZZ-ZZZZ")]
    cases += [(c["key"], c["code"]) for c in vec["codes"]]
    cases += [(f["key"], f["code"]) for f in vec["firms"]]
    for key, code in cases:
        got = f2.key_to_code(bytes.fromhex(key))
        if got != code:
            msgs.append("key %s gives %s, expected %s" % (key, got, code))
        # the readings §10.2 allows: either case, with or without spaces and
        # hyphens, O as 0, I and L as 1, or the key's 20 hex digits
        plain = code.replace("-", "")
        variants = [code, code.lower(), plain, " ".join(code.split("-")),
                    code.replace("0", "O").replace("1", "I"),
                    code.lower().replace("0", "o").replace("1", "l"),
                    key, key.upper()]
        for v in variants:
            try:
                k = f2.code_to_key(v)
            except ValueError as exc:
                msgs.append("%r not read: %s" % (v, exc))
                continue
            if k.hex() != key:
                msgs.append("%r read as %s, expected %s" % (v, k.hex(), key))
        # §10.2: spaces and hyphens anywhere; hex of either case, separated too
        variants = [" ".join(plain), "-".join(plain), plain[:3] + " -" + plain[3:],
                    key[:5] + "-" + key[5:].upper(), " ".join(key)]
        for v in variants:
            try:
                k = f2.code_to_key(v)
            except ValueError as exc:
                msgs.append("%r not read: %s" % (v, exc))
                continue
            if k.hex() != key:
                msgs.append("%r read as %s, expected %s" % (v, k.hex(), key))
        # §10.2 (revised): full-width forms U+FF01-U+FF5E read as ASCII, and
        # U+3000 ideographic spaces removed, as a Chinese input method types
        # them: full-width letters and digits, lower case too, an
        # ideographic space, a full-width hyphen-minus U+FF0D
        def fw(t):
            return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in t)
        groups = code.split("-")
        variants = [fw(code), fw(code.lower()), "\u3000".join(fw(g) for g in groups),
                    "\uff0d".join(groups), fw(groups[0]) + "\u3000\uff0d" + "-".join(groups[1:]),
                    "\u3000" + fw(code.replace("0", "O").replace("1", "l")) + "\u3000",
                    fw(key), "\u3000".join(fw(key[i:i + 4].upper()) for i in range(0, 20, 4))]
        for v in variants:
            try:
                k = f2.code_to_key(v)
            except ValueError as exc:
                msgs.append("%r not read: %s" % (v, exc))
                continue
            if k.hex() != key:
                msgs.append("%r read as %s, expected %s" % (v, k.hex(), key))
            cases_fw[0] += 1
    # the revised §10.2's own example: the firm's code typed on a Chinese
    # input method, "ＰＭＭＤ　－２ＤＹＫ－Ｆ５Ｈ２－２ＣＸＦ"
    for v in ("\uff30\uff2d\uff2d\uff24\u3000\uff0d\uff12\uff24\uff39\uff2b\uff0d"
              "\uff26\uff15\uff28\uff12\uff0d\uff12\uff23\uff38\uff26",
              "ＰＭＭＤ-2DYK-F5H2-2CXF", "ｐｍｍｄ　２ｄｙｋ　ｆ５ｈ２　２ｃｘｆ"):
        try:
            if f2.code_to_key(v).hex() != "b528d137d379622133af":
                msgs.append("%r read as %s" % (v, f2.code_to_key(v).hex()))
        except ValueError as exc:
            msgs.append("%r not read: %s" % (v, exc))
    # SPEC.md §10.2's worked example (secret 5ec2e7…, firm 91130302MA0RFAB6AK)
    k = f2.firm_key(bytes.fromhex("5ec2e7" * 10 + "5ec2"), "91130302MA0RFAB6AK")
    if k.hex() != "b528d137d379622133af" or f2.key_to_code(k) != "PMMD-2DYK-F5H2-2CXF" \
            or f2.firm_token(k, "001", "91130302MA0RFAB6AK").hex() != \
            "9bd498f524d9616019b09f46860d9948":
        msgs.append("SPEC §10.2's example: key %s" % k.hex())
    # not codes: a symbol outside the alphabet (U, also full-width Ｕ), a
    # wrong length, other separators (§10.2 removes U+0020, U+3000 and '-',
    # the latter also as U+FF0D; not '_', a tab, U+2014, U+2010, U+2212, a
    # no-break space, U+FF3F full-width low line, which reads as '_'),
    # non-ASCII letters that str.upper() would fold into symbols
    # ("ß" -> "SS", "ı" -> "I"), and characters outside U+FF01-U+FF5E that
    # look like symbols (U+FF10-U+FF19 are read; U+2460 ① is not)
    for bad in ("0000-0000-0000-000", "UUUU-0000-0000-0000", "0000-0000-0000-0000-0",
                "0000_0000_0000_0000", "0000\t0000\t0000\t0000", "0000\u20140000-0000-0000",
                "0000\u20100000-0000-0000", "0000\u22120000-0000-0000", "0000\u00a00000-0000-0000",
                "0000\uff3f0000-0000-0000", "\uff35\uff35\uff35\uff35-0000-0000-0000",
                "0000-0000-0000-00ß", "0000-0000-0000-000ı", "\u24600000-0000-0000-000",
                "b528d137d379622133a", "b528d137d379622133afg", "ＰＭＭＤ-2DYK-F5H2-2CX\uff5f"):
        try:
            f2.code_to_key(bad)
            msgs.append("%r accepted" % bad)
        except ValueError:
            pass
    # §10.2 (revised) reading order: "If what remains is 20 hex digits, it
    # is the key itself; otherwise the reader reads O as 0 and I and L as 1
    # and takes 16 symbols". The O/I/L reading belongs to the 16 symbols
    # only, so 20 characters with an O, I or L among hex digits are not a
    # code (README finding 49), in any case, separated or full width; 20 hex
    # digits are the key even when they are all digits; 16 hex-looking
    # characters are 16 symbols, and a 16-symbol code with O/I/L is read
    order_bad = ("b528d137d379622133ao", "B528D137D379622133AO", "b528d137d379622133al",
                 "b528d137d379622133aI", "O528d137d379622133af", "b528-d137-d379-6221-33ao",
                 "".join(chr(ord(c) + 0xFEE0) for c in "b528d137d379622133ao"),
                 "0000000000000000000O", "1111111111111111111L", "IIIIIIIIIIIIIIIIIIII",
                 "OOOOOOOOOOOOOOOOOOOO")
    for bad in order_bad:
        try:
            k = f2.code_to_key(bad)
            msgs.append("%r accepted as %s: 20 characters with O/I/L are not 20 hex digits, "
                        "and the O/I/L reading is only for 16 symbols (§10.2)" % (bad, k.hex()))
        except ValueError:
            pass
    n16 = 0
    for c in "0123456789ABCDEF":
        n16 = (n16 << 5) | "0123456789ABCDEFGHJKMNPQRSTVWXYZ".index(c)
    order_good = [("01234567890123456789", "01234567890123456789"),
                  ("0123-4567-8901-2345-6789", "01234567890123456789"),
                  ("abcdefabcdefabcdefab", "abcdefabcdefabcdefab"),
                  ("0123456789ABCDEF", n16.to_bytes(10, "big").hex()),
                  ("0123-4567-89ab-cdef", n16.to_bytes(10, "big").hex()),
                  ("O123-4567-89AB-CDEF", n16.to_bytes(10, "big").hex()),
                  ("OOOO-OOOO-OOOO-OOOO", "00" * 10),
                  ("IIII-LLLL-iiii-llll", int("00001" * 16, 2).to_bytes(10, "big").hex())]
    for v, want in order_good:
        try:
            k = f2.code_to_key(v)
        except ValueError as exc:
            msgs.append("%r not read: %s" % (v, exc))
            continue
        if k.hex() != want:
            msgs.append("%r read as %s, expected %s (§10.2 reading order)" % (v, k.hex(), want))
    report("format2_codes", msgs, "%d codes, %d full-width readings, %d reading-order cases"
           % (len(cases), cases_fw[0], len(order_bad) + len(order_good)))

    # keys, tokens (task "001") and tickets (§10.2, §10.4)
    msgs = []
    keys = {}
    for f in vec["firms"]:
        k = f2.firm_key(secret, f["id"])
        keys[f["id"]] = k
        if k.hex() != f["key"]:
            msgs.append("%s: key %s, expected %s" % (f["id"], k.hex(), f["key"]))
        tok = f2.firm_token(k, "001", f["id"])
        if tok.hex() != f["token_001"]:
            msgs.append("%s: token %s, expected %s" % (f["id"], tok.hex(), f["token_001"]))
        t = f2.ticket2(seed, "001", tok)
        if t.hex() != f["ticket_001"]:
            msgs.append("%s: ticket %s, expected %s" % (f["id"], t.hex(), f["ticket_001"]))
    report("format2_firms", msgs, len(vec["firms"]))

    # the record (§10.1): its members, its JCS and its seal in task "001"
    msgs = []
    r = vec["record"]
    rec = fd.load_json_text(r["jcs"])
    if sorted(rec) != ["conflicts", "id", "industry", "name", "public", "region"]:
        msgs.append("record members %s are not RECORD's" % sorted(rec))
    if fd.jcs(rec) != r["jcs"].encode("utf-8"):
        msgs.append("JCS(record) is %s" % fd.jcs(rec).decode("utf-8"))
    if rec.get("conflicts") != sorted(rec.get("conflicts", []), key=lambda x: x.encode()):
        msgs.append("record conflicts not sorted")
    k = keys.get(rec.get("id")) or f2.firm_key(secret, rec.get("id", ""))
    sl = f2.firm_seal(k, "001", rec)
    if sl.hex() != r["seal_001"]:
        msgs.append("seal %s, expected %s" % (sl.hex(), r["seal_001"]))
    # the same record built by §10.1's rules from an enterprise row
    ent = fd._fill({"id": rec["id"], "name": rec["name"], "industry": rec["industry"],
                    "region": rec["region"],
                    "address": rec["public"].get("address", ""), "flags": []},
                   fd.ENTERPRISE_MEMBERS)
    insp = [{"id": c, "conflicts": [rec["id"]]} for c in rec["conflicts"]]
    built = f2.record_of(ent, sorted(rec["public"]), insp)
    if fd.jcs(built) != r["jcs"].encode("utf-8"):
        msgs.append("record built by §10.1 from its enterprise row differs: %s"
                    % fd.jcs(built).decode("utf-8"))
    report("format2_record", msgs, 1)

    known = {"codes", "firms", "record", "secret", "seed"}
    extra = sorted(set(vec) - known)
    if extra:
        print("NOTE unchecked format 2 vector groups: %s" % ", ".join(extra))


def check_ranges_example(report):
    """SPEC §10.11's example, computed here from format2-public-ranges.json's
    entries and directory.active (and from the auditor document's full
    inputs): of 60 active firms the year's 21 % needs 13; the lower ends give
    11 (there is no census stratum), so the 2 missing are spread over the rooms
    [0, 2, 1, 0]: 001 A 10 firms 2-2 draws 2, 001 B 31 firms 5-7 draws 6,
    001 C 16 firms 3-4 draws 4, 002 D 2 firms 1-1 draws 1."""
    msgs = []
    spec = os.path.join(VECTORS, "spec")
    pub = fd.load_json(os.path.join(spec, "format2-public-ranges.json"))
    aud = fd.load_json(os.path.join(spec, "format2-auditor-ranges.json"))
    plan = f2.normalize_plan2(pub["public"]["plan"])
    A = pub["public"]["directory"]["active"]
    if fd.range_choice_of(plan) != "year_minimum" or plan["rules"]["min_total_bp"] != 2100:
        msgs.append("the vector's plan is not year_minimum with a year's minimum of 21 %")
    ranges = [sorted({(r["ratio_bp"], fd.ratio_max_of(r)) for r in t["sampling"]["rules"]})
              for t in plan["tasks"]]
    if ranges != [[(1500, 2000)], [(100, 200)]]:
        msgs.append("the rules' ranges %s are not 15-20 %% and 1-2 %%" % ranges)
    need = fd.ratio_count(A, plan["rules"]["min_total_bp"], "ceil")
    if (A, need) != (60, 13):
        msgs.append("%d active firms need %d, SPEC says 60 and 13" % (A, need))
    low, high, names = [], [], []
    for task, pt in zip(plan["tasks"], pub["public"]["tasks"]):
        for hi, out in ((False, low), (True, high)):
            strata = [{"values": st["values"], "census": st["census"],
                       "size": len(st["entries"]) // 64, "count": 0} for st in pt["strata"]]
            fd.assign_counts(task, strata, high=hi)
            out.append(strata)
        names += ["%s %s" % (task["number"], "/".join(st["values"]) or "census")
                  for st in low[-1]]
    # "the lower ends give 11 (there is no census stratum)": no task of the
    # published plan has a census stratum (§4.3 lists one only when it has a
    # member), and the regular strata's low counts sum to 11
    census = [n for n, st in zip(names, [s for t in low for s in t]) if st["census"]]
    lower = sum(st["count"] for t in low for st in t)
    if census or lower != 11:
        msgs.append("census strata %s and the lower ends %d, SPEC says none and 11"
                    % (census, lower))
    rooms = [max(h["count"] - l["count"], 0) for tl, th in zip(low, high)
             for l, h in zip(tl, th) if not l["census"]]
    if rooms != [0, 2, 1, 0]:
        msgs.append("rooms %s, SPEC says [0, 2, 1, 0]" % rooms)
    fd.apply_ranges(plan, low, A)
    got = [(n, l["size"], h["count"], l["count"]) for n, l, h in
           zip(names, [s for t in low for s in t], [s for t in high for s in t])]
    want = [("001 A", 10, 2, 2), ("001 B", 31, 7, 6), ("001 C", 16, 4, 4), ("002 D", 2, 1, 1)]
    if got != want:
        msgs.append("(stratum, firms, upper end, draws) %s, SPEC says %s" % (got, want))
    lows = [(n, l["size"]) for n, l in zip(names, [s for t in low for s in t])]
    # the lower ends as SPEC states them (2, 5, 3, 1), from the low counts
    lo = []
    for task, pt in zip(plan["tasks"], pub["public"]["tasks"]):
        strata = [{"values": st["values"], "census": st["census"],
                   "size": len(st["entries"]) // 64, "count": 0} for st in pt["strata"]]
        fd.assign_counts(task, strata)
        lo += [st["count"] for st in strata]
    if lo != [2, 5, 3, 1]:
        msgs.append("lower ends %s of %s, SPEC says [2, 5, 3, 1]" % (lo, lows))
    # the same from the auditor document's full inputs (§4.2-§4.4, §4.5's A)
    aplan = f2.normalize_plan2(aud["inputs"]["plan"])
    dirs = fd.normalized_directories(aud["inputs"])
    hist = {}
    for r in dirs["history"]:
        hist.setdefault(r["enterprise_id"], []).append(r)
    plans = [fd.plan_task(t, aplan, dirs["enterprises"], hist, fd.department_names_of(aplan))
             for t in aplan["tasks"]]
    fd.apply_ranges(aplan, [st for st, _e, _p in plans],
                    fd.active_count(aplan, dirs["enterprises"]))
    afull = [(s["size"], s["count"]) for strata, _e, _p in plans for s in strata]
    if afull != [(10, 2), (31, 6), (16, 4), (2, 1)]:
        msgs.append("from the auditor's full inputs (size, count) %s" % afull)
    acensus = [s["values"] for strata, _e, _p in plans for s in strata if s["census"]]
    if acensus:
        msgs.append("the auditor's full inputs have census strata %s, SPEC says none"
                    % acensus)
    report("spec_example_ranges", msgs, "§10.11: 60 active, need 13, lower ends 11, no "
           "census stratum, rooms [0, 2, 1, 0], draws 2, 6, 4, 1")


def main(argv):
    path = argv[1] if len(argv) > 1 else DEFAULT
    vec = fd.load_json(path)
    failed = False

    def report(name, msgs, n):
        nonlocal failed
        if msgs:
            failed = True
            print("FAIL %s: %s" % (name, "; ".join(msgs)))
        else:
            print("OK %s (%s)" % (name, n if isinstance(n, str) else "%d vectors" % n))

    # Examples quoted in SPEC.md prose, independent of the vector file
    msgs = []
    if fd.framed_hash("t", "ab") != fd.sha256(bytes.fromhex("00000001" "74" "00000002" "6162")):
        msgs.append("§2 H(\"t\",\"ab\") is not SHA-256 of the 11 framed bytes")
    if fd.jcs({"b": 1, "a": [True, None, "企业\n"]}) != '{"a":[true,null,"企业\\n"],"b":1}'.encode():
        msgs.append("§3.1 JCS example")
    if fd.largest_remainder(10, [66, 27, 7], [66, 27, 7]) != [6, 3, 1] or \
            fd.largest_remainder(10, [10, 10, 10], [10, 10, 10]) != [4, 3, 3]:
        msgs.append("§4.4 largest_remainder examples")
    s = fd.Stream(bytes(32))
    if s.below(2**31 + 1) != 0x28BD8653 or s.words_read != 4:
        msgs.append("§6.1 below(2^31+1) example")
    report("spec_examples", msgs, 4)

    msgs = []
    for v in vec["framing"]:
        h = fd.framed_hash(v["tag"], *[p.encode("utf-8") for p in v["parts_utf8"]]).hex()
        if h != v["hash"].lower():
            msgs.append("H(%r, %r) = %s, expected %s" % (v["tag"], v["parts_utf8"], h, v["hash"]))
    report("framing", msgs, len(vec["framing"]))

    msgs = []
    for v in vec["canonical_json"]:
        c = fd.jcs(v["value"])
        if c != v["canonical"].encode("utf-8"):
            msgs.append("JCS gave %r, expected %r" % (c.decode("utf-8"), v["canonical"]))
    report("canonical_json", msgs, len(vec["canonical_json"]))

    msgs = []
    bad = [
        "[-1]", "[1.5]", "[1e3]", "[9007199254740992]", "[NaN]", '{"a":1,"a":2}',
        "[-0]",
    ]
    for text in bad:
        try:
            fd.jcs(fd.load_json_text(text))
            msgs.append("%s accepted, must be rejected (§3.1)" % text)
        except fd.FormatError:
            pass
    report("canonical_json_rejects", msgs, len(bad))

    msgs = []
    n = 0
    for v in vec["chacha20_words"]:
        s = fd.Stream(bytes.fromhex(v["key"]))
        got = ["%08x" % s.next_u32() for _ in v["words"]]
        n += 1
        if got != [w.lower() for w in v["words"]]:
            msgs.append("key %s: got %s, expected %s" % (v["key"][:16], got, v["words"]))
    # RFC 8439 §2.3.2 block function test vector (non-zero counter and nonce)
    key = bytes(range(32))
    nonce = bytes.fromhex("000000090000004a00000000")
    words = fd.chacha20_block_words(key, 1, nonce)
    if ["%08x" % w for w in words[:4]] != ["e4e7f110", "15593bd1", "1fdd0f50", "c47120a3"]:
        msgs.append("RFC 8439 §2.3.2 block vector")
    report("chacha20_words", msgs, n + 1)

    msgs = []
    b = vec["below"]
    s = fd.Stream(bytes.fromhex(b["key"]))
    for d in b["draws_in_sequence"]:
        before = s.words_read
        got = s.below(d["n"])
        read = s.words_read - before
        if got != d["value"] or read != d["words_read"]:
            msgs.append("below(%d) = %d reading %d words, expected %d reading %d"
                        % (d["n"], got, read, d["value"], d["words_read"]))
    report("below", msgs, len(b["draws_in_sequence"]))

    msgs = []
    for v in vec["ratio_count"]:
        for r in ("ceil", "floor", "half_up"):
            got = fd.ratio_count(v["size"], v["bp"], r)
            if got != v[r]:
                msgs.append("ratio_count(%d, %d, %s) = %d, expected %d"
                            % (v["size"], v["bp"], r, got, v[r]))
    report("ratio_count", msgs, len(vec["ratio_count"]))

    msgs = []
    for v in vec["largest_remainder"]:
        got = fd.largest_remainder(v["total"], v["weights"], v["caps"])
        if got != v["shares"]:
            msgs.append("largest_remainder(%d, %s, %s) = %s, expected %s"
                        % (v["total"], v["weights"], v["caps"], got, v["shares"]))
    report("largest_remainder", msgs, len(vec["largest_remainder"]))

    known = {"framing", "canonical_json", "chacha20_words", "below", "ratio_count",
             "largest_remainder"}
    extra = sorted(set(vec) - known)
    if extra:
        print("NOTE unchecked vector groups: %s" % ", ".join(extra))

    check_format2(argv[2] if len(argv) > 2 else DEFAULT2, report)
    check_ranges_example(report)
    check_timelock(report)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
