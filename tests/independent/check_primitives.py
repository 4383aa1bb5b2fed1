#!/usr/bin/env python3
"""Checks the primitive vectors of fairdraw/1 (framing, canonical JSON, ChaCha20
words, below, ratio_count, largest_remainder) against the independent
implementation in verify_bundle.py, plus the worked examples quoted in SPEC.md.

Usage: python3 check_primitives.py [primitives.json]
Exit status 0 when every vector matches, 1 otherwise.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import verify_bundle as fd  # noqa: E402

DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "..", "vectors", "spec", "primitives.json")


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
            print("OK %s (%d vectors)" % (name, n))

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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
