#!/usr/bin/env python3
"""Independent verifier for fairdraw/1 bundles and sealed results, written
from SPEC.md alone.

Usage: python3 verify_bundle.py [--summary] [--witness-root ROOT.pem]... FILE.json

FILE is a bundle (§7) or a sealed result (§7.1), or a fairdraw/2 auditor,
public or sealed document (§10, checked by format2.py). The file is first read
as §8 "Reading" says (UTF-8 with or without BOM, or UTF-16 with its BOM; one JSON
value without duplicate names; outer format fairdraw/1 or fairdraw/2; a known document;
every member known, present when required, of its type and integer range).
A file that fails this is `unreadable` and is not checked.

Otherwise it prints one line per check ("OK name" or "FAIL name: ...", plus
"SKIP" / "NOTE" lines for what is deliberately not checked) and a VERDICT
line. With --summary it prints exactly one line instead:

    unreadable                  exit 2
    invalid: C1,C2              exit 1  (the failed §8 checks, in §8's order:
                                         format, inputs, commitment, beacon,
                                         timing, result)
    valid | rehearsal | sealed  exit 0

For a fairdraw/2 document the report also says, per token of `witnesses`,
whether §10.8 accepts it (witness.py) and whether it witnesses the commitment
before its round, and the VERDICT line leads with "witnessed by ..." or "on
condition that commitment ... was published before round ...". Tokens never
change the verdict or --summary. This verifier pins no root; --witness-root
(PEM or DER, repeatable) trusts one for this run.

With --open ROUND.json (a quicknet round {"round", "signature", "randomness"?})
a fairdraw/2 sealed document that passes is opened (§10.9, timelock.py): the
verdict is then the opened public document's, or `invalid: open` when the
envelope does not open to exactly JCS(REVEAL); --write OUT.json saves the
opened public document.

Without --summary the exit codes are the same. Python 3.11 standard library
only. Section numbers in comments (§n) refer to SPEC.md.
"""

import datetime
import hashlib
import json
import re
import struct
import sys
import unicodedata

FORMAT = "fairdraw/1"
# format2.py imports this module as `verify_bundle`; when this file runs as a
# script, let that import find this very module rather than a second copy
sys.modules.setdefault("verify_bundle", sys.modules[__name__])

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


def rule_count(rule, size, rounding, high=False):
    """§4.4's rule_count; with high, §10.11's rule_count_high: the rule's
    ratio_max_bp in place of its ratio_bp when the rule has both (a
    ratio_max_bp is never null: null is unreadable, §10.11)."""
    ratio = rule["ratio_bp"]
    if high and ratio is not None and rule.get("ratio_max_bp") is not None:
        ratio = rule["ratio_max_bp"]
    if ratio is not None:
        raw = ratio_count(size, ratio, rounding)
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
        # §10.10: wherever the plan is hashed its canonical form leaves
        # team.groups out when its value is 0 and team.leader when its value
        # is false, each on its own, whether written or absent, in either
        # format (a format 1 plan that writes either member fails check 1,
        # but its section hash is still computed this way); other values
        # stay as written
        team = t["team"]
        if "groups" in team and team["groups"] == 0 and team["groups"] is not False:
            del team["groups"]
        if "leader" in team and team["leader"] is False:
            del team["leader"]
        # §10.11: likewise a rule's ratio_max_bp is left out when absent (it
        # is never null: null is unreadable, so a read rule has a number or
        # nothing, and nothing is filled in here) and rules.range_choice when
        # "low", whether written or absent, in either format (read them with
        # ratio_max_of() and range_choice_of())
        tasks.append(t)
    if p["rules"].get("range_choice", "low") == "low":
        p["rules"].pop("range_choice", None)
    # §10.12: rules.department_names is left out when empty, whether written
    # or absent, in either format; a non-empty list is kept as written (read
    # it with department_names_of())
    if p["rules"].get("department_names", []) == []:
        p["rules"].pop("department_names", None)
    p["tasks"] = tasks
    return p


def department_names_of(plan):
    """rules.department_names (§10.12), [] when absent: the other names under
    which history records plan.department itself. Format 2 only: in format 1
    the member counts for nothing beyond reading, check 1 and the hash."""
    return plan["rules"].get("department_names", [])


ENTERPRISE_MEMBERS = {"id": "", "name": "", "kind": "", "industry": "", "region": "",
                      "risk": "", "flags": [], "status": "", "address": "",
                      "attrs": {}}
INSPECTOR_MEMBERS = {"id": "", "name": "", "unit": "", "department": "", "region": "",
                     "qualifications": [], "cert_expiry": "", "expert": False,
                     "status": "", "conflicts": []}
ITEM_MEMBERS = {"code": "", "name": "", "basis": "", "level": "", "categories": []}
RECORD_MEMBERS = {"enterprise_id": "", "date": "", "department": "", "level": ""}

FLAG_ORDER = ("key", "blacklist", "serious_violation", "abnormal", "penalized", "trusted")
KNOWN_FLAGS = set(FLAG_ORDER)


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


def membership(ent, task, plan, history_by_ent, other_names=()):
    """§4.2. other_names: the department's other names whose records count
    towards `same` as well (§10.12's rules.department_names; format 2 passes
    them, format 1 nothing)."""
    rules = plan["rules"]
    if ent["status"] not in rules["active_statuses"]:
        return ("inactive", None)
    if not any(f in rules["cap_exempt_flags"] for f in ent["flags"]):
        prefix = "%04d-" % plan["year"]
        recs = [r for r in history_by_ent.get(ent["id"], [])
                if r["date"].startswith(prefix)]
        own = {plan["department"]}
        own.update(other_names)
        same = sum(1 for r in recs
                   if r["level"] != "higher" and r["department"] in own)
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
        i = strata_by.index(f)
        # (a format 2 public stratum may carry fewer values: check 1 fails it)
        if i >= len(key) or key[i] != v:
            return False
    return True


def plan_task(task, plan, enterprises, history_by_ent, other_names=()):
    """Return (strata, excluded, problems); each stratum is a dict with the
    commitment members plus 'members' (list of enterprises, ID order).
    other_names: see membership() (§10.12, format 2)."""
    excluded = {"inactive": 0, "yearly_cap": 0, "higher_level": 0, "out_of_scope": 0}
    census = []
    regular = {}
    for ent in enterprises:
        kind, key = membership(ent, task, plan, history_by_ent, other_names)
        if kind in excluded:
            excluded[kind] += 1
        elif kind == "census":
            census.append(ent)
        else:
            regular.setdefault(key, []).append(ent)
    # an unknown rounding makes the plan infeasible (§4.6, reported there);
    # the counts are then computed with ceil so that the other checks go on
    strata = []
    if census:
        strata.append({"values": [], "census": True, "members": census,
                       "size": len(census), "count": len(census)})
    for key in sorted(regular, key=_key_order):
        strata.append({"values": list(key), "census": False, "members": regular[key],
                       "size": len(regular[key]), "count": 0})
    problems = assign_counts(task, strata)
    return strata, excluded, problems


def assign_counts(task, strata, high=False):
    """§4.4: set each stratum's "count" from the strata sizes (census first,
    then the regular strata in §4.3 order). Returns the problems that make
    the plan infeasible. Format 2 (§10.4) uses this from the sizes alone.
    With high, the task's high counts of §10.11 (rule_count_high in place of
    rule_count everywhere)."""
    problems = []
    s = task["sampling"]
    rounding = s["rounding"] if s["rounding"] in ("ceil", "floor", "half_up") else "ceil"
    for st in strata:
        st["count"] = st["size"] if st["census"] else 0
    reg = [st for st in strata if not st["census"]]
    if s["allocation"] == "per_stratum":
        for st in reg:
            rule = next((r for r in s["rules"]
                         if rule_matches(r, s["strata_by"], st["values"])), None)
            if rule is None:
                problems.append("task %s: stratum %s matches no rule"
                                % (task["number"], st["values"]))
                continue
            st["count"] = rule_count(rule, st["size"], rounding, high)
    elif s["allocation"] == "proportional":
        rule = next((r for r in s["rules"] if not r["when"]), None)
        if rule is None:
            problems.append("task %s: proportional without a rule with empty when"
                            % task["number"])
        else:
            sizes = [st["size"] for st in reg]
            total = rule_count(rule, sum(sizes), rounding, high)
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
    return problems


RANGE_CHOICES = ("low", "high", "year_minimum")


def range_choice_of(plan):
    """rules.range_choice (§10.11), "low" when absent."""
    return plan["rules"].get("range_choice", "low")


def ratio_max_of(rule):
    """a rule's ratio_max_bp (§10.11), None when absent."""
    return rule.get("ratio_max_bp")


def apply_ranges(plan, tasks_strata, A):
    """§10.11 Counts, format 2 only. tasks_strata: per task of the plan its
    strata (dicts with "values", "census", "size"), whose "count" holds the
    task's low counts (assign_counts). Sets the counts that range_choice
    gives: "low" keeps them; "high" takes every task's high counts;
    "year_minimum" keeps the low counts and, when their sum S is below
    need = ratio_count(A, rules.min_total_bp, ceil), gives the regular strata
    of all tasks (plan order, stratum order) largest_remainder(need - S,
    room, room) more, room = max(high - low, 0) (a stratum whose low count a
    task's own min_total_bp lifted above its high count has no room and
    keeps its count). A is §4.5's (the auditor's count of active
    enterprises, or the public's directory.active). An unknown range_choice
    makes the plan infeasible (feasibility()), and its counts are then
    low's, as §10.11 says."""
    choice = range_choice_of(plan)
    if choice not in ("high", "year_minimum"):
        return
    highs = []
    for task, strata in zip(plan["tasks"], tasks_strata):
        copies = [{"values": st["values"], "census": st["census"], "size": st["size"],
                   "count": 0} for st in strata]
        assign_counts(task, copies, high=True)
        highs.append([c["count"] for c in copies])
    if choice == "high":
        for strata, hs in zip(tasks_strata, highs):
            for st, h in zip(strata, hs):
                st["count"] = h
        return
    need = ratio_count(A, plan["rules"]["min_total_bp"], "ceil")
    S = sum(st["count"] for strata in tasks_strata for st in strata)
    if S >= need:
        return
    regs, room = [], []
    for strata, hs in zip(tasks_strata, highs):
        for st, h in zip(strata, hs):
            if not st["census"]:
                regs.append(st)
                room.append(max(h - st["count"], 0))
    for st, extra in zip(regs, largest_remainder(need - S, room, room)):
        st["count"] += extra


def active_count(plan, enterprises):
    """§4.5's A: the enterprises whose status is in rules.active_statuses."""
    return sum(1 for e in enterprises if e["status"] in plan["rules"]["active_statuses"])


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
    """The slots in filling order (§6.3): (pool, department or None, repeat)."""
    team = task["team"]
    slots = [("regular", d, 1) for d in team["departments"]]
    slots.append(("regular", None, max(0, team["size"] - len(team["departments"]))))
    if team["expert"]:
        slots.append(("expert", None, 1))
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
        for pool_kind, dept, repeat in slots_of(task):
            for n_slot in range(repeat):
                if pool_kind == "regular":
                    cands = [i for i in R if eligible_regular(i, ent, task)
                             and (dept is None or i["department"] == dept)
                             and i["id"] not in in_team]
                else:
                    cands = [i for i in X if eligible_expert(i, ent) and i["id"] not in in_team]
                if not cands:
                    # the candidates only shrink as the team grows: every
                    # remaining slot of this kind stays empty as well
                    unfilled += repeat - n_slot
                    break
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
# Reading (§8 "Reading"): bytes -> text -> JSON -> members, types, ranges
# --------------------------------------------------------------------------

MAX_FILE = 1 << 30          # the largest file this verifier reads: 1 GiB
MAX32 = 2**32 - 1


class Unreadable(Exception):
    """The document is not read at all: verdict `unreadable` (§8)."""


def decode_bytes(data):
    """UTF-8 with or without BOM, or UTF-16 LE/BE with its BOM; nothing else."""
    if data.startswith(b"\xef\xbb\xbf"):
        enc, skip = "utf-8", 3
    elif data.startswith(b"\xff\xfe"):
        enc, skip = "utf-16-le", 2
    elif data.startswith(b"\xfe\xff"):
        enc, skip = "utf-16-be", 2
    else:
        enc, skip = "utf-8", 0
    try:
        return data[skip:].decode(enc)
    except UnicodeDecodeError as exc:
        raise Unreadable("not %s: byte %d cannot be decoded (%s)"
                         % (enc.upper(), exc.start + skip, exc.reason))


def _no_lone_surrogates(v, path="$"):
    if isinstance(v, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in v):
            raise Unreadable("%s: escaped lone surrogate (not Unicode text)" % path)
    elif isinstance(v, list):
        for i, x in enumerate(v):
            _no_lone_surrogates(x, "%s[%d]" % (path, i))
    elif isinstance(v, dict):
        for k, x in v.items():
            _no_lone_surrogates(k, path)
            _no_lone_surrogates(x, "%s.%s" % (path, k))


# A schema is "str", "bool", ("int", max), ("nullint", max), ("enum", names)
# (a string that is one of names), ("list", S), ("map", S) (object string ->
# S) or ("obj", {name: S}) where a name ending in "?" is a member that may be
# missing (read as its default, §3.2/§4.1).
STR, BOOL = "str", "bool"
INT, INT32 = ("int", MAX_INT), ("int", MAX32)
NULLINT, NULLINT32 = ("nullint", MAX_INT), ("nullint", MAX32)
# §6.3, §8 Reading: a team member's `role` that is none of these three names
# makes the document unreadable, in either format (`leader`, format 2's, fails check 1
# in a format 1 document)
ROLE = ("enum", ("inspector", "expert", "leader"))


def LIST(s):
    return ("list", s)


def OBJ(**m):
    return ("obj", {k.replace("__", ""): v for k, v in m.items()})


def _o(d):
    return ("obj", d)


MAP_STR = ("map", STR)

PLAN_S = _o({
    "number": STR, "name": STR, "department": STR, "year": INT32,
    "rules?": _o({"yearly_cap?": INT32, "cap_exempt_flags?": LIST(STR),
                  "exclude_higher_level?": BOOL, "active_statuses?": LIST(STR),
                  "min_total_bp?": INT32,
                  # range_choice (§10.11) is format 2's; a string in either
                  # format (another JSON type, null included, is unreadable)
                  "range_choice?": STR,
                  # department_names (§10.12) is format 2's; a list of
                  # strings in either format (null, or another type, is
                  # unreadable)
                  "department_names?": LIST(STR)}),
    "tasks": LIST(_o({
        "number": STR, "name": STR, "directed": BOOL,
        "filter?": LIST(_o({"field?": STR, "op?": STR, "values?": LIST(STR)})),
        "sampling": _o({
            "strata_by?": LIST(STR), "allocation?": STR,
            # ratio_max_bp (§10.11) is format 2's; read in either format:
            # a number or absent, never null (null, like any JSON type other
            # than a number, is unreadable, unlike ratio_bp), at most
            # 2^32 - 1 (a larger value is unreadable, §3.5)
            "rules": LIST(_o({"when?": MAP_STR, "ratio_bp?": NULLINT32,
                              "ratio_max_bp?": INT32,
                              "count?": NULLINT, "min?": INT, "max?": NULLINT})),
            "rounding?": STR, "min_total_bp?": INT32, "census_flags?": LIST(STR),
            "reserves?": INT32}),
        "items?": _o({"fixed?": LIST(STR), "draw?": INT32}),
        # groups and leader are format 2's (§10.10); formats 1 and 2 share
        # one reader, so a format 1 plan with either is read and fails check
        # 1. In either format `groups` is at most 2^32 - 1 (§3.5 Integers; a
        # larger value is unreadable) and `leader` a boolean (another type is
        # unreadable, §10.10); above 10,000 `groups` fails check 1 (§10.10)
        "team": _o({"size": INT32, "qualification?": STR, "cross_region?": BOOL,
                    "departments?": LIST(STR), "expert?": BOOL,
                    "expert_qualification?": STR, "load_cap?": INT32,
                    "groups?": INT32, "leader?": BOOL}),
        "window": _o({"start": STR, "end": STR}),
    })),
})

INPUTS_S = _o({
    "format?": STR, "salt?": STR, "plan": PLAN_S,
    "directories?": _o({
        "enterprises?": LIST(_o({
            "id": STR, "name": STR, "kind?": STR, "industry?": STR, "region?": STR,
            "risk?": STR, "flags?": LIST(STR), "status?": STR, "address?": STR,
            "attrs?": MAP_STR})),
        "inspectors?": LIST(_o({
            "id": STR, "name": STR, "unit?": STR, "department?": STR, "region?": STR,
            "qualifications?": LIST(STR), "cert_expiry?": STR, "expert?": BOOL,
            "status?": STR, "conflicts?": LIST(STR)})),
        "checklist?": LIST(_o({"code": STR, "name": STR, "basis?": STR, "level?": STR,
                               "categories?": LIST(STR)})),
        "history?": LIST(_o({"enterprise_id": STR, "date": STR, "department?": STR,
                             "level?": STR})),
    }),
})

COMMITMENT_S = _o({
    "format": STR, "department": STR,
    "plan": _o({"number": STR, "name": STR, "year": INT}),
    "sequence": INT, "previous": STR, "committed_at": STR, "rehearsal": BOOL,
    "beacon": _o({"chain": STR, "chain_hash": STR, "round": INT, "emission_time": STR,
                  "nist?": _o({"chain_index": INT, "time_stamp": STR})}),
    "inputs": _o({"plan": STR, "enterprises": STR, "inspectors": STR,
                  "checklist": STR, "history": STR}),
    "tasks": LIST(_o({
        "number": STR, "name": STR, "directed": BOOL, "pool": INT, "count": INT,
        "excluded": _o({"inactive": INT, "yearly_cap": INT, "higher_level": INT,
                        "out_of_scope": INT}),
        "strata": LIST(_o({"values": LIST(STR), "census": BOOL, "size": INT,
                           "count": INT})),
    })),
    "commitment": STR,
})

PULSE_S = _o({
    "uri": STR, "version": STR, "cipherSuite": INT, "period": INT,
    "certificateId": STR, "chainIndex": INT, "pulseIndex": INT, "timeStamp": STR,
    "localRandomValue": STR,
    "external": _o({"sourceId": STR, "statusCode": INT, "value": STR}),
    "listValues": LIST(_o({"uri": STR, "type": STR, "value": STR})),
    "precommitmentValue": STR, "statusCode": INT, "signatureValue": STR,
    "outputValue": STR,
})

BEACON_S = _o({
    "drand": _o({"round": INT, "signature": STR, "previous_signature?": STR,
                 "randomness?": STR}),
    "nist_pulse?": PULSE_S,
})

RESULT_S = _o({
    "seed": STR,
    "tasks": LIST(_o({
        "number": STR, "name": STR, "directed": BOOL,
        "strata": LIST(_o({"values": LIST(STR), "census": BOOL, "size": INT, "count": INT,
                           "cutoff": STR, "cutoff_id": STR,
                           "reserves": LIST(_o({"id": STR, "ticket": STR}))})),
        "selected": LIST(_o({"id": STR, "name": STR, "stratum": INT, "ticket": STR,
                             "team": LIST(_o({"id": STR, "name": STR, "department": STR,
                                              "role": ROLE})),
                             "items": LIST(STR), "over_cap": INT, "unfilled": INT})),
    })),
})

BUNDLE_S = _o({"format": STR, "commitment": COMMITMENT_S, "inputs": INPUTS_S,
               "beacon": BEACON_S, "result": RESULT_S, "result_sha256": STR})

SEALED_S = _o({"format": STR, "document": STR, "commitment": COMMITMENT_S,
               "beacon": BEACON_S, "result_sha256": STR, "reveal_after": STR})

DOCUMENTS = {None: ("bundle", BUNDLE_S), "sealed-result": ("sealed", SEALED_S)}

_TYPE_NAMES = {str: "a string", bool: "a boolean", int: "an integer", list: "an array",
               dict: "an object", type(None): "null"}


def _tname(v):
    return _TYPE_NAMES.get(type(v), type(v).__name__)


def check_schema(v, s, path):
    if isinstance(v, BadNumber):
        raise Unreadable("%s: the number %s is not an integer from 0 to 2^53 - 1" % (path, v))
    if s == STR:
        if not isinstance(v, str):
            raise Unreadable("%s: %s where a string is required" % (path, _tname(v)))
    elif s == BOOL:
        if not isinstance(v, bool):
            raise Unreadable("%s: %s where a boolean is required" % (path, _tname(v)))
    elif s[0] == "enum":
        if not isinstance(v, str):
            raise Unreadable("%s: %s where a string is required" % (path, _tname(v)))
        if v not in s[1]:
            raise Unreadable("%s: %s is none of %s" % (
                path, json.dumps(v, ensure_ascii=False), ", ".join(s[1])))
    elif s[0] in ("int", "nullint"):
        if v is None and s[0] == "nullint":
            return
        if not isinstance(v, int) or isinstance(v, bool):
            raise Unreadable("%s: %s where an integer is required" % (path, _tname(v)))
        if not 0 <= v <= s[1]:
            raise Unreadable("%s: %d is outside 0..%d" % (path, v, s[1]))
    elif s[0] == "list":
        if not isinstance(v, list):
            raise Unreadable("%s: %s where an array is required" % (path, _tname(v)))
        for i, x in enumerate(v):
            check_schema(x, s[1], "%s[%d]" % (path, i))
    elif s[0] == "map":
        if not isinstance(v, dict):
            raise Unreadable("%s: %s where an object is required" % (path, _tname(v)))
        for k, x in v.items():
            check_schema(x, s[1], "%s.%s" % (path, k))
    elif s[0] == "obj":
        if not isinstance(v, dict):
            raise Unreadable("%s: %s where an object is required" % (path, _tname(v)))
        members = {k.rstrip("?"): (sub, not k.endswith("?")) for k, sub in s[1].items()}
        for k in v:
            if k not in members:
                raise Unreadable("%s.%s: unknown member" % (path, k))
        for k, (sub, required) in members.items():
            if k in v:
                check_schema(v[k], sub, "%s.%s" % (path, k))
            elif required:
                raise Unreadable("%s.%s: required member missing" % (path, k))
    else:
        raise AssertionError(s)


class BadNumber(str):
    """A number literal outside §3.1's integers, kept so that the schema can
    name the member holding it."""


def _read_int(s):
    if s.startswith("-") or len(s) > 16:
        return BadNumber(s if len(s) <= 24 else s[:24] + "…")
    return int(s)


def _read_float(s):
    return BadNumber(s if len(s) <= 24 else s[:24] + "…")


def _read_json(text):
    return json.loads(text, parse_float=_read_float, parse_int=_read_int,
                      parse_constant=_reject_constant, object_pairs_hook=_no_duplicates)


def _what_else(doc):
    """A plain name for a fairdraw file that is neither bundle nor sealed result."""
    if "tasks" in doc and "commitment" in doc and "department" in doc:
        return "a commitment (commitment.json), not a bundle or a sealed result"
    if "plan" in doc and ("directories" in doc or "salt" in doc):
        return "an inputs document (inputs.json), not a bundle or a sealed result"
    return None


def read_document(data):
    """§8 Reading. Returns (kind, document) with kind "bundle" or "sealed";
    raises Unreadable with the reason."""
    if len(data) > MAX_FILE:
        raise Unreadable("larger than %d bytes, the most this verifier reads" % MAX_FILE)
    text = decode_bytes(data)
    try:
        doc = _read_json(text)
    except json.JSONDecodeError as exc:
        cut = ""
        if exc.msg.startswith("Unterminated") or exc.pos >= len(text.rstrip()):
            cut = "; the text ends inside the JSON value (cut short?)"
        raise Unreadable("not JSON: %s (line %d, column %d)%s"
                         % (exc.msg, exc.lineno, exc.colno, cut))
    except (FormatError, ValueError, RecursionError) as exc:
        raise Unreadable("not a fairdraw JSON value: %s" % exc)
    _no_lone_surrogates(doc)
    if not isinstance(doc, dict):
        raise Unreadable("$: %s, not a fairdraw document (an object)" % _tname(doc))
    if doc.get("format") == "fairdraw/2":
        # §10: format 2 documents (auditor, public, sealed)
        import format2
        return format2.read_document2(doc)
    if doc.get("format") != FORMAT:
        raise Unreadable("$.format: %s, not %r or 'fairdraw/2'"
                         % (json.dumps(doc.get("format"), ensure_ascii=False)
                            if "format" in doc else "missing", FORMAT))
    document = doc.get("document")
    if document not in DOCUMENTS or ("document" in doc and document is None):
        raise Unreadable("$.document: %s is not a known kind of document"
                         % json.dumps(document, ensure_ascii=False))
    kind, schema = DOCUMENTS[document]
    if kind == "bundle" and _what_else(doc):
        raise Unreadable("$: %s" % _what_else(doc))
    check_schema(doc, schema, "$")
    return kind, doc


# --------------------------------------------------------------------------
# Well-formed values (§3.5), check 1
# --------------------------------------------------------------------------

# Unicode White_Space
WHITE_SPACE = set(map(chr, list(range(0x09, 0x0E)) + [0x20, 0x85, 0xA0, 0x1680]
                      + list(range(0x2000, 0x200B)) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]))
HIDDEN_RANGES = [
    (0x0000, 0x001F), (0x007F, 0x009F), (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C),
    (0x06DD, 0x06DD), (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E),
    (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
]


def _hidden(c):
    o = ord(c)
    return any(a <= o <= b for a, b in HIDDEN_RANGES)


TIME_RE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z")
DATE_RE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
HEX_RE = re.compile(r"\A[0-9a-f]*\Z")
CODE_RE = re.compile(r"\A[0-9A-Z._\-\u4e00-\u9fff]{1,32}\Z")

RISKS = ("", "A", "B", "C", "D")
ENTERPRISE_STATUSES = ("active", "revoked", "cancelled", "moved_out", "suspended")
INSPECTOR_STATUSES = ("active", "inactive")
ITEM_LEVELS = ("general", "key")
RECORD_LEVELS = ("same", "higher")
# the last round emitted in the year 9999 (§3.5)
LAST_ROUND = {"quicknet": 83903165811, "default": 8393562325}


def time_value(s):
    """Unix seconds of a TIME (§1), or None when s is not one."""
    if not isinstance(s, str) or not TIME_RE.match(s):
        return None
    try:
        t = datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None
    if t.year < 1970:
        return None
    return int(t.replace(tzinfo=datetime.timezone.utc).timestamp())


def is_date(s):
    return isinstance(s, str) and bool(DATE_RE.match(s)) and valid_date(s)


class WF:
    """Collects the §3.5 violations, each naming the member."""

    def __init__(self):
        self.msgs = []

    def bad(self, path, what):
        self.msgs.append("%s: %s" % (path, what))

    def text(self, path, s, lo=0, hi=None):
        if not unicodedata.is_normalized("NFC", s):
            self.bad(path, "not NFC")
        if s and (s[0] in WHITE_SPACE or s[-1] in WHITE_SPACE):
            self.bad(path, "white space at its start or end")
        hid = [c for c in s if _hidden(c)]
        if hid:
            self.bad(path, "hidden character U+%04X" % ord(hid[0]))
        n = len(s)
        if n < lo or (hi is not None and n > hi):
            self.bad(path, "%d characters, allowed %d to %s" % (n, lo, hi if hi else "any"))

    def texts(self, path, lst, lo=0, hi=None):
        for i, s in enumerate(lst):
            self.text("%s[%d]" % (path, i), s, lo, hi)

    def uscc(self, path, s):
        if not uscc_valid(s):
            self.bad(path, "%s is not a 统一社会信用代码 with a valid check character"
                     % json.dumps(s, ensure_ascii=True))

    def code(self, path, s):
        if not CODE_RE.match(s):
            self.bad(path, "%s is not a code (1-32 of 0-9 A-Z - . _ and CJK ideographs)"
                     % json.dumps(s, ensure_ascii=True))

    def enum(self, path, s, allowed):
        if s not in allowed:
            self.bad(path, "%s is not one of %s" % (json.dumps(s, ensure_ascii=False),
                                                   ", ".join(map(repr, allowed))))

    def sorted_list(self, path, lst):
        keys = [v.encode("utf-8") for v in lst]
        if not _sorted_distinct(keys):
            self.bad(path, "not in byte order without duplicates")

    def hex(self, path, s, lengths):
        if not HEX_RE.match(s):
            what = "upper-case hex" if re.match(r"\A[0-9a-fA-F]*\Z", s) else "not hex"
            self.bad(path, what)
        elif len(s) % 2 or len(s) // 2 not in lengths:
            self.bad(path, "%d hex digits, expected %s" % (
                len(s), " or ".join(str(2 * n) for n in sorted(lengths))))

    def date(self, path, s, empty_ok=False):
        if not (is_date(s) or (empty_ok and s == "")):
            self.bad(path, "%s is not a date YYYY-MM-DD" % json.dumps(s, ensure_ascii=False))

    def time(self, path, s):
        if time_value(s) is None:
            self.bad(path, "%s is not a TIME YYYY-MM-DDTHH:MM:SSZ of a year 1970-9999"
                     % json.dumps(s, ensure_ascii=False))


def wf_commitment(w, com, p="commitment"):
    w.text(p + ".department", com["department"], 0, 100)
    w.text(p + ".plan.number", com["plan"]["number"], 1, 100)
    w.text(p + ".plan.name", com["plan"]["name"], 1, 100)
    w.hex(p + ".previous", com["previous"], {0, 32})
    w.time(p + ".committed_at", com["committed_at"])
    cb = com["beacon"]
    w.hex(p + ".beacon.chain_hash", cb["chain_hash"], {32})
    if cb["chain"] in LAST_ROUND and not 1 <= cb["round"] <= LAST_ROUND[cb["chain"]]:
        w.bad(p + ".beacon.round", "%d is outside 1..%d" % (cb["round"], LAST_ROUND[cb["chain"]]))
    w.time(p + ".beacon.emission_time", cb["emission_time"])
    if "nist" in cb:
        w.time(p + ".beacon.nist.time_stamp", cb["nist"]["time_stamp"])
    for k, v in com["inputs"].items():
        w.hex("%s.inputs.%s" % (p, k), v, {32})
    for i, t in enumerate(com["tasks"]):
        tp = "%s.tasks[%d]" % (p, i)
        w.text(tp + ".number", t["number"], 1, 100)
        w.text(tp + ".name", t["name"], 1, 100)
        for j, st in enumerate(t["strata"]):
            w.texts("%s.strata[%d].values" % (tp, j), st["values"])
    w.hex(p + ".commitment", com["commitment"], {32})


def wf_beacon(w, beacon, chain, p="beacon"):
    d = beacon["drand"]
    sig_lens = {CHAINS[chain]["sig_len"]} if chain in CHAINS else {48, 96}
    w.hex(p + ".drand.signature", d["signature"], sig_lens)
    if "previous_signature" in d:
        w.hex(p + ".drand.previous_signature", d["previous_signature"], sig_lens | {0})
    if "randomness" in d:
        w.hex(p + ".drand.randomness", d["randomness"], {32})
    # the NIST pulse keeps NIST's own form (§1, §5.3)


def wf_inputs(w, inputs, plan, dirs, p="inputs"):
    w.hex(p + ".salt", inputs.get("salt", ""), {0, 16})
    pp = p + ".plan"
    w.text(pp + ".number", plan["number"], 1, 100)
    w.text(pp + ".name", plan["name"], 1, 100)
    w.text(pp + ".department", plan["department"], 0, 100)
    r = plan["rules"]
    for m in ("cap_exempt_flags", "active_statuses"):
        w.texts("%s.rules.%s" % (pp, m), r[m])
    # §10.11's range_choice is a string, and text (§3.5, check 1): §3.5's
    # text rules, as for allocation and rounding (its name is checked by §4.6)
    if "range_choice" in r:
        w.text(pp + ".rules.range_choice", r["range_choice"])
    for i, t in enumerate(plan["tasks"]):
        tp = "%s.tasks[%d]" % (pp, i)
        w.text(tp + ".number", t["number"], 1, 100)
        w.text(tp + ".name", t["name"], 1, 100)
        for j, c in enumerate(t["filter"]):
            fp = "%s.filter[%d]" % (tp, j)
            w.text(fp + ".field", c["field"])
            w.text(fp + ".op", c["op"])
            w.texts(fp + ".values", c["values"])
        s = t["sampling"]
        sp = tp + ".sampling"
        w.texts(sp + ".strata_by", s["strata_by"])
        w.text(sp + ".allocation", s["allocation"])
        w.text(sp + ".rounding", s["rounding"])
        w.texts(sp + ".census_flags", s["census_flags"])
        for j, rule in enumerate(s["rules"]):
            for k, v in rule["when"].items():
                w.text("%s.rules[%d].when key" % (sp, j), k)
                w.text("%s.rules[%d].when.%s" % (sp, j, k), v)
        w.texts(tp + ".items.fixed", t["items"]["fixed"])
        tm = t["team"]
        w.text(tp + ".team.qualification", tm["qualification"])
        w.texts(tp + ".team.departments", tm["departments"], 1, 100)
        w.text(tp + ".team.expert_qualification", tm["expert_qualification"])
        w.text(tp + ".window.start", t["window"]["start"])
        w.text(tp + ".window.end", t["window"]["end"])
    dp = p + ".directories"
    for i, e in enumerate(dirs["enterprises"]):
        ep = "%s.enterprises[%d]" % (dp, i)
        w.uscc(ep + ".id", e["id"])
        w.text(ep + ".name", e["name"], 1, 100)
        for m in ("kind", "industry", "region"):
            w.text(ep + "." + m, e[m], 0, 100)
        w.enum(ep + ".risk", e["risk"], RISKS)
        for f in e["flags"]:
            w.enum(ep + ".flags", f, tuple(FLAG_ORDER))
        w.sorted_list(ep + ".flags", e["flags"])
        w.enum(ep + ".status", e["status"], ENTERPRISE_STATUSES)
        w.text(ep + ".address", e["address"], 0, 500)
        for k, v in e["attrs"].items():
            w.text(ep + ".attrs name", k, 1, 100)
            w.text("%s.attrs.%s" % (ep, k), v, 0, 500)
    for i, x in enumerate(dirs["inspectors"]):
        xp = "%s.inspectors[%d]" % (dp, i)
        w.code(xp + ".id", x["id"])
        w.text(xp + ".name", x["name"], 1, 100)
        for m in ("unit", "department", "region"):
            w.text(xp + "." + m, x[m], 0, 100)
        w.texts(xp + ".qualifications", x["qualifications"], 1, 100)
        w.sorted_list(xp + ".qualifications", x["qualifications"])
        w.date(xp + ".cert_expiry", x["cert_expiry"], empty_ok=True)
        w.enum(xp + ".status", x["status"], INSPECTOR_STATUSES)
        for j, c in enumerate(x["conflicts"]):
            w.uscc("%s.conflicts[%d]" % (xp, j), c)
        w.sorted_list(xp + ".conflicts", x["conflicts"])
    for i, it in enumerate(dirs["checklist"]):
        ip = "%s.checklist[%d]" % (dp, i)
        w.code(ip + ".code", it["code"])
        w.text(ip + ".name", it["name"], 1, 100)
        w.text(ip + ".basis", it["basis"], 0, 500)
        w.enum(ip + ".level", it["level"], ITEM_LEVELS)
        w.texts(ip + ".categories", it["categories"], 1, 100)
        w.sorted_list(ip + ".categories", it["categories"])
    for i, rec in enumerate(dirs["history"]):
        rp = "%s.history[%d]" % (dp, i)
        w.uscc(rp + ".enterprise_id", rec["enterprise_id"])
        w.date(rp + ".date", rec["date"])
        w.text(rp + ".department", rec["department"], 0, 100)
        w.enum(rp + ".level", rec["level"], RECORD_LEVELS)
    # lists marked sorted (§3.2): byte order, distinct keys (history: non-decreasing)
    for name, key in (("enterprises", lambda e: e["id"]), ("inspectors", lambda e: e["id"]),
                      ("checklist", lambda e: e["code"]),
                      ("history", lambda r: (r["enterprise_id"], r["date"], r["department"],
                                             r["level"]))):
        keys = [_bkey(key(r)) for r in dirs[name]]
        strict = name != "history"
        bad = [i for i in range(len(keys) - 1)
               if not (keys[i] < keys[i + 1] or (not strict and keys[i] == keys[i + 1]))]
        if bad:
            w.bad("%s.%s" % (dp, name), "not sorted%s at position %d"
                  % (" with distinct keys" if strict else "", bad[0] + 1))


def wf_result(w, res, p="result"):
    w.hex(p + ".seed", res["seed"], {32})
    for i, t in enumerate(res["tasks"]):
        tp = "%s.tasks[%d]" % (p, i)
        w.text(tp + ".number", t["number"], 1, 100)
        w.text(tp + ".name", t["name"], 1, 100)
        for j, st in enumerate(t["strata"]):
            sp = "%s.strata[%d]" % (tp, j)
            w.texts(sp + ".values", st["values"])
            if st["cutoff"] != "" or st["cutoff_id"] != "":
                w.hex(sp + ".cutoff", st["cutoff"], {32})
                w.uscc(sp + ".cutoff_id", st["cutoff_id"])
            for k, r in enumerate(st["reserves"]):
                w.uscc("%s.reserves[%d].id" % (sp, k), r["id"])
                w.hex("%s.reserves[%d].ticket" % (sp, k), r["ticket"], {32})
        for j, s in enumerate(t["selected"]):
            sp = "%s.selected[%d]" % (tp, j)
            w.uscc(sp + ".id", s["id"])
            w.text(sp + ".name", s["name"], 1, 100)
            w.hex(sp + ".ticket", s["ticket"], {32})
            for k, m in enumerate(s["team"]):
                mp = "%s.team[%d]" % (sp, k)
                w.code(mp + ".id", m["id"])
                w.text(mp + ".name", m["name"], 1, 100)
                w.text(mp + ".department", m["department"], 0, 100)
                # the reader admits inspector, expert and leader (§6.3);
                # leader is format 2's and fails check 1 here
                if m["role"] == "leader":
                    w.bad(mp + ".role", "\"leader\" is a format 2 role (§6.3, §10.10); "
                          "format 1 has no inspection groups")
            for k, c in enumerate(s["items"]):
                w.code("%s.items[%d]" % (sp, k), c)


# --------------------------------------------------------------------------
# Verification (§8)
# --------------------------------------------------------------------------

CHECKS = ("format", "inputs", "commitment", "beacon", "timing", "result")
# the §8 check each reported line belongs to
GROUP = {"format": "format", "enterprise_ids": "format",
         "commitment_hash": "commitment", "commitment_header": "commitment",
         "tasks": "commitment", "feasibility": "commitment",
         "beacon": "beacon", "beacon_nist": "beacon", "timing": "timing",
         "seed": "result", "selection": "result", "teams": "result", "items": "result",
         "result": "result", "result_sha256": "result", "structure": "format",
         # format 2 (§10.7)
         "public_inputs": "commitment", "directory": "commitment", "revealed": "result"}


class Report:
    def __init__(self, quiet=False):
        self.failed = False
        self.quiet = quiet
        self.failed_checks = set()

    def out(self, line):
        if not self.quiet:
            print(line)

    def ok(self, name, detail=""):
        self.out("OK %s%s" % (name, (" (" + detail + ")") if detail else ""))

    def fail(self, name, msgs):
        self.failed = True
        self.failed_checks.add(GROUP.get(name, name.split(".")[0]))
        if isinstance(msgs, str):
            msgs = [msgs]
        shown = msgs[:20]
        more = len(msgs) - len(shown)
        text = "; ".join(shown) + ("; … %d more" % more if more > 0 else "")
        self.out("FAIL %s: %s" % (name, text))

    def check(self, name, msgs, detail=""):
        if msgs:
            self.fail(name, msgs)
        else:
            self.ok(name, detail)

    def note(self, kind, name, text):
        self.out("%s %s: %s" % (kind, name, text))

    def failed_in_order(self):
        return [c for c in CHECKS if c in self.failed_checks]


def _sorted_distinct(keys):
    return all(keys[i] < keys[i + 1] for i in range(len(keys) - 1))


def _bkey(x):
    if isinstance(x, tuple):
        return tuple(v.encode("utf-8") for v in x)
    return x.encode("utf-8")


def check_commitment_core(com, rep):
    """§8 check 3, the part a sealed result allows: the hash, sequence and
    previous (§3.4). Returns the recomputed commitment hash (bytes)."""
    body = {k: v for k, v in com.items() if k != "commitment"}
    ch = sha256(jcs(body))
    # case is check 1's business (§3.5); here the value counts
    rep.check("commitment_hash",
              [] if ch.hex() == com["commitment"].lower() else
              ["published %s, recomputed %s" % (com["commitment"], ch.hex())], ch.hex())
    msgs = []
    seq, prev = com["sequence"], com["previous"]
    if seq < 1:
        msgs.append("sequence %d is not at least 1" % seq)
    elif seq == 1 and prev != "":
        msgs.append("sequence 1 with a non-empty previous %s" % prev)
    elif seq > 1 and not re.match(r"\A[0-9a-fA-F]{64}\Z", prev):
        msgs.append("sequence %d without the 64 hex digits of the previous commitment" % seq)
    return ch, msgs


def check_beacon(com, beacon, rep):
    """§8 check 4. Returns (randomness or None, nist tuple or None, ok)."""
    cb = com["beacon"]
    chain = CHAINS.get(cb["chain"])
    drand = beacon["drand"]
    msgs = []
    randomness = None
    if chain is None:
        msgs.append("unknown chain %r" % cb["chain"])
    elif cb["chain_hash"].lower() != chain["hash"]:
        msgs.append("chain_hash %s is not the pinned %s" % (cb["chain_hash"], chain["hash"]))
    if drand["round"] != cb["round"]:
        msgs.append("drand: beacon round %d is not the committed round %d"
                    % (drand["round"], cb["round"]))
    try:
        sig = unhex(drand["signature"])
        if chain and len(sig) != chain["sig_len"]:
            msgs.append("drand: signature is %d bytes, expected %d" % (len(sig), chain["sig_len"]))
        randomness = sha256(sig)
        if "randomness" in drand and drand["randomness"].lower() != randomness.hex():
            msgs.append("drand: randomness %s is not SHA-256(signature) %s"
                        % (drand["randomness"], randomness.hex()))
        if cb["chain"] == "default":
            ps = unhex(drand.get("previous_signature", ""))
            if len(ps) != 96:
                msgs.append("drand: previous_signature is %d bytes, expected 96" % len(ps))
    except ValueError as exc:
        msgs.append("drand: signature: %s" % exc)
        randomness = None
    ok = not msgs
    rep.check("beacon", msgs, "randomness %s" % (randomness.hex() if randomness else "?"))
    rep.note("SKIP", "beacon_pairing",
             "BLS pairing and subgroup checks not performed (pure Python); "
             "randomness checked as SHA-256(signature) only")

    # §5.3 optional NIST pulse
    nist_ref = cb.get("nist")
    pulse = beacon.get("nist_pulse")
    nist = None
    if nist_ref is not None or pulse is not None:
        msgs = []
        if nist_ref is None:
            msgs.append("NIST: the bundle carries a pulse the commitment does not name")
        elif pulse is None:
            msgs.append("NIST: the commitment names a pulse the bundle does not carry")
        else:
            try:
                nist = check_nist(nist_ref, pulse, msgs)
            except (ValueError, KeyError, TypeError, AttributeError, struct.error) as exc:
                msgs.append("NIST: pulse not usable: %s" % exc)
        if msgs:
            nist = None
            ok = False
        rep.check("beacon_nist", msgs, "pulse %s" % (pulse or {}).get("pulseIndex"))
        rep.note("SKIP", "nist_signature",
                 "RSA signature under the pinned certificate not checked; outputValue "
                 "checked as SHA-512(signed input || signature) only")
    return randomness, nist, ok


def check_timing(com, rep, reveal_after=None, latest_end=None):
    """§8 check 5 (and, for a sealed result, §7.1's reveal_after). With
    latest_end (format 2's sealed document, §10.7), check 5 also fails when
    reveal_after is not the latest window.end of the plan's tasks."""
    cb = com["beacon"]
    chain = CHAINS.get(cb["chain"])
    rehearsal = com["rehearsal"] is True
    msgs = []
    ct = time_value(com["committed_at"])
    if ct is None:
        msgs.append("committed_at %r is not a TIME" % com["committed_at"])
    emitted = None
    if chain is None:
        msgs.append("unknown chain %r: no emission time" % cb["chain"])
    elif not 1 <= cb["round"] <= LAST_ROUND[cb["chain"]]:
        msgs.append("round %d is outside 1..%d (§3.5)" % (cb["round"], LAST_ROUND[cb["chain"]]))
    else:
        emitted = chain["genesis"] + (cb["round"] - 1) * chain["period"]
        if cb["emission_time"] != fmt_time(emitted):
            msgs.append("emission_time %s, round %d is emitted at %s"
                        % (cb["emission_time"], cb["round"], fmt_time(emitted)))
        if ct is not None:
            if not emitted > ct:
                if rehearsal:
                    rep.note("NOTE", "timing", "rehearsal names a round emitted before "
                             "committed_at")
                else:
                    msgs.append("round emitted at %s, not after committed_at %s"
                                % (fmt_time(emitted), com["committed_at"]))
            elif emitted - ct < 600 and not rehearsal:
                rep.note("NOTE", "timing", "round emitted less than 10 minutes after "
                         "committed_at (the reference margin, §3.4)")
    if "nist" in cb:
        ts = time_value(cb["nist"]["time_stamp"])
        if ts is None:
            msgs.append("NIST time_stamp %r is not a TIME" % cb["nist"]["time_stamp"])
        elif ct is not None and not ts > ct:
            if rehearsal:
                rep.note("NOTE", "timing", "rehearsal names a NIST pulse before committed_at")
            else:
                msgs.append("NIST pulse at %s, not after committed_at %s"
                            % (cb["nist"]["time_stamp"], com["committed_at"]))
    if reveal_after is not None and emitted is not None and is_date(reveal_after):
        day = (datetime.datetime.fromtimestamp(emitted, datetime.timezone.utc)
               + datetime.timedelta(hours=8)).strftime("%Y-%m-%d")
        if reveal_after < day:
            msgs.append("reveal_after %s is earlier than %s, the day (UTC+8) the round "
                        "was emitted (§7.1)" % (reveal_after, day))
    if latest_end is not None and reveal_after != latest_end:
        msgs.append("reveal_after %s is not the latest window.end of the plan's tasks %s "
                    "(§10.7)" % (json.dumps(reveal_after, ensure_ascii=False),
                                 json.dumps(latest_end, ensure_ascii=False)))
    rep.check("timing", msgs)


def verify_sealed(doc, rep):
    """§7.1: checks 1, 3 (hash, sequence, previous), 4 and 5, and reveal_after."""
    com = doc["commitment"]
    w = WF()
    for where, v in (("$.format", doc["format"]), ("commitment.format", com["format"])):
        if v != FORMAT:
            w.bad(where, "%r is not %r" % (v, FORMAT))
    wf_commitment(w, com)
    wf_beacon(w, doc["beacon"], com["beacon"]["chain"])
    w.hex("result_sha256", doc["result_sha256"], {32})
    w.date("reveal_after", doc["reveal_after"])
    rep.check("format", w.msgs)
    _ch, msgs = check_commitment_core(com, rep)
    rep.check("commitment_header", msgs)
    check_beacon(com, doc["beacon"], rep)
    check_timing(com, rep, reveal_after=doc["reveal_after"])
    if rep.failed:
        return "invalid"
    return "rehearsal" if com["rehearsal"] is True else "sealed"


def verify(bundle, rep):
    com = bundle["commitment"]
    inputs = bundle["inputs"]
    plan = normalize_plan(inputs["plan"])
    dirs = normalized_directories(inputs)
    # the members as written: the canonical plan leaves groups 0 and leader
    # false out (§10.10), but writing them fails check 1 all the same
    raw_teams = [t.get("team") or {} for t in inputs["plan"].get("tasks", [])]

    # check 1: format
    w = WF()
    for where, v in (("$.format", bundle["format"]), ("commitment.format", com["format"]),
                     ("inputs.format", inputs.get("format", ""))):
        if v != FORMAT:
            w.bad(where, "%r is not %r" % (v, FORMAT))
    wf_commitment(w, com)
    wf_inputs(w, inputs, plan, dirs)
    # §10.10: in format 1 neither team.groups nor team.leader exists; a
    # format 1 plan that writes either (whatever its value) fails check 1
    for i, team in enumerate(raw_teams):
        for m in ("groups", "leader"):
            if m in team:
                w.bad("inputs.plan.tasks[%d].team.%s" % (i, m),
                      "a format 2 member (§10.10); format 1 has no inspection groups")
    # §10.11: likewise a rule's ratio_max_bp and rules.range_choice; beyond
    # reading, check 1 and the plan's hash they count for nothing here
    raw_rules = inputs["plan"].get("rules") or {}
    if "range_choice" in raw_rules:
        w.bad("inputs.plan.rules.range_choice",
              "a format 2 member (§10.11); format 1 has no ratio ranges")
    for i, t in enumerate(inputs["plan"].get("tasks", [])):
        for j, r in enumerate((t.get("sampling") or {}).get("rules", [])):
            if "ratio_max_bp" in r:
                w.bad("inputs.plan.tasks[%d].sampling.rules[%d].ratio_max_bp" % (i, j),
                      "a format 2 member (§10.11); format 1 has no ratio ranges")
    # §10.12: likewise rules.department_names, whatever its value ([]
    # included); beyond reading, check 1 and the hash it counts for nothing
    # here (membership counts plan.department alone)
    if "department_names" in raw_rules:
        w.bad("inputs.plan.rules.department_names",
              "a format 2 member (§10.12); format 1 has no other names")
    wf_beacon(w, bundle["beacon"], com["beacon"]["chain"])
    wf_result(w, bundle["result"])
    w.hex("result_sha256", bundle["result_sha256"], {32})
    id_msgs = [m for m in w.msgs if "统一社会信用代码" in m]
    rep.check("format", [m for m in w.msgs if m not in id_msgs])
    rep.check("enterprise_ids", id_msgs, "%d IDs" % len(dirs["enterprises"]))

    # check 2: §3.3 section hashes
    try:
        salt = unhex(inputs.get("salt", ""))
    except ValueError:
        salt = None
    sections = {"plan": plan, "enterprises": dirs["enterprises"],
                "inspectors": dirs["inspectors"], "checklist": dirs["checklist"],
                "history": dirs["history"]}
    for name in ("plan", "enterprises", "inspectors", "checklist", "history"):
        if salt is None:
            rep.fail("inputs.%s" % name, "salt is not hex")
            continue
        h = framed_hash("fairdraw/1/section", salt, name, sha256(jcs(sections[name]))).hex()
        pub = com["inputs"][name]
        rep.check("inputs.%s" % name,
                  [] if h == pub.lower() else
                  ["section %s: published %s, recomputed %s" % (name, pub, h)])

    # check 3: commitment
    ch, msgs = check_commitment_core(com, rep)
    if com["department"] != plan["department"]:
        msgs.append("department %r is not the plan's %r" % (com["department"],
                                                            plan["department"]))
    for m in ("number", "name", "year"):
        if com["plan"][m] != plan[m]:
            msgs.append("plan.%s %r is not the plan's %r" % (m, com["plan"][m], plan[m]))
    rep.check("commitment_header", msgs)
    hist = {}
    for r in dirs["history"]:
        hist.setdefault(r["enterprise_id"], []).append(r)
    plans = [plan_task(t, plan, dirs["enterprises"], hist) for t in plan["tasks"]]
    tasks = [commitment_task(t, st, ex) for t, (st, ex, _p) in zip(plan["tasks"], plans)]
    rep.check("tasks", diff_value(com["tasks"], tasks, "tasks"),
              "%d tasks, pools %s, counts %s" % (len(tasks), [t["pool"] for t in tasks],
                                                 [t["count"] for t in tasks]))
    rep.check("feasibility", feasibility(plan, dirs, plans))

    # check 4: beacon
    randomness, nist, beacon_ok = check_beacon(com, bundle["beacon"], rep)
    cb = com["beacon"]

    # check 5: timing
    check_timing(com, rep)

    # check 6: result
    try:
        chain_hash = unhex(cb["chain_hash"], 32)
    except ValueError:
        chain_hash = None
    if randomness is None or chain_hash is None or ("nist" in cb and nist is None):
        rep.fail("seed", "no seed: the beacon value or chain hash is unusable")
        return "invalid"
    if nist is None:
        # §5.2 seed
        seed = framed_hash("fairdraw/1/seed", ch, chain_hash, u64be(cb["round"]), randomness)
    else:
        # §5.3 seed
        seed = framed_hash("fairdraw/1/seed2", ch, chain_hash, u64be(cb["round"]), randomness,
                           u64be(nist[0]), u64be(nist[1]), nist[2])
    pub_result = bundle["result"]
    rep.check("seed", [] if pub_result["seed"].lower() == seed.hex() else
              ["published %s, recomputed %s" % (pub_result["seed"], seed.hex())], seed.hex())

    # §6, §7
    stripped = [(st, ex) for st, ex, _p in plans]
    calc = compute_result(seed, plan, dirs, stripped)
    compare_result(pub_result, calc, rep)
    rep.check("result", diff_value(pub_result, calc, "result"))
    pub_hash = sha256(jcs(pub_result)).hex()
    calc_hash = sha256(jcs(calc)).hex()
    msgs = []
    if bundle["result_sha256"].lower() != pub_hash:
        msgs.append("published result_sha256 %s is not SHA-256(JCS(published result)) %s"
                    % (bundle["result_sha256"], pub_hash))
    if calc_hash != pub_hash:
        msgs.append("recomputed result hashes to %s" % calc_hash)
    rep.check("result_sha256", msgs, calc_hash)
    if rep.failed:
        return "invalid"
    return "rehearsal" if com["rehearsal"] is True else "valid"


def normalized_directories(inputs):
    d = inputs.get("directories", {})
    return {
        "enterprises": [_fill(e, ENTERPRISE_MEMBERS) for e in d.get("enterprises", [])],
        "inspectors": [_fill(i, INSPECTOR_MEMBERS) for i in d.get("inspectors", [])],
        "checklist": [_fill(c, ITEM_MEMBERS) for c in d.get("checklist", [])],
        "history": [_fill(h, RECORD_MEMBERS) for h in d.get("history", [])],
    }


def feasibility(plan, dirs, plans, public_active=None, format2=False):
    """§4.6. With public_active (format 2's public document, §10.7 check 3)
    the team closure, which needs the enterprise data, is left out; the load
    cap is checked with the (public) inspectors in dirs, and the year-level
    minimum uses A = public_active. With format2, a task with inspection
    groups (team.groups > 0) is held to §10.10's conditions instead of the
    load cap on count x size, and `leader` without groups is infeasible;
    and §10.11's conditions on ratio ranges apply (a ratio_max_bp without a
    ratio_bp, below it or above 10000; an unknown range_choice; year_minimum
    with rules.min_total_bp 0). The counts in plans are the ones the plan's
    range_choice gives (apply_ranges), so the year-level minimum is checked
    on them."""
    msgs = []
    fields = {"kind", "industry", "region", "risk", "status"}

    def field_ok(f, allow_flag):
        # an attr: field with an empty name is unknown (§4.6)
        return f in fields or (f.startswith("attr:") and len(f) > 5) or (allow_flag and f == "flag")

    if not 2000 <= plan["year"] <= 2200:
        msgs.append("plan year %d is outside 2000-2200" % plan["year"])
    numbers = [t["number"] for t in plan["tasks"]]
    for n in sorted(set(x for x in numbers if numbers.count(x) > 1)):
        msgs.append("two tasks have the number %r" % n)
    if plan["rules"]["min_total_bp"] > 10000:
        msgs.append("rules.min_total_bp %d exceeds 10000" % plan["rules"]["min_total_bp"])
    if format2:
        # §10.11 Feasibility
        choice = range_choice_of(plan)
        if choice not in RANGE_CHOICES:
            msgs.append("rules.range_choice %s is none of low, high, year_minimum (§10.11)"
                        % json.dumps(choice, ensure_ascii=False))
        elif choice == "year_minimum" and plan["rules"]["min_total_bp"] == 0:
            msgs.append("rules.range_choice year_minimum with rules.min_total_bp 0 (§10.11)")

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
        if s["min_total_bp"] > 10000:
            msgs.append("%s: sampling.min_total_bp %d exceeds 10000" % (tn, s["min_total_bp"]))
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
            # §10.11 (format 2; in format 1 the member counts for nothing)
            rmax = ratio_max_of(r) if format2 else None
            if rmax is not None:
                if r["ratio_bp"] is None:
                    msgs.append("%s: rule %s has a ratio_max_bp but no ratio_bp (§10.11)"
                                % (tn, r["when"]))
                elif rmax < r["ratio_bp"]:
                    msgs.append("%s: rule %s: ratio_max_bp %d below ratio_bp %d (§10.11)"
                                % (tn, r["when"], rmax, r["ratio_bp"]))
                if rmax > 10000:
                    msgs.append("%s: rule %s: ratio_max_bp %d > 10000 (§10.11)"
                                % (tn, r["when"], rmax))
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
            if public_active is not None:
                break       # team closure: needs the enterprises (auditor only)
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
        # in format 1 a written groups/leader fails check 1 and is hashed, and
        # otherwise counts for nothing: feasibility is format 1's, as if they
        # were absent (§10.10)
        G = team.get("groups", 0) if format2 else 0
        count = sum(st["count"] for st in strata)
        if format2 and team.get("leader", False) is True and G == 0:
            msgs.append("%s: team.leader without groups (§10.10)" % tn)
        if G > 0:
            # §10.10 Feasibility, in addition to the per-firm team check
            if len(R) < G * team["size"]:
                msgs.append("%s: %d regular candidates < groups %d × size %d (§10.10)"
                            % (tn, len(R), G, team["size"]))
            for dep in deps:
                have = sum(1 for i in R if i["department"] == dep)
                if have < G:
                    msgs.append("%s: %d regular candidates of %s < groups %d (§10.10)"
                                % (tn, have, dep, G))
            if team["expert"] and len(X) < G:
                msgs.append("%s: %d experts < groups %d (§10.10)" % (tn, len(X), G))
            if team["load_cap"] > 0 and count > G * team["load_cap"]:
                msgs.append("%s: count %d > groups %d × load_cap %d (§10.10)"
                            % (tn, count, G, team["load_cap"]))
        elif team["load_cap"] > 0:
            if count * team["size"] > team["load_cap"] * len(R):
                msgs.append("%s: count × size exceeds load_cap × candidates" % tn)
    if plan["rules"]["min_total_bp"] > 0:
        # SPEC ambiguity (§4.5): "whose status is active" is read as "whose
        # status is in rules.active_statuses", as in §4.2 step 1 (see README)
        A = sum(1 for e in dirs["enterprises"]
                if e["status"] in plan["rules"]["active_statuses"]) \
            if public_active is None else public_active
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



USAGE = ("usage: verify_bundle.py [--summary] [--witness-root ROOT.pem]... "
         "BUNDLE-OR-SEALED-OR-FORMAT2-DOCUMENT.json\n"
         "       verify_bundle.py [--summary] [--witness-root ROOT.pem]... --open ROUND.json "
         "[--write PUBLIC.json] SEALED.json")


def main(argv):
    args = argv[1:]
    summary = "--summary" in args
    args = [a for a in args if a != "--summary"]
    roots = []
    opts = {}
    for opt in ("--open", "--write"):
        if opt in args:
            k = args.index(opt)
            if k + 1 >= len(args):
                print(USAGE, file=sys.stderr)
                return 64
            opts[opt] = args[k + 1]
            del args[k:k + 2]
    if "--write" in opts and "--open" not in opts:
        print(USAGE, file=sys.stderr)
        return 64
    while "--witness-root" in args:
        k = args.index("--witness-root")
        if k + 1 >= len(args):
            print(USAGE, file=sys.stderr)
            return 64
        roots.append(args[k + 1])
        del args[k:k + 2]
    if len(args) != 1:
        print(USAGE, file=sys.stderr)
        return 64
    rep = Report(quiet=summary)
    try:
        with open(args[0], "rb") as f:
            data = f.read(MAX_FILE + 1)
    except OSError as exc:
        print("cannot open %s: %s" % (args[0], exc), file=sys.stderr)
        return 64
    try:
        kind, doc = read_document(data)
    except Unreadable as exc:
        if summary:
            print("unreadable")
            print("unreadable: %s" % exc, file=sys.stderr)
        else:
            print("UNREADABLE %s" % exc)
            print("VERDICT unreadable (the document was not checked)")
        return 2
    try:
        if kind in ("auditor", "public", "sealed2"):
            import format2
            import witness
            for r in roots:
                try:
                    with open(r, "rb") as f:
                        format2.WITNESS_ROOTS.extend(witness.load_roots(f.read()))
                except (OSError, witness.Bad, ValueError) as exc:
                    print("cannot read witness root %s: %s" % (r, exc), file=sys.stderr)
                    return 64
            if "--open" in opts and kind != "sealed2":
                print("--open needs a fairdraw/2 sealed document, not a %s document" % kind,
                      file=sys.stderr)
                return 64
            verdict = format2.verify2(kind, doc, rep)
            if "--open" in opts and verdict != "invalid":
                # §10.9 Opening: the sealed document passed; its verdict is now
                # the opened public document's
                try:
                    with open(opts["--open"], "rb") as f:
                        beacon = _read_json(decode_bytes(f.read(1 << 20)))
                except (OSError, Unreadable, ValueError, FormatError) as exc:
                    print("cannot read the round %s: %s" % (opts["--open"], exc), file=sys.stderr)
                    return 64
                verdict, opened = format2.open_sealed(doc, beacon, rep)
                kind = "public"
                if "--write" in opts and opened is not None:
                    with open(opts["--write"], "w", encoding="utf-8") as f:
                        json.dump(opened, f, ensure_ascii=False, indent=1)
                        f.write("\n")
        else:
            if "--open" in opts:
                print("--open needs a fairdraw/2 sealed document", file=sys.stderr)
                return 64
            verdict = verify_sealed(doc, rep) if kind == "sealed" else verify(doc, rep)
    except (KeyError, TypeError, ValueError, AttributeError, FormatError, OverflowError,
            IndexError, struct.error) as exc:
        rep.fail("structure", "%s: %s" % (type(exc).__name__, exc))
        verdict = "invalid"
    if rep.failed:
        verdict = "invalid"
    if summary:
        if verdict == "invalid":
            # "open": §10.9 Opening failed (the envelope did not open, or did
            # not hold JCS(REVEAL)); SPEC names no §8 check for it
            print("invalid: %s" % ",".join(rep.failed_in_order()
                                           + (["open"] if "open" in rep.failed_checks else [])))
        else:
            print(verdict)
    else:
        if kind in ("auditor", "public", "sealed2"):
            cond = getattr(rep, "condition", None)
            print("VERDICT %s%s (fairdraw/2 %s document%s; beacon pairing not checked)"
                  % (verdict, (", " + cond) if cond and verdict != "invalid" else "",
                     "sealed" if kind == "sealed2" else kind,
                     ", opened from the sealed document" if "--open" in opts else ""))
            if kind == "sealed2" and verdict != "invalid":
                import timelock
                r = doc["timelock"]["round"]
                print("NOTE the list opens with quicknet round %d, emitted %s (§10.9); "
                      "then run with --open ROUND.json" % (r, fmt_time(timelock.emission(r))))
        else:
            print("VERDICT %s (beacon pairing not checked)" % verdict)
    return 1 if verdict == "invalid" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
