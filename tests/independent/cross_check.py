#!/usr/bin/env python3
"""Differential check of the parts of SPEC.md that bundle-small.json does not
exercise (census strata, experts, department slots, load caps, proportional
allocation, task-level minimum, yearly cap and higher-level history, attr
fields, zero-count strata with reserves, partially written plan members).

Each variant starts from bundle-small.json, changes the inputs, and is then
completed *by this independent implementation* (section hashes, tasks,
commitment, seed, result, result_sha256). The variant is written out and,
if a reference binary is given, judged by `fairdraw verify --json`. A variant
the reference calls valid means both implementations read SPEC.md the same
way on that feature; any failing check is printed.

The real beacon of round 1000 is kept, so the pairing check still passes.

Usage: python3 cross_check.py OUT_DIR [path/to/fairdraw]
"""

import copy
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import verify_bundle as fd  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "..", "vectors", "spec", "bundle-small.json")


def complete(bundle):
    """Recompute everything derived from inputs + beacon in place."""
    inputs = bundle["inputs"]
    com = bundle["commitment"]
    salt = bytes.fromhex(inputs["salt"])
    plan = fd.normalize_plan(inputs["plan"])
    d = fd.normalized_directories(inputs)
    sections = {"plan": plan, "enterprises": d["enterprises"], "inspectors": d["inspectors"],
                "checklist": d["checklist"], "history": d["history"]}
    com["inputs"] = {n: fd.framed_hash("fairdraw/1/section", salt, n,
                                       fd.sha256(fd.jcs(s))).hex()
                     for n, s in sections.items()}
    dirs = fd.normalized_directories(inputs)
    hist = {}
    for r in dirs["history"]:
        hist.setdefault(r["enterprise_id"], []).append(r)
    plans = [fd.plan_task(t, plan, dirs["enterprises"], hist) for t in plan["tasks"]]
    problems = fd.feasibility(plan, dirs, plans)
    com["tasks"] = [fd.commitment_task(t, st, ex) for t, (st, ex, _p) in zip(plan["tasks"], plans)]
    com["department"] = plan["department"]
    com.pop("commitment", None)
    ch = fd.sha256(fd.jcs(com))
    com["commitment"] = ch.hex()
    cb = com["beacon"]
    rnd = fd.sha256(bytes.fromhex(bundle["beacon"]["drand"]["signature"]))
    seed = fd.framed_hash("fairdraw/1/seed", ch, bytes.fromhex(cb["chain_hash"]),
                          fd.u64be(cb["round"]), rnd)
    res = fd.compute_result(seed, plan, dirs, [(st, ex) for st, ex, _p in plans])
    bundle["result"] = res
    bundle["result_sha256"] = fd.sha256(fd.jcs(res)).hex()
    return problems, res


def ents(b):
    return b["inputs"]["directories"]["enterprises"]


def insps(b):
    return b["inputs"]["directories"]["inspectors"]


def task(b, i=0):
    return b["inputs"]["plan"]["tasks"][i]


def v_census(b):
    # 2 blacklisted firms in scope of task 001 form a census stratum; a risk-C
    # firm is revoked (inactive)
    for e in ents(b)[:6]:
        if e["risk"] in ("A", "B") and "key" not in e["flags"] and not e["flags"]:
            e["flags"] = ["blacklist"]
            break
    for e in ents(b)[10:]:
        if e["risk"] == "B" and not e["flags"]:
            e["flags"] = ["blacklist", "trusted"]
            break
    for e in ents(b):
        if e["risk"] == "C" and not e["flags"]:
            e["status"] = "revoked"
            break


def v_team(b):
    # department slot + expert slot + load cap; some inspectors moved to a
    # second department, two experts (one without 执法证), one inactive
    I = insps(b)
    for i in I[::3]:
        i["department"] = "开发区市场监督管理局"
    I[1]["expert"] = True
    I[2]["expert"] = True
    I[2]["cert_expiry"] = ""
    I[4]["status"] = "inactive"
    I[5]["conflicts"] = sorted(set(I[5]["conflicts"]) | {ents(b)[0]["id"], ents(b)[1]["id"]})
    t = task(b)
    t["team"].update({"size": 3, "departments": ["开发区市场监督管理局"], "expert": True,
                      "expert_qualification": "综合", "load_cap": 3})


def v_team_infeasible(b):
    # the same with a load cap below count × size: both sides must call the
    # plan infeasible, and the result must still agree
    v_team(b)
    task(b)["team"]["load_cap"] = 2


def v_overcap(b):
    # load cap so tight the declared fallback must be used
    t = task(b)
    t["team"].update({"size": 2, "load_cap": 1, "cross_region": False})
    t["sampling"]["rules"] = [{"when": {}, "ratio_bp": 5000, "count": None, "min": 0,
                               "max": None}]


def v_sparse_directories(b):
    # optional members of directory rows left out
    d = b["inputs"]["directories"]
    for e in d["enterprises"]:
        if not e["attrs"]:
            del e["attrs"]
        if not e["flags"]:
            del e["flags"]
    for i in d["inspectors"]:
        if not i["conflicts"]:
            del i["conflicts"]
        if not i["expert"]:
            del i["expert"]
    for c in d["checklist"]:
        if not c["categories"]:
            del c["categories"]


def v_proportional(b):
    t = task(b)
    t["sampling"].update({"strata_by": ["region", "risk"], "allocation": "proportional",
                          "rules": [{"when": {}, "ratio_bp": 1000, "count": None, "min": 3,
                                     "max": 7}],
                          "rounding": "half_up", "min_total_bp": 2000, "reserves": 3})


def v_min_total(b):
    t = task(b)
    t["sampling"].update({"rounding": "floor", "min_total_bp": 2500})
    t["sampling"]["rules"][0]["ratio_bp"] = 0
    t["sampling"]["rules"][1] = {"when": {"risk": "B"}, "ratio_bp": None, "count": 1,
                                 "min": 2, "max": 3}


def v_history(b):
    E = ents(b)
    h = b["inputs"]["directories"]["history"]
    dep = b["inputs"]["plan"]["department"]
    ids = [e["id"] for e in E if e["risk"] in ("A", "B", "C")]
    flagged = [e["id"] for e in E if e["flags"] and "key" not in e["flags"]
               and e["risk"] in ("A", "B", "C")]
    h += [
        {"enterprise_id": ids[0], "date": "2026-02-01", "department": dep, "level": "same"},
        {"enterprise_id": ids[0], "date": "2026-03-01", "department": dep, "level": "same"},
        {"enterprise_id": ids[1], "date": "2026-03-01", "department": "其他部门", "level": "same"},
        {"enterprise_id": ids[1], "date": "2026-04-01", "department": dep, "level": "same"},
        {"enterprise_id": ids[2], "date": "2026-03-01", "department": "市应急管理局",
         "level": "higher"},
        {"enterprise_id": ids[3], "date": "2025-03-01", "department": dep, "level": "same"},
        {"enterprise_id": ids[3], "date": "2025-04-01", "department": dep, "level": "same"},
        {"enterprise_id": ids[3], "date": "2025-05-01", "department": "x", "level": "higher"},
    ]
    if flagged:
        h += [{"enterprise_id": flagged[0], "date": "2026-0%d-01" % m, "department": dep,
               "level": "same"} for m in (1, 2, 3)]
    h.sort(key=lambda r: tuple(r[k].encode() for k in
                               ("enterprise_id", "date", "department", "level")))
    b["inputs"]["plan"]["rules"]["yearly_cap"] = 2


def v_attr(b):
    for n, e in enumerate(ents(b)):
        if n % 3:
            e["attrs"] = {"规模": "规上" if n % 2 else "规下"}
    t = task(b)
    t["filter"].append({"field": "attr:规模", "op": "not_in", "values": [""]})
    t["sampling"].update({"strata_by": ["attr:规模", "risk"]})
    t["sampling"]["rules"] = [
        {"when": {"attr:规模": "规上", "risk": "A"}, "ratio_bp": None, "count": 0, "min": 0,
         "max": None},
        {"when": {"risk": "A"}, "ratio_bp": 10000, "count": None, "min": 0, "max": 1},
        {"when": {}, "ratio_bp": 3333, "count": None, "min": 1, "max": None},
    ]


def v_zero_count(b):
    t = task(b, 1)
    t["sampling"]["rules"][0].update({"ratio_bp": None, "count": 0})
    t["sampling"]["reserves"] = 1


def v_sparse_plan(b):
    # optional members left out: the plan section must hash as if present
    p = b["inputs"]["plan"]
    del p["rules"]
    for t in p["tasks"]:
        t["sampling"].pop("allocation")
        t["sampling"].pop("min_total_bp")
        for r in t["sampling"]["rules"]:
            r.pop("count")
            r.pop("max")
        t["team"].pop("expert")
        t["team"].pop("expert_qualification")
        t["team"].pop("load_cap")


def v_missing_directed(b):
    # §4.1 gives booleans a default of false, so "directed" may be left out
    for t in b["inputs"]["plan"]["tasks"]:
        del t["directed"]


def v_history_duplicate(b):
    # two identical history records (two inspections the same day); §3.2
    # says history is "sorted", §8 says "distinct keys"
    h = b["inputs"]["directories"]["history"]
    h.insert(0, dict(h[0]))


def v_active_statuses(b):
    # §4.5 "status is active": literal "active", or any of active_statuses?
    # 40 firms suspended but counted active by the rules; the year minimum
    # is met under the literal reading only
    for n, e in enumerate(ents(b)):
        if n % 3:
            e["status"] = "suspended"
    r = b["inputs"]["plan"]["rules"]
    r["active_statuses"] = ["active", "suspended"]
    r["min_total_bp"] = 2500


def v_cert_boundary(b):
    # cert_expiry equal to window.end still qualifies, one day earlier not
    I = insps(b)
    I[3]["cert_expiry"] = "2026-12-31"
    I[6]["cert_expiry"] = "2026-12-30"


def v_strata_flag(b):
    # "flag" is a filter field (§4.2) but not in the field list of §4.1
    t = task(b)
    t["sampling"]["strata_by"] = ["risk", "flag"]


def v_partial_rules(b):
    # a present "rules" object with members missing (ambiguous in §4.1)
    r = b["inputs"]["plan"]["rules"]
    del r["cap_exempt_flags"]
    del r["active_statuses"]


VARIANTS = [v_census, v_team, v_team_infeasible, v_overcap, v_sparse_directories, v_proportional, v_min_total, v_history, v_attr,
            v_zero_count, v_sparse_plan, v_missing_directed, v_partial_rules,
            v_history_duplicate, v_active_statuses, v_cert_boundary, v_strata_flag]


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    out = argv[1]
    ref = argv[2] if len(argv) > 2 else None
    os.makedirs(out, exist_ok=True)
    base = fd.load_json(BASE)
    failed = False
    for v in VARIANTS:
        name = v.__name__[2:]
        b = copy.deepcopy(base)
        v(b)
        try:
            problems, res = complete(b)
        except Exception as exc:  # a variant the independent code cannot complete
            print("FAIL %s: independent implementation raised %r" % (name, exc))
            failed = True
            continue
        path = os.path.join(out, "variant-%s.json" % name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(b, f, ensure_ascii=False, indent=1)
        sel = sum(len(t["selected"]) for t in res["tasks"])
        info = "%d selected, over_cap %d, unfilled %d%s" % (
            sel, sum(s["over_cap"] for t in res["tasks"] for s in t["selected"]),
            sum(s["unfilled"] for t in res["tasks"] for s in t["selected"]),
            ", independently infeasible: " + "; ".join(problems[:3]) if problems else "")
        if ref is None:
            print("WROTE %s (%s)" % (path, info))
            continue
        p = subprocess.run([ref, "verify", path, "--json"], capture_output=True, text=True)
        try:
            rep = json.loads(p.stdout)
        except ValueError:
            print("FAIL %s: reference output not JSON: %s %s" % (name, p.stdout[:300],
                                                                  p.stderr[:300]))
            failed = True
            continue
        bad = [c for c in rep.get("checks", []) if not c.get("ok")]
        both_infeasible = (problems and [c.get("id") for c in bad] == ["commitment"]
                           and "infeasible" in json.dumps(bad))
        if rep.get("verdict") == "valid" and not bad:
            print("OK %s (%s)" % (name, info))
        elif both_infeasible:
            print("OK %s (%s; reference agrees the plan is infeasible, all other checks "
                  "pass)" % (name, info))
        else:
            failed = True
            text = "; ".join("%s: %s" % (c.get("id"), " | ".join(
                d.get("en", "") for d in c.get("details", []))) for c in bad)
            print("FAIL %s (%s): reference verdict %s: %s" % (name, info, rep.get("verdict"),
                                                              text[:1500]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
