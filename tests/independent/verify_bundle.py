#!/usr/bin/env python3
"""Independent verifier for fairdraw/1 bundles, written from SPEC.md alone.

Usage: python3 verify_bundle.py BUNDLE.json

Prints one line per check ("OK name" or "FAIL name: ...", plus "SKIP" / "NOTE"
lines for what is deliberately not checked) and exits 0 when every check
passes, 1 otherwise. Python 3.11 standard library only.

Section numbers in comments (§n) refer to SPEC.md.
"""

import datetime
import hashlib
import json
import struct
import sys

FORMAT = "fairdraw/1"

# --------------------------------------------------------------------------
# JSON input (§3.1): only objects, arrays, strings, true, false, null and
# integers 0 .. 2^53-1 are acceptable.
# --------------------------------------------------------------------------

MAX_INT = 2**53 - 1


class FormatError(Exception):
    pass


def _reject_float(s):
    raise FormatError("non-integer number %s" % s)


def _check_int(s):
    # json hands us the literal text; "-0" and negatives are out of range
    v = int(s)
    if s.startswith("-") or v > MAX_INT:
        raise FormatError("integer out of range %s" % s)
    return v


def _reject_constant(s):
    raise FormatError("non-JSON constant %s" % s)


def _no_duplicates(pairs):
    # RFC 8785 relies on I-JSON, which forbids duplicate member names
    d = {}
    for k, v in pairs:
        if k in d:
            raise FormatError("duplicate member name %r" % k)
        d[k] = v
    return d


def load_json_text(text):
    return json.loads(
        text,
        parse_float=_reject_float,
        parse_int=_check_int,
        parse_constant=_reject_constant,
        object_pairs_hook=_no_duplicates,
    )


def load_json(path):
    with open(path, "rb") as f:
        return load_json_text(f.read().decode("utf-8"))


# --------------------------------------------------------------------------
# Canonical JSON (§3.1, RFC 8785 subset)
# --------------------------------------------------------------------------

_ESC = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n",
        "\r": "\\r", "\t": "\\t"}


def _jcs_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch in _ESC:
            out.append(_ESC[ch])
        elif o < 0x20:
            out.append("\\u%04x" % o)
        elif 0xD800 <= o <= 0xDFFF:
            raise FormatError("lone surrogate in string")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _utf16_key(s):
    return s.encode("utf-16-be")


def _jcs(v, out):
    if v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif v is None:
        out.append("null")
    elif isinstance(v, int):
        if v < 0 or v > MAX_INT:
            raise FormatError("integer out of range %d" % v)
        out.append(str(v))
    elif isinstance(v, str):
        out.append(_jcs_string(v))
    elif isinstance(v, list):
        out.append("[")
        for i, x in enumerate(v):
            if i:
                out.append(",")
            _jcs(x, out)
        out.append("]")
    elif isinstance(v, dict):
        out.append("{")
        # UTF-16 code unit order; big-endian UTF-16 bytes compare the same way
        for i, k in enumerate(sorted(v, key=_utf16_key)):
            if i:
                out.append(",")
            out.append(_jcs_string(k))
            out.append(":")
            _jcs(v[k], out)
        out.append("}")
    else:
        raise FormatError("value of type %s not allowed" % type(v).__name__)


def jcs(v):
    out = []
    _jcs(v, out)
    return "".join(out).encode("utf-8")


# --------------------------------------------------------------------------
# Hashing (§2)
# --------------------------------------------------------------------------

def sha256(b):
    return hashlib.sha256(b).digest()


def u32be(n):
    return struct.pack(">I", n)


def u64be(n):
    return struct.pack(">Q", n)


def _bytes(p):
    return p.encode("utf-8") if isinstance(p, str) else bytes(p)


def framed_hash(tag, *parts):
    h = hashlib.sha256()
    t = tag.encode("ascii")
    h.update(u32be(len(t)))
    h.update(t)
    for p in parts:
        b = _bytes(p)
        h.update(u32be(len(b)))
        h.update(b)
    return h.digest()


# --------------------------------------------------------------------------
# ChaCha20 (RFC 8439 §2.3) and bounded integers (§6.1)
# --------------------------------------------------------------------------

M32 = 0xFFFFFFFF


def _rotl(v, c):
    return ((v << c) & M32) | (v >> (32 - c))


def _qr(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & M32
    s[d] = _rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & M32
    s[b] = _rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & M32
    s[d] = _rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & M32
    s[b] = _rotl(s[b] ^ s[c], 7)


def chacha20_block_words(key, counter, nonce=b"\x00" * 12):
    """The 16 output words of the RFC 8439 block function."""
    if len(key) != 32 or len(nonce) != 12:
        raise ValueError("bad key or nonce length")
    init = ([0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
            + list(struct.unpack("<8I", key))
            + [counter & M32]
            + list(struct.unpack("<3I", nonce)))
    s = list(init)
    for _ in range(10):
        _qr(s, 0, 4, 8, 12)
        _qr(s, 1, 5, 9, 13)
        _qr(s, 2, 6, 10, 14)
        _qr(s, 3, 7, 11, 15)
        _qr(s, 0, 5, 10, 15)
        _qr(s, 1, 6, 11, 12)
        _qr(s, 2, 7, 8, 13)
        _qr(s, 3, 4, 9, 14)
    # serialising little-endian and reading back little-endian is the identity,
    # so the state words are the stream words
    return [(s[i] + init[i]) & M32 for i in range(16)]


class Stream:
    def __init__(self, key):
        self.key = bytes(key)
        self.block = 0
        self.buf = []
        self.words_read = 0

    def next_u32(self):
        if not self.buf:
            self.buf = chacha20_block_words(self.key, self.block)
            self.block += 1
        self.words_read += 1
        return self.buf.pop(0)

    def below(self, n):
        if not (1 <= n <= 2**32):
            raise ValueError("below(%d) out of range" % n)
        if n == 1:
            return 0
        zone = 2**32 - (2**32 % n)
        while True:
            x = self.next_u32()
            if x < zone:
                return x % n


# --------------------------------------------------------------------------
# Counts (§4.4)
# --------------------------------------------------------------------------

def ratio_count(size, bp, rounding):
    p = size * bp
    if rounding == "ceil":
        return -(-p // 10000)
    if rounding == "floor":
        return p // 10000
    if rounding == "half_up":
        return (p + 5000) // 10000
    raise ValueError("unknown rounding %r" % rounding)


def rule_count(rule, size, rounding):
    if rule["ratio_bp"] is not None:
        raw = ratio_count(size, rule["ratio_bp"], rounding)
    else:
        raw = rule["count"] if rule["count"] is not None else 0
    c = max(raw, rule["min"])
    if rule["max"] is not None:
        c = min(c, rule["max"])
    return min(c, size)


def largest_remainder(total, w, cap):
    n = len(w)
    W = sum(w)
    if W == 0 or total == 0:
        return [0] * n
    share = [0] * n
    rem = [0] * n
    for i in range(n):
        e = total * w[i]
        share[i] = min(e // W, cap[i])
        rem[i] = 0 if share[i] == cap[i] else e % W
    order = sorted(range(n), key=lambda i: (-rem[i], -w[i], i))
    left = max(0, total - sum(share))
    while left > 0:
        gave = False
        for i in order:
            if left == 0:
                break
            if share[i] < cap[i]:
                share[i] += 1
                left -= 1
                gave = True
        if not gave:
            break
    return share


# --------------------------------------------------------------------------
# Plan normalisation (§4.1 defaults)
# --------------------------------------------------------------------------

DEFAULT_RULES = {
    "yearly_cap": 2,
    "cap_exempt_flags": ["abnormal", "blacklist", "penalized", "serious_violation"],
    "exclude_higher_level": True,
    "active_statuses": ["active"],
    "min_total_bp": 0,
}


def _fill(obj, defaults):
    obj = dict(obj or {})
    for k, v in defaults.items():
        if k not in obj:
            obj[k] = json.loads(json.dumps(v))
    return obj


def normalize_plan(plan):
    p = _fill(plan, {"number": "", "name": "", "department": "", "year": 0,
                     "tasks": []})
    if "rules" in p:
        # SPEC ambiguity: members missing from a present "rules" object take
        # the values of the default "rules" object (see README)
        p["rules"] = _fill(p["rules"], DEFAULT_RULES)
    else:
        p["rules"] = dict(DEFAULT_RULES)
    tasks = []
    for t in p["tasks"]:
        t = _fill(t, {"number": "", "name": "", "directed": False, "filter": [],
                      "sampling": {}, "items": {}, "team": {}, "window": {}})
        t["filter"] = [_fill(c, {"field": "", "op": "", "values": []})
                       for c in t["filter"]]
        s = _fill(t["sampling"], {"strata_by": [], "allocation": "per_stratum",
                                  "rules": [], "rounding": "ceil",
                                  "min_total_bp": 0, "census_flags": [],
                                  "reserves": 0})
        s["rules"] = [_fill(r, {"when": {}, "ratio_bp": None, "count": None,
                                "min": 0, "max": None}) for r in s["rules"]]
        t["sampling"] = s
        t["items"] = _fill(t["items"], {"fixed": [], "draw": 0})
        t["team"] = _fill(t["team"], {"size": 0, "qualification": "",
                                      "cross_region": False, "departments": [],
                                      "expert": False, "expert_qualification": "",
                                      "load_cap": 0})
        t["window"] = _fill(t["window"], {"start": "", "end": ""})
        tasks.append(t)
    p["tasks"] = tasks
    return p


ENTERPRISE_MEMBERS = {"id": "", "name": "", "kind": "", "industry": "", "region": "",
                      "risk": "", "flags": [], "status": "", "address": "",
                      "attrs": {}}
INSPECTOR_MEMBERS = {"id": "", "name": "", "unit": "", "department": "", "region": "",
                     "qualifications": [], "cert_expiry": "", "expert": False,
                     "status": "", "conflicts": []}
ITEM_MEMBERS = {"code": "", "name": "", "basis": "", "level": "", "categories": []}
RECORD_MEMBERS = {"enterprise_id": "", "date": "", "department": "", "level": ""}

KNOWN_FLAGS = {"key", "blacklist", "serious_violation", "abnormal", "penalized",
               "trusted"}


# --------------------------------------------------------------------------
# Planning (§4.2 - §4.4)
# --------------------------------------------------------------------------

STRATA_FIELDS = ("kind", "industry", "region", "risk", "status")


def field_value(ent, field):
    if field.startswith("attr:"):
        return ent["attrs"].get(field[5:], "")
    if field in STRATA_FIELDS:
        return ent[field]
    # an unknown field makes the plan infeasible (§4.6); evaluation goes on
    # so that the other checks can still be reported
    return ""


def membership(ent, task, plan, history_by_ent):
    rules = plan["rules"]
    if ent["status"] not in rules["active_statuses"]:
        return ("inactive", None)
    if not any(f in rules["cap_exempt_flags"] for f in ent["flags"]):
        prefix = "%04d-" % plan["year"]
        recs = [r for r in history_by_ent.get(ent["id"], [])
                if r["date"].startswith(prefix)]
        same = sum(1 for r in recs
                   if r["level"] != "higher" and r["department"] == plan["department"])
        higher = any(r["level"] == "higher" for r in recs)
        if rules["yearly_cap"] > 0 and same >= rules["yearly_cap"]:
            return ("yearly_cap", None)
        if rules["exclude_higher_level"] and higher:
            return ("higher_level", None)
    for cond in task["filter"]:
        if cond["field"] == "flag":
            hit = any(f in cond["values"] for f in ent["flags"])
        else:
            hit = field_value(ent, cond["field"]) in cond["values"]
        holds = hit if cond["op"] == "in" else (not hit if cond["op"] == "not_in" else False)
        if not holds:
            return ("out_of_scope", None)
    if any(f in task["sampling"]["census_flags"] for f in ent["flags"]):
        return ("census", None)
    key = tuple(field_value(ent, f) for f in task["sampling"]["strata_by"])
    return ("regular", key)


def _key_order(key):
    # element-wise byte order, a proper prefix first: Python tuple order on
    # UTF-8 bytes is exactly that
    return tuple(v.encode("utf-8") for v in key)


def rule_matches(rule, strata_by, key):
    for f, v in rule["when"].items():
        if f not in strata_by:
            return False
        if key[strata_by.index(f)] != v:
            return False
    return True


def plan_task(task, plan, enterprises, history_by_ent):
    """Return (strata, excluded, problems); each stratum is a dict with the
    commitment members plus 'members' (list of enterprises, ID order)."""
    excluded = {"inactive": 0, "yearly_cap": 0, "higher_level": 0, "out_of_scope": 0}
    census = []
    regular = {}
    for ent in enterprises:
        kind, key = membership(ent, task, plan, history_by_ent)
        if kind in excluded:
            excluded[kind] += 1
        elif kind == "census":
            census.append(ent)
        else:
            regular.setdefault(key, []).append(ent)
    problems = []
    s = task["sampling"]
    strata = []
    if census:
        strata.append({"values": [], "census": True, "members": census,
                       "size": len(census), "count": len(census)})
    for key in sorted(regular, key=_key_order):
        strata.append({"values": list(key), "census": False, "members": regular[key],
                       "size": len(regular[key]), "count": 0})
    reg = [st for st in strata if not st["census"]]
    if s["allocation"] == "per_stratum":
        for st in reg:
            rule = next((r for r in s["rules"]
                         if rule_matches(r, s["strata_by"], st["values"])), None)
            if rule is None:
                problems.append("task %s: stratum %s matches no rule"
                                % (task["number"], st["values"]))
                continue
            st["count"] = rule_count(rule, st["size"], s["rounding"])
    elif s["allocation"] == "proportional":
        rule = next((r for r in s["rules"] if not r["when"]), None)
        if rule is None:
            problems.append("task %s: proportional without a rule with empty when"
                            % task["number"])
        else:
            sizes = [st["size"] for st in reg]
            total = rule_count(rule, sum(sizes), s["rounding"])
            for st, c in zip(reg, largest_remainder(total, sizes, sizes)):
                st["count"] = c
    else:
        problems.append("task %s: unknown allocation %r" % (task["number"], s["allocation"]))
    if s["min_total_bp"] > 0:
        P = sum(st["size"] for st in strata)
        need = ratio_count(P, s["min_total_bp"], "ceil")
        have = sum(st["count"] for st in strata)
        if have < need:
            room = [st["size"] - st["count"] for st in reg]
            for st, extra in zip(reg, largest_remainder(need - have, room, room)):
                st["count"] += extra
    return strata, excluded, problems


def commitment_task(task, strata, excluded):
    return {
        "number": task["number"],
        "name": task["name"],
        "directed": task["directed"],
        "pool": sum(st["size"] for st in strata),
        "count": sum(st["count"] for st in strata),
        "excluded": excluded,
        "strata": [{"values": st["values"], "census": st["census"],
                    "size": st["size"], "count": st["count"]} for st in strata],
    }


# --------------------------------------------------------------------------
# Teams (§6.3)
# --------------------------------------------------------------------------

def regular_candidates(task, inspectors):
    team = task["team"]
    end = task["window"]["end"]
    return [i for i in inspectors
            if i["status"] == "active" and i["cert_expiry"] != ""
            and i["cert_expiry"] >= end
            and (team["qualification"] == "" or team["qualification"] in i["qualifications"])]


def expert_candidates(task, inspectors):
    team = task["team"]
    if not team["expert"]:
        return []
    return [i for i in inspectors
            if i["status"] == "active" and i["expert"] is True
            and (team["expert_qualification"] == ""
                 or team["expert_qualification"] in i["qualifications"])]


def eligible_regular(insp, ent, task):
    if ent["id"] in insp["conflicts"]:
        return False
    if task["team"]["cross_region"] and insp["region"] == ent["region"]:
        return False
    return True


def eligible_expert(insp, ent):
    return ent["id"] not in insp["conflicts"]


def slots_of(task):
    team = task["team"]
    slots = [("regular", d) for d in team["departments"]]
    slots += [("regular", None)] * max(0, team["size"] - len(team["departments"]))
    if team["expert"]:
        slots.append(("expert", None))
    return slots


def assign_teams(task, selected_ents, inspectors, stream):
    """selected_ents: enterprises in selected-list order. Returns a list of
    (team, over_cap, unfilled) in the same order."""
    team = task["team"]
    R = regular_candidates(task, inspectors)
    X = expert_candidates(task, inspectors)
    e = [sum(1 for i in R if eligible_regular(i, ent, task)) for ent in selected_ents]
    order = sorted(range(len(selected_ents)), key=lambda k: (e[k], k))
    load = {}
    out = [None] * len(selected_ents)
    for k in order:
        ent = selected_ents[k]
        members = []
        in_team = set()
        over_cap = 0
        unfilled = 0
        for pool_kind, dept in slots_of(task):
            if pool_kind == "regular":
                cands = [i for i in R if eligible_regular(i, ent, task)
                         and (dept is None or i["department"] == dept)
                         and i["id"] not in in_team]
            else:
                cands = [i for i in X if eligible_expert(i, ent) and i["id"] not in in_team]
            if not cands:
                unfilled += 1
                continue
            kept = cands
            if team["load_cap"] > 0:
                kept = [i for i in cands if load.get(i["id"], 0) < team["load_cap"]]
                if not kept:
                    kept = cands
                    over_cap += 1
            low = min(load.get(i["id"], 0) for i in kept)
            T = [i for i in kept if load.get(i["id"], 0) == low]
            pick = T[stream.below(len(T))]
            in_team.add(pick["id"])
            load[pick["id"]] = load.get(pick["id"], 0) + 1
            members.append({"id": pick["id"], "name": pick["name"],
                            "department": pick["department"],
                            "role": "inspector" if pool_kind == "regular" else "expert"})
        out[k] = (members, over_cap, unfilled)
    return out


# --------------------------------------------------------------------------
# Items (§6.4)
# --------------------------------------------------------------------------

def draw_items(task, ent, checklist, stream):
    fixed = task["items"]["fixed"]
    A = [it["code"] for it in checklist
         if (not it["categories"] or ent["industry"] in it["categories"])
         and it["code"] not in fixed]
    n = len(A)
    j = min(task["items"]["draw"], n)
    if j < n:
        for i in range(j):
            k = i + stream.below(n - i)
            A[i], A[k] = A[k], A[i]
    return sorted(list(fixed) + A[:j], key=lambda c: c.encode("utf-8"))


# --------------------------------------------------------------------------
# The draw (§6) and result (§7)
# --------------------------------------------------------------------------

def compute_result(seed, plan, dirs, plans):
    """plans: per task (strata, excluded) from plan_task."""
    tasks_out = []
    for task, (strata, _exc) in zip(plan["tasks"], plans):
        num = task["number"]
        reserves_n = task["sampling"]["reserves"]
        strata_out = []
        selected = []  # (ticket, id, ent, stratum index)
        for idx, st in enumerate(strata):
            ranked = sorted(((framed_hash("fairdraw/1/ticket", seed, num, ent["id"]),
                              ent["id"], ent) for ent in st["members"]),
                            key=lambda t: (t[0], t[1].encode("utf-8")))
            c = st["count"]
            chosen = ranked[:c]
            if c > 0:
                cutoff, cutoff_id = chosen[-1][0].hex(), chosen[-1][1]
            else:
                cutoff, cutoff_id = "", ""
            res = [] if st["census"] else ranked[c:c + reserves_n]
            strata_out.append({"values": st["values"], "census": st["census"],
                               "size": st["size"], "count": c,
                               "cutoff": cutoff, "cutoff_id": cutoff_id,
                               "reserves": [{"id": r[1], "ticket": r[0].hex()} for r in res]})
            for t, i, ent in chosen:
                selected.append((t, i, ent, idx))
        selected.sort(key=lambda s: (s[0], s[1].encode("utf-8")))
        ents = [s[2] for s in selected]
        team_stream = Stream(framed_hash("fairdraw/1/stream", seed, num, "team"))
        teams = assign_teams(task, ents, dirs["inspectors"], team_stream)
        item_stream = Stream(framed_hash("fairdraw/1/stream", seed, num, "items"))
        sel_out = []
        for (t, i, ent, idx), (members, over_cap, unfilled) in zip(selected, teams):
            sel_out.append({"id": i, "name": ent["name"], "stratum": idx, "ticket": t.hex(),
                            "team": members,
                            "items": draw_items(task, ent, dirs["checklist"], item_stream),
                            "over_cap": over_cap, "unfilled": unfilled})
        tasks_out.append({"number": num, "name": task["name"], "directed": task["directed"],
                          "strata": strata_out, "selected": sel_out})
    return {"seed": seed.hex(), "tasks": tasks_out}


# --------------------------------------------------------------------------
# drand constants (§5.1)
# --------------------------------------------------------------------------

CHAINS = {
    "quicknet": {"hash": "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971",
                 "period": 3, "genesis": 1692803367, "sig_len": 48},
    "default": {"hash": "8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce",
                "period": 30, "genesis": 1595431050, "sig_len": 96},
}


def parse_time(s):
    if not isinstance(s, str) or "T" not in s:
        raise ValueError("not an RFC 3339 time: %r" % (s,))
    t = datetime.datetime.fromisoformat(s.replace("z", "Z"))
    if t.tzinfo is None:
        raise ValueError("time without offset: %r" % s)
    return t


def fmt_time(unix):
    return datetime.datetime.fromtimestamp(unix, datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def valid_date(s):
    if not isinstance(s, str) or len(s) != 10 or s[4] != "-" or s[7] != "-":
        return False
    try:
        datetime.date.fromisoformat(s)
        return True
    except ValueError:
        return False


def unhex(s, n=None):
    b = bytes.fromhex(s)
    if len(s) % 2 or (n is not None and len(b) != n):
        raise ValueError("bad hex length")
    return b


# --------------------------------------------------------------------------
# GB 32100-2015 check character (§3.2)
# --------------------------------------------------------------------------

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def uscc_valid(s):
    if len(s) != 18 or any(c not in USCC_CHARS for c in s):
        return False
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(s[:17], USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31] == s[17]


# --------------------------------------------------------------------------
# Verification (§8)
# --------------------------------------------------------------------------

class Report:
    def __init__(self):
        self.failed = False

    def ok(self, name, detail=""):
        print("OK %s%s" % (name, (" (" + detail + ")") if detail else ""))

    def fail(self, name, msgs):
        self.failed = True
        if isinstance(msgs, str):
            msgs = [msgs]
        shown = msgs[:20]
        more = len(msgs) - len(shown)
        text = "; ".join(shown) + ("; … %d more" % more if more > 0 else "")
        print("FAIL %s: %s" % (name, text))

    def check(self, name, msgs, detail=""):
        if msgs:
            self.fail(name, msgs)
        else:
            self.ok(name, detail)

    def note(self, kind, name, text):
        print("%s %s: %s" % (kind, name, text))


def _sorted_distinct(keys):
    return all(keys[i] < keys[i + 1] for i in range(len(keys) - 1))


def _bkey(x):
    if isinstance(x, tuple):
        return tuple(v.encode("utf-8") for v in x)
    return x.encode("utf-8")


def check_format(bundle, rep):
    msgs = []
    for where, obj in (("bundle", bundle), ("commitment", bundle.get("commitment", {})),
                       ("inputs", bundle.get("inputs", {}))):
        if obj.get("format") != FORMAT:
            msgs.append("%s.format is %r" % (where, obj.get("format")))
    d = bundle["inputs"]["directories"]
    for name, key, members in (
            ("enterprises", lambda e: e["id"], ENTERPRISE_MEMBERS),
            ("inspectors", lambda e: e["id"], INSPECTOR_MEMBERS),
            ("checklist", lambda e: e["code"], ITEM_MEMBERS),
            ("history", lambda r: (r["enterprise_id"], r["date"], r["department"],
                                   r["level"]), RECORD_MEMBERS)):
        rows = d[name]
        keys = [_bkey(key(r)) for r in rows]
        # SPEC ambiguity (§3.2 vs §8): history is "sorted by" its four members
        # but identical records (two visits on one day) are real, so only
        # order is required there
        strict = name != "history"
        bad = [i for i in range(len(keys) - 1)
               if not (keys[i] < keys[i + 1] or (not strict and keys[i] == keys[i + 1]))]
        if bad:
            msgs.append("%s not sorted%s at position %d"
                        % (name, " with distinct keys" if strict else "", bad[0] + 1))
        for r in rows:
            extra = set(r) - set(members)
            if extra:
                msgs.append("%s %s has unknown members %s" % (name, key(r), sorted(extra)))
            for m, dv in members.items():
                if isinstance(dv, list) and m in r:
                    vals = [_bkey(v) for v in r[m]]
                    if not _sorted_distinct(vals):
                        msgs.append("%s %s: %s not sorted/distinct" % (name, key(r), m))
    rep.check("format", msgs)

    bad_ids = [e["id"] for e in d["enterprises"] if not uscc_valid(e["id"])]
    rep.check("enterprise_ids", ["%s has no valid GB 32100 check character" % i
                                 for i in bad_ids],
              "%d IDs" % len(d["enterprises"]))


def normalized_directories(inputs):
    d = inputs["directories"]
    return {
        "enterprises": [_fill(e, ENTERPRISE_MEMBERS) for e in d["enterprises"]],
        "inspectors": [_fill(i, INSPECTOR_MEMBERS) for i in d["inspectors"]],
        "checklist": [_fill(c, ITEM_MEMBERS) for c in d["checklist"]],
        "history": [_fill(h, RECORD_MEMBERS) for h in d["history"]],
    }


def feasibility(plan, dirs, plans):
    msgs = []
    fields = {"kind", "industry", "region", "risk", "status"}

    def field_ok(f, allow_flag):
        return f in fields or (f.startswith("attr:")) or (allow_flag and f == "flag")

    for f in plan["rules"]["cap_exempt_flags"]:
        if f not in KNOWN_FLAGS:
            msgs.append("rules.cap_exempt_flags: unknown flag %r" % f)
    codes = {c["code"] for c in dirs["checklist"]}
    for task, (strata, _exc, problems) in zip(plan["tasks"], plans):
        tn = "task %s" % task["number"]
        msgs += problems
        s = task["sampling"]
        for c in task["filter"]:
            if not field_ok(c["field"], True):
                msgs.append("%s: unknown filter field %r" % (tn, c["field"]))
            if c["op"] not in ("in", "not_in"):
                msgs.append("%s: unknown operator %r" % (tn, c["op"]))
            if c["field"] == "flag":
                msgs += ["%s: unknown flag %r" % (tn, v) for v in c["values"]
                         if v not in KNOWN_FLAGS]
        for f in s["strata_by"]:
            if not field_ok(f, False):
                msgs.append("%s: unknown strata_by field %r" % (tn, f))
        msgs += ["%s: unknown census flag %r" % (tn, f) for f in s["census_flags"]
                 if f not in KNOWN_FLAGS]
        if s["rounding"] not in ("ceil", "floor", "half_up"):
            msgs.append("%s: unknown rounding %r" % (tn, s["rounding"]))
        for r in s["rules"]:
            if (r["ratio_bp"] is None) == (r["count"] is None):
                msgs.append("%s: rule %s gives both or neither of ratio_bp/count"
                            % (tn, r["when"]))
            if r["ratio_bp"] is not None and r["ratio_bp"] > 10000:
                msgs.append("%s: ratio %d > 10000" % (tn, r["ratio_bp"]))
            if r["max"] is not None and r["min"] > r["max"]:
                msgs.append("%s: min > max in rule %s" % (tn, r["when"]))
            for f in r["when"]:
                if f not in s["strata_by"]:
                    msgs.append("%s: when names %r outside strata_by" % (tn, f))
        team = task["team"]
        if team["size"] < 2:
            msgs.append("%s: team.size %d < 2" % (tn, team["size"]))
        deps = team["departments"]
        if len(set(deps)) != len(deps) or len(deps) > team["size"]:
            msgs.append("%s: team.departments has duplicates or more than size" % tn)
        w = task["window"]
        if not valid_date(w["start"]) or not valid_date(w["end"]) or w["start"] > w["end"]:
            msgs.append("%s: invalid window %s..%s" % (tn, w["start"], w["end"]))
        for code in task["items"]["fixed"]:
            if code not in codes:
                msgs.append("%s: fixed item %s not in checklist" % (tn, code))
        R = regular_candidates(task, dirs["inspectors"])
        X = expert_candidates(task, dirs["inspectors"])
        for st in strata:
            for ent in st["members"]:
                elig = [i for i in R if eligible_regular(i, ent, task)]
                if len(elig) < team["size"]:
                    msgs.append("%s: %s has %d eligible inspectors < %d"
                                % (tn, ent["id"], len(elig), team["size"]))
                for dep in deps:
                    if not any(i["department"] == dep for i in elig):
                        msgs.append("%s: %s has no eligible inspector of %s"
                                    % (tn, ent["id"], dep))
                if team["expert"] and not any(eligible_expert(i, ent) for i in X):
                    msgs.append("%s: %s has no eligible expert" % (tn, ent["id"]))
        if team["load_cap"] > 0:
            count = sum(st["count"] for st in strata)
            if count * team["size"] > team["load_cap"] * len(R):
                msgs.append("%s: count × size exceeds load_cap × candidates" % tn)
    if plan["rules"]["min_total_bp"] > 0:
        # SPEC ambiguity (§4.5): "whose status is active" is read as "whose
        # status is in rules.active_statuses", as in §4.2 step 1 (see README)
        A = sum(1 for e in dirs["enterprises"]
                if e["status"] in plan["rules"]["active_statuses"])
        need = ratio_count(A, plan["rules"]["min_total_bp"], "ceil")
        total = sum(sum(st["count"] for st in p[0]) for p in plans)
        if total < need:
            msgs.append("year-level minimum: %d < %d" % (total, need))
    return msgs


def diff_value(a, b, path=""):
    """Human-readable differences between published a and recomputed b."""
    if type(a) is not type(b):
        return ["%s: published %s, recomputed %s" % (path or "value", json.dumps(a, ensure_ascii=False)[:80],
                                                     json.dumps(b, ensure_ascii=False)[:80])]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            p = "%s.%s" % (path, k) if path else k
            if k not in a:
                out.append("%s missing in published" % p)
            elif k not in b:
                out.append("%s not expected" % p)
            else:
                out += diff_value(a[k], b[k], p)
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return ["%s: published %d entries, recomputed %d" % (path, len(a), len(b))]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff_value(x, y, "%s[%d]" % (path, i))
        return out
    if a != b:
        return ["%s: published %s, recomputed %s" % (path, json.dumps(a, ensure_ascii=False),
                                                     json.dumps(b, ensure_ascii=False))]
    return []


def compare_result(pub, calc, rep):
    """Per-stratum and per-enterprise comparisons (§8 check 6)."""
    sel_msgs, team_msgs, item_msgs = [], [], []
    ptasks = pub.get("tasks", []) if isinstance(pub, dict) else []
    if len(ptasks) != len(calc["tasks"]):
        sel_msgs.append("published %d tasks, recomputed %d" % (len(ptasks), len(calc["tasks"])))
    for pt, ct in zip(ptasks, calc["tasks"]):
        tn = "task %s" % ct["number"]
        if pt.get("number") != ct["number"]:
            sel_msgs.append("%s: published task number %r" % (tn, pt.get("number")))
        ps = pt.get("strata", [])
        if len(ps) != len(ct["strata"]):
            sel_msgs.append("%s: published %d strata, recomputed %d"
                            % (tn, len(ps), len(ct["strata"])))
        for i, (a, b) in enumerate(zip(ps, ct["strata"])):
            for d in diff_value(a, b):
                sel_msgs.append("%s stratum %d %s: %s" % (tn, i, b["values"], d))
        pub_sel = {s.get("id"): s for s in pt.get("selected", [])}
        calc_sel = {s["id"]: s for s in ct["selected"]}
        for i in pub_sel:
            if i not in calc_sel:
                sel_msgs.append("%s: %s selected but not recomputed" % (tn, i))
        for i in calc_sel:
            if i not in pub_sel:
                sel_msgs.append("%s: %s recomputed but missing" % (tn, i))
        if [s.get("id") for s in pt.get("selected", [])] != [s["id"] for s in ct["selected"]] \
                and set(pub_sel) == set(calc_sel):
            sel_msgs.append("%s: selected list order differs" % tn)
        for i, c in calc_sel.items():
            p = pub_sel.get(i)
            if p is None:
                continue
            for m in ("ticket", "stratum", "name"):
                if p.get(m) != c[m]:
                    sel_msgs.append("%s: %s different %s (published %r, recomputed %r)"
                                    % (tn, i, m, p.get(m), c[m]))
            for m in ("team", "over_cap", "unfilled"):
                if p.get(m) != c[m]:
                    if m == "team":
                        detail = "published [%s], recomputed [%s]" % (
                            ", ".join(str(x.get("id")) if isinstance(x, dict) else str(x)
                                      for x in (p.get(m) or [])),
                            ", ".join(x["id"] for x in c[m]))
                        if [x.get("id") for x in (p.get(m) or []) if isinstance(x, dict)] == \
                                [x["id"] for x in c[m]]:
                            detail = "; ".join(diff_value(p.get(m), c[m], "team"))
                    else:
                        detail = "published %r, recomputed %r" % (p.get(m), c[m])
                    team_msgs.append("%s: %s different %s: %s" % (tn, i, m, detail))
            if p.get("items") != c["items"]:
                item_msgs.append("%s: %s different items: published %s, recomputed %s"
                                 % (tn, i, p.get("items"), c["items"]))
            extra = set(p) - set(c)
            if extra:
                sel_msgs.append("%s: %s unknown members %s" % (tn, i, sorted(extra)))
    n_sel = sum(len(t["selected"]) for t in calc["tasks"])
    rep.check("selection", sel_msgs, "%d strata, %d selected enterprises"
              % (sum(len(t["strata"]) for t in calc["tasks"]), n_sel))
    rep.check("teams", team_msgs)
    rep.check("items", item_msgs)


def verify(bundle, rep):
    for k in ("commitment", "inputs", "beacon", "result", "result_sha256"):
        if k not in bundle:
            rep.fail("structure", "bundle has no member %r" % k)
            return
    com = bundle["commitment"]
    inputs = bundle["inputs"]
    check_format(bundle, rep)

    # §3.3 section hashes
    salt = unhex(inputs.get("salt", ""))
    plan = normalize_plan(inputs["plan"])
    # SPEC gap (§3.3): only the plan is said to be hashed "with every member
    # present"; the reference does the same for directory rows (see README)
    dirs = normalized_directories(inputs)
    sections = {"plan": plan, "enterprises": dirs["enterprises"],
                "inspectors": dirs["inspectors"], "checklist": dirs["checklist"],
                "history": dirs["history"]}
    for name in ("plan", "enterprises", "inspectors", "checklist", "history"):
        h = framed_hash("fairdraw/1/section", salt, name, sha256(jcs(sections[name]))).hex()
        pub = com.get("inputs", {}).get(name, "")
        rep.check("inputs.%s" % name,
                  [] if h == pub.lower() else
                  ["section %s: published %s, recomputed %s" % (name, pub, h)])

    # §3.4 commitment hash
    body = {k: v for k, v in com.items() if k != "commitment"}
    ch = sha256(jcs(body)).hex()
    rep.check("commitment_hash",
              [] if ch == str(com.get("commitment", "")).lower() else
              ["published %s, recomputed %s" % (com.get("commitment"), ch)], ch)

    msgs = []
    if com.get("department") != plan["department"]:
        msgs.append("department %r is not the plan's %r" % (com.get("department"),
                                                            plan["department"]))
    cp = com.get("plan", {})
    for m in ("number", "name", "year"):
        if cp.get(m) != plan[m]:
            msgs.append("plan.%s %r is not the plan's %r" % (m, cp.get(m), plan[m]))
    seq, prev = com.get("sequence"), com.get("previous")
    if not isinstance(seq, int) or seq < 1:
        msgs.append("sequence %r is not ≥ 1" % (seq,))
    elif seq == 1 and prev != "":
        msgs.append("sequence 1 with non-empty previous")
    elif seq > 1 and (not isinstance(prev, str) or len(prev) != 64):
        msgs.append("sequence %d without a 32-byte previous hash" % seq)
    rep.check("commitment_header", msgs)

    # §4 plan evaluation
    hist = {}
    for r in dirs["history"]:
        hist.setdefault(r["enterprise_id"], []).append(r)
    plans = [plan_task(t, plan, dirs["enterprises"], hist) for t in plan["tasks"]]
    tasks = [commitment_task(t, st, ex) for t, (st, ex, _p) in zip(plan["tasks"], plans)]
    rep.check("tasks", diff_value(com.get("tasks"), tasks, "tasks"),
              "%d tasks, pools %s, counts %s" % (len(tasks), [t["pool"] for t in tasks],
                                                 [t["count"] for t in tasks]))
    rep.check("feasibility", feasibility(plan, dirs, plans))

    # §5.1 beacon
    cb = com.get("beacon", {})
    chain = CHAINS.get(cb.get("chain"))
    drand = bundle["beacon"].get("drand", {})
    msgs = []
    randomness = None
    if chain is None:
        msgs.append("unknown chain %r" % cb.get("chain"))
    else:
        if str(cb.get("chain_hash", "")).lower() != chain["hash"]:
            msgs.append("chain_hash %s is not the pinned %s" % (cb.get("chain_hash"),
                                                                chain["hash"]))
    if drand.get("round") != cb.get("round"):
        msgs.append("beacon round %r is not the committed round %r"
                    % (drand.get("round"), cb.get("round")))
    try:
        sig = unhex(drand.get("signature", ""))
        if chain and len(sig) != chain["sig_len"]:
            msgs.append("signature is %d bytes, expected %d" % (len(sig), chain["sig_len"]))
        randomness = sha256(sig)
        if "randomness" in drand and drand["randomness"].lower() != randomness.hex():
            msgs.append("randomness %s is not SHA-256(signature) %s"
                        % (drand["randomness"], randomness.hex()))
        if cb.get("chain") == "default":
            ps = unhex(drand.get("previous_signature", ""))
            if len(ps) != 96:
                msgs.append("previous_signature is %d bytes, expected 96" % len(ps))
    except (ValueError, AttributeError) as exc:
        msgs.append("signature: %s" % exc)
    rep.check("beacon", msgs, "randomness %s" % (randomness.hex() if randomness else "?"))
    rep.note("SKIP", "beacon_pairing",
             "BLS pairing and subgroup checks not performed (pure Python); "
             "randomness checked as SHA-256(signature) only")

    # §5.3 optional NIST pulse
    nist_ref = cb.get("nist")
    pulse = bundle["beacon"].get("nist_pulse")
    nist = None
    if nist_ref is not None or pulse is not None:
        msgs = []
        if nist_ref is None:
            msgs.append("the bundle carries a NIST pulse the commitment does not name")
        elif pulse is None:
            msgs.append("the commitment names a NIST pulse the bundle does not carry")
        else:
            try:
                nist = check_nist(nist_ref, pulse, msgs)
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                msgs.append("pulse unreadable: %s" % exc)
        if msgs:
            nist = None
        rep.check("beacon_nist", msgs, "pulse %s" % (pulse or {}).get("pulseIndex"))
        rep.note("SKIP", "nist_signature",
                 "RSA signature under the pinned certificate not checked; outputValue "
                 "checked as SHA-512(signed input || signature) only")

    # timing
    msgs = []
    if nist_ref is not None:
        try:
            if not parse_time(nist_ref.get("time_stamp")) > parse_time(com.get("committed_at")):
                if com.get("rehearsal") is True:
                    rep.note("NOTE", "timing", "rehearsal names a NIST pulse before committed_at")
                else:
                    msgs.append("NIST pulse at %s, not after committed_at %s"
                                % (nist_ref.get("time_stamp"), com.get("committed_at")))
        except (ValueError, AttributeError) as exc:
            msgs.append("NIST: %s" % exc)
    if chain is not None and isinstance(cb.get("round"), int) and cb["round"] >= 1:
        emitted = chain["genesis"] + (cb["round"] - 1) * chain["period"]
        try:
            et = parse_time(cb.get("emission_time"))
            if int(et.timestamp()) != emitted or et.microsecond:
                msgs.append("emission_time %s, round %d is emitted at %s"
                            % (cb.get("emission_time"), cb["round"], fmt_time(emitted)))
            ct_ = parse_time(com.get("committed_at"))
            if not emitted > ct_.timestamp():
                if com.get("rehearsal") is True:
                    rep.note("NOTE", "timing", "rehearsal names a round emitted before "
                             "committed_at")
                else:
                    msgs.append("round emitted at %s, not after committed_at %s"
                                % (fmt_time(emitted), com.get("committed_at")))
            elif emitted - ct_.timestamp() < 600 and com.get("rehearsal") is not True:
                rep.note("NOTE", "timing", "round emitted less than 10 minutes after "
                         "committed_at (the reference margin, §3.4)")
        except ValueError as exc:
            msgs.append(str(exc))
    else:
        msgs.append("cannot compute the emission time")
    rep.check("timing", msgs)

    if randomness is None or chain is None or (nist_ref is not None and nist is None):
        rep.fail("seed", "no randomness")
        return
    if nist is None:
        # §5.2 seed
        seed = framed_hash("fairdraw/1/seed", unhex(ch, 32), unhex(cb["chain_hash"], 32),
                           u64be(cb["round"]), randomness)
    else:
        # §5.3 seed
        seed = framed_hash("fairdraw/1/seed2", unhex(ch, 32), unhex(cb["chain_hash"], 32),
                           u64be(cb["round"]), randomness, u64be(nist[0]), u64be(nist[1]),
                           nist[2])
    pub_result = bundle["result"]
    rep.check("seed", [] if isinstance(pub_result, dict) and
              str(pub_result.get("seed", "")).lower() == seed.hex() else
              ["published %s, recomputed %s" % (pub_result.get("seed")
                                                if isinstance(pub_result, dict) else None,
                                                seed.hex())], seed.hex())

    # §6, §7
    stripped = [(st, ex) for st, ex, _p in plans]
    calc = compute_result(seed, plan, dirs, stripped)
    compare_result(pub_result, calc, rep)
    rep.check("result", diff_value(pub_result, calc, "result"))
    pub_hash = sha256(jcs(pub_result)).hex()
    calc_hash = sha256(jcs(calc)).hex()
    msgs = []
    if str(bundle["result_sha256"]).lower() != pub_hash:
        msgs.append("published result_sha256 %s is not SHA-256(JCS(published result)) %s"
                    % (bundle["result_sha256"], pub_hash))
    if calc_hash != pub_hash:
        msgs.append("recomputed result hashes to %s" % calc_hash)
    rep.check("result_sha256", msgs, calc_hash)

    if not rep.failed:
        verdict = "rehearsal" if com.get("rehearsal") is True else "valid"
    else:
        verdict = "invalid"
    print("VERDICT %s (beacon pairing not checked)" % verdict)


def _lv(b):
    return u32be(len(b)) + b


def check_nist(ref, p, msgs):
    """§5.3 items 1 (cipher suite only), 3 and 4; returns (chain, pulse, output)."""
    if p["cipherSuite"] != 0:
        msgs.append("cipherSuite %r is not 0" % p["cipherSuite"])
    signed = (_lv(p["uri"].encode()) + _lv(p["version"].encode())
              + u32be(p["cipherSuite"]) + u32be(p["period"])
              + _lv(unhex(p["certificateId"], 64))
              + u64be(p["chainIndex"]) + u64be(p["pulseIndex"])
              + _lv(p["timeStamp"].encode()) + _lv(unhex(p["localRandomValue"]))
              + _lv(unhex(p["external"]["sourceId"])) + u32be(p["external"]["statusCode"])
              + _lv(unhex(p["external"]["value"])))
    for lv in p["listValues"]:
        signed += _lv(unhex(lv["value"]))
    signed += _lv(unhex(p["precommitmentValue"])) + u32be(p["statusCode"])
    output = hashlib.sha512(signed + unhex(p["signatureValue"])).digest()
    if unhex(p["outputValue"], 64) != output:
        msgs.append("outputValue is not SHA-512(signed input || signature)")
    if p["chainIndex"] != ref.get("chain_index"):
        msgs.append("pulse of chain %r, committed chain %r" % (p["chainIndex"], ref.get("chain_index")))
    pt, ct = parse_time(p["timeStamp"]), parse_time(ref.get("time_stamp"))
    if pt != ct:
        msgs.append("pulse at %s, committed %s" % (p["timeStamp"], ref.get("time_stamp")))
    return (p["chainIndex"], p["pulseIndex"], output)


def main(argv):
    if len(argv) != 2:
        print("usage: verify_bundle.py BUNDLE.json", file=sys.stderr)
        return 2
    rep = Report()
    try:
        bundle = load_json(argv[1])
    except (OSError, ValueError, FormatError) as exc:
        rep.fail("json", str(exc))
        return 1
    try:
        verify(bundle, rep)
    except (KeyError, TypeError, ValueError, AttributeError, FormatError) as exc:
        rep.fail("structure", "%s: %s" % (type(exc).__name__, exc))
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
