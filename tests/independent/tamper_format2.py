#!/usr/bin/env python3
"""Tampered copies of the format 2 vectors (SPEC.md §10), and what
verify_bundle.py --summary must say on each.

Usage: python3 tamper_format2.py [OUT_DIR]      (default: a temporary directory)

Two kinds of copies: "raw" ones change bytes of a vector and nothing else;
"forged" ones are rebuilt as a forger holding the confidential inputs would
(the public inputs, commitment.public, the commitment hash, the seed, the
whole result, `revealed` and result_sha256 recomputed by format2.py), so that
only the rule under test can catch them. Prints one line per copy and exits 1
if any copy's `--summary` line differs from its expectation (the verdict and,
for `invalid`, exactly the failed §8 checks in §8's order).
"""

import concurrent.futures
import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import verify_bundle as fd  # noqa: E402
import format2 as f2  # noqa: E402

SPEC = os.path.join(HERE, "..", "vectors", "spec")


def load(name):
    with open(os.path.join(SPEC, name), encoding="utf-8") as f:
        return json.load(f)


def rehash_commitment(com):
    body = {k: v for k, v in com.items() if k != "commitment"}
    com["commitment"] = fd.sha256(fd.jcs(body)).hex()


def forge(aud, tweak_public=None, tweak_com=None, tweak_inputs=None, keys_extra=None,
          tweak_late=None, counts=fd.apply_ranges, names=None):
    """Rebuild (auditor, public, sealed) documents from the auditor vector's
    inputs, after tweak_inputs(inputs) and tweak_public(public, members).
    tweak_late(inputs) changes the inputs after the commitment is made: the
    documents then carry the changed inputs (and the public inputs and the
    result they imply) under the unchanged commitment. counts(plan,
    tasks_strata, A) sets the counts from each task's low counts (§10.11;
    a forger may put another rule in its place): the commitment's tasks and
    the draw both use them. names: the other names of the department whose
    history records the forger counts towards the yearly cap (§10.12);
    by default the plan's rules.department_names, as a maker would."""
    aud = copy.deepcopy(aud)
    if "result" not in aud:
        raise ValueError("not an auditor document")
    inputs = aud["inputs"]
    if tweak_inputs:
        tweak_inputs(inputs)
    plan = f2.normalize_plan2(inputs["plan"])
    dirs = fd.normalized_directories(inputs)
    hist = {}
    for r in dirs["history"]:
        hist.setdefault(r["enterprise_id"], []).append(r)
    other = fd.department_names_of(plan) if names is None else names
    plans = [fd.plan_task(t, plan, dirs["enterprises"], hist, other) for t in plan["tasks"]]
    secret = bytes.fromhex(inputs["secret"])
    public, members, keys = f2.public_inputs_from_full(plan, dirs, plans, secret)
    if tweak_public:
        tweak_public(public, members)
    keys.update(keys_extra or {})
    com = aud["commitment"]
    salt = bytes.fromhex(inputs["salt"])
    sections = {"plan": plan, "enterprises": dirs["enterprises"],
                "inspectors": dirs["inspectors"], "checklist": dirs["checklist"],
                "history": dirs["history"], "secret": inputs["secret"]}
    for name, v in sections.items():
        com["inputs"][name] = fd.framed_hash("fairdraw/1/section", salt, name,
                                             fd.sha256(fd.jcs(v))).hex()
    # the commitment's tasks as the (possibly tweaked) public entries imply
    tasks, strata_rows = [], []
    for task, pt, (_st, exc, _p) in zip(plan["tasks"], public["tasks"], plans):
        strata = [{"values": s["values"], "census": s["census"],
                   "size": len(s["entries"]) // 64, "count": 0,
                   "rows": f2.parse_entries(s["entries"])} for s in pt["strata"]]
        fd.assign_counts(task, strata)
        strata_rows.append(strata)
    # §10.11: the ratio ranges' counts, from the entries and directory.active
    counts(plan, strata_rows, public["directory"]["active"])
    for task, strata, (_st, exc, _p) in zip(plan["tasks"], strata_rows, plans):
        tasks.append(fd.commitment_task(task, strata, exc))
    com["tasks"] = tasks
    com["public"] = fd.sha256(fd.jcs(public)).hex()
    if tweak_com:
        tweak_com(com)
    rehash_commitment(com)
    if tweak_late:
        tweak_late(inputs)
        plan = f2.normalize_plan2(inputs["plan"])
        dirs = fd.normalized_directories(inputs)
        other = fd.department_names_of(plan) if names is None else names
        plans = [fd.plan_task(t, plan, dirs["enterprises"], hist, other)
                 for t in plan["tasks"]]
        public, members, keys = f2.public_inputs_from_full(plan, dirs, plans, secret)
        if tweak_public:
            tweak_public(public, members)
        keys.update(keys_extra or {})
    ch = bytes.fromhex(com["commitment"])
    randomness = fd.sha256(bytes.fromhex(aud["beacon"]["drand"]["signature"]))
    seed = f2.compute_seed(com, randomness, None, ch)
    by_token = []
    for tm in members:
        d = {}
        for rows in tm:
            for tok, _seal, ent, rec in rows:
                d[tok] = (ent, rec)
        by_token.append(d)
    res_tasks, revealed = [], {}
    for task, strata, bt in zip(plan["tasks"], strata_rows, by_token):
        so, sel = f2.select_task(task, strata, seed)
        recs = [bt[s[1]][1] for s in sel]
        for r in recs:
            revealed[r["id"]] = dict(r, key=keys[r["id"]].hex())
        # the forger forms as many groups as its plan asks (§10.10)
        res_tasks.append(f2.result_task(task, so, sel, recs, dirs["inspectors"],
                                        dirs["checklist"], seed,
                                        max(f2.MAX_GROUPS, f2.groups_of(task))))
    result = {"seed": seed.hex(), "tasks": res_tasks}
    rsha = fd.sha256(fd.jcs(result)).hex()
    aud["result"], aud["result_sha256"] = result, rsha
    pub_doc = {"format": "fairdraw/2", "document": "public", "commitment": com,
               "public": public, "beacon": aud["beacon"], "witnesses": list(aud["witnesses"]),
               "result": result,
               "revealed": [revealed[i] for i in sorted(revealed, key=lambda x: x.encode())],
               "result_sha256": rsha}
    sealed = {"format": "fairdraw/2", "document": "sealed", "commitment": com,
              "public": public, "beacon": aud["beacon"], "witnesses": list(aud["witnesses"]),
              "selection": f2.selection_of(result),
              "result_sha256": rsha,
              "reveal_after": max(t["window"]["end"] for t in plan["tasks"]),
              # the vector's envelope, unchanged: its form is right (check 1),
              # which is all a sealed verdict looks at; it opens to the
              # vector's REVEAL, not to a forged one (a forged REVEAL is
              # encrypted by timelock_cases below, which opens it)
              "timelock": copy.deepcopy(load("format2-sealed-small.json")["timelock"])}
    return aud, pub_doc, sealed


def forge1(bundle, tweak_inputs, names=()):
    """A format 1 bundle rebuilt after tweak_inputs(inputs): the section
    hashes, the commitment's tasks and hash, the seed, the result and
    result_sha256 recomputed (§3.3, §3.4, §5.2, §6, §7). names: other names
    of the department whose history records the forger counts towards the
    yearly cap (none in format 1, where §10.12 counts for nothing)."""
    b = copy.deepcopy(bundle)
    inputs = b["inputs"]
    tweak_inputs(inputs)
    plan = fd.normalize_plan(inputs["plan"])
    dirs = fd.normalized_directories(inputs)
    hist = {}
    for r in dirs["history"]:
        hist.setdefault(r["enterprise_id"], []).append(r)
    plans = [fd.plan_task(t, plan, dirs["enterprises"], hist, names) for t in plan["tasks"]]
    com = b["commitment"]
    salt = bytes.fromhex(inputs["salt"])
    sections = {"plan": plan, "enterprises": dirs["enterprises"],
                "inspectors": dirs["inspectors"], "checklist": dirs["checklist"],
                "history": dirs["history"]}
    for name, v in sections.items():
        com["inputs"][name] = fd.framed_hash("fairdraw/1/section", salt, name,
                                             fd.sha256(fd.jcs(v))).hex()
    com["tasks"] = [fd.commitment_task(t, st, ex) for t, (st, ex, _p) in zip(plan["tasks"], plans)]
    rehash_commitment(com)
    randomness = fd.sha256(bytes.fromhex(b["beacon"]["drand"]["signature"]))
    seed = f2.compute_seed(com, randomness, None, bytes.fromhex(com["commitment"]))
    b["result"] = fd.compute_result(seed, plan, dirs, [(st, ex) for st, ex, _p in plans])
    b["result_sha256"] = fd.sha256(fd.jcs(b["result"])).hex()
    return b


def set_result(doc, mutate):
    """A raw change of a public or auditor document's result, result_sha256
    recomputed (what anyone can do)."""
    d = copy.deepcopy(doc)
    mutate(d["result"])
    d["result_sha256"] = fd.sha256(fd.jcs(d["result"])).hex()
    return d


def group_cases(add, out):
    """§10.10 inspection groups: the group vectors, and copies of them
    forged as their makers would."""
    import timelock as tlk
    aud = load("format2-auditor-groups.json")
    pub = load("format2-public-groups.json")
    a0, p0, s0 = forge(aud)
    rebuilt_bad = 0
    for x, y, n in ((a0, aud, "auditor"), (p0, pub, "public")):
        if fd.jcs(x) != fd.jcs(y):
            rebuilt_bad += 1
            print("FAIL the rebuilt %s groups document differs from the vector" % n)
        else:
            print("OK the rebuilt %s groups document is the vector (JCS byte for byte)" % n)
    add("control-forged-public-groups.json", p0, "valid", None,
        "the group vector rebuilt without a change")
    add("control-forged-sealed-groups.json", s0, "sealed", None,
        "its sealed document (the selection holds no groups, §10.4)")

    # the sealed groups document with its REVEAL time-locked to round 1000:
    # opened, it is the public groups vector
    rounds = fd.load_json(os.path.join(HERE, "..", "vectors", "beacons", "drand-rounds.json"))
    r1000 = [v for v in rounds["vectors"] if v["label"] == "quicknet round 1000"][0]
    sig = bytes.fromhex(r1000["signature"])
    round_path = os.path.join(out, "quicknet-round-1000.json")
    with open(round_path, "w") as f:
        json.dump({"round": 1000, "signature": r1000["signature"]}, f)
    opens = {}

    def sealed_opened(name, reveal, verdict, checks, what, must_say=None):
        d = copy.deepcopy(s0)
        d["timelock"]["ciphertext"] = tlk.encrypt_with_signature(fd.jcs(reveal), sig, 1000)
        add(name, d, verdict, checks, what, must_say)
        opens[name] = round_path
    sealed_opened("sealed-groups-opened.json",
                  {"result": pub["result"], "revealed": pub["revealed"]}, "valid", None,
                  "the sealed groups document, its REVEAL encrypted to round 1000, opened")
    r2 = copy.deepcopy(pub["result"])
    t = r2["tasks"][0]
    g3 = t["groups"][2]
    s3 = next(x for x in t["selected"] if x["id"] == "92130371MAU9Q25CDQ")
    s3["group"], s3["team"] = 2, copy.deepcopy(t["groups"][1]["members"])
    sealed_opened("sealed-groups-opened-reassigned.json",
                  {"result": r2, "revealed": pub["revealed"]}, "invalid", "result",
                  "the same, its REVEAL with 92130371MAU9Q25CDQ moved from group %d to "
                  "group 2" % g3["number"], "different group")

    # raw result changes, result_sha256 recomputed
    def move_member(res):
        # group 1's inspector moved to group 2: group 1 keeps its leader and
        # one unfilled slot, group 2 has three members; its firms' teams follow
        t = res["tasks"][0]
        g1, g2 = t["groups"][0], t["groups"][1]
        m = g1["members"].pop(1)
        g1["unfilled"] += 1
        g2["members"].append(m)
        for x in t["selected"]:
            if x["group"] == 1:
                x["team"], x["unfilled"] = copy.deepcopy(g1["members"]), g1["unfilled"]
            elif x["group"] == 2:
                x["team"] = copy.deepcopy(g2["members"])
    for doc0, kind in ((pub, "public"), (aud, "auditor")):
        add("%s-groups-member-moved.json" % kind, set_result(doc0, move_member), "invalid",
            "result", "task 001: group 1's inspector 13030067778 moved to group 2, teams "
            "and unfilled made to agree", "group 1 different members")

    def reassign(res, fid, g):
        t = res["tasks"][0]
        x = next(y for y in t["selected"] if y["id"] == fid)
        grp = t["groups"][g - 1]
        x["group"], x["team"], x["unfilled"] = g, copy.deepcopy(grp["members"]), grp["unfilled"]
    # 92130371MAU9Q25CDQ (滨海片区) is eligible for all three groups; moved
    # from group 3 to group 2 the loads are 4, 4, 2, within load_cap 4
    d = set_result(pub, lambda r: reassign(r, "92130371MAU9Q25CDQ", 2))
    add("public-groups-firm-reassigned.json", d, "invalid", "result",
        "task 001: 92130371MAU9Q25CDQ assigned to group 2 (eligible) instead of 3",
        "92130371MAU9Q25CDQ different group")
    d = set_result(aud, lambda r: reassign(r, "92130371MAU9Q25CDQ", 2))
    add("auditor-groups-firm-reassigned.json", d, "invalid", "result", "the same, auditor",
        "92130371MAU9Q25CDQ different group")

    def swap_leader(res):
        # group 3's leader and inspector swapped, roles too: the inspector
        # now leads, first; its firms' teams follow
        t = res["tasks"][0]
        g = t["groups"][2]
        a, b = g["members"]
        a["role"], b["role"] = b["role"], a["role"]
        g["members"] = [b, a]
        for x in t["selected"]:
            if x["group"] == 3:
                x["team"] = copy.deepcopy(g["members"])
    add("public-groups-leader-swapped.json", set_result(pub, swap_leader), "invalid", "result",
        "task 001: group 3's leader 13030007373 and inspector 13030099454 swapped (roles "
        "and order)", "group 3 different members")

    def roles_only(res):
        # the same, roles only: the leader is no longer the first slot's
        t = res["tasks"][0]
        g = t["groups"][2]
        g["members"][0]["role"], g["members"][1]["role"] = "inspector", "leader"
        for x in t["selected"]:
            if x["group"] == 3:
                x["team"] = copy.deepcopy(g["members"])
    add("public-groups-leader-role.json", set_result(pub, roles_only), "invalid", "result",
        "task 001: group 3's roles swapped, order kept", "group 3.members[0].role")

    # 回避 and 所所交叉: a firm put in a group a member must step aside
    # from, swapped with a firm of that group eligible for the other (the
    # loads unchanged)
    def swap_firms(res, fa, fb):
        t = res["tasks"][0]
        xa = next(y for y in t["selected"] if y["id"] == fa)
        xb = next(y for y in t["selected"] if y["id"] == fb)
        ga, gb = xa["group"], xb["group"]
        reassign(res, fa, gb)
        reassign(res, fb, ga)
    d = set_result(pub, lambda r: swap_firms(r, "91130371MAC2QFA6JG", "91130371MAH5CNFJC3"))
    add("public-groups-conflict.json", d, "invalid", "result",
        "task 001: 91130371MAC2QFA6JG (13030012345 declared a conflict with it) put in "
        "13030012345's group 1, 91130371MAH5CNFJC3 moved to group 2",
        "13030012345 is in its record's conflicts")
    d = set_result(aud, lambda r: swap_firms(r, "91130371MAC2QFA6JG", "91130371MAH5CNFJC3"))
    add("auditor-groups-conflict.json", d, "invalid", "result", "the same, auditor",
        "13030012345 is in its record's conflicts")
    d = set_result(pub, lambda r: swap_firms(r, "91130302082277328R", "92130302MANR1QYJGF"))
    add("public-groups-cross-region.json", d, "invalid", "result",
        "task 001: 91130302082277328R (高新片区) put in group 1, whose 13030067778 is of "
        "高新片区 (cross_region), 92130302MANR1QYJGF moved to group 2", "所所交叉")

    # the plan's `groups` changed after the commitment: the forger rebuilds
    # the public inputs and the result under the published commitment
    def groups_4(inputs):
        inputs["plan"]["tasks"][0]["team"]["groups"] = 4
    a, p, s = forge(aud, tweak_late=groups_4)
    add("forged-public-groups-changed.json", p, "invalid", "inputs",
        "task 001 groups 4 instead of 3, result recomputed, commitment kept: "
        "commitment.public disagrees", "inputs.public")
    add("forged-sealed-groups-changed.json", s, "invalid", "inputs", "the same, sealed",
        "inputs.public")
    add("forged-auditor-groups-changed.json", a, "invalid", "inputs,commitment",
        "the same, auditor: the plan's section hash and the public inputs disagree",
        "inputs.plan")
    # raw: the same change and nothing else: the result disagrees too
    d = copy.deepcopy(pub)
    d["public"]["plan"]["tasks"][0]["team"]["groups"] = 4
    add("public-groups-changed-raw.json", d, "invalid", "inputs,result",
        "public.plan task 001 groups 4, nothing else changed")
    # the canonical form leaves groups 0 and leader false out (§10.10): a
    # plan that writes them hashes as one that does not
    d = copy.deepcopy(pub)
    d["public"]["plan"]["tasks"][1]["team"].update({"groups": 0, "leader": False})
    add("public-groups-0-written.json", d, "valid", None,
        "task 002's team with \"groups\": 0 and \"leader\": false written (control)")
    d = copy.deepcopy(aud)
    d["inputs"]["plan"]["tasks"][1]["team"].update({"groups": 0, "leader": False})
    add("auditor-groups-0-written.json", d, "valid", None, "the same, auditor (control)")

    # check 1: more than 10,000 groups (infeasible too with 16 inspectors)
    def groups_n(n, i=0):
        def tweak(inputs):
            inputs["plan"]["tasks"][i]["team"]["groups"] = n
        return tweak
    a, p, _s = forge(aud, tweak_inputs=groups_n(10001))
    add("forged-public-groups-10001.json", p, "invalid", "format,commitment",
        "task 001 groups 10001, everything recomputed (10001 groups in the result)",
        "at most 10000")
    add("forged-auditor-groups-10001.json", a, "invalid", "format,commitment", "the same, auditor",
        "at most 10000")
    _a, p, _s = forge(aud, tweak_inputs=groups_n(10000))
    add("forged-public-groups-10000.json", p, "invalid", "commitment",
        "task 001 groups 10000: well formed, infeasible (16 candidates < 10000 × 2)",
        "groups 10000")
    # §3.5 Integers: `team.groups` is at most 2^32 - 1; a larger value is
    # unreadable, as for team.size (raw copies)
    d = copy.deepcopy(pub)
    d["public"]["plan"]["tasks"][0]["team"]["groups"] = 2 ** 32 - 1
    add("public-groups-max32.json", d, "invalid", "format,inputs,commitment,result",
        "public.plan task 001 groups 2^32 - 1 (raw): readable, not formed",
        "groups not recomputed")
    d = copy.deepcopy(pub)
    d["public"]["plan"]["tasks"][0]["team"]["groups"] = 2 ** 32
    add("public-groups-2p32.json", d, "unreadable", None,
        "public.plan task 001 groups 2^32 (raw): outside its range (§3.5)")
    d = copy.deepcopy(pub)
    d["public"]["plan"]["tasks"][0]["team"]["groups"] = 2 ** 53 - 1
    add("public-groups-huge.json", d, "unreadable", None,
        "public.plan task 001 groups 2^53 - 1 (raw): outside its range (§3.5)")
    d = copy.deepcopy(aud)
    d["inputs"]["plan"]["tasks"][0]["team"]["groups"] = 2 ** 32
    add("auditor-groups-2p32.json", d, "unreadable", None,
        "inputs.plan task 001 groups 2^32 (raw): outside its range (§3.5)")
    # §10.10: `leader` is a boolean; another JSON type is unreadable (raw)
    d = copy.deepcopy(pub)
    d["public"]["plan"]["tasks"][0]["team"]["leader"] = "true"
    add("public-groups-leader-string.json", d, "unreadable", None,
        "public.plan task 001 leader \"true\" (raw): not a boolean (§10.10)")
    d = copy.deepcopy(aud)
    d["inputs"]["plan"]["tasks"][0]["team"]["leader"] = 1
    add("auditor-groups-leader-number.json", d, "unreadable", None,
        "inputs.plan task 001 leader 1 (raw): not a boolean (§10.10)")

    # §6.3, §8 Reading: a `role` that is none of inspector, expert, leader
    # is unreadable
    def role_of_group_3(role):
        def mutate(res):
            t = res["tasks"][0]
            t["groups"][2]["members"][0]["role"] = role
            for x in t["selected"]:
                if x["group"] == 3:
                    x["team"] = copy.deepcopy(t["groups"][2]["members"])
        return mutate
    add("public-groups-role-unknown.json", set_result(pub, role_of_group_3("组长")),
        "unreadable", None, "task 001: group 3's leader with role \"组长\", teams following")
    add("auditor-groups-role-upper.json", set_result(aud, role_of_group_3("Leader")),
        "unreadable", None, "the same with role \"Leader\", auditor")

    def role_in_team(role):
        def mutate(res):
            res["tasks"][1]["selected"][0]["team"][0]["role"] = role
        return mutate
    add("public-role-leader-no-groups.json", set_result(pub, role_in_team("leader")),
        "invalid", "result",
        "task 002 (no groups): a team member's role \"leader\" (readable; check 6)",
        "different team")
    sealed_opened("sealed-groups-opened-role-unknown.json",
                  {"result": set_result(pub, role_of_group_3("chief"))["result"],
                   "revealed": pub["revealed"]}, "invalid", "open",
                  "the sealed groups document, its REVEAL with a role \"chief\", opened",
                  "the plaintext is not a REVEAL")

    # §10.10 feasibility (check 3, public and auditor)
    _a, p, _s = forge(aud, tweak_inputs=groups_n(9))
    add("forged-public-groups-9.json", p, "invalid", "commitment",
        "task 001 groups 9: 16 regular candidates < 9 × 2", "groups 9 × size 2")

    def load_cap(n):
        def tweak(inputs):
            inputs["plan"]["tasks"][0]["team"]["load_cap"] = n
        return tweak
    a, p, s = forge(aud, tweak_inputs=load_cap(3))
    add("forged-public-groups-load-cap-3.json", p, "invalid", "commitment",
        "task 001 load_cap 3: count 10 > 3 groups × 3", "load_cap 3")
    add("forged-sealed-groups-load-cap-3.json", s, "invalid", "commitment", "the same, sealed",
        "load_cap 3")
    add("forged-auditor-groups-load-cap-3.json", a, "invalid", "commitment", "the same, auditor",
        "load_cap 3")

    def leader_no_groups(inputs):
        inputs["plan"]["tasks"][1]["team"]["leader"] = True
    a, p, _s = forge(aud, tweak_inputs=leader_no_groups)
    add("forged-public-leader-no-groups.json", p, "invalid", "commitment",
        "task 002 leader true with groups 0", "leader without groups")
    add("forged-auditor-leader-no-groups.json", a, "invalid", "commitment", "the same, auditor",
        "leader without groups")

    def department(members):
        # `members` inspectors moved to 开发区市场监督管理局, which task 001's
        # team.departments asks for
        def tweak(inputs):
            for i in inputs["directories"]["inspectors"]:
                if i["id"] in members:
                    i["department"] = "开发区市场监督管理局"
            inputs["plan"]["tasks"][0]["team"]["departments"] = ["开发区市场监督管理局"]
        return tweak
    _a, p, _s = forge(aud, tweak_inputs=department({"13030007373", "13030015292"}))
    add("forged-public-groups-department-2.json", p, "invalid", "commitment",
        "task 001 departments [开发区市场监督管理局], which 2 regular candidates have: < 3 groups",
        "of 开发区市场监督管理局 < groups 3")
    a, p, _s = forge(aud, tweak_inputs=department({"13030007373", "13030015292",
                                                   "13030036102"}))
    leaders = [g["members"][0]["id"] for g in p["result"]["tasks"][0]["groups"]]
    add("forged-public-groups-department-3.json", p, "valid", None,
        "the same with 3 of that department: each group's department slot (its leader) "
        "from them: %s (control)" % leaders)
    add("forged-auditor-groups-department-3.json", a, "valid", None, "the same, auditor (control)")

    def experts(ids):
        def tweak(inputs):
            for i in inputs["directories"]["inspectors"]:
                if i["id"] in ids:
                    i["expert"] = True
            inputs["plan"]["tasks"][0]["team"]["expert"] = True
        return tweak
    _a, p, _s = forge(aud, tweak_inputs=experts({"13030007373", "13030015292"}))
    add("forged-public-groups-experts-2.json", p, "invalid", "commitment",
        "task 001 with an expert slot and 2 experts: < 3 groups", "2 experts < groups 3")
    a, p, _s = forge(aud, tweak_inputs=experts({"13030007373", "13030015292", "13030020264",
                                                "13030023211"}))
    g = p["result"]["tasks"][0]["groups"]
    add("forged-public-groups-experts-4.json", p, "valid", None,
        "the same with 4 experts (also regular candidates; each in at most one group): "
        "groups %s (control)" % [[m["id"] + ":" + m["role"] for m in x["members"]] for x in g])
    add("forged-auditor-groups-experts-4.json", a, "valid", None, "the same, auditor (control)")

    # one group of 3, no load cap: the firms of its members' regions get no
    # group (group 0, team [], unfilled = size)
    def one_group(inputs):
        inputs["plan"]["tasks"][0]["team"].update({"groups": 1, "load_cap": 0, "size": 3})
    a, p, _s = forge(aud, tweak_inputs=one_group)
    t = p["result"]["tasks"][0]
    none = [x["id"] for x in t["selected"] if x["group"] == 0]
    assert none and all(x["team"] == [] and x["unfilled"] == 3 and x["over_cap"] == 0
                        for x in t["selected"] if x["group"] == 0), none
    add("forged-public-groups-one.json", p, "valid", None,
        "task 001 with 1 group of 3 (%s) and no load cap: %d firms without a group "
        "(control)"
        % ([m["id"] for m in t["groups"][0]["members"]], len(none)))
    add("forged-auditor-groups-one.json", a, "valid", None, "the same, auditor (control)")

    def unfilled_0(res):
        x = next(y for y in res["tasks"][0]["selected"] if y["group"] == 0)
        x["unfilled"] = 0
    add("public-groups-one-unfilled-0.json", set_result(p, unfilled_0), "invalid", "result",
        "the same, a firm without a group published with unfilled 0 (not size 3)",
        "different unfilled")

    # the declared fallback: groups of 5, load_cap 4, so that a firm finds
    # every group eligible for it full (over_cap 1)
    def big_groups(inputs):
        inputs["plan"]["tasks"][0]["team"].update({"groups": 3, "load_cap": 4, "size": 5})
    a, p, _s = forge(aud, tweak_inputs=big_groups)
    t = p["result"]["tasks"][0]
    assert any(x["over_cap"] for x in t["selected"])
    add("forged-public-groups-over-cap.json", p, "valid", None,
        "task 001 with 3 groups of 5 and load_cap 4: groups %s, over_cap %s, group %s "
        "(control)"
        % ([[m["id"] for m in x["members"]] for x in t["groups"]],
           [x["over_cap"] for x in t["selected"]], [x["group"] for x in t["selected"]]))

    # format 1 has no inspection groups: a bundle with either member, rebuilt
    # (hashes, commitment, seed, result), fails check 1 alone
    b1 = load("bundle-small.json")
    b0 = forge1(b1, lambda inputs: None)
    if fd.jcs(b0) != fd.jcs(b1):
        rebuilt_bad += 1
        print("FAIL the rebuilt format 1 bundle differs from bundle-small.json")
    for name, member in (("format1-leader.json", {"leader": True}),
                         ("format1-leader-false.json", {"leader": False}),
                         ("format1-groups-3.json", {"groups": 3}),
                         ("format1-groups-0.json", {"groups": 0})):
        def tweak(inputs, member=member):
            inputs["plan"]["tasks"][0]["team"].update(member)
        b = forge1(b1, tweak)
        # the canonical form leaves groups 0 and leader false out in either
        # format (§10.10), so the rebuild of those two keeps bundle-small.json's
        # commitment, the member written
        if list(member.values()) in ([0], [False]) and b["commitment"] != b1["commitment"]:
            rebuilt_bad += 1
            print("FAIL %s: the rebuilt commitment is not bundle-small.json's" % name)
        add(name, b, "invalid", "format",
            "a format 1 bundle whose task 001 team has %s, rebuilt" % json.dumps(member),
            "a format 2 member")
    # §10.10: "beyond check 1 and the plan's hash the members count for nothing
    # there (feasibility, teams and the draw are format 1's, as if they were
    # absent)". Task 001 of bundle-small.json draws 10 firms with teams of 2
    # from 16 regular candidates: with groups 3 and load_cap 3, §10.10's
    # condition (10 > 3 × 3) would fail but §4.6's (10 × 2 <= 3 × 16) holds;
    # with groups 10000, §10.10's (16 < 10000 × 2) would fail; with load_cap 1
    # §4.6's own load cap (10 × 2 > 1 × 16) still fails check 3
    for name, member, checks, must_say in (
            ("format1-groups-3-load-cap-3.json", {"groups": 3, "load_cap": 3},
             "format", "a format 2 member"),
            ("format1-groups-10000.json", {"groups": 10000}, "format",
             "a format 2 member"),
            ("format1-groups-3-load-cap-1.json", {"groups": 3, "load_cap": 1},
             "format,commitment", "count × size exceeds load_cap")):
        def tweak(inputs, member=member):
            inputs["plan"]["tasks"][0]["team"].update(member)
        add(name, forge1(b1, tweak), "invalid", checks,
            "a format 1 bundle whose task 001 team has %s, rebuilt (teams per firm, "
            "§4.6's feasibility)" % json.dumps(member), must_say)
    # the same members written and nothing else changed (raw): groups 0 and
    # leader false leave the plan's section hash as it was (§10.10 "in either
    # format … its section hash is still computed this way"), so check 1
    # alone fails; groups 3 and leader true are hashed as written
    for name, member, checks in (
            ("format1-groups-0-raw.json", {"groups": 0}, "format"),
            ("format1-leader-false-raw.json", {"leader": False}, "format"),
            ("format1-groups-0-leader-false-raw.json", {"groups": 0, "leader": False},
             "format"),
            ("format1-groups-3-raw.json", {"groups": 3}, "format,inputs"),
            ("format1-leader-raw.json", {"leader": True}, "format,inputs")):
        d = copy.deepcopy(b1)
        d["inputs"]["plan"]["tasks"][0]["team"].update(member)
        add(name, d, "invalid", checks,
            "bundle-small.json with %s in task 001's team, nothing else changed (raw)"
            % json.dumps(member), "a format 2 member")

    # a maker that hashes the format 1 plan as written, `"groups": 0`
    # included (not §10.10's canonical form): the section hash disagrees
    def hashed_as_written(bundle):
        b = copy.deepcopy(bundle)
        inputs, com = b["inputs"], b["commitment"]
        inputs["plan"]["tasks"][0]["team"]["groups"] = 0
        plan = fd.normalize_plan(inputs["plan"])
        plan["tasks"][0]["team"]["groups"] = 0
        com["inputs"]["plan"] = fd.framed_hash(
            "fairdraw/1/section", bytes.fromhex(inputs["salt"]), "plan",
            fd.sha256(fd.jcs(plan))).hex()
        rehash_commitment(com)
        randomness = fd.sha256(bytes.fromhex(b["beacon"]["drand"]["signature"]))
        seed = f2.compute_seed(com, randomness, None, bytes.fromhex(com["commitment"]))
        dirs = fd.normalized_directories(inputs)
        hist = {}
        for r in dirs["history"]:
            hist.setdefault(r["enterprise_id"], []).append(r)
        plan = fd.normalize_plan(inputs["plan"])
        plans = [fd.plan_task(t, plan, dirs["enterprises"], hist) for t in plan["tasks"]]
        b["result"] = fd.compute_result(seed, plan, dirs, [(st, ex) for st, ex, _p in plans])
        b["result_sha256"] = fd.sha256(fd.jcs(b["result"])).hex()
        return b
    add("format1-groups-0-hashed-as-written.json", hashed_as_written(b1), "invalid",
        "format,inputs",
        "bundle-small.json with \"groups\": 0, its plan section hashed with the member, "
        "commitment, seed and result recomputed", "section plan")
    # one reader for both formats: `groups` beyond 2^32 - 1 and a `leader`
    # that is not a boolean are unreadable in format 1 too (§3.5, §10.10)
    d = copy.deepcopy(b1)
    d["inputs"]["plan"]["tasks"][0]["team"]["groups"] = 2 ** 32
    add("format1-groups-2p32.json", d, "unreadable", None,
        "a format 1 bundle whose task 001 team has \"groups\": 2^32 (raw)")
    d = copy.deepcopy(b1)
    d["inputs"]["plan"]["tasks"][0]["team"]["leader"] = "false"
    add("format1-leader-string.json", d, "unreadable", None,
        "a format 1 bundle whose task 001 team has \"leader\": \"false\" (raw)")
    # §6.3: `leader` in a format 1 document fails check 1; a role that is none
    # of the three names is unreadable
    b = copy.deepcopy(b1)
    b["result"]["tasks"][0]["selected"][0]["team"][0]["role"] = "leader"
    b["result_sha256"] = fd.sha256(fd.jcs(b["result"])).hex()
    add("format1-role-leader.json", b, "invalid", "format,result",
        "a format 1 bundle with a team member's role \"leader\", result_sha256 recomputed",
        "a format 2 role")
    b = copy.deepcopy(b1)
    b["result"]["tasks"][0]["selected"][0]["team"][0]["role"] = "expert "
    add("format1-role-unknown.json", b, "unreadable", None,
        "a format 1 bundle with a team member's role \"expert \" (raw)")
    return opens, rebuilt_bad


def range_cases(add):
    """§10.11 ratio ranges: the range vectors (task 001 at 15-20 %, task 002 at
    1-2 %, year_minimum with a year's minimum of 21 %: counts 2, 6, 4, 1), and
    copies of them changed raw or forged as their makers would."""
    aud = load("format2-auditor-ranges.json")
    pub = load("format2-public-ranges.json")
    a0, p0, s0 = forge(aud)
    rebuilt_bad = 0
    for x, y, n in ((a0, aud, "auditor"), (p0, pub, "public")):
        if fd.jcs(x) != fd.jcs(y):
            rebuilt_bad += 1
            print("FAIL the rebuilt %s ranges document differs from the vector" % n)
        else:
            print("OK the rebuilt %s ranges document is the vector (JCS byte for byte)" % n)
    add("control-forged-public-ranges.json", p0, "valid", None,
        "the range vector rebuilt without a change")
    add("control-forged-sealed-ranges.json", s0, "sealed", None,
        "its sealed document")

    def counts_of(doc):
        return [[st["count"] for st in t["strata"]] for t in doc["commitment"]["tasks"]]

    # raw: the published plan's range_choice changed, nothing else: the public
    # hash no longer matches (check 2), the commitment's counts are not the
    # new choice's (check 3: low's 11 also fall short of the year's 13), and
    # neither is the selection (check 6)
    for choice, checks, what in (
            ("low", "inputs,commitment,result", "counts 2, 5, 3, 1, 11 < the year's 13"),
            ("high", "inputs,commitment,result", "counts 2, 7, 4, 1")):
        d = copy.deepcopy(pub)
        d["public"]["plan"]["rules"]["range_choice"] = choice
        add("public-ranges-choice-%s-raw.json" % choice, d, "invalid", checks,
            "the public range vector with range_choice %s, nothing else changed (%s)"
            % (choice, what), "commitment.public")
        d = copy.deepcopy(aud)
        d["inputs"]["plan"]["rules"]["range_choice"] = choice
        add("auditor-ranges-choice-%s-raw.json" % choice, d, "invalid", checks,
            "the auditor range vector with range_choice %s, nothing else changed" % choice,
            "section plan")
    d = copy.deepcopy(pub)
    del d["public"]["plan"]["rules"]["range_choice"]
    add("public-ranges-choice-absent-raw.json", d, "invalid", "inputs,commitment,result",
        "the public range vector without range_choice (low), nothing else changed",
        "commitment.public")

    # the canonical form (§10.11): range_choice "low", written or absent,
    # hashes alike, in the plan section and in PUBLIC; ratio_max_bp has no
    # default that can be written (absent is its only default; null is
    # unreadable, below), and a written one is hashed
    def low_written(inputs):
        inputs["plan"]["rules"]["range_choice"] = "low"
        inputs["plan"]["rules"]["min_total_bp"] = 1800
    def no_members(inputs):
        del inputs["plan"]["rules"]["range_choice"]
        inputs["plan"]["rules"]["min_total_bp"] = 1800
        for t in inputs["plan"]["tasks"]:
            for r in t["sampling"]["rules"]:
                del r["ratio_max_bp"]
    def no_ranges_low_written(inputs):
        no_members(inputs)
        inputs["plan"]["rules"]["range_choice"] = "low"
    aw, pw, _sw = forge(aud, tweak_inputs=low_written)
    an, pn, _sn = forge(aud, tweak_inputs=no_members)
    anw, _pnw, _snw = forge(aud, tweak_inputs=no_ranges_low_written)
    add("forged-public-ranges-low.json", pw, "valid", None,
        "range_choice \"low\" written and the year's minimum lowered to 18 %% (need 11): "
        "the lower ends, counts %s (control)" % counts_of(pw))
    add("forged-auditor-ranges-low.json", aw, "valid", None, "its auditor document")
    add("forged-public-ranges-no-ranges.json", pn, "valid", None,
        "range_choice and every ratio_max_bp absent, year's minimum 18 %%: counts %s "
        "(control)" % counts_of(pn))
    add("forged-auditor-ranges-no-ranges.json", an, "valid", None, "its auditor document")
    def low_absent_ranges_kept(inputs):
        del inputs["plan"]["rules"]["range_choice"]
        inputs["plan"]["rules"]["min_total_bp"] = 1800
    ak, _pk, _sk = forge(aud, tweak_inputs=low_absent_ranges_kept)
    hashes = lambda a: (a["commitment"]["inputs"]["plan"], a["commitment"]["public"])
    if hashes(an) != hashes(anw) or hashes(aw) != hashes(ak) or hashes(aw) == hashes(an):
        rebuilt_bad += 1
        print("FAIL range_choice \"low\" written changes a hash, or ratio_max_bp 2000 "
              "does not (§10.11)")
    else:
        print("OK range_choice \"low\", written or absent, hashes alike with or without "
              "ranges (plan section and PUBLIC); a written ratio_max_bp 2000 does not")
    # a raw copy of the "absent" one with range_choice written at its default
    # (the one default of §10.11 that can be written): still valid; the same
    # with a ratio_max_bp null written as well: unreadable (§10.11)
    d = copy.deepcopy(pn)
    d["public"]["plan"]["rules"]["range_choice"] = "low"
    add("public-ranges-defaults-written-raw.json", d, "valid", None,
        "a plan without ranges, range_choice \"low\" then written into its PUBLIC, "
        "nothing else changed (hashed as absent, §10.11; control)")
    d = copy.deepcopy(an)
    d["inputs"]["plan"]["rules"]["range_choice"] = "low"
    add("auditor-ranges-defaults-written-raw.json", d, "valid", None,
        "its auditor document with range_choice \"low\" written into the inputs, nothing "
        "else changed (control)")
    d = copy.deepcopy(pn)
    d["public"]["plan"]["rules"]["range_choice"] = "low"
    for t in d["public"]["plan"]["tasks"]:
        for r in t["sampling"]["rules"]:
            r["ratio_max_bp"] = None
    add("public-ranges-null-written-raw.json", d, "unreadable", None,
        "a plan without ranges, range_choice \"low\" and every ratio_max_bp null then "
        "written into its PUBLIC (null is unreadable, §10.11)")
    d = copy.deepcopy(an)
    d["inputs"]["plan"]["tasks"][0]["sampling"]["rules"][0]["ratio_max_bp"] = None
    add("auditor-ranges-null-written-raw.json", d, "unreadable", None,
        "its auditor document with rule A's ratio_max_bp null written into the inputs")

    # forged: range_choice high, all rehashed: a valid plan (14 >= 13)
    def choice(c, bp=None):
        def tweak(inputs):
            inputs["plan"]["rules"]["range_choice"] = c
            if bp is not None:
                inputs["plan"]["rules"]["min_total_bp"] = bp
        return tweak
    ah, ph, _s = forge(aud, tweak_inputs=choice("high"))
    add("forged-public-ranges-high.json", ph, "valid", None,
        "range_choice high, rebuilt: the upper ends, counts %s (control)" % counts_of(ph))
    add("forged-auditor-ranges-high.json", ah, "valid", None, "its auditor document")
    # forged: range_choice low with the year's 21 %: 11 < 13, infeasible
    al, pl, _s = forge(aud, tweak_inputs=choice("low"))
    for d, kind in ((pl, "public"), (al, "auditor")):
        add("forged-%s-ranges-low-short.json" % kind, d, "invalid", "commitment",
            "range_choice low with the year's 21 %%, rebuilt: counts %s fall short of 13"
            % counts_of(pl), "year-level minimum: 11 < 13")
    # forged: year_minimum reaching a larger minimum: 25 % of 60 = 15, the
    # rooms [0, 2, 1, 0] give 3 at most: every stratum at its upper end (14),
    # infeasible
    a25, p25, _s = forge(aud, tweak_inputs=choice("year_minimum", 2500))
    for d, kind in ((p25, "public"), (a25, "auditor")):
        add("forged-%s-ranges-year-25.json" % kind, d, "invalid", "commitment",
            "year_minimum with a year's minimum of 25 %% (need 15), rebuilt: counts %s, "
            "every stratum at its upper end" % counts_of(p25), "year-level minimum: 14 < 15")
    # ... and 23 % (need 14): all the room taken, feasible
    a23, p23, _s = forge(aud, tweak_inputs=choice("year_minimum", 2300))
    add("forged-public-ranges-year-23.json", p23, "valid", None,
        "year_minimum with a year's minimum of 23 %% (need 14), rebuilt: counts %s (control)"
        % counts_of(p23))
    add("forged-auditor-ranges-year-23.json", a23, "valid", None, "its auditor document")

    # forged: the commitment states the lower ends' counts (2, 5, 3, 1), and
    # the draw uses them, everything rehashed: the plan says year_minimum
    def lower_ends(plan, tasks_strata, A):
        pass
    def upper_ends(plan, tasks_strata, A):
        p = dict(plan, rules=dict(plan["rules"], range_choice="high"))
        fd.apply_ranges(p, tasks_strata, A)
    for fn, name, what in ((lower_ends, "lower-ends", "the lower ends' counts 2, 5, 3, 1"),
                           (upper_ends, "upper-ends", "the upper ends' counts 2, 7, 4, 1")):
        af, pf, sf = forge(aud, counts=fn)
        for d, kind, checks in ((pf, "public", "commitment,result"),
                                (af, "auditor", "commitment,result"),
                                (sf, "sealed", "commitment,result")):
            add("forged-%s-ranges-%s.json" % (kind, name), d, "invalid", checks,
                "year_minimum, the commitment stating %s and the draw using them, "
                "everything rehashed" % what, "commitment.tasks" if kind != "auditor"
                else "tasks[0].strata")

    # feasibility (§10.11), each forged consistently: only check 3 catches it
    def rule_set(ti, ri, **m):
        def tweak(inputs):
            inputs["plan"]["tasks"][ti]["sampling"]["rules"][ri].update(m)
        return tweak
    for name, tweak, must_say, what in (
            ("ratio-max-below", rule_set(0, 0, ratio_max_bp=1000), "below ratio_bp",
             "task 001's rule A at 15 % to 10 %"),
            ("ratio-max-10001", rule_set(0, 1, ratio_max_bp=10001), "> 10000",
             "task 001's rule B at 15 % to 100.01 %"),
            ("ratio-max-2p32-1", rule_set(0, 1, ratio_max_bp=2 ** 32 - 1), "> 10000",
             "task 001's rule B with ratio_max_bp 2^32 - 1 (readable)"),
            ("ratio-max-no-ratio", rule_set(1, 0, ratio_bp=None, count=1), "no ratio_bp",
             "task 002's rule D a count of 1 with ratio_max_bp 200"),
            ("choice-medium", choice("medium"), "none of low, high, year_minimum",
             "range_choice \"medium\""),
            ("choice-Low", choice("Low", 1800), "none of low, high, year_minimum",
             "range_choice \"Low\" (the year's minimum 18 %, met by the lower ends)"),
            ("choice-empty", choice("", 1800), "none of low, high, year_minimum",
             "range_choice \"\" (the year's minimum 18 %)"),
            ("year-minimum-0", choice("year_minimum", 0), "year_minimum with rules.min_total_bp 0",
             "year_minimum with rules.min_total_bp 0 (the lower ends drawn)")):
        af, pf, _s = forge(aud, tweak_inputs=tweak)
        for d, kind in ((pf, "public"), (af, "auditor")):
            add("forged-%s-ranges-%s.json" % (kind, name), d, "invalid", "commitment",
                "%s, rebuilt: counts %s" % (what, counts_of(pf)), must_say)
    # a range_choice that breaks §3.5's text rules (a hidden character) fails
    # check 1 as well as §10.11's names (check 3)
    af, pf, _s = forge(aud, tweak_inputs=choice("high\u200b"))
    for d, kind in ((pf, "public"), (af, "auditor")):
        add("forged-%s-ranges-choice-hidden.json" % kind, d, "invalid", "format,commitment",
            "range_choice \"high\\u200b\" (a zero-width space), rebuilt: counts %s"
            % counts_of(pf), "range_choice")
    # ratio_max_bp equal to ratio_bp: a range of one point, feasible; with
    # B at 15-15 % the rooms are [0, 0, 1, 0]: the year's 21 % (13) is out of
    # reach (12), 20 % (12) is met
    def b_point(bp):
        def tweak(inputs):
            rule_set(0, 1, ratio_max_bp=1500)(inputs)
            inputs["plan"]["rules"]["min_total_bp"] = bp
        return tweak
    af, pf, _s = forge(aud, tweak_inputs=b_point(2100))
    add("forged-public-ranges-ratio-max-equal-21.json", pf, "invalid", "commitment",
        "task 001's rule B at 15-15 %%, year's minimum 21 %%, rebuilt: counts %s"
        % counts_of(pf), "year-level minimum: 12 < 13")
    af, pf, _s = forge(aud, tweak_inputs=b_point(2000))
    add("forged-public-ranges-ratio-max-equal-20.json", pf, "valid", None,
        "task 001's rule B at 15-15 %%, year's minimum 20 %%, rebuilt: counts %s (control)"
        % counts_of(pf))
    add("forged-auditor-ranges-ratio-max-equal-20.json", af, "valid", None,
        "its auditor document")

    # controls judged by this verifier alone: high counts "everywhere"
    # (§10.11) with a proportional total and a task's own min_total_bp, and
    # year_minimum with a census stratum (drawn whole, no room)
    def proportional_high(inputs):
        inputs["plan"]["rules"]["range_choice"] = "high"
        s = inputs["plan"]["tasks"][0]["sampling"]
        s["allocation"] = "proportional"
        s["rules"] = [{"when": {}, "ratio_bp": 1500, "ratio_max_bp": 2000, "count": None,
                       "min": 0, "max": None}]
        inputs["plan"]["tasks"][1]["sampling"]["min_total_bp"] = 10000
    af, pf, _s = forge(aud, tweak_inputs=proportional_high)
    add("forged-public-ranges-proportional-high.json", pf, "valid", None,
        "range_choice high, task 001 proportional at 15-20 %% (12 of 57 spread), task 002 "
        "with its own min_total_bp 100 %%, rebuilt: counts %s (control)" % counts_of(pf))
    add("forged-auditor-ranges-proportional-high.json", af, "valid", None,
        "its auditor document")
    def census_year(inputs):
        ents = inputs["directories"]["enterprises"]
        e = next(x for x in ents if x.get("risk") == "B" and not x.get("flags"))
        e["flags"] = ["blacklist"]
        inputs["plan"]["rules"]["min_total_bp"] = 2300
    af, pf, _s = forge(aud, tweak_inputs=census_year)
    add("forged-public-ranges-census-year.json", pf, "valid", None,
        "year_minimum 23 %% (need 14) with a firm of task 001's B stratum blacklisted "
        "(a census stratum of 1 in task 001, drawn whole), rebuilt: counts %s (control)"
        % counts_of(pf))
    add("forged-auditor-ranges-census-year.json", af, "valid", None, "its auditor document")

    # a task's own min_total_bp lifting a stratum's low count above its high
    # one (§10.11: such a stratum has no room and keeps its count). Task 001
    # with A and C at 0-0 %, B at 0-50 %, its own minimum 50 % (29 of 57):
    # low counts [5, 16, 8] (29 spread over the sizes), high counts [3, 21, 5]
    # (B's 16, then 13 spread over the rooms [10, 15, 16]); rooms [0, 5, 0]
    # and D's 0. year_minimum 55 % (need 33 of 60, S 30): B draws 3 more;
    # 58 % (need 35): every room taken; 60 % (need 36): out of reach
    def lifted(bp):
        def tweak(inputs):
            s = inputs["plan"]["tasks"][0]["sampling"]
            for r in s["rules"]:
                r["ratio_bp"], r["ratio_max_bp"] = 0, 0
            s["rules"][1]["ratio_max_bp"] = 5000
            s["min_total_bp"] = 5000
            inputs["plan"]["rules"]["min_total_bp"] = bp
        return tweak
    for bp, need in ((5500, 33), (5800, 35)):
        af, pf, _s = forge(aud, tweak_inputs=lifted(bp))
        add("forged-public-ranges-lifted-%d.json" % (bp // 100), pf, "valid", None,
            "task 001 at A 0-0 %%, B 0-50 %%, C 0-0 %% with its own minimum 50 %% (low "
            "counts 5, 16, 8 above A's and C's high counts 3 and 5), year_minimum %d %% "
            "(need %d), rebuilt: counts %s, A and C keep theirs (control)"
            % (bp // 100, need, counts_of(pf)))
        add("forged-auditor-ranges-lifted-%d.json" % (bp // 100), af, "valid", None,
            "its auditor document")
    af, pf, _s = forge(aud, tweak_inputs=lifted(6000))
    for d, kind in ((pf, "public"), (af, "auditor")):
        add("forged-%s-ranges-lifted-60.json" % kind, d, "invalid", "commitment",
            "the same with year_minimum 60 %% (need 36), rebuilt: counts %s, every room "
            "taken" % counts_of(pf), "year-level minimum: 35 < 36")
    # the same task with range_choice high (the year's 50 %, need 30): the
    # high counts 3, 21, 5, A and C below their low counts 5 and 8 (the
    # counts are defined; finding 90)
    def lifted_high(inputs):
        lifted(5000)(inputs)
        inputs["plan"]["rules"]["range_choice"] = "high"
    af, pf, _s = forge(aud, tweak_inputs=lifted_high)
    add("forged-public-ranges-lifted-high.json", pf, "valid", None,
        "the same task with range_choice high, the year's 50 %% (need 30), rebuilt: the "
        "high counts %s, A and C below their low counts (control)" % counts_of(pf))
    add("forged-auditor-ranges-lifted-high.json", af, "valid", None, "its auditor document")
    # ... and a forger who holds every stratum at or below its high count
    # (as the former wording "at no stratum more than its range's upper end"
    # read): A and C cut to 3 and 5, the commitment and the draw using them
    def capped(plan, tasks_strata, A):
        highs = []
        for task, strata in zip(plan["tasks"], tasks_strata):
            copies = [dict(st, count=0) for st in strata]
            fd.assign_counts(task, copies, high=True)
            highs.append([c["count"] for c in copies])
        fd.apply_ranges(plan, tasks_strata, A)
        for strata, hs in zip(tasks_strata, highs):
            for st, h in zip(strata, hs):
                st["count"] = min(st["count"], h)
    af, pf, _s = forge(aud, tweak_inputs=lifted(5500), counts=capped)
    for d, kind in ((pf, "public"), (af, "auditor")):
        add("forged-%s-ranges-lifted-capped.json" % kind, d, "invalid", "commitment,result",
            "year_minimum 55 %% with the lifted strata cut to their high counts, the "
            "commitment stating counts %s and the draw using them, everything rehashed"
            % counts_of(pf), "commitment.tasks" if kind == "public" else "tasks[0].strata")

    # an unknown range_choice: the plan is infeasible and its counts are
    # low's (§10.11); a forger whose commitment and draw use the high counts
    # or year_minimum's fails the draw as well
    def upper(plan, tasks_strata, A):
        fd.apply_ranges(dict(plan, rules=dict(plan["rules"], range_choice="high")),
                        tasks_strata, A)
    def year(plan, tasks_strata, A):
        fd.apply_ranges(dict(plan, rules=dict(plan["rules"], range_choice="year_minimum")),
                        tasks_strata, A)
    for fn, name, what in ((upper, "high", "the high counts"),
                           (year, "year", "year_minimum's counts")):
        af, pf, _s = forge(aud, tweak_inputs=choice("medium"), counts=fn)
        for d, kind in ((pf, "public"), (af, "auditor")):
            add("forged-%s-ranges-choice-medium-%s-counts.json" % (kind, name), d, "invalid",
                "commitment,result",
                "range_choice \"medium\", the commitment stating %s %s and the draw using "
                "them, everything rehashed (the counts are low's)" % (what, counts_of(pf)),
                "none of low, high, year_minimum")

    # reading: ratio_max_bp above 2^32 - 1, null or of another type than a
    # number, and a range_choice that is not a string (null included) are
    # unreadable (§3.5, §10.11)
    for name, where, val in (("ratio-max-2p32", "rule", 2 ** 32),
                             ("ratio-max-string", "rule", "2000"),
                             ("ratio-max-float", "rule", 2000.5),
                             ("ratio-max-null", "rule", None),
                             ("ratio-max-true", "rule", True),
                             ("ratio-max-list", "rule", [2000]),
                             ("choice-list", "rules", ["low"]),
                             ("choice-null", "rules", None),
                             ("choice-number", "rules", 1)):
        for doc0, kind, pp in ((pub, "public", ("public", "plan")),
                               (aud, "auditor", ("inputs", "plan"))):
            d = copy.deepcopy(doc0)
            plan = d[pp[0]][pp[1]]
            if where == "rule":
                plan["tasks"][0]["sampling"]["rules"][1]["ratio_max_bp"] = val
            else:
                plan["rules"]["range_choice"] = val
            add("%s-ranges-%s.json" % (kind, name), d, "unreadable", None,
                "%s with %s %s (raw)" % (kind, "task 001's rule B ratio_max_bp" if where ==
                                         "rule" else "range_choice", json.dumps(val)))

    # directory.active drives year_minimum's need: a forger stating 50 active
    # firms (need 11, the lower ends) fails the directory's own rule
    def active_50(public, members):
        public["directory"]["active"] = 50
    af, pf, _s = forge(aud, tweak_public=active_50)
    add("forged-public-ranges-active-50.json", pf, "invalid", "commitment",
        "directory.active 50 (need 11): counts %s, rebuilt" % counts_of(pf),
        "excluded.inactive")
    add("forged-auditor-ranges-active-50.json", af, "invalid", "commitment,result",
        "its auditor document: the public inputs recomputed from the full inputs differ, "
        "and the full inputs' 60 active firms give the counts 2, 6, 4, 1, not the "
        "commitment's nor the draw's", "commitment.public")

    # format 1 has no ratio ranges: a bundle writing either member, rebuilt,
    # fails check 1 alone (beyond reading, check 1 and the hash they count
    # for nothing: the counts stay §4.4's)
    b1 = load("bundle-small.json")
    def f1(member_rules=None, member_rule=None, all_rules=None):
        def tweak(inputs):
            if member_rules is not None:
                inputs["plan"]["rules"].update(member_rules)
            if member_rule is not None:
                inputs["plan"]["tasks"][0]["sampling"]["rules"][0].update(member_rule)
            if all_rules is not None:
                for t in inputs["plan"]["tasks"]:
                    for r in t["sampling"]["rules"]:
                        r.update(all_rules)
        return tweak
    for name, tweak, what in (
            ("format1-range-choice-low.json", f1({"range_choice": "low"}),
             "range_choice \"low\""),
            ("format1-range-choice-high.json", f1({"range_choice": "high"}, None,
                                                  {"ratio_max_bp": 10000}),
             "range_choice \"high\" and every rule's ratio_max_bp 10000 (format 2 would "
             "draw every firm)"),
            ("format1-range-choice-year-minimum.json",
             f1({"range_choice": "year_minimum", "min_total_bp": 5000}, None,
                {"ratio_max_bp": 10000}),
             "year_minimum with 50 % and ratio_max_bp 10000 (format 1's lower ends fall "
             "short: feasibility fails too)"),
            ("format1-range-choice-medium.json", f1({"range_choice": "medium"}),
             "range_choice \"medium\" (unknown in format 2)"),
            ("format1-year-minimum-0.json", f1({"range_choice": "year_minimum",
                                                "min_total_bp": 0}),
             "year_minimum with min_total_bp 0 (infeasible in format 2)"),
            ("format1-ratio-max-2000.json", f1(None, {"ratio_max_bp": 2000}),
             "task 001's rule A ratio_max_bp 2000"),
            ("format1-ratio-max-below.json", f1(None, {"ratio_max_bp": 1000}),
             "task 001's rule A ratio_max_bp 1000, below its ratio_bp (infeasible in "
             "format 2)")):
        b = forge1(b1, tweak)
        checks = "format"
        must = "a format 2 member (§10.11)"
        if "year-minimum.json" in name:
            checks = "format,commitment"
        add(name, b, "invalid", checks, "a format 1 bundle with %s, rebuilt" % what, must)
        if name == "format1-range-choice-low.json" and b["commitment"] != b1["commitment"]:
            rebuilt_bad += 1
            print("FAIL %s: the rebuilt commitment is not bundle-small.json's" % name)
    # raw: written, nothing else changed; the defaults hash as absent
    for name, tweak, checks, what in (
            ("format1-range-choice-low-raw.json", f1({"range_choice": "low"}), "format",
             "range_choice \"low\""),
            ("format1-range-choice-high-raw.json", f1({"range_choice": "high"}),
             "format,inputs", "range_choice \"high\""),
            ("format1-ratio-max-2000-raw.json", f1(None, {"ratio_max_bp": 2000}),
             "format,inputs", "rule A ratio_max_bp 2000")):
        d = copy.deepcopy(b1)
        tweak(d["inputs"])
        add(name, d, "invalid", checks,
            "bundle-small.json with %s, nothing else changed (raw)" % what,
            "a format 2 member (§10.11)")
    # null for ratio_max_bp is unreadable in either format (§10.11)
    b = forge1(b1, f1(None, {"ratio_max_bp": None}))
    add("format1-ratio-max-null.json", b, "unreadable", None,
        "a format 1 bundle with task 001's rule A ratio_max_bp null, rebuilt")
    for name, tweak, what in (
            ("format1-ratio-max-null-raw.json", f1(None, {"ratio_max_bp": None}),
             "rule A ratio_max_bp null"),
            ("format1-ratio-max-2p32.json", f1(None, {"ratio_max_bp": 2 ** 32}),
             "rule A ratio_max_bp 2^32"),
            ("format1-range-choice-null.json", f1({"range_choice": None}),
             "range_choice null"),
            ("format1-range-choice-number.json", f1({"range_choice": 0}),
             "range_choice 0")):
        d = copy.deepcopy(b1)
        tweak(d["inputs"])
        add(name, d, "unreadable", None,
            "a format 1 bundle with %s (raw; one reader for both formats)" % what)
    return rebuilt_bad


# §10.12's example names: the abbreviation and the full name of the plan's
# department (开发区应急管理局), and a former name the plan does not list
ALIAS_SHORT = "开发区应急局"
ALIAS_FULL = "秦皇岛经济技术开发区应急管理局"
NOT_LISTED = "开发区安全生产监督管理局"
NAMES = sorted([ALIAS_SHORT, ALIAS_FULL], key=lambda x: x.encode("utf-8"))


def add_history(inputs, records):
    """History records (enterprise_id, date, department, level) added to the
    inputs, the list kept in §3.2's order."""
    hist = inputs["directories"].setdefault("history", [])
    hist += [{"enterprise_id": e, "date": d, "department": dep, "level": lv}
             for e, d, dep, lv in records]
    hist.sort(key=lambda r: tuple(r[m].encode("utf-8") for m in
                                  ("enterprise_id", "date", "department", "level")))


# Each of the two firms with a record of 2026 under the plan's department
# gets a second one under one of the other names: with them counted, both
# reach the yearly cap of 2 (92130302MAYMHG203Y was selected in task 001's
# stratum C). A third firm gets two records under a name the plan does not
# list, which count for neither (§10.12), and a fourth one record of level
# higher under the short name, which counts towards higher alone.
ALIAS_RECORDS = [
    ("92130302MAYMHG203Y", "2026-09-03", ALIAS_SHORT, "same"),
    ("911303063884501624", "2026-03-02", ALIAS_FULL, "same"),
]


def names_cases(add):
    """§10.12 the department's other names, on the small format 2 vectors
    (and on bundle-small.json for format 1)."""
    aud = load("format2-auditor-small.json")
    pub = load("format2-public-small.json")
    rebuilt_bad = 0
    ents = aud["inputs"]["directories"]["enterprises"]
    in_history = {r["enterprise_id"] for r in aud["inputs"]["directories"]["history"]}
    plain = [e["id"] for e in ents if not e.get("flags") and e.get("status") == "active"
             and e.get("risk") in ("A", "B", "C") and e["id"] not in in_history]
    third, fourth = plain[0], plain[1]
    extra_records = ALIAS_RECORDS + [
        (third, "2026-02-10", NOT_LISTED, "same"),
        (third, "2026-06-18", NOT_LISTED, "same"),
        (fourth, "2026-04-01", ALIAS_SHORT, "higher")]

    def excluded_of(doc):
        return [(t["excluded"]["yearly_cap"], t["excluded"]["higher_level"])
                for t in doc["commitment"]["tasks"]]

    def with_names(names, records=extra_records):
        def tweak(inputs):
            add_history(inputs, records)
            if names is not None:
                inputs["plan"]["rules"]["department_names"] = names
        return tweak

    # the plan names the other two names: the two firms reach the cap
    an, pn, sn = forge(aud, tweak_inputs=with_names(NAMES))
    want = [(2, 1), (2, 1)]
    if excluded_of(an) != want:
        rebuilt_bad += 1
        print("FAIL with the other names counted, (yearly_cap, higher_level) per task "
              "are %s, not %s" % (excluded_of(an), want))
    else:
        print("OK with the other names counted, (yearly_cap, higher_level) per task %s"
              % excluded_of(an))
    sel = [s["id"] for s in an["result"]["tasks"][0]["selected"]]
    if "92130302MAYMHG203Y" in sel:
        rebuilt_bad += 1
        print("FAIL 92130302MAYMHG203Y is still selected with the names counted")
    what = ("department_names %s, history records under them that bring "
            "92130302MAYMHG203Y (selected in the vector) and 911303063884501624 to the "
            "yearly cap, two under %s (not listed) and one higher under %s; commitment, "
            "public inputs, counts and result rebuilt: yearly_cap, higher_level %s"
            % (json.dumps(NAMES, ensure_ascii=False), NOT_LISTED, ALIAS_SHORT,
               excluded_of(an)))
    add("forged-auditor-names.json", an, "valid", None, what + " (control)")
    add("forged-public-names.json", pn, "valid", None, "its public document (control)")
    add("forged-sealed-names.json", sn, "sealed", None, "its sealed document (control)")
    # the same records without the names: the firms stay in their strata
    a0, _p0, _s0 = forge(aud, tweak_inputs=with_names(None))
    if excluded_of(a0) != [(0, 1), (0, 1)]:
        rebuilt_bad += 1
        print("FAIL without the names, (yearly_cap, higher_level) per task are %s"
              % excluded_of(a0))
    add("forged-auditor-names-absent.json", a0, "valid", None,
        "the same history without department_names, rebuilt: yearly_cap, higher_level %s "
        "(control)" % excluded_of(a0))
    # a plan without the names whose commitment, public inputs and draw count
    # the records under them all the same: the auditor's verification
    # recomputes the memberships; the public one cannot tell which rule
    # excluded a firm (§10.7 "What each document proves")
    ad, pd, _sd = forge(aud, tweak_inputs=with_names(None), names=NAMES)
    add("forged-auditor-names-dropped.json", ad, "invalid", "commitment,result",
        "the same history, the plan without department_names, the commitment, public "
        "inputs, counts and draw those of the plan with them (yearly_cap 2 per task), "
        "everything rehashed", "tasks[0].excluded")
    add("forged-public-names-dropped.json", pd, "valid", None,
        "its public document: the entries do not say which rule excluded a firm (§10.7), "
        "so only the auditor's verification catches it (control)")
    # ... and the converse: the plan names them, the maker ignores them
    ai, _pi, _si = forge(aud, tweak_inputs=with_names(NAMES), names=())
    add("forged-auditor-names-ignored.json", ai, "invalid", "commitment,result",
        "department_names written, the commitment, public inputs, counts and draw those "
        "of the plan without them (yearly_cap 0), everything rehashed",
        "tasks[0].excluded")

    # check 1: sorted, distinct, text of 1 to 100 characters (§10.12)
    for name, names, must, what in (
            ("unsorted", [ALIAS_FULL, ALIAS_SHORT], "not in byte order",
             "the two names in reverse byte order"),
            ("duplicate", [ALIAS_SHORT, ALIAS_SHORT], "not in byte order",
             "the short name twice"),
            ("hidden", [ALIAS_SHORT + "\u200b"], "hidden character U+200B",
             "the short name with a zero-width space at its end (the records under the "
             "short name no longer count)"),
            ("rtl", ["\u202e" + ALIAS_SHORT], "hidden character U+202E",
             "the short name after a right-to-left override"),
            ("not-nfc", ["开发区应急局e\u0301"], "not NFC", "a name not in NFC"),
            ("space", [ALIAS_SHORT + " "], "white space", "the short name with a trailing "
             "space"),
            ("empty-string", [""], "0 characters", "one empty name"),
            ("101", ["局" * 101], "101 characters", "one name of 101 characters")):
        af, pf, _sf = forge(aud, tweak_inputs=with_names(names))
        for d, kind in ((pf, "public"), (af, "auditor")):
            add("forged-%s-names-%s.json" % (kind, name), d, "invalid", "format",
                "department_names: %s, rebuilt" % what,
                "plan.rules.department_names")
    af, pf, _sf = forge(aud, tweak_inputs=with_names(["局" * 100] + NAMES))
    add("forged-public-names-100.json", pf, "valid", None,
        "a name of 100 characters sorted first, rebuilt (control)")
    add("forged-auditor-names-100.json", af, "valid", None, "its auditor document (control)")
    # a name equal to plan.department itself: not refused, and the record is
    # counted once
    af, pf, _sf = forge(aud, tweak_inputs=with_names(sorted(
        NAMES + [aud["inputs"]["plan"]["department"]], key=lambda x: x.encode("utf-8"))))
    add("forged-auditor-names-own.json", af, "valid", None,
        "department_names listing plan.department as well, rebuilt: yearly_cap, "
        "higher_level %s (counted once; finding 91)" % excluded_of(af))

    # the canonical form: [] written hashes as absent, in the plan section
    # and in PUBLIC
    ae, pe, se = forge(aud, tweak_inputs=lambda i: i["plan"]["rules"].update(
        department_names=[]))
    if ae["commitment"] != aud["commitment"] or fd.jcs(pe) != fd.jcs(pub):
        rebuilt_bad += 1
        print("FAIL department_names [] written changes the commitment (§10.12)")
    else:
        print("OK department_names [] written: the commitment is the vector's (plan "
              "section and PUBLIC hashed as absent)")
    add("forged-auditor-names-empty.json", ae, "valid", None,
        "department_names [] written, rebuilt: the vector's commitment (control)")
    add("forged-public-names-empty.json", pe, "valid", None,
        "its public document (control)")
    for doc0, kind, pp in ((pub, "public", "public"), (aud, "auditor", "inputs")):
        d = copy.deepcopy(doc0)
        d[pp]["plan"]["rules"]["department_names"] = []
        add("%s-names-empty-raw.json" % kind, d, "valid", None,
            "the %s vector with department_names [] written, nothing else changed "
            "(hashed as absent; control)" % kind)
    # raw: names written, nothing else changed: the hashes no longer match
    d = copy.deepcopy(pub)
    d["public"]["plan"]["rules"]["department_names"] = NAMES
    add("public-names-raw.json", d, "invalid", "inputs",
        "the public vector with department_names written, nothing else changed",
        "commitment.public")
    d = copy.deepcopy(aud)
    d["inputs"]["plan"]["rules"]["department_names"] = NAMES
    add("auditor-names-raw.json", d, "invalid", "inputs,commitment",
        "the auditor vector with department_names written, nothing else changed",
        "section plan")
    d = copy.deepcopy(an)
    del d["inputs"]["plan"]["rules"]["department_names"]
    add("auditor-names-removed-raw.json", d, "invalid", "inputs,commitment,result",
        "forged-auditor-names.json with department_names removed, nothing else changed",
        "section plan")

    # reading: null or another type than a list of strings is unreadable
    for name, val in (("null", None), ("string", ALIAS_SHORT), ("object", {}),
                      ("number-entry", [1]), ("null-entry", [None])):
        for doc0, kind, pp in ((pub, "public", "public"), (aud, "auditor", "inputs")):
            d = copy.deepcopy(doc0)
            d[pp]["plan"]["rules"]["department_names"] = val
            add("%s-names-%s.json" % (kind, name), d, "unreadable", None,
                "%s with department_names %s (raw)" % (kind, json.dumps(
                    val, ensure_ascii=False)))

    # format 1 has no other names: written, whatever the value ([] included),
    # check 1 fails; beyond reading, check 1 and the hash the member counts
    # for nothing (the records under the names do not count)
    b1 = load("bundle-small.json")
    def f1(names, records=()):
        def tweak(inputs):
            add_history(inputs, records)
            inputs["plan"]["rules"]["department_names"] = names
        return tweak
    b = forge1(b1, f1([]))
    if b["commitment"] != b1["commitment"]:
        rebuilt_bad += 1
        print("FAIL format 1 department_names [] written changes the commitment")
    add("format1-names-empty.json", b, "invalid", "format",
        "bundle-small.json with department_names [] (hashed as absent: the vector's "
        "commitment)", "a format 2 member (§10.12)")
    b = forge1(b1, f1(NAMES, ALIAS_RECORDS))
    add("format1-names.json", b, "invalid", "format",
        "a format 1 bundle with department_names and the records under them, rebuilt "
        "(the records count for nothing: yearly_cap %s)"
        % [t["excluded"]["yearly_cap"] for t in b["commitment"]["tasks"]],
        "a format 2 member (§10.12)")
    b = forge1(b1, f1(NAMES, ALIAS_RECORDS), names=NAMES)
    add("format1-names-counted.json", b, "invalid", "format,commitment,result",
        "the same with the commitment and the draw counting the records under the names "
        "(yearly_cap %s), rebuilt"
        % [t["excluded"]["yearly_cap"] for t in b["commitment"]["tasks"]],
        "tasks[0].excluded")
    b = forge1(b1, f1([ALIAS_FULL, ALIAS_SHORT]))
    add("format1-names-unsorted.json", b, "invalid", "format",
        "a format 1 bundle with unsorted department_names, rebuilt",
        "a format 2 member (§10.12)")
    d = copy.deepcopy(b1)
    d["inputs"]["plan"]["rules"]["department_names"] = []
    add("format1-names-empty-raw.json", d, "invalid", "format",
        "bundle-small.json with department_names [], nothing else changed (raw)",
        "a format 2 member (§10.12)")
    d = copy.deepcopy(b1)
    d["inputs"]["plan"]["rules"]["department_names"] = NAMES
    add("format1-names-raw.json", d, "invalid", "format,inputs",
        "bundle-small.json with department_names, nothing else changed (raw)",
        "a format 2 member (§10.12)")
    d = copy.deepcopy(b1)
    d["inputs"]["plan"]["rules"]["department_names"] = None
    add("format1-names-null.json", d, "unreadable", None,
        "bundle-small.json with department_names null (raw; one reader for both formats)")
    return rebuilt_bad


def timelock_cases(sea, pub, add, out):
    """§10.9: tampered timelocks of the sealed vector, judged sealed (no
    --open) and opened with quicknet round 1000 (--open). Returns {copy name:
    ROUND.json} for the copies to open."""
    import base64
    import timelock as tlk
    rounds = fd.load_json(os.path.join(HERE, "..", "vectors", "beacons", "drand-rounds.json"))
    r1000 = [v for v in rounds["vectors"] if v["label"] == "quicknet round 1000"][0]
    round_path = os.path.join(out, "quicknet-round-1000.json")
    with open(round_path, "w") as f:
        json.dump({"round": 1000, "signature": r1000["signature"],
                   "randomness": r1000["randomness"]}, f)
    sig = bytes.fromhex(r1000["signature"])
    ct0 = sea["timelock"]["ciphertext"]
    due = tlk.due_round(sea["reveal_after"])
    reveal = {"result": pub["result"], "revealed": pub["revealed"]}
    opens = {}

    def rearmor(data):
        a = base64.b64encode(data).decode()
        return "%s\n%s\n%s\n" % (tlk.BEGIN, "\n".join(a[i:i + 64] for i in range(0, len(a), 64)),
                                  tlk.END)

    def sealed_with(name, tl, verdict, checks, what, must_say=None, open_too=None):
        d = copy.deepcopy(sea)
        d["timelock"].update(tl)
        add(name, d, verdict, checks, what, must_say)
        if open_too is not None:
            oname = name.replace(".json", "-opened.json")
            add(oname, d, open_too[0], open_too[1], what + ", opened with round 1000",
                open_too[2] if len(open_too) > 2 else None)
            opens[oname] = round_path

    # the vector itself, opened: the public vector's verdict
    sealed_with("sealed-timelock-control.json", {}, "sealed", None,
                "the sealed vector (control)", open_too=("valid", None))
    # round later than the due round (stanza and member agree, so the form
    # is right): check 5
    sealed_with("sealed-timelock-after-due.json",
                {"round": due + 1, "ciphertext": tlk.encrypt_with_signature(b"x", sig, due + 1)},
                "invalid", "timing", "timelock round = due round + 1", "later than the due round")
    sealed_with("sealed-timelock-at-due.json",
                {"round": due, "ciphertext": tlk.encrypt_with_signature(b"x", sig, due)},
                "sealed", None, "timelock round = the due round %d (control)" % due)
    sealed_with("sealed-timelock-round-0.json",
                {"round": 0, "ciphertext": ct0}, "invalid", "format,timing",
                "timelock round 0 (outside §3.5's bounds, check 5; the stanza says 1000, check 1)",
                "outside 1..")
    # a chain that is not quicknet's (the default chain's hash, in the stanza too)
    dflt = fd.CHAINS["default"]["hash"]
    sealed_with("sealed-timelock-chain-default.json",
                {"chain": dflt, "ciphertext": tlk.encrypt_with_signature(b"x", sig, 1000, dflt)},
                "invalid", "format", "timelock chain = default's chain hash",
                "not quicknet's chain hash")
    # member and stanza disagree
    sealed_with("sealed-timelock-stanza-round.json", {"round": 999}, "invalid", "format",
                "timelock.round 999, the stanza says 1000", "tlock stanza round 1000")
    # broken armor: a line of 63 characters, the END line missing, no padding
    lines = ct0.split("\n")
    sealed_with("sealed-timelock-armor-63.json",
                {"ciphertext": "\n".join(lines[:1] + [lines[1][:63]] + lines[2:])},
                "invalid", "format", "an armor line of 63 characters", "armor")
    sealed_with("sealed-timelock-armor-no-end.json",
                {"ciphertext": "\n".join(x for x in lines if not x.startswith("-----END"))},
                "invalid", "format", "no END line", "armor")
    sealed_with("sealed-timelock-armor-junk.json", {"ciphertext": "x" + ct0},
                "invalid", "format", "a character before the armor", "armor")
    sealed_with("sealed-timelock-crlf.json", {"ciphertext": "\r\n" + ct0.replace("\n", "\r\n")},
                "sealed", None, "CR LF line ends and a leading line end (allowed, control)",
                open_too=("valid", None))
    # U not in the subgroup / not canonical: flip U's last bit
    data = bytearray(tlk.dearmor(ct0))
    stanzas, _h, _m, _p = tlk.parse_age(bytes(data))
    _r, _c, body = tlk.tlock_stanza(stanzas)
    bad_body = bytearray(body)
    bad_body[95] ^= 1
    ob = base64.b64encode(body).decode().rstrip("=")
    nb = base64.b64encode(bytes(bad_body)).decode().rstrip("=")
    text = bytes(data).decode("latin-1")
    ob_l = "\n".join(ob[i:i + 64] for i in range(0, len(ob), 64))
    nb_l = "\n".join(nb[i:i + 64] for i in range(0, len(nb), 64))
    assert ob_l in text
    sealed_with("sealed-timelock-bad-u.json",
                {"ciphertext": rearmor(text.replace(ob_l, nb_l).encode("latin-1"))},
                "invalid", "format", "U with its last bit flipped", "U is not")
    # one payload byte altered: the form is right (sealed), it does not open
    d2 = bytearray(data)
    d2[-1] ^= 0x01
    sealed_with("sealed-timelock-payload-byte.json", {"ciphertext": rearmor(bytes(d2))},
                "sealed", None, "the last payload byte altered",
                open_too=("invalid", "open", "does not authenticate"))
    # the header MAC altered: does not open
    mac_at = bytes(data).index(b"\n--- ") + 5
    d3 = bytearray(data)
    d3[mac_at] = ord("A") if d3[mac_at] != ord("A") else ord("B")
    sealed_with("sealed-timelock-mac.json", {"ciphertext": rearmor(bytes(d3))},
                "sealed", None, "the header MAC altered",
                open_too=("invalid", "open", "MAC"))
    # a forger's envelope that opens: holding a REVEAL with a selected name
    # changed (the opened public document fails check 6), a REVEAL that is not
    # JCS, and the true REVEAL (control)
    r2 = copy.deepcopy(reveal)
    r2["result"]["tasks"][0]["selected"][0]["name"] += "X"
    sealed_with("sealed-timelock-forged-name.json",
                {"ciphertext": tlk.encrypt_with_signature(fd.jcs(r2), sig, 1000)},
                "sealed", None, "an envelope holding a REVEAL with a name changed",
                open_too=("invalid", "result"))
    sealed_with("sealed-timelock-not-jcs.json",
                {"ciphertext": tlk.encrypt_with_signature(
                    json.dumps(reveal, ensure_ascii=False, indent=1).encode(), sig, 1000)},
                "sealed", None, "an envelope holding the REVEAL pretty-printed",
                open_too=("invalid", "open", "not JCS(REVEAL)"))
    sealed_with("sealed-timelock-reencrypted.json",
                {"ciphertext": tlk.encrypt_with_signature(fd.jcs(reveal), sig, 1000)},
                "sealed", None, "the REVEAL encrypted anew to round 1000 (control)",
                open_too=("valid", None))
    return opens


def flip_hex(s, i):
    return s[:i] + ("0" if s[i] != "0" else "1") + s[i + 1:]


def main(argv):
    out = argv[1] if len(argv) > 1 else tempfile.mkdtemp(prefix="fairdraw2-tamper-")
    os.makedirs(out, exist_ok=True)
    aud = load("format2-auditor-small.json")
    pub = load("format2-public-small.json")
    sea = load("format2-sealed-small.json")
    cases = []   # (file, document, expected --summary line, what)

    def add(name, doc, verdict, checks, what, must_say=None):
        """checks: the failed §8 checks, in §8's order, for verdict invalid;
        must_say: a text the full report's FAIL lines must contain (to tell
        which rule of a check caught the copy)"""
        expected = verdict if checks is None else "%s: %s" % (verdict, checks)
        cases.append((name, doc, expected, what, must_say))

    # controls: the forger's rebuild without a change reproduces the vectors
    a0, p0, s0 = forge(aud)
    rebuilt_bad = 0
    for x, y, n in ((a0, aud, "auditor"), (p0, pub, "public"), (s0, sea, "sealed")):
        if fd.jcs(x) != fd.jcs(y):
            rebuilt_bad += 1
            print("FAIL the rebuilt %s document differs from the vector" % n)
        else:
            print("OK the rebuilt %s document is the vector (JCS byte for byte)" % n)
    add("control-forged-public.json", p0, "valid", None, "rebuilt without a change")

    # witnesses (§10.6, §10.8): required, a list of lower-case hex strings
    for doc0, kind in ((aud, "auditor"), (pub, "public"), (sea, "sealed")):
        d = copy.deepcopy(doc0)
        del d["witnesses"]
        add("%s-no-witnesses.json" % kind, d, "unreadable", None,
            "witnesses missing (a required member, §8 Reading)")
        d = copy.deepcopy(doc0)
        d["witnesses"] = ["30820ABC"]
        add("%s-witnesses-upper.json" % kind, d, "invalid", "format",
            "a witness in upper-case hex (check 1)", "witnesses[0]: upper-case hex")
    d = copy.deepcopy(pub)
    d["witnesses"] = "3000"
    add("public-witnesses-string.json", d, "unreadable", None,
        "witnesses a string, not a list (wrong type, §8 Reading)")
    d = copy.deepcopy(pub)
    d["witnesses"] = {}
    add("public-witnesses-object.json", d, "unreadable", None,
        "witnesses an object, not a list (wrong type, §8 Reading)")
    d = copy.deepcopy(pub)
    d["witnesses"] = None
    add("public-witnesses-null.json", d, "unreadable", None, "witnesses null")
    d = copy.deepcopy(sea)
    d["witnesses"] = [48, 0]
    add("sealed-witnesses-numbers.json", d, "unreadable", None,
        "witnesses a list of numbers (wrong type, §8 Reading)")
    d = copy.deepcopy(pub)
    d["witnesses"] = ["300"]
    add("public-witnesses-odd.json", d, "invalid", "format",
        "a witness of 3 hex digits (not whole bytes)", "witnesses[0]: 3 hex digits")
    d = copy.deepcopy(pub)
    d["witnesses"] = ["30 00"]
    add("public-witnesses-not-hex.json", d, "invalid", "format",
        "a witness with a space", "witnesses[0]: not hex")
    # well formed but no token: not accepted, which makes nothing invalid (§10.8)
    d = copy.deepcopy(pub)
    d["witnesses"] = ["3000"]
    add("public-witnesses-garbage.json", d, "valid", None,
        "a witness 3000 (an empty SEQUENCE): not accepted, nothing invalid")
    d = copy.deepcopy(sea)
    d["witnesses"] = ["", "3000", "00"]
    add("sealed-witnesses-garbage.json", d, "sealed", None,
        "witnesses \"\", 3000, 00: none accepted, nothing invalid")

    # raw: flip a byte (one hex digit) in one stratum's entries (a seal)
    d = copy.deepcopy(pub)
    st = d["public"]["tasks"][0]["strata"][1]
    st["entries"] = flip_hex(st["entries"], 40)
    add("public-entries-byte.json", d, "invalid", "inputs",
        "one hex digit of a seal in task 001 stratum 1")
    d = copy.deepcopy(sea)
    st = d["public"]["tasks"][0]["strata"][1]
    st["entries"] = flip_hex(st["entries"], 40)
    add("sealed-entries-byte.json", d, "invalid", "inputs", "the same in the sealed document")
    # raw: flip a token digit: public hash, and the selection may move
    d = copy.deepcopy(pub)
    st = d["public"]["tasks"][0]["strata"][1]
    st["entries"] = flip_hex(st["entries"], 1)
    add("public-entries-token.json", d, "invalid", "inputs",
        "one hex digit of the first token in task 001 stratum 1")
    # raw: two entries swapped (order by token broken)
    d = copy.deepcopy(pub)
    st = d["public"]["tasks"][0]["strata"][1]
    e = st["entries"]
    st["entries"] = e[64:128] + e[:64] + e[128:]
    add("public-entries-order.json", d, "invalid", "format,inputs", "two entries swapped")

    # raw: a revealed record's region changed -> its seal no longer matches
    d = copy.deepcopy(pub)
    d["revealed"][0]["region"] = "中心片区" if d["revealed"][0]["region"] != "中心片区" else "东区片区"
    add("public-revealed-region.json", d, "invalid", "result",
        "revealed[0].region changed")
    # raw: a revealed entry dropped
    d = copy.deepcopy(pub)
    del d["revealed"][3]
    add("public-revealed-dropped.json", d, "invalid", "result", "revealed[3] removed")
    # raw: a revealed key changed (token no longer the firm's)
    d = copy.deepcopy(pub)
    d["revealed"][1]["key"] = flip_hex(d["revealed"][1]["key"], 0)
    add("public-revealed-key.json", d, "invalid", "result", "revealed[1].key changed")
    # raw: an extra revealed firm that is selected nowhere
    d = copy.deepcopy(pub)
    sel_ids = {r["id"] for r in d["revealed"]}
    extra = next(e for e in aud["inputs"]["directories"]["enterprises"] if e["id"] not in sel_ids)
    rec = f2.record_of(fd._fill(extra, fd.ENTERPRISE_MEMBERS),
                       aud["inputs"]["plan"]["public_fields"],
                       f2.norm_inspectors(aud["inputs"]["directories"]["inspectors"]))
    rec["key"] = f2.firm_key(bytes.fromhex(aud["inputs"]["secret"]), extra["id"]).hex()
    d["revealed"].append(rec)
    d["revealed"].sort(key=lambda r: r["id"].encode())
    add("public-revealed-extra.json", d, "invalid", "result",
        "a non-selected firm added to revealed (its confidential conflicts included)")
    # raw: a team member changed, result_sha256 recomputed
    d = copy.deepcopy(pub)
    t = d["result"]["tasks"][0]["selected"][0]["team"]
    t[0], t[1] = t[1], t[0]
    d["result_sha256"] = fd.sha256(fd.jcs(d["result"])).hex()
    add("public-team-swapped.json", d, "invalid", "result",
        "task 001 first team's two members swapped, result_sha256 recomputed")
    # raw: an inspector's conflicts published
    d = copy.deepcopy(pub)
    d["public"]["inspectors"][0]["conflicts"] = [aud["inputs"]["directories"]["enterprises"][0]["id"]]
    add("public-inspector-conflicts.json", d, "invalid", "format,inputs",
        "public.inspectors[0].conflicts not empty")
    # raw: sealed selection ticket changed
    d = copy.deepcopy(sea)
    s = d["selection"]["tasks"][0]["selected"][0]
    s["ticket"] = flip_hex(s["ticket"], 63)
    add("sealed-selection-ticket.json", d, "invalid", "result", "a selection ticket changed")
    # raw: sealed reveal_after before the emission day
    d = copy.deepcopy(sea)
    d["reveal_after"] = "2023-08-22"
    add("sealed-reveal-after-early.json", d, "invalid", "timing", "reveal_after 2023-08-22")
    # raw: auditor secret changed (section hash, public inputs)
    d = copy.deepcopy(aud)
    d["inputs"]["secret"] = flip_hex(d["inputs"]["secret"], 0)
    add("auditor-secret.json", d, "invalid", "inputs,commitment,result", "inputs.secret changed")
    # raw: auditor, a public field of a firm changed (an address)
    d = copy.deepcopy(aud)
    d["inputs"]["directories"]["enterprises"][5]["address"] += "号"
    add("auditor-address.json", d, "invalid", "inputs,commitment", "an enterprise's address changed")
    # raw: unknown public field
    d = copy.deepcopy(pub)
    d["public"]["plan"]["public_fields"] = sorted(d["public"]["plan"]["public_fields"] + ["phone"])
    add("public-field-unknown.json", d, "invalid", "format,inputs", "public_fields with \"phone\"")
    # reading: format 2 without document, format 1 with secret, sealed-result in format 2
    d = copy.deepcopy(pub)
    del d["document"]
    add("public-no-document.json", d, "unreadable", None, "no document member")
    d = copy.deepcopy(sea)
    d["document"] = "sealed-result"
    add("format2-sealed-result.json", d, "unreadable", None, "document sealed-result in format 2")
    d = load("bundle-small.json")
    d["inputs"]["secret"] = aud["inputs"]["secret"]
    add("format1-with-secret.json", d, "unreadable", None, "a format 1 bundle with inputs.secret")
    d = copy.deepcopy(pub)
    del d["result"]["tasks"][0]["selected"][0]["token"]
    add("public-selected-no-token.json", d, "unreadable", None, "a selected entry without token")

    # forged: directory.enterprises changed, commitment.public and the
    # commitment hash (and everything after) recomputed
    def enterprises_61(public, members):
        public["directory"]["enterprises"] += 1
    a, p, s = forge(aud, tweak_public=enterprises_61)
    add("forged-public-directory-61.json", p, "invalid", "commitment",
        "directory.enterprises 61, public hash and commitment recomputed")
    add("forged-sealed-directory-61.json", s, "invalid", "commitment", "the same, sealed")
    add("forged-auditor-directory-61.json", a, "invalid", "commitment",
        "the auditor document of that commitment (public inputs differ)")

    # forged: directory.active above enterprises
    def active_61(public, members):
        public["directory"]["active"] = public["directory"]["enterprises"] + 1
    _a, p, _s = forge(aud, tweak_public=active_61)
    add("forged-public-active-61.json", p, "invalid", "commitment",
        "directory.active > directory.enterprises")

    # forged: directory.active lowered (a smaller A lowers the year-level
    # minimum); §10.7 check 3 now asks excluded.inactive = enterprises - active
    def active_lowered(public, members):
        public["directory"]["active"] -= 10
    _a, p, s = forge(aud, tweak_public=active_lowered)
    add("forged-public-active-lowered.json", p, "invalid", "commitment",
        "directory.active 50 (of 60, none inactive): excluded.inactive 0 is not 10")
    add("forged-sealed-active-lowered.json", s, "invalid", "commitment", "the same, sealed")

    # forged: one firm left out of a stratum (its entry dropped), the commitment's
    # sizes recomputed: pool + excluded no longer equals directory.enterprises
    def drop_one(public, members):
        st = public["tasks"][0]["strata"][1]
        st["entries"] = st["entries"][64:]
        members[0][1].pop(0)
    a, p, s = forge(aud, tweak_public=drop_one)
    add("forged-public-firm-left-out.json", p, "invalid", "commitment",
        "one entry dropped, sizes recomputed")

    # forged: the same and directory.enterprises lowered to match: the public
    # verification cannot see it (§10.7 "It does not prove that the blinded
    # pool is the true directory"); the auditor's verification does
    def drop_one_and_count(public, members):
        drop_one(public, members)
        public["directory"]["enterprises"] -= 1
        public["directory"]["active"] -= 1
    def other_task_excluded(delta):
        def tweak(com):
            # the other task's exclusions must add up too; a forger writes
            # what it likes there (the rule is not checkable publicly)
            com["tasks"][1]["excluded"]["out_of_scope"] += delta
        return tweak
    a, p, s = forge(aud, tweak_public=drop_one_and_count, tweak_com=other_task_excluded(-1))
    add("forged-public-firm-left-out-counted.json", p, "valid", None,
        "one entry dropped, directory counts lowered: not visible publicly")
    add("forged-auditor-firm-left-out-counted.json", a, "invalid", "commitment,result",
        "its auditor document: tasks and public inputs differ from the inputs")

    # forged: a phantom firm (an entry for no firm) added, counts raised to match
    def phantom(public, members):
        # a firm that does not exist, with a well-formed ID, a key and a record
        body = "91130302MA0000000"
        total = sum(fd.USCC_CHARS.index(c) * w for c, w in zip(body, fd.USCC_WEIGHTS))
        fid = body + fd.USCC_CHARS[(31 - total % 31) % 31]
        task = aud["inputs"]["plan"]["tasks"][0]
        ent = fd._fill({"id": fid, "name": "秦皇岛虚构机械有限公司", "industry": "机械",
                        "region": "东区片区", "risk": "B", "status": "active"},
                       fd.ENTERPRISE_MEMBERS)
        rec = f2.record_of(ent, aud["inputs"]["plan"]["public_fields"], [])
        key = phantom_key[0]
        tok = f2.firm_token(key, task["number"], fid)
        seal = f2.firm_seal(key, task["number"], rec)
        st = public["tasks"][0]["strata"][1]
        rows = f2.parse_entries(st["entries"]) + [(tok, seal)]
        rows.sort()
        st["entries"] = b"".join(x + y for x, y in rows).hex()
        members[0][1].append((tok, seal, ent, rec))
        keys_extra[fid] = key
        public["directory"]["enterprises"] += 1
        public["directory"]["active"] += 1
    # the forger tries keys until the phantom is drawn (the seed depends on
    # the commitment, which holds the phantom's entry)
    for i in range(256):
        phantom_key = [bytes([i]) * 10]
        keys_extra = {}
        a, p, s = forge(aud, tweak_public=phantom, keys_extra=keys_extra,
                        tweak_com=other_task_excluded(+1))
        if any(r["id"] in keys_extra for r in p["revealed"]):
            break
    add("forged-public-phantom-counted.json", p, "valid", None,
        "a phantom firm (made-up ID, key and record) in a stratum and drawn, counts raised")
    add("forged-auditor-phantom-counted.json", a, "invalid", "commitment,result",
        "its auditor document")

    # forged: auditor with a public field declared in the plan: consistent => valid
    def add_risk(inputs):
        inputs["plan"]["public_fields"] = sorted(inputs["plan"]["public_fields"] + ["risk"])
    a, p, s = forge(aud, tweak_inputs=add_risk)
    add("forged-auditor-risk-public.json", a, "valid", None,
        "public_fields + risk, everything recomputed")
    add("forged-public-risk-public.json", p, "valid", None, "its public document")

    # ---- rules the revised §10 states (README findings 33-43) ----

    # forged: a census stratum in a task without census_flags (§10.7 check 1):
    # task 002's census_flags emptied, its two entries split into a census
    # stratum and the D stratum; counts, commitment, result all recomputed
    def no_census_flags(inputs):
        inputs["plan"]["tasks"][1]["sampling"]["census_flags"] = []

    def census_split(public, members):
        st = public["tasks"][1]["strata"]
        e = st[0]["entries"]
        public["tasks"][1]["strata"] = [{"values": [], "census": True, "entries": e[:64]},
                                        dict(st[0], entries=e[64:])]
        rows = members[1][0]
        members[1][:] = [rows[:1], rows[1:]]
    _a, p, s = forge(aud, tweak_inputs=no_census_flags, tweak_public=census_split)
    add("forged-public-census-no-flags.json", p, "invalid", "format",
        "a census stratum in task 002, which has no census_flags")
    add("forged-sealed-census-no-flags.json", s, "invalid", "format", "the same, sealed")
    # ... and the same split in a task that has census_flags: nothing public
    # says which firms have the flag (README finding 40, still open)
    _a, p, _s = forge(aud, tweak_public=census_split)
    add("forged-public-census-with-flags.json", p, "valid", None,
        "the same census stratum in task 002 with census_flags [blacklist]: not "
        "visible publicly")
    # forged: the same split in a task whose census flags are all among the
    # values of `flag` `not_in` conditions of its filter (§10.7 check 1 as
    # revised: a census stratum only when at least one census flag is not;
    # README finding 48). No firm of the vector has `blacklist` or a D risk
    # with `penalized`, so the pools do not change.
    def task2(census_flags, *not_in):
        def tweak(inputs):
            t = inputs["plan"]["tasks"][1]
            t["sampling"]["census_flags"] = list(census_flags)
            t["filter"] = [c for c in t["filter"] if c["field"] != "flag"]
            t["filter"] += [{"field": "flag", "op": "not_in", "values": list(v)}
                            for v in not_in]
        return tweak
    _a, p, s = forge(aud, tweak_inputs=task2(["blacklist"], ["blacklist", "key"]),
                     tweak_public=census_split)
    add("forged-public-census-flag-excluded.json", p, "invalid", "format",
        "the census split in task 002, whose filter has flag not_in [blacklist, key] "
        "and census_flags [blacklist]", "flag not_in")
    add("forged-sealed-census-flag-excluded.json", s, "invalid", "format", "the same, sealed",
        "flag not_in")
    _a, p, _s = forge(aud, tweak_inputs=task2(["blacklist", "penalized"], ["blacklist", "key"],
                                              ["penalized"]), tweak_public=census_split)
    add("forged-public-census-flags-excluded-two.json", p, "invalid", "format",
        "census_flags [blacklist, penalized], filter flag not_in [blacklist, key] and "
        "flag not_in [penalized]: each census flag excluded by one of two conditions",
        "flag not_in")
    _a, p, _s = forge(aud, tweak_inputs=task2(["blacklist", "penalized"], ["blacklist", "key"]),
                      tweak_public=census_split)
    add("forged-public-census-flag-one-left.json", p, "valid", None,
        "census_flags [blacklist, penalized], filter flag not_in [blacklist, key]: "
        "penalized is not excluded (control)")
    _a, p, _s = forge(aud, tweak_inputs=task2(["blacklist"], ["blacklist", "key"]))
    add("forged-public-census-flag-excluded-no-census.json", p, "valid", None,
        "filter flag not_in [blacklist, key], census_flags [blacklist], no census "
        "stratum (control)")

    # raw: a revealed record's public has a member public_fields does not
    # declare (check 1), which also breaks its seal (check 6)
    d = copy.deepcopy(pub)
    d["revealed"][0]["public"]["risk"] = "B"
    add("public-revealed-undeclared.json", d, "invalid", "format,result",
        "revealed[0].public.risk, not in public_fields")
    # forged: the same member sealed in the record itself (the seal matches),
    # so only check 1 catches it
    real_record_of = f2.record_of

    def record_with_risk(ent, public_fields, inspectors):
        rec = real_record_of(ent, public_fields, inspectors)
        rec["public"]["risk"] = ent["risk"]
        return rec
    f2.record_of = record_with_risk
    try:
        _a, p, _s = forge(aud)
    finally:
        f2.record_of = real_record_of
    add("forged-public-revealed-undeclared.json", p, "invalid", "format",
        "every record sealed and revealed with risk, which public_fields does not declare")
    # raw: a declared member missing from a revealed record
    d = copy.deepcopy(pub)
    del d["revealed"][0]["public"]["kind"]
    add("public-revealed-missing-field.json", d, "invalid", "format,result",
        "revealed[0].public without kind")

    # raw: a sealed reveal_after after the emission day that is not the latest
    # window.end (2026-12-31): check 5 (§10.7)
    for name, day in (("sealed-reveal-after-later.json", "2027-01-31"),
                      ("sealed-reveal-after-before-end.json", "2026-12-30")):
        d = copy.deepcopy(sea)
        d["reveal_after"] = day
        add(name, d, "invalid", "timing", "reveal_after %s, latest window.end 2026-12-31" % day)
    d = copy.deepcopy(sea)
    d["reveal_after"] = "2026-12-31T00:00:00Z"
    add("sealed-reveal-after-not-date.json", d, "invalid", "format",
        "reveal_after not a date: check 1 only (§10.7 revised: \"one that is not fails "
        "check 1 only\")", "reveal_after")

    # forged: a load cap the counts exceed (§4.6, checked publicly with the
    # public inspectors, §10.7 check 3): task 001 count 10 x size 2 = 20 >
    # load_cap 1 x 16 regular candidates
    def load_cap_1(inputs):
        inputs["plan"]["tasks"][0]["team"]["load_cap"] = 1
    a, p, s = forge(aud, tweak_inputs=load_cap_1)
    add("forged-public-load-cap.json", p, "invalid", "commitment",
        "task 001 load_cap 1: count x size 20 > 1 x 16 candidates")
    add("forged-sealed-load-cap.json", s, "invalid", "commitment", "the same, sealed")
    add("forged-auditor-load-cap.json", a, "invalid", "commitment", "the same, auditor")
    # ... and a load cap the counts respect: 20 <= 2 x 16
    def load_cap_2(inputs):
        inputs["plan"]["tasks"][0]["team"]["load_cap"] = 2
    a, p, _s = forge(aud, tweak_inputs=load_cap_2)
    add("forged-public-load-cap-ok.json", p, "valid", None, "task 001 load_cap 2: 20 <= 32")
    add("forged-auditor-load-cap-ok.json", a, "valid", None, "the same, auditor")

    # forged: public.tasks[1].number not the plan's (§10.7 check 1)
    def renumber(public, members):
        public["tasks"][1]["number"] = "003"
    _a, p, _s = forge(aud, tweak_public=renumber)
    add("forged-public-task-number.json", p, "invalid", "format",
        "public.tasks[1].number 003, the plan's 002")

    # raw: cutoff and cutoff_token "" in a stratum with count 2 (§10.6),
    # result_sha256 recomputed
    d = copy.deepcopy(pub)
    st = d["result"]["tasks"][0]["strata"][0]
    st["cutoff"] = st["cutoff_token"] = ""
    d["result_sha256"] = fd.sha256(fd.jcs(d["result"])).hex()
    add("public-cutoff-empty.json", d, "invalid", "format,result",
        "cutoff and cutoff_token empty with count 2")
    d = copy.deepcopy(sea)
    st = d["selection"]["tasks"][0]["strata"][0]
    st["cutoff_token"] = ""
    add("sealed-cutoff-token-empty.json", d, "invalid", "format,result",
        "selection cutoff_token empty with count 2")

    # forged: an attr:NAME public field longer than 105 characters (§10.6)
    def long_attr(inputs):
        inputs["plan"]["public_fields"] = sorted(inputs["plan"]["public_fields"]
                                                 + ["attr:" + "长" * 101])
    a, p, _s = forge(aud, tweak_inputs=long_attr)
    add("forged-auditor-attr-101.json", a, "invalid", "format",
        "public_fields attr: with a NAME of 101 characters")
    add("forged-public-attr-101.json", p, "invalid", "format", "its public document")
    def attr_100(inputs):
        inputs["plan"]["public_fields"] = sorted(inputs["plan"]["public_fields"]
                                                 + ["attr:" + "长" * 100])
    _a, p, _s = forge(aud, tweak_inputs=attr_100)
    add("forged-public-attr-100.json", p, "valid", None, "a NAME of 100 characters")

    # raw: a quicknet beacon with a 48-byte previous_signature (§3.5 revised:
    # absent or "" for quicknet)
    d = copy.deepcopy(pub)
    d["beacon"]["drand"]["previous_signature"] = d["beacon"]["drand"]["signature"]
    add("public-quicknet-previous-signature.json", d, "invalid", "format",
        "beacon.drand.previous_signature of 48 bytes on quicknet")
    d = copy.deepcopy(pub)
    d["beacon"]["drand"]["previous_signature"] = ""
    add("public-quicknet-previous-signature-empty.json", d, "valid", None,
        "beacon.drand.previous_signature \"\" on quicknet")
    # forged: an empty filter value (§3.5: filter values at least 1 character)
    def empty_filter_value(inputs):
        inputs["plan"]["tasks"][0]["filter"][0]["values"].insert(0, "")
    a, p, _s = forge(aud, tweak_inputs=empty_filter_value)
    add("forged-auditor-filter-value-empty.json", a, "invalid", "format",
        "task 001 filter risk in [\"\", A, B, C]")
    add("forged-public-filter-value-empty.json", p, "invalid", "format", "its public document")

    # ---- §10.7 check 1 as revised again (README findings 40, 36) ----

    # forged: task 001's filter on risk removed, so its strata are the risk
    # classes its firms have; a control, then the last stratum's values
    # renamed to ["E"], a risk no firm can have (§3.5)
    # (a per_stratum stratum that matches no rule is infeasible, §4.6, so
    # task 001 gets rules for D and E, which its real strata do not use)
    def rules_d_e(inputs):
        rules = inputs["plan"]["tasks"][0]["sampling"]["rules"]
        rules += [{"when": {"risk": r}, "ratio_bp": 1500, "count": None, "min": 0,
                   "max": None} for r in ("D", "E")]

    def no_risk_filter(inputs):
        rules_d_e(inputs)
        f = inputs["plan"]["tasks"][0]["filter"]
        f[:] = [c for c in f if c["field"] != "risk"]
    _a, p, s = forge(aud, tweak_inputs=no_risk_filter)
    add("forged-public-no-risk-filter.json", p, "valid", None,
        "task 001 without its risk filter (strata %s): control"
        % [x["values"] for x in p["public"]["tasks"][0]["strata"]])

    def last_stratum_e(public, members):
        public["tasks"][0]["strata"][-1]["values"] = ["E"]
    _a, p, s = forge(aud, tweak_inputs=no_risk_filter, tweak_public=last_stratum_e)
    add("forged-public-stratum-risk-e.json", p, "invalid", "format",
        "task 001 without a risk filter, its last stratum's values [\"E\"]",
        "risk \"E\" is not one of §3.5's")
    add("forged-sealed-stratum-risk-e.json", s, "invalid", "format", "the same, sealed",
        "risk \"E\" is not one of §3.5's")

    # forged: task 001 filters risk in [A, B, C]; the last 3 entries of its C
    # stratum moved to a new stratum ["D"], which the filter rules out
    def split_d(public, members):
        st = public["tasks"][0]["strata"]
        c = st[-1]
        e = c["entries"]
        cut = len(e) - 3 * 64
        st.append({"values": ["D"], "census": False, "entries": e[cut:]})
        c["entries"] = e[:cut]
        rows = members[0][-1]
        members[0][-1:] = [rows[:-3], rows[-3:]]
    _a, p, s = forge(aud, tweak_inputs=rules_d_e)
    add("forged-public-rules-d-e.json", p, "valid", None,
        "task 001 with rules for D and E that its strata do not use: control")
    _a, p, s = forge(aud, tweak_inputs=rules_d_e, tweak_public=split_d)
    add("forged-public-stratum-filtered.json", p, "invalid", "format",
        "a stratum [\"D\"] in task 001, whose filter is risk in [A, B, C]",
        "fails the task's filter[0]")
    add("forged-sealed-stratum-filtered.json", s, "invalid", "format", "the same, sealed",
        "fails the task's filter[0]")

    # forged: task 002 stratified by risk and status; its stratum's status
    # "active" renamed "suspended", not in rules.active_statuses
    def strata_by_status(inputs):
        inputs["plan"]["tasks"][1]["sampling"]["strata_by"] = ["risk", "status"]
    _a, p, _s = forge(aud, tweak_inputs=strata_by_status)
    add("forged-public-strata-by-status.json", p, "valid", None,
        "task 002 stratified by [risk, status] (strata %s): control"
        % [x["values"] for x in p["public"]["tasks"][1]["strata"]])

    def suspended(public, members):
        public["tasks"][1]["strata"][0]["values"][1] = "suspended"
    _a, p, _s = forge(aud, tweak_inputs=strata_by_status, tweak_public=suspended)
    add("forged-public-stratum-status.json", p, "invalid", "format",
        "task 002's stratum [D, suspended]: such firms are inactive",
        "status \"suspended\" is not in rules.active_statuses")

    # raw: a revealed flag value other than "true"/"false" (check 1; the
    # seal breaks too, check 6)
    d = copy.deepcopy(pub)
    d["revealed"][0]["public"]["flag:abnormal"] = "否"
    add("public-revealed-flag-value.json", d, "invalid", "format,result",
        "revealed[0].public[\"flag:abnormal\"] \"否\"", "flag:abnormal")
    # forged: every record sealed and revealed with flags "是"/"否": the seals
    # match, only check 1 catches it
    real_public_value = f2.public_value

    def chinese_flags(ent, f):
        v = real_public_value(ent, f)
        return {"true": "是", "false": "否"}[v] if f.startswith("flag:") else v
    f2.public_value = chinese_flags
    try:
        _a, p, _s = forge(aud)
    finally:
        f2.public_value = real_public_value
    add("forged-public-revealed-flag-value.json", p, "invalid", "format",
        "every record sealed and revealed with flag values 是/否", "flag:abnormal")
    # raw: a revealed kind of 101 characters: §10.7 (revised) "`kind` text of
    # at most 100 characters" (README finding 50); the seal breaks too
    d = copy.deepcopy(pub)
    d["revealed"][0]["public"]["kind"] = "企" * 101
    add("public-revealed-kind-101.json", d, "invalid", "format,result",
        "revealed[0].public.kind of 101 characters", "revealed[0].public.kind")
    # forged: every enterprise's kind 101 (or 100) characters, sealed into
    # the records: the seals match, only check 1 catches 101
    def kinds(n):
        def tweak(inputs):
            for e in inputs["directories"]["enterprises"]:
                e["kind"] = "企" * n
        return tweak
    a, p, _s = forge(aud, tweak_inputs=kinds(101))
    add("forged-public-revealed-kind-101.json", p, "invalid", "format",
        "every record sealed and revealed with a kind of 101 characters", ".public.kind")
    add("forged-auditor-kind-101.json", a, "invalid", "format",
        "its auditor document: §3.5 kind at most 100")
    _a, p, _s = forge(aud, tweak_inputs=kinds(100))
    add("forged-public-revealed-kind-100.json", p, "valid", None,
        "every record sealed and revealed with a kind of 100 characters (control)")
    d = copy.deepcopy(pub)
    d["revealed"][0]["public"]["kind"] = "企" * 501
    add("public-revealed-kind-501.json", d, "invalid", "format,result",
        "revealed[0].public.kind of 501 characters", "revealed[0].public.kind")

    opens = timelock_cases(sea, pub, add, out)
    gopens, gbad = group_cases(add, out)
    opens.update(gopens)
    rebuilt_bad += gbad
    rebuilt_bad += range_cases(add)
    rebuilt_bad += names_cases(add)

    # Each copy is judged by its own verifier processes; they run side by side, one
    # per processor, and are reported in the cases' order.
    def judge(case):
        name, doc, expected, what, must_say = case
        path = os.path.join(out, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        extra = ["--open", opens[name]] if name in opens else []
        r = subprocess.run([sys.executable, os.path.join(HERE, "verify_bundle.py"), "--summary"]
                           + extra + [path], capture_output=True, text=True)
        line = r.stdout.strip()
        want_rc = {"unreadable": 2, "invalid": 1}.get(expected.partition(":")[0], 0)
        ok = line == expected and r.returncode == want_rc
        if ok and must_say:
            full = subprocess.run([sys.executable, os.path.join(HERE, "verify_bundle.py")]
                                  + extra + [path],
                                  capture_output=True, text=True).stdout
            fails = [x for x in full.splitlines() if x.startswith("FAIL ")]
            if not any(must_say in x for x in fails):
                ok = False
                line += " (no FAIL line says %r)" % must_say
        return ok, "%s %s: %s (expected %s) — %s" % ("OK" if ok else "FAIL", name, line, expected, what)

    bad = rebuilt_bad
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for ok, report in pool.map(judge, cases):
            if not ok:
                bad += 1
            print(report)
    print("%d of %d tampered copies as expected (in %s)" % (len(cases) - bad, len(cases), out))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
