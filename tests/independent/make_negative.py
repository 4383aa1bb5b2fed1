#!/usr/bin/env python3
"""Writes the shared negative vectors, tests/vectors/negative/, from
tests/vectors/spec/bundle-small.json (SPEC.md §3.5, §3.4, §4.6, §7.1, §8).

Each case changes one thing. Where the point is that only the new rule
catches it, everything derived from the inputs and the commitment (section
hashes, the commitment's tasks and hash, the seed, the result and
result_sha256) is recomputed by this independent implementation, so that
every other check still passes. The drand value of round 1000 is kept: the
seed is derived from the commitment and the beacon, not the other way round.

index.json lists every file with the verdict it must get, the §8 check that
must fail (for `invalid`) and one sentence on what was changed and why.

Usage: python3 make_negative.py [OUT_DIR]   (default tests/vectors/negative)
"""

import copy
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import verify_bundle as fd  # noqa: E402

BASE = os.path.join(HERE, "..", "vectors", "spec", "bundle-small.json")
NIST = os.path.join(HERE, "..", "vectors", "spec", "bundle-nist.json")
OUT = os.path.join(HERE, "..", "vectors", "negative")

FIRM = "92130371MACLME9QF1"          # first selected firm of task 001 (§9)


def complete(b):
    """Recompute, in place, everything derived from inputs, commitment header
    and beacon: section hashes, tasks, commitment hash, seed, result, hash."""
    inputs, com = b["inputs"], b["commitment"]
    salt = bytes.fromhex(inputs["salt"])
    plan = fd.normalize_plan(inputs["plan"])
    dirs = fd.normalized_directories(inputs)
    sections = {"plan": plan, "enterprises": dirs["enterprises"],
                "inspectors": dirs["inspectors"], "checklist": dirs["checklist"],
                "history": dirs["history"]}
    com["inputs"] = {n: fd.framed_hash("fairdraw/1/section", salt, n,
                                       fd.sha256(fd.jcs(s))).hex()
                     for n, s in sections.items()}
    hist = {}
    for r in dirs["history"]:
        hist.setdefault(r["enterprise_id"], []).append(r)
    plans = [fd.plan_task(t, plan, dirs["enterprises"], hist) for t in plan["tasks"]]
    com["tasks"] = [fd.commitment_task(t, st, ex)
                    for t, (st, ex, _p) in zip(plan["tasks"], plans)]
    com.pop("commitment", None)
    ch = fd.sha256(fd.jcs(com))
    com["commitment"] = ch.hex()
    cb = com["beacon"]
    rnd = fd.sha256(bytes.fromhex(b["beacon"]["drand"]["signature"]))
    if "nist" in cb:
        # §5.3: the pulse's chain and pulse index and its outputValue
        msgs = []
        chain_index, pulse_index, output = fd.check_nist(cb["nist"], b["beacon"]["nist_pulse"], msgs)
        assert not msgs, msgs
        seed = fd.framed_hash("fairdraw/1/seed2", ch, bytes.fromhex(cb["chain_hash"]),
                              fd.u64be(cb["round"]), rnd, fd.u64be(chain_index),
                              fd.u64be(pulse_index), output)
    else:
        seed = fd.framed_hash("fairdraw/1/seed", ch, bytes.fromhex(cb["chain_hash"]),
                              fd.u64be(cb["round"]), rnd)
    res = fd.compute_result(seed, plan, dirs, [(st, ex) for st, ex, _p in plans])
    b["result"] = res
    b["result_sha256"] = fd.sha256(fd.jcs(res)).hex()
    return b


def sort_dirs(b):
    d = b["inputs"]["directories"]
    d["enterprises"].sort(key=lambda e: e["id"].encode("utf-8"))
    d["inspectors"].sort(key=lambda e: e["id"].encode("utf-8"))


def ents(b):
    return b["inputs"]["directories"]["enterprises"]


def ent(b, eid):
    return next(e for e in ents(b) if e["id"] == eid)


def dump(v):
    return (json.dumps(v, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "A" <= c <= "Z" else c for c in s)


# --------------------------------------------------------------------------
# invalid cases: each function edits a deep copy of the bundle
# --------------------------------------------------------------------------

def dup_firm(b):
    orig = ent(b, FIRM)
    for eid in (FIRM + "\u200b", FIRM.lower(), fullwidth(FIRM)):
        c = copy.deepcopy(orig)
        c["id"] = eid
        ents(b).append(c)
    sort_dirs(b)
    return complete(b)


def name_rlo(b):
    e = ent(b, FIRM)
    e["name"] = e["name"] + "\u202egnp.exe"
    return complete(b)


def bad_check_char(b):
    e = ent(b, "91130302MAY3LH2D6Q")      # in no history record, no conflicts
    e["id"] = "91130302MAY3LH2D6R"
    sort_dirs(b)
    return complete(b)


def risk_e(b):
    ent(b, "91130302MAM370MRCC")["risk"] = "E"
    return complete(b)


def flags_order(b):
    ent(b, "91130371240302016R")["flags"] = ["serious_violation", "key"]
    return complete(b)


def ent_status(b):
    ent(b, "91130302785981020G")["status"] = "closed"
    return complete(b)


def insp_status(b):
    i = next(x for x in b["inputs"]["directories"]["inspectors"] if x["id"] == "13030044021")
    i["status"] = "retired"
    return complete(b)


def name_101(b):
    e = ent(b, FIRM)
    e["name"] = (e["name"] + "第一分公司" * 30)[:101]
    assert len(e["name"]) == 101
    return complete(b)


def commitment_upper(b):
    b["commitment"]["commitment"] = b["commitment"]["commitment"].upper()
    return b


def salt_upper(b):
    b["inputs"]["salt"] = b["inputs"]["salt"].upper()
    return complete(b)      # the salt's bytes, hence every hash, are unchanged


def emission_offset(b):
    b["commitment"]["beacon"]["emission_time"] = "2023-08-23T23:59:24+08:00"
    return complete(b)


def sequence_0(b):
    b["commitment"]["sequence"] = 0
    return complete(b)


def sequence_1_previous(b):
    b["commitment"]["previous"] = hashlib.sha256(b"an earlier commitment").hexdigest()
    return complete(b)


def plan_name_differs(b):
    b["commitment"]["plan"]["name"] = b["commitment"]["plan"]["name"] + "（修订）"
    return complete(b)


def duplicate_task(b):
    b["inputs"]["plan"]["tasks"][1]["number"] = "001"
    return complete(b)


def op_contains(b):
    b["inputs"]["plan"]["tasks"][0]["filter"][0]["op"] = "contains"
    return complete(b)


def min_total_10001(b):
    b["inputs"]["plan"]["rules"]["min_total_bp"] = 10001
    return complete(b)


def attr_empty(b):
    b["inputs"]["plan"]["tasks"][0]["filter"].append(
        {"field": "attr:", "op": "not_in", "values": ["无"]})
    return complete(b)


def round_beyond(b):
    cb = b["commitment"]["beacon"]
    cb["round"] = fd.LAST_ROUND["quicknet"] + 1
    # no TIME can be this round's emission time (it falls in the year 10000);
    # write the last one §3.5 allows, that of the last round of 9999
    cb["emission_time"] = "9999-12-31T23:59:57Z"
    return complete(b)


def name_not_nfc(b):
    e = ent(b, FIRM)
    e["address"] = e["address"] + "A\u030a座"     # A + combining ring: NFC is U+00C5
    return complete(b)


def name_trailing_space(b):
    i = b["inputs"]["directories"]["inspectors"][0]
    i["name"] = i["name"] + "\u3000"
    return complete(b)


def inspector_id_lower(b):
    i = next(x for x in b["inputs"]["directories"]["inspectors"] if x["id"] == "13030044021")
    i["id"] = "13030044021a"
    sort_dirs(b)
    return complete(b)


def history_date(b):
    b["inputs"]["directories"]["history"][0]["date"] = "2026-02-30"
    return complete(b)


def salt_8_bytes(b):
    b["inputs"]["salt"] = "0011223344556677"
    return complete(b)


def previous_upper(b):
    b["commitment"]["sequence"] = 2
    b["commitment"]["previous"] = hashlib.sha256(b"an earlier commitment").hexdigest().upper()
    return complete(b)


def committed_1969(b):
    b["commitment"]["committed_at"] = "1969-12-31T23:59:59Z"
    return complete(b)


def rehearsal_late(b):
    b["commitment"]["rehearsal"] = True
    b["commitment"]["committed_at"] = "2023-08-24T08:00:00Z"
    return complete(b)


def sealed(b, reveal_after):
    return {"format": "fairdraw/1", "document": "sealed-result",
            "commitment": b["commitment"], "beacon": b["beacon"],
            "result_sha256": b["result_sha256"], "reveal_after": reveal_after}


INVALID = [
    ("dup-firm-zero-width.json", "format", dup_firm,
     "Firm 92130371MACLME9QF1 entered 4 times (its ID, then copies with a trailing U+200B, in "
     "lower case and with full-width letters), directories re-sorted and commitment and result "
     "recomputed: §3.2/§3.5 allow only upper-case 统一社会信用代码 with a valid check character, "
     "so check 1 fails and nothing else."),
    ("name-rlo.json", "format", name_rlo,
     "A firm's name ends in U+202E (right-to-left override) + \"gnp.exe\", recomputed: §3.5 Text "
     "forbids hidden characters (U+2028–U+202E)."),
    ("id-check-character.json", "format", bad_check_char,
     "Enterprise 91130302MAY3LH2D6Q becomes 91130302MAY3LH2D6R (wrong GB 32100 check "
     "character), recomputed: §3.2/§3.5 require a correct check character."),
    ("risk-e.json", "format", risk_e,
     "An enterprise's risk is \"E\", recomputed: §3.5 Values from a list allow only \"\", A, B, "
     "C, D."),
    ("flags-order.json", "format", flags_order,
     "An enterprise's flags are [\"serious_violation\",\"key\"], recomputed: §3.5 Sorted lists "
     "must be in byte order."),
    ("enterprise-status.json", "format", ent_status,
     "An enterprise's status is \"closed\", recomputed (it is now inactive): §3.5 allows only "
     "§3.2's five status codes."),
    ("inspector-status.json", "format", insp_status,
     "Inspector 13030044021's status is \"retired\", recomputed: §3.5 allows only active or "
     "inactive."),
    ("name-101.json", "format", name_101,
     "A firm's name has 101 characters, recomputed: §3.5 Length limits a name to 1–100 Unicode "
     "scalar values."),
    ("commitment-upper-hex.json", "format", commitment_upper,
     "commitment.commitment written in upper-case hex (same bytes, nothing else changed): §1 "
     "and §3.5 Hex require lower case; a verifier comparing the hash as a string also fails "
     "check 3."),
    ("salt-upper-hex.json", "format", salt_upper,
     "inputs.salt written in upper-case hex (the same 16 bytes, so every hash is unchanged): "
     "§1 and §3.5 Hex require lower case."),
    ("emission-time-offset.json", "format", emission_offset,
     "emission_time written as 2023-08-23T23:59:24+08:00 (the same instant), commitment hash, "
     "seed and result recomputed: §1 TIME allows only the Z form; check 5 (emission_time as a "
     "TIME) fails as well."),
    ("sequence-0.json", "commitment", sequence_0,
     "sequence 0, commitment hash, seed and result recomputed: §3.4 sequence is at least 1 "
     "(§8 check 3)."),
    ("sequence-1-previous.json", "commitment", sequence_1_previous,
     "sequence 1 with a non-empty previous (64 hex digits), recomputed: §3.4 previous is \"\" "
     "exactly when sequence is 1 (§8 check 3)."),
    ("plan-name-differs.json", "commitment", plan_name_differs,
     "commitment.plan.name differs from the plan's name, commitment hash, seed and result "
     "recomputed: §3.4 and §8 check 3 require the plan's number, name and year."),
    ("duplicate-task-number.json", "commitment", duplicate_task,
     "Both tasks numbered \"001\", recomputed: §4.6 makes a plan with two tasks of the same "
     "number infeasible (§8 check 3)."),
    ("filter-op-contains.json", "commitment", op_contains,
     "A filter with op \"contains\", recomputed with this verifier's reading that an unknown "
     "condition never holds (pool 0 for task 001): §4.6 unknown operator, infeasible (the "
     "year-level minimum fails too)."),
    ("min-total-bp-10001.json", "commitment", min_total_10001,
     "rules.min_total_bp 10001, recomputed: §4.6 a min_total_bp above 10000 is infeasible "
     "(and the §4.5 year-level minimum then fails too)."),
    ("attr-empty-name.json", "commitment", attr_empty,
     "A filter on field \"attr:\" (empty attribute name; not_in [\"无\"], so the pools do not "
     "change), recomputed: §4.6 calls it an unknown field, infeasible."),
    ("round-beyond-9999.json", "timing", round_beyond,
     "Committed quicknet round 83903165812, one past the last round emitted in 9999, with "
     "emission_time 9999-12-31T23:59:57Z and commitment, seed and result recomputed: §8 check "
     "5 requires the round within §3.5's bounds; §3.5 also makes it a check 1 failure, and "
     "beacon fails (the drand value is of round 1000)."),
    ("address-not-nfc.json", "format", name_not_nfc,
     "A firm's address contains A + U+030A (combining ring above), whose NFC is U+00C5, "
     "recomputed: §3.5 Text requires NFC."),
    ("name-trailing-ideographic-space.json", "format", name_trailing_space,
     "An inspector's name ends in U+3000 (ideographic space), recomputed: §3.5 Text forbids "
     "white space at the end."),
    ("inspector-id-lower-case.json", "format", inspector_id_lower,
     "Inspector 13030044021 becomes 13030044021a, re-sorted and recomputed: §3.5 Codes allow "
     "ASCII upper-case letters only."),
    ("history-date-invalid.json", "format", history_date,
     "A history record dated 2026-02-30, recomputed: §1 and §3.5 require a valid calendar day."),
    ("salt-8-bytes.json", "format", salt_8_bytes,
     "inputs.salt of 8 bytes, section hashes and everything after recomputed: §3.5 Hex allows "
     "16 bytes or none."),
    ("previous-upper-hex.json", "format", previous_upper,
     "sequence 2 with previous in upper-case hex, recomputed: §3.5 Hex requires lower case "
     "(the §3.4 chain rule itself holds)."),
    ("committed-at-1969.json", "format", committed_1969,
     "committed_at 1969-12-31T23:59:59Z, recomputed: §1 TIME allows the years 1970 to 9999; "
     "check 5 cannot compare it and fails as well."),
]

REHEARSAL = ("control-rehearsal.json", rehearsal_late,
             "A rehearsal (rehearsal true) committed at 2023-08-24T08:00:00Z, after round 1000 "
             "was emitted, recomputed: §8 check 5 allows earlier rounds for a rehearsal, "
             "verdict rehearsal.")


def main(argv):
    out = argv[1] if len(argv) > 1 else OUT
    os.makedirs(out, exist_ok=True)
    with open(BASE, "rb") as f:
        raw = f.read()
    base = json.loads(raw)
    index = []

    def write(name, data, verdict, check, origin):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        index.append({"file": name, "verdict": verdict, "check": check, "origin": origin})

    # positive controls
    write("control-utf8-bom.json", b"\xef\xbb\xbf" + raw, "valid", None,
          "bundle-small.json preceded by the UTF-8 byte order mark: §8 Reading accepts UTF-8 "
          "with or without BOM.")
    write("control-utf16le-bom.json", b"\xff\xfe" + raw.decode("utf-8").encode("utf-16-le"), "valid", None,
          "bundle-small.json saved as UTF-16 little endian with its BOM FF FE (as Notepad "
          "saves): §8 Reading accepts it.")
    write("control-sealed.json", dump(sealed(base, "2026-12-31")), "sealed", None,
          "A sealed result made from bundle-small.json with reveal_after 2026-12-31, the "
          "latest window.end: §7.1, verdict sealed.")

    write(REHEARSAL[0], dump(REHEARSAL[1](copy.deepcopy(base))), "rehearsal", None,
          REHEARSAL[2])

    for name, check, fn, origin in INVALID:
        write(name, dump(fn(copy.deepcopy(base))), "invalid", check, origin)

    with open(NIST, "rb") as f:
        nist = json.loads(f.read())
    complete(copy.deepcopy(nist))   # the completion reproduces the published vector
    assert complete(copy.deepcopy(nist)) == nist
    b = copy.deepcopy(nist)
    b["commitment"]["beacon"]["nist"]["time_stamp"] = "2018-08-30T17:44:00.000Z"
    write("nist-time-stamp-fraction.json", dump(complete(b)), "invalid", "format",
          "bundle-nist.json with commitment.beacon.nist.time_stamp written as NIST writes it, "
          "2018-08-30T17:44:00.000Z (the same instant), commitment hash, seed (§5.3) and "
          "result recomputed: §1 allows only the NIST pulse's own timeStamp in NIST's form, "
          "the committed time_stamp is a TIME; check 5 (a TIME strictly after committed_at) "
          "fails as well.")

    write("sealed-reveal-after-soon.json", dump(sealed(base, "soon")), "invalid", "format",
          "A sealed result with reveal_after \"soon\": §7.1 reveal_after is a date "
          "YYYY-MM-DD (§1 Dates), a value check (§8 check 1).")
    write("sealed-reveal-after-early.json", dump(sealed(base, "2023-08-22")), "invalid",
          "timing",
          "A sealed result with reveal_after 2023-08-22, a day before round 1000's emission "
          "day in China time (2023-08-23): §7.1 requires no earlier; the comparison with the "
          "round's emission is counted under check 5 (timing).")

    # unreadable
    u = []
    u.append(("empty.bin", b"", "An empty file: not one JSON value (§8 Reading)."))
    u.append(("truncated-half.json", raw[:len(raw) // 2],
              "bundle-small.json cut after half its bytes, as a download cut short: not one "
              "JSON value (§8 Reading)."))
    u.append(("png-header.bin",
              bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"),
              "The first bytes of a PNG file: byte 0x89 is not UTF-8 and there is no UTF-16 "
              "BOM (§8 Reading)."))
    u.append(("json-array.json", dump([base]),
              "The bundle wrapped in a JSON array: no outer format member fairdraw/1 (§8 "
              "Reading)."))
    u.append(("commitment-alone.json", dump(base["commitment"]),
              "The bundle's commitment member alone (a commitment.json): its outer format is "
              "fairdraw/1 but it is no known document (members such as department are unknown "
              "and inputs is missing), §8 Reading."))
    b = copy.deepcopy(base)
    b["beacon"]["drand"]["beacon_id"] = "quicknet"
    u.append(("drand-unknown-member.json", dump(b),
              "beacon.drand carries an unknown member beacon_id: §3.2 refuses unknown members "
              "in any object, beacon.drand included (§8 Reading)."))
    b = copy.deepcopy(base)
    b["commitment"]["beacon"]["nist"] = None
    u.append(("nist-null.json", dump(b),
              "commitment.beacon.nist is null: §3.4 says a reader MUST reject null (the member "
              "is absent when no NIST pulse is committed), §8 Reading."))
    b = copy.deepcopy(base)
    b["commitment"]["sequence"] = 2**53
    u.append(("sequence-2p53.json", dump(b),
              "commitment.sequence 9007199254740992 (2^53): §3.1/§3.5 allow integers up to "
              "2^53 − 1 only (§8 Reading)."))
    b = copy.deepcopy(base)
    b["inputs"]["plan"]["tasks"][0]["sampling"]["reserves"] = 2**32
    u.append(("reserves-2p32.json", dump(b),
              "A task's sampling.reserves 4294967296 (2^32): §3.5 bounds reserves by 2^32 − 1 "
              "(§8 Reading)."))
    b = copy.deepcopy(base)
    del b["result"]["seed"]
    u.append(("result-no-seed.json", dump(b),
              "result.seed removed: a member missing (§7, §8 Reading)."))
    b = copy.deepcopy(base)
    b["format"] = "fairdraw/9"
    u.append(("format-fairdraw-9.json", dump(b),
              "Outer format \"fairdraw/9\": §8 Reading requires fairdraw/1."))
    text = raw.decode("utf-8")
    u.append(("duplicate-member.json",
              text.replace('  "format": "fairdraw/1",', '  "format": "fairdraw/1",\n  "format": "fairdraw/1",', 1)
              .encode("utf-8"),
              "The outer format member written twice (same value): §8 Reading refuses "
              "duplicate member names."))
    b = copy.deepcopy(base)
    b["document"] = "bundle"
    u.append(("document-unknown.json", dump(b),
              "A document member \"bundle\": §8 Reading refuses a document kind other than "
              "§7.1's sealed-result (a bundle has no document member)."))
    u.append(("round-negative.json", text.replace('"round": 1000,', '"round": -1,', 1).encode("utf-8"),
              "commitment.beacon.round written as -1: §3.1 rejects negative numbers (§8 Reading)."))
    u.append(("round-fraction.json", text.replace('"round": 1000,', '"round": 1000.0,', 1).encode("utf-8"),
              "commitment.beacon.round written as 1000.0: §3.1 rejects fractional numbers (§8 "
              "Reading)."))
    u.append(("utf16le-no-bom.bin", text.encode("utf-16-le"),
              "bundle-small.json as UTF-16 LE without a byte order mark: §8 Reading decodes "
              "UTF-16 only after FF FE or FE FF, and the bytes are not UTF-8."))
    u.append(("lone-surrogate.json",
              text.replace('"name": "秦皇岛经济技术开发区鼎联恒仓储商行"',
                           '"name": "秦皇岛经济技术开发区鼎联恒仓储商行\\ud800"', 1).encode("utf-8"),
              "A firm's name ends in the escape \\ud800, a lone surrogate that is no Unicode "
              "text: not decodable (§1 strings are UTF-8; §8 Reading)."))
    for name, data, origin in u:
        write(name, data, "unreadable", None, origin)

    with open(os.path.join(out, "index.json"), "wb") as f:
        f.write(dump(index))
    total = sum(os.path.getsize(os.path.join(out, e["file"])) for e in index)
    print("%d vectors, %d bytes, in %s" % (len(index), total, out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
