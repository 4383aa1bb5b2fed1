"""fairdraw/2 (SPEC.md §10): the auditor, public and sealed documents.

Written from SPEC.md alone, on top of verify_bundle.py, which it reuses for
everything §10 keeps from format 1 (canonical JSON, framed hashes, section
hashes, plan evaluation, counts, feasibility, streams, teams, items, beacon,
timing, chain rule, §3.5 well-formedness). verify_bundle.py calls
read_document2() when a file's outer `format` is `fairdraw/2` and verify2()
to check it. Section numbers (§n) refer to SPEC.md.
"""

import verify_bundle as fd

FORMAT2 = "fairdraw/2"

# --------------------------------------------------------------------------
# Primitives (§10.2, §10.4)
# --------------------------------------------------------------------------

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def firm_key(secret, eid):
    """key(id) = first(10, H("fairdraw/2/key", secret, id))"""
    return fd.framed_hash("fairdraw/2/key", secret, eid)[:10]


def firm_token(key, number, eid):
    """token(task, id) = first(16, H("fairdraw/2/token", key(id), task.number, id))"""
    return fd.framed_hash("fairdraw/2/token", key, number, eid)[:16]


def firm_seal(key, number, record):
    """seal(task, id) = first(16, H("fairdraw/2/seal", key(id), task.number, JCS(RECORD)))"""
    return fd.framed_hash("fairdraw/2/seal", key, number, fd.jcs(record))[:16]


def ticket2(seed, number, token):
    """ticket = H("fairdraw/2/ticket", seed, task.number, token)"""
    return fd.framed_hash("fairdraw/2/ticket", seed, number, token)


def key_to_code(key):
    """The 核验码: 80 bits, most significant first, 16 symbols of 5 bits, in
    four groups of four joined by '-'."""
    if len(key) != 10:
        raise ValueError("a key is 10 bytes")
    n = int.from_bytes(key, "big")
    syms = [CODE_ALPHABET[(n >> (5 * (15 - i))) & 31] for i in range(16)]
    return "-".join("".join(syms[i:i + 4]) for i in range(0, 16, 4))


def code_to_key(text):
    """Reads a 核验码 as §10.2 (revised) says: read each full-width form
    U+FF01-U+FF5E as its ASCII character (U+FF01 -> '!', ..., U+FF0D -> '-',
    U+FF21 -> 'A'), remove every U+0020 space, U+3000 ideographic space and
    '-' anywhere, and upper-case ASCII letters. If what remains is 20 hex
    digits, it is the key itself; otherwise read O as 0 and I and L as 1 and
    take 16 symbols of the alphabet (any other character, U included, means
    it is not a code). The hex reading comes first and sees no O/I/L
    reading, so 20 characters with an O, I or L are not a code (README
    finding 49, resolved). Only ASCII letters are case-folded (str.upper()
    would turn 'ß' into 'SS'); any other character (U+2014, U+2010, a tab, a
    non-ASCII letter) is not read."""
    s = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)
    s = "".join(c for c in s if c not in " \u3000-")
    if not s.isascii():
        raise ValueError("not a 核验码: %r" % text)
    s = s.upper()
    if len(s) == 20 and all(c in "0123456789ABCDEF" for c in s):
        return bytes.fromhex(s)
    s = s.replace("O", "0").replace("I", "1").replace("L", "1")
    if not (len(s) == 16 and all(c in CODE_ALPHABET for c in s)):
        raise ValueError("not a 核验码: %r" % text)
    n = 0
    for c in s:
        n = (n << 5) | CODE_ALPHABET.index(c)
    return n.to_bytes(10, "big")


# --------------------------------------------------------------------------
# Records and public fields (§10.1)
# --------------------------------------------------------------------------

FIXED_PUBLIC = ("address", "kind", "risk", "status")


def public_field_ok(f):
    if f in FIXED_PUBLIC:
        return True
    if f.startswith("flag:"):
        return f[5:] in fd.KNOWN_FLAGS
    return f.startswith("attr:") and len(f) > 5


def public_value(ent, f):
    if f in FIXED_PUBLIC:
        return ent[f]
    if f.startswith("flag:"):
        return "true" if f[5:] in ent["flags"] else "false"
    if f.startswith("attr:"):
        return ent["attrs"].get(f[5:], "")
    return ""       # not a valid entry: check 1 fails on it


def record_of(ent, public_fields, inspectors):
    conflicts = sorted((i["id"] for i in inspectors if ent["id"] in i["conflicts"]),
                       key=lambda x: x.encode("utf-8"))
    return {"id": ent["id"], "name": ent["name"], "industry": ent["industry"],
            "region": ent["region"], "conflicts": conflicts,
            "public": {f: public_value(ent, f) for f in public_fields}}


def record_from_revealed(r):
    return {m: r[m] for m in ("id", "name", "industry", "region", "conflicts", "public")}


# --------------------------------------------------------------------------
# Reading (§8 Reading, §10.7): schemas of the three documents
# --------------------------------------------------------------------------

STR, BOOL, INT, LIST, _o = fd.STR, fd.BOOL, fd.INT, fd.LIST, fd._o

PLAN2_S = _o(dict(fd.PLAN_S[1], public_fields=LIST(STR)))
_DIRS_S = fd.INPUTS_S[1]["directories?"]
INSPECTOR_S = _DIRS_S[1]["inspectors?"][1]
ITEM_S = _DIRS_S[1]["checklist?"][1]
INPUTS2_S = _o(dict(fd.INPUTS_S[1], plan=PLAN2_S, secret=STR))
_COM = dict(fd.COMMITMENT_S[1])
_COM["inputs"] = _o(dict(_COM["inputs"][1], secret=STR))
_COM["public"] = STR
COMMITMENT2_S = _o(_COM)

# §6.3, §8 Reading: a `role` that is none of inspector, expert, leader is
# unreadable
MEMBER_S = _o({"id": STR, "name": STR, "department": STR, "role": fd.ROLE})
STRATUM2_S = _o({"values": LIST(STR), "census": BOOL, "size": INT, "count": INT,
                 "cutoff": STR, "cutoff_token": STR,
                 "reserves": LIST(_o({"token": STR, "ticket": STR}))})
RESULT2_S = _o({
    "seed": STR,
    "tasks": LIST(_o({
        "number": STR, "name": STR, "directed": BOOL, "strata": LIST(STRATUM2_S),
        # §10.4, §10.10: `groups` per task, `group` per selected entry
        "groups": LIST(_o({"number": INT, "members": LIST(MEMBER_S), "unfilled": INT})),
        "selected": LIST(_o({"token": STR, "ticket": STR, "stratum": INT,
                             "id": STR, "name": STR, "group": INT,
                             "team": LIST(MEMBER_S),
                             "items": LIST(STR), "over_cap": INT, "unfilled": INT})),
    })),
})
SELECTION_S = _o({
    "seed": STR,
    "tasks": LIST(_o({
        "number": STR, "name": STR, "directed": BOOL, "strata": LIST(STRATUM2_S),
        "selected": LIST(_o({"token": STR, "ticket": STR, "stratum": INT})),
    })),
})
PUBLIC_S = _o({
    "plan": PLAN2_S, "inspectors": LIST(INSPECTOR_S), "checklist": LIST(ITEM_S),
    "directory": _o({"enterprises": INT, "active": INT}),
    "tasks": LIST(_o({"number": STR,
                      "strata": LIST(_o({"values": LIST(STR), "census": BOOL,
                                         "entries": STR}))})),
})
REVEALED_S = _o({"id": STR, "key": STR, "name": STR, "industry": STR, "region": STR,
                 "conflicts": LIST(STR), "public": fd.MAP_STR})

AUDITOR_S = _o({"format": STR, "document": STR, "commitment": COMMITMENT2_S,
                "inputs": INPUTS2_S, "beacon": fd.BEACON_S, "witnesses": LIST(STR),
                "result": RESULT2_S, "result_sha256": STR})
PUBLIC_DOC_S = _o({"format": STR, "document": STR, "commitment": COMMITMENT2_S,
                   "public": PUBLIC_S, "beacon": fd.BEACON_S, "witnesses": LIST(STR),
                   "result": RESULT2_S, "revealed": LIST(REVEALED_S), "result_sha256": STR})
SEALED2_S = _o({"format": STR, "document": STR, "commitment": COMMITMENT2_S,
                "public": PUBLIC_S, "beacon": fd.BEACON_S, "witnesses": LIST(STR),
                "selection": SELECTION_S,
                "result_sha256": STR, "reveal_after": STR,
                "timelock": _o({"chain": STR, "round": INT, "ciphertext": STR})})
REVEAL_S = _o({"result": RESULT2_S, "revealed": LIST(REVEALED_S)})

DOCUMENTS2 = {"auditor": ("auditor", AUDITOR_S), "public": ("public", PUBLIC_DOC_S),
              "sealed": ("sealed2", SEALED2_S)}


def read_document2(doc):
    """The outer format is fairdraw/2: `document` MUST be auditor, public or
    sealed, and every member of §10.6 is required (inside INPUTS, PLAN,
    INSPECTOR and ITEM the defaults of §3.2/§4.1 still apply)."""
    document = doc.get("document")
    if not isinstance(document, str) or document not in DOCUMENTS2:
        raise fd.Unreadable("$.document: %s is not auditor, public or sealed (§10.7)"
                            % ("missing" if "document" not in doc else
                               fd.json.dumps(document, ensure_ascii=False)))
    kind, schema = DOCUMENTS2[document]
    fd.check_schema(doc, schema, "$")
    return kind, doc


# --------------------------------------------------------------------------
# Normalisation and the public inputs (§10.3)
# --------------------------------------------------------------------------

def norm_inspectors(lst, empty_conflicts=False):
    out = [fd._fill(i, fd.INSPECTOR_MEMBERS) for i in lst]
    if empty_conflicts:
        for i in out:
            i["conflicts"] = []
    return out


def norm_checklist(lst):
    return [fd._fill(c, fd.ITEM_MEMBERS) for c in lst]


def normalize_plan2(plan):
    """A format 2 plan with §4.1's defaults, in its canonical form: every
    member present, except that a team's `groups` is left out when it is 0
    and `leader` when it is false (§10.10), so that a plan without groups
    hashes as it would without these members; likewise a rule's
    `ratio_max_bp` is left out when absent (it is never null: null is
    unreadable) and `rules.range_choice` when "low" (§10.11), and
    `rules.department_names` when empty (§10.12). The rules hold in either
    format, so this is format 1's normalize_plan. Read the members with
    groups_of(), leader_of(), fd.ratio_max_of(), fd.range_choice_of() and
    fd.department_names_of()."""
    return fd.normalize_plan(plan)


def groups_of(task):
    """team.groups (§10.10): the number of inspection groups, 0 = a team per firm."""
    return task["team"].get("groups", 0)


def leader_of(task):
    return task["team"].get("leader", False) is True


def public_inputs_from_full(plan, dirs, plans, secret):
    """PUBLIC recomputed from the full inputs (auditor check 3). Also returns
    per task per stratum the list of (token, seal, enterprise) in token order."""
    pf = plan["public_fields"]
    keys = {}
    tasks = []
    members = []
    for task, (strata, _exc, _p) in zip(plan["tasks"], plans):
        num = task["number"]
        tstrata, tmembers = [], []
        for st in strata:
            rows = []
            for ent in st["members"]:
                k = keys.get(ent["id"])
                if k is None:
                    k = keys[ent["id"]] = firm_key(secret, ent["id"])
                rec = record_of(ent, pf, dirs["inspectors"])
                rows.append((firm_token(k, num, ent["id"]), firm_seal(k, num, rec), ent, rec))
            rows.sort(key=lambda r: r[0])
            tstrata.append({"values": st["values"], "census": st["census"],
                            "entries": b"".join(r[0] + r[1] for r in rows).hex()})
            tmembers.append(rows)
        tasks.append({"number": num, "strata": tstrata})
        members.append(tmembers)
    active = sum(1 for e in dirs["enterprises"] if e["status"] in plan["rules"]["active_statuses"])
    public = {"plan": plan, "inspectors": norm_inspectors(dirs["inspectors"], True),
              "checklist": dirs["checklist"],
              "directory": {"enterprises": len(dirs["enterprises"]), "active": active},
              "tasks": tasks}
    return public, members, keys


def normalized_public(pub):
    """PUBLIC with every member present (§10.3)."""
    return {"plan": normalize_plan2(pub["plan"]),
            "inspectors": norm_inspectors(pub["inspectors"]),
            "checklist": norm_checklist(pub["checklist"]),
            "directory": pub["directory"],
            "tasks": pub["tasks"]}


def parse_entries(hexstr):
    """The 32-byte entries of a stratum as (token, seal) pairs, or None."""
    if not fd.HEX_RE.match(hexstr) or len(hexstr) % 64:
        return None
    b = bytes.fromhex(hexstr)
    return [(b[i:i + 16], b[i + 16:i + 32]) for i in range(0, len(b), 32)]


# --------------------------------------------------------------------------
# The draw over tokens (§10.4)
# --------------------------------------------------------------------------

def select_task(task, strata, seed):
    """strata: list of dicts with values, census, count and 'rows' (list of
    (token, ...)). Returns (RESULT2 strata, selected) where selected is a
    list of (ticket, token, stratum index, row) in ticket order, ties by token."""
    num = task["number"]
    reserves_n = task["sampling"]["reserves"]
    strata_out, selected = [], []
    for idx, st in enumerate(strata):
        ranked = sorted(((ticket2(seed, num, row[0]), row[0], row) for row in st["rows"]),
                        key=lambda t: (t[0], t[1]))
        c = st["count"]
        chosen = ranked[:c]
        if c > 0:
            cutoff, cutoff_token = chosen[-1][0].hex(), chosen[-1][1].hex()
        else:
            cutoff, cutoff_token = "", ""
        res = [] if st["census"] else ranked[c:c + reserves_n]
        strata_out.append({"values": st["values"], "census": st["census"],
                           "size": len(st["rows"]), "count": c,
                           "cutoff": cutoff, "cutoff_token": cutoff_token,
                           "reserves": [{"token": r[1].hex(), "ticket": r[0].hex()}
                                        for r in res]})
        for t, tok, row in chosen:
            selected.append((t, tok, idx, row))
    selected.sort(key=lambda s: (s[0], s[1]))
    return strata_out, selected


MAX_GROUPS = 10000      # §10.10: `groups` above 10,000 fails check 1


def form_groups(task, inspectors, stream):
    """§10.10 Forming the groups, with the task's `team` stream. Returns the
    list of G groups, each {"number", "members", "unfilled"} plus, under
    "_insp", the inspectors of its members (for eligibility)."""
    team = task["team"]
    G = groups_of(task)
    R = fd.regular_candidates(task, inspectors)
    X = fd.expert_candidates(task, inspectors)
    groups = [{"number": g + 1, "members": [], "unfilled": 0, "_insp": []} for g in range(G)]
    # empty slots are counted as "+1 for groups i..G" in a difference array,
    # so that a position that finds no candidate costs no loop over groups
    empty_from = [0] * (G + 1)
    taken = set()
    s = 0                   # the slot position, 0 = the first slot
    for pool, dept, repeat in fd.slots_of(task):
        for n in range(repeat):
            exhausted = False
            for gi, grp in enumerate(groups):
                C = [i for i in (R if pool == "regular" else X)
                     if i["id"] not in taken and (dept is None or i["department"] == dept)]
                if not C:
                    # the candidates only shrink: once none is left at this
                    # position, none is left for the later groups either
                    empty_from[gi] += 1
                    exhausted = True
                    break
                pick = C[stream.below(len(C))]
                taken.add(pick["id"])
                role = ("expert" if pool == "expert"
                        else "leader" if s == 0 and leader_of(task) else "inspector")
                grp["members"].append({"id": pick["id"], "name": pick["name"],
                                       "department": pick["department"], "role": role})
                grp["_insp"].append(pick)
            s += 1
            if exhausted and pool == "regular" and dept is None:
                # every later unrestricted slot is empty as well, in every
                # group, without reading the stream (§10.10)
                left = repeat - n - 1
                empty_from[0] += left
                s += left
                break
    run = 0
    for gi, grp in enumerate(groups):
        run += empty_from[gi]
        grp["unfilled"] = run
    return groups


def group_eligible(grp, rec, task):
    """§10.10 Eligibility: at least one member, none in the record's
    `conflicts` (the expert included), and with cross_region no member but
    the expert of the firm's region."""
    if not grp["members"]:
        return False
    for m, i in zip(grp["members"], grp["_insp"]):
        if m["id"] in rec["conflicts"]:
            return False
        if task["team"]["cross_region"] and m["role"] != "expert" \
                and i["region"] == rec["region"]:
            return False
    return True


def assign_groups(task, records, groups, stream):
    """§10.10 Assigning the firms. Returns per record (in selected-list
    order) (group number, team, over_cap, unfilled)."""
    team = task["team"]
    cap = team["load_cap"]
    elig = [[g for g, grp in enumerate(groups) if group_eligible(grp, rec, task)]
            for rec in records]
    order = sorted(range(len(records)), key=lambda k: (len(elig[k]), k))
    load = [0] * len(groups)
    out = [None] * len(records)
    for k in order:
        E = elig[k]
        if not E:
            out[k] = (0, [], 0, team["size"] + (1 if team["expert"] else 0))
            continue
        kept, over_cap = E, 0
        if cap > 0:
            kept = [g for g in E if load[g] < cap]
            if not kept:
                kept, over_cap = E, 1
        low = min(load[g] for g in kept)
        T = [g for g in kept if load[g] == low]
        g = T[stream.below(len(T))]
        load[g] += 1
        out[k] = (g + 1, [dict(m) for m in groups[g]["members"]], over_cap,
                  groups[g]["unfilled"])
    return out


def teams_and_items(task, records, inspectors, checklist, seed, max_groups=MAX_GROUPS):
    """§10.4: teams (§6.3) and items (§6.4) for the selected records (in
    selected-list order; None for a record that is not known), an inspector
    stepping aside exactly when its ID is in the record's `conflicts`. The
    inspectors' own `conflicts` are replaced by what the records say, so
    format 1's team code applies unchanged. With team.groups > 0 the team
    stream forms the groups and assigns the firms to them instead (§10.10).
    Returns (groups or None, teams, items): teams[k] is (group, team,
    over_cap, unfilled) or None when not recomputable."""
    num = task["number"]
    known = all(r is not None for r in records)
    team_stream = fd.Stream(fd.framed_hash("fairdraw/1/stream", seed, num, "team"))
    G = groups_of(task)
    groups = None
    teams = [None] * len(records)
    if G > 0:
        if G <= max_groups:
            groups = form_groups(task, inspectors, team_stream)
            if known:
                teams = assign_groups(task, records, groups, team_stream)
            groups = [{k: v for k, v in g.items() if k != "_insp"} for g in groups]
    elif known:
        ids_of = {}
        for r in records:
            for x in r["conflicts"]:
                ids_of.setdefault(x, []).append(r["id"])
        insp = []
        for i in inspectors:
            i = dict(i)
            i["conflicts"] = ids_of.get(i["id"], [])
            insp.append(i)
        groups = []
        teams = [(0,) + t for t in fd.assign_teams(task, records, insp, team_stream)]
    else:
        groups = []
    items = [None] * len(records)
    if known:
        stream = fd.Stream(fd.framed_hash("fairdraw/1/stream", seed, num, "items"))
        items = [fd.draw_items(task, r, checklist, stream) for r in records]
    return groups, teams, items


def result_task(task, strata_out, selected, records, inspectors, checklist, seed,
                max_groups=MAX_GROUPS):
    """A RESULT2 task from the selection and the selected firms' records
    (records[k] for selected[k]; None when unknown). `groups` is None (and
    so are the teams) when the groups are not recomputed: more than
    max_groups of them."""
    groups, teams, items = teams_and_items(task, records, inspectors, checklist, seed,
                                           max_groups)
    sel = []
    for (t, tok, idx, _row), rec, tm, it in zip(selected, records, teams, items):
        group, members, over_cap, unfilled = tm if tm is not None else (None,) * 4
        sel.append({"token": tok.hex(), "ticket": t.hex(), "stratum": idx,
                    "id": rec["id"] if rec else None, "name": rec["name"] if rec else None,
                    "group": group, "team": members, "items": it, "over_cap": over_cap,
                    "unfilled": unfilled})
    return {"number": task["number"], "name": task["name"], "directed": task["directed"],
            "strata": strata_out, "groups": groups, "selected": sel}


def groups_limit(published, ti):
    """How many groups this verifier forms for task ti: up to 10,000 (more
    fails check 1), or as many as the published result lists (the document
    already holds them); beyond that the groups are reported as not
    recomputed rather than built (a `groups` of 2^32 - 1 is readable)."""
    tasks = published["tasks"]
    n = len(tasks[ti]["groups"]) if ti < len(tasks) else 0
    return max(MAX_GROUPS, n)


def selection_of(result):
    return {"seed": result["seed"],
            "tasks": [{"number": t["number"], "name": t["name"], "directed": t["directed"],
                       "strata": t["strata"],
                       "selected": [{"token": s["token"], "ticket": s["ticket"],
                                     "stratum": s["stratum"]} for s in t["selected"]]}
                      for t in result["tasks"]]}


def compute_seed(com, randomness, nist, ch):
    cb = com["beacon"]
    chain_hash = fd.unhex(cb["chain_hash"], 32)
    if nist is None:
        return fd.framed_hash("fairdraw/1/seed", ch, chain_hash, fd.u64be(cb["round"]),
                              randomness)
    return fd.framed_hash("fairdraw/1/seed2", ch, chain_hash, fd.u64be(cb["round"]),
                          randomness, fd.u64be(nist[0]), fd.u64be(nist[1]), nist[2])


# --------------------------------------------------------------------------
# Check 1: well-formed values (§3.5, §10.7)
# --------------------------------------------------------------------------

def wf_public_fields(w, pf, path):
    w.texts(path, pf, 1)
    w.sorted_list(path, pf)
    for i, f in enumerate(pf):
        fp = "%s[%d]" % (path, i)
        if not public_field_ok(f):
            w.bad(fp, "%s is not address, kind, risk, status, flag:F or "
                  "attr:NAME (§10.1)" % fd.json.dumps(f, ensure_ascii=False))
        elif f.startswith("attr:"):
            # §10.6: at most 105 characters (a NAME of at most 100); NAME is an
            # attribute name, so §3.5's text rules hold for it too
            if len(f) > 105:
                w.bad(fp, "%d characters, an attr:NAME entry is at most 105 (§10.6)" % len(f))
            w.text(fp + " NAME", f[5:], 1, 100)


def wf_plan2(w, plan, pp):
    """§3.5 rules of the revised text that format 1's code (kept unchanged)
    does not apply: the entries of filter value lists and of flag lists are
    at least 1 character (§3.5 Length); §10.10's: `team.groups` at most
    10,000; and §10.12's: `rules.department_names` sorted in byte order
    without duplicates, each entry text (§3.5) of 1 to 100 characters."""
    names = fd.department_names_of(plan)
    w.texts(pp + ".rules.department_names", names, 1, 100)
    w.sorted_list(pp + ".rules.department_names", names)
    for m in ("cap_exempt_flags",):
        for i, v in enumerate(plan["rules"][m]):
            if v == "":
                w.bad("%s.rules.%s[%d]" % (pp, m, i), "empty (§3.5: at least 1 character)")
    for i, t in enumerate(plan["tasks"]):
        tp = "%s.tasks[%d]" % (pp, i)
        for j, c in enumerate(t["filter"]):
            for k, v in enumerate(c["values"]):
                if v == "":
                    w.bad("%s.filter[%d].values[%d]" % (tp, j, k),
                          "empty (§3.5: at least 1 character)")
        for k, v in enumerate(t["sampling"]["census_flags"]):
            if v == "":
                w.bad("%s.sampling.census_flags[%d]" % (tp, k),
                      "empty (§3.5: at least 1 character)")
        # §10.10: `groups` above 10,000 fails check 1, in every plan this
        # is called for (the inputs' and the one inside PUBLIC)
        if groups_of(t) > MAX_GROUPS:
            w.bad(tp + ".team.groups", "%d groups, at most %d (§10.10)"
                  % (groups_of(t), MAX_GROUPS))


def wf_beacon2(w, beacon, chain, p="beacon"):
    """§3.5 (revised): a quicknet round's previous_signature is absent (or
    ""), a default round's is 96 bytes; format 1's code accepts more."""
    w2 = fd.WF()
    fd.wf_beacon(w2, beacon, chain, p)
    w.msgs += [m for m in w2.msgs if not m.startswith(p + ".drand.previous_signature:")]
    d = beacon["drand"]
    if chain == "quicknet":
        if d.get("previous_signature", "") != "":
            w.bad(p + ".drand.previous_signature", "not absent or \"\" for a quicknet round (§3.5)")
    elif chain == "default":
        if "previous_signature" not in d:
            w.bad(p + ".drand.previous_signature", "absent; a default round's is 96 bytes (§3.5)")
        else:
            w.hex(p + ".drand.previous_signature", d["previous_signature"], {96})
    elif "previous_signature" in d:
        w.hex(p + ".drand.previous_signature", d["previous_signature"], {0, 96})


def wf_witnesses(w, witnesses):
    """§10.6/§10.8: `witnesses` is a list of tokens as lower-case hex. No
    length is stated; whole bytes are required (a token is DER bytes), and
    an empty string is well formed here but is no token (§10.8 step 1)."""
    for i, t in enumerate(witnesses):
        p = "witnesses[%d]" % i
        if not fd.HEX_RE.match(t):
            w.bad(p, "upper-case hex" if fd.re.match(r"\A[0-9a-fA-F]*\Z", t) else "not hex")
        elif len(t) % 2:
            w.bad(p, "%d hex digits, not whole bytes" % len(t))


def wf_formats(w, doc, extra=()):
    for where, v in (("$.format", doc["format"]),
                     ("commitment.format", doc["commitment"]["format"])) + tuple(extra):
        if v != FORMAT2:
            w.bad(where, "%r is not %r" % (v, FORMAT2))


def wf_commitment2(w, com):
    """§3.5 for a format 2 commitment. The drand round's bound is check 5's
    (§3.5 "a bound checked by §8 check 5", §8 check 5 "not in check 1"), so
    format 1's check 1 message on it is dropped here (format 1 is kept as it
    was; README finding 21)."""
    w2 = fd.WF()
    fd.wf_commitment(w2, com)
    w.msgs += [m for m in w2.msgs if not m.startswith("commitment.beacon.round:")]
    w.hex("commitment.public", com["public"], {32})


def wf_stratum2(w, st, sp):
    """§10.6: cutoff 32 bytes, cutoff_token 16, both "" exactly when the
    stratum's count is 0; tokens 16 bytes, tickets 32."""
    w.texts(sp + ".values", st["values"])
    if st["count"] == 0:
        for m in ("cutoff", "cutoff_token"):
            if st[m] != "":
                w.bad("%s.%s" % (sp, m), "not \"\" in a stratum with count 0 (§10.6)")
    else:
        w.hex(sp + ".cutoff", st["cutoff"], {32})
        w.hex(sp + ".cutoff_token", st["cutoff_token"], {16})
    for k, r in enumerate(st["reserves"]):
        w.hex("%s.reserves[%d].token" % (sp, k), r["token"], {16})
        w.hex("%s.reserves[%d].ticket" % (sp, k), r["ticket"], {32})


def wf_member(w, mp, m):
    """A MEMBER (§10.4). Its `role` is `inspector`, `expert` or `leader`
    already when read (§6.3: any other is unreadable); a `leader` where
    none can be is left to check 6's recomputation."""
    w.code(mp + ".id", m["id"])
    w.text(mp + ".name", m["name"], 1, 100)
    w.text(mp + ".department", m["department"], 0, 100)


def wf_result2(w, res, p="result", full=True):
    w.hex(p + ".seed", res["seed"], {32})
    for i, t in enumerate(res["tasks"]):
        tp = "%s.tasks[%d]" % (p, i)
        w.text(tp + ".number", t["number"], 1, 100)
        w.text(tp + ".name", t["name"], 1, 100)
        for j, g in enumerate(t.get("groups", [])):
            for k, m in enumerate(g["members"]):
                wf_member(w, "%s.groups[%d].members[%d]" % (tp, j, k), m)
        for j, st in enumerate(t["strata"]):
            wf_stratum2(w, st, "%s.strata[%d]" % (tp, j))
        for j, s in enumerate(t["selected"]):
            sp = "%s.selected[%d]" % (tp, j)
            w.hex(sp + ".token", s["token"], {16})
            w.hex(sp + ".ticket", s["ticket"], {32})
            if not full:
                continue
            w.uscc(sp + ".id", s["id"])
            w.text(sp + ".name", s["name"], 1, 100)
            for k, m in enumerate(s["team"]):
                wf_member(w, "%s.team[%d]" % (sp, k), m)
            for k, c in enumerate(s["items"]):
                w.code("%s.items[%d]" % (sp, k), c)


def wf_public(w, pub, plan):
    """§3.5 for PUBLIC, §10.7 check 1: plan, inspectors (conflicts empty) and
    checklist as in inputs; strata in §4.3 order; entries well formed,
    strictly increasing by token, no token twice in a task."""
    dirs = {"enterprises": [], "inspectors": norm_inspectors(pub["inspectors"]),
            "checklist": norm_checklist(pub["checklist"]), "history": []}
    w2 = fd.WF()
    fd.wf_inputs(w2, {"salt": ""}, plan, dirs, p="public")
    wf_plan2(w2, plan, "public.plan")
    w.msgs += [m.replace("public.directories.", "public.") for m in w2.msgs]
    wf_public_fields(w, plan["public_fields"], "public.plan.public_fields")
    for i, x in enumerate(pub["inspectors"]):
        if x.get("conflicts", []):
            w.bad("public.inspectors[%d].conflicts" % i, "not empty (§10.3)")
    # §10.7 check 1: PUBLIC's tasks are the plan's, one for one, with the
    # same numbers in plan order
    if len(pub["tasks"]) != len(plan["tasks"]):
        w.bad("public.tasks", "%d tasks, the plan has %d (§10.3)"
              % (len(pub["tasks"]), len(plan["tasks"])))
    for i, (t, ptask) in enumerate(zip(pub["tasks"], plan["tasks"])):
        if t["number"] != ptask["number"]:
            w.bad("public.tasks[%d].number" % i, "%s is not the plan's task number %s (§10.3)"
                  % (fd.json.dumps(t["number"], ensure_ascii=False),
                     fd.json.dumps(ptask["number"], ensure_ascii=False)))
    for i, t in enumerate(pub["tasks"]):
        tp = "public.tasks[%d]" % i
        w.text(tp + ".number", t["number"], 1, 100)
        ptask = plan["tasks"][i] if i < len(plan["tasks"]) else None
        seen = set()
        prev_key = None
        for j, st in enumerate(t["strata"]):
            sp = "%s.strata[%d]" % (tp, j)
            w.texts(sp + ".values", st["values"])
            if st["census"]:
                if j != 0:
                    w.bad(sp, "a census stratum that is not the first (§4.3)")
                if st["values"]:
                    w.bad(sp + ".values", "not empty in the census stratum (§4.3)")
                if ptask is not None and not ptask["sampling"]["census_flags"]:
                    w.bad(sp, "a census stratum in a task without census_flags (§10.7)")
                elif ptask is not None and not census_possible(ptask):
                    w.bad(sp, "a census stratum in a task whose census_flags %s are all "
                          "among the values of a flag not_in condition of its filter "
                          "(§10.7)" % fd.json.dumps(ptask["sampling"]["census_flags"],
                                                    ensure_ascii=False))
            else:
                if ptask is not None and len(st["values"]) != len(ptask["sampling"]["strata_by"]):
                    w.bad(sp + ".values", "%d values for %d strata_by fields"
                          % (len(st["values"]), len(ptask["sampling"]["strata_by"])))
                elif ptask is not None:
                    wf_stratum_values(w, sp + ".values", st["values"], ptask,
                                      plan["rules"]["active_statuses"])
                key = fd._key_order(st["values"])
                if prev_key is not None and not prev_key < key:
                    w.bad(sp + ".values", "regular strata not strictly increasing (§4.3)")
                prev_key = key
            e = st["entries"]
            if not fd.HEX_RE.match(e):
                w.bad(sp + ".entries", "upper-case hex" if fd.re.match(r"\A[0-9a-fA-F]*\Z", e)
                      else "not hex")
                continue
            if len(e) % 64:
                w.bad(sp + ".entries", "%d hex digits, not whole 32-byte entries" % len(e))
                continue
            rows = parse_entries(e)
            if not rows:
                w.bad(sp + ".entries", "empty stratum (§4.3: none empty)")
            toks = [r[0] for r in rows]
            if not fd._sorted_distinct(toks):
                w.bad(sp + ".entries", "not strictly increasing by token")
            twice = [x for x in toks if x in seen]
            if twice:
                w.bad(sp + ".entries", "token %s appears twice in the task" % twice[0].hex())
            seen.update(toks)


def census_possible(ptask):
    """§10.7 public check 1 (revised): a census stratum only when the task
    has census_flags of which at least one is not among the values of a
    `flag` `not_in` condition of its filter (README finding 48). Only
    `not_in` conditions on the pseudo-field `flag` count, as the text says."""
    ruled_out = set()
    for c in ptask["filter"]:
        if c["field"] == "flag" and c["op"] == "not_in":
            ruled_out.update(c["values"])
    return any(f not in ruled_out for f in ptask["sampling"]["census_flags"])


def wf_stratum_values(w, sp, values, ptask, active_statuses):
    """§10.7 public check 1: every regular stratum's values are ones its
    firms could have: a `risk` value is one of §3.5's, a `status` value one
    of `rules.active_statuses` (other firms are excluded first, §4.2), and a
    value of a field a condition of the task's `filter` names satisfies that
    condition (§4.2 step 3: a member of a stratum passed every condition).
    A condition with an unknown `op` makes the plan infeasible (§4.6, check
    3) and is not applied here."""
    for k, (field, v) in enumerate(zip(ptask["sampling"]["strata_by"], values)):
        vp = "%s[%d]" % (sp, k)
        shown = fd.json.dumps(v, ensure_ascii=False)
        if field == "risk" and v not in fd.RISKS:
            w.bad(vp, "risk %s is not one of §3.5's (\"\", A, B, C, D): no firm has it "
                  "(§10.7)" % shown)
        if field == "status" and v not in active_statuses:
            w.bad(vp, "status %s is not in rules.active_statuses: such firms are inactive "
                  "(§4.2, §10.7)" % shown)
        for j, c in enumerate(ptask["filter"]):
            if c["field"] != field or c["op"] not in ("in", "not_in"):
                continue
            hit = v in c["values"]
            if hit != (c["op"] == "in"):
                w.bad(vp, "%s %s fails the task's filter[%d] (%s %s %s): its firms are "
                      "out_of_scope (§4.2, §10.7)"
                      % (field, shown, j, field, c["op"],
                         fd.json.dumps(c["values"], ensure_ascii=False)))


def wf_revealed(w, revealed, public_fields):
    ids = []
    for i, r in enumerate(revealed):
        rp = "revealed[%d]" % i
        w.uscc(rp + ".id", r["id"])
        ids.append(r["id"].encode("utf-8"))
        w.hex(rp + ".key", r["key"], {10})
        w.text(rp + ".name", r["name"], 1, 100)
        w.text(rp + ".industry", r["industry"], 0, 100)
        w.text(rp + ".region", r["region"], 0, 100)
        for j, c in enumerate(r["conflicts"]):
            w.code("%s.conflicts[%d]" % (rp, j), c)
        w.sorted_list(rp + ".conflicts", r["conflicts"])
        # §10.7 check 1: exactly the members public_fields declares
        if set(r["public"]) != set(public_fields):
            extra = sorted(set(r["public"]) - set(public_fields))
            missing = sorted(set(public_fields) - set(r["public"]))
            w.bad(rp + ".public", "members not declared by public_fields %s, declared but "
                  "missing %s (§10.7)" % (extra, missing))
        # ... each value of its form: a flag "true" or "false", risk and
        # status from their lists of §3.5, `kind` text of at most 100
        # characters, others text of at most 500 (§10.7 revised; README
        # finding 50, resolved)
        for f, v in r["public"].items():
            fp = "%s.public.%s" % (rp, f)
            if f == "risk":
                w.enum(fp, v, fd.RISKS)
            elif f == "status":
                w.enum(fp, v, fd.ENTERPRISE_STATUSES)
            elif f.startswith("flag:"):
                w.enum(fp, v, ("true", "false"))
            elif f == "kind":
                w.text(fp, v, 0, 100)
            else:
                w.text(fp, v, 0, 500)
    if not fd._sorted_distinct(ids):
        w.bad("revealed", "not sorted by id without duplicates (§10.6)")


def report_format(rep, w, n_ids=None):
    id_msgs = [m for m in w.msgs if "统一社会信用代码" in m]
    rep.check("format", [m for m in w.msgs if m not in id_msgs])
    rep.check("enterprise_ids", id_msgs, "%d IDs" % n_ids if n_ids is not None else "")


# --------------------------------------------------------------------------
# Check 6 comparison, keyed by token
# --------------------------------------------------------------------------

def compare_result2(pub, calc, rep, full=True, plan=None, records=None, inspectors=None):
    """Check 6, keyed by token. With the plan, the selected records (per
    task {token hex: record}) and the inspectors, a published assignment to
    a group that is not eligible for the firm (§10.10) is also named."""
    sel_msgs, team_msgs, item_msgs = [], [], []
    ptasks = pub["tasks"]
    if len(ptasks) != len(calc["tasks"]):
        sel_msgs.append("published %d tasks, recomputed %d" % (len(ptasks), len(calc["tasks"])))
    for ti, (pt, ct) in enumerate(zip(ptasks, calc["tasks"])):
        if full and plan is not None and records is not None and ti < len(plan["tasks"]):
            team_msgs += published_group_eligibility(plan["tasks"][ti], pt, records[ti],
                                                     inspectors)
        tn = "task %s" % ct["number"]
        for m in ("number", "name", "directed"):
            if pt[m] != ct[m]:
                sel_msgs.append("%s: published %s %r" % (tn, m, pt[m]))
        if len(pt["strata"]) != len(ct["strata"]):
            sel_msgs.append("%s: published %d strata, recomputed %d"
                            % (tn, len(pt["strata"]), len(ct["strata"])))
        for i, (a, b) in enumerate(zip(pt["strata"], ct["strata"])):
            for d in fd.diff_value(a, b):
                sel_msgs.append("%s stratum %d %s: %s" % (tn, i, b["values"], d))
        if full:
            team_msgs += compare_groups(tn, pt["groups"], ct["groups"])
        pub_sel = {s["token"]: s for s in pt["selected"]}
        calc_sel = {s["token"]: s for s in ct["selected"]}
        for t in pub_sel:
            if t not in calc_sel:
                sel_msgs.append("%s: token %s published as selected but not recomputed" % (tn, t))
        for t in calc_sel:
            if t not in pub_sel:
                sel_msgs.append("%s: token %s recomputed but missing" % (tn, t))
        if [s["token"] for s in pt["selected"]] != [s["token"] for s in ct["selected"]] \
                and set(pub_sel) == set(calc_sel):
            sel_msgs.append("%s: selected list order differs" % tn)
        for t, c in calc_sel.items():
            p = pub_sel.get(t)
            if p is None:
                continue
            for m in ("ticket", "stratum") + (("id", "name") if full else ()):
                if p[m] != c[m]:
                    sel_msgs.append("%s: token %s different %s (published %r, recomputed %r)"
                                    % (tn, t, m, p[m], c[m]))
            if not full:
                continue
            if c["items"] is None:
                missing = "%s: teams and items not recomputed (a selected firm's record " \
                          "is missing or does not match its entry)" % tn
                if missing not in team_msgs:
                    team_msgs.append(missing)
                    item_msgs.append(missing)
                continue
            if c["team"] is None:
                missing = "%s: teams not recomputed (the groups are not formed)" % tn
                if missing not in team_msgs:
                    team_msgs.append(missing)
            for m in ("group", "team", "over_cap", "unfilled") if c["team"] is not None else ():
                if p[m] != c[m]:
                    if m == "team":
                        detail = "published [%s], recomputed [%s]" % (
                            ", ".join(x["id"] for x in p[m]), ", ".join(x["id"] for x in c[m]))
                        if [x["id"] for x in p[m]] == [x["id"] for x in c[m]]:
                            detail = "; ".join(fd.diff_value(p[m], c[m], "team"))
                    else:
                        detail = "published %r, recomputed %r" % (p[m], c[m])
                    team_msgs.append("%s: %s different %s: %s" % (tn, p["id"], m, detail))
            if p["items"] != c["items"]:
                item_msgs.append("%s: %s different items: published %s, recomputed %s"
                                 % (tn, p["id"], p["items"], c["items"]))
    n_sel = sum(len(t["selected"]) for t in calc["tasks"])
    rep.check("selection", sel_msgs, "%d strata, %d selected tokens"
              % (sum(len(t["strata"]) for t in calc["tasks"]), n_sel))
    if full:
        rep.check("teams", team_msgs)
        rep.check("items", item_msgs)


def published_group_eligibility(task, pt, records, inspectors):
    """§10.10 Eligibility of each published assignment, judged on the
    published groups: a diagnostic (the recomputation decides)."""
    if groups_of(task) == 0:
        return []
    tn = "task %s" % task["number"]
    by_id = {i["id"]: i for i in inspectors}
    groups = {g["number"]: g for g in pt["groups"]}
    out = []
    for s in pt["selected"]:
        rec = records.get(s["token"])
        g = groups.get(s["group"])
        if rec is None or g is None:
            continue
        why = []
        for m in g["members"]:
            if m["id"] in rec["conflicts"]:
                why.append("%s is in its record's conflicts (回避)" % m["id"])
            elif task["team"]["cross_region"] and m["role"] != "expert" \
                    and m["id"] in by_id and by_id[m["id"]]["region"] == rec["region"]:
                why.append("%s has its region %s (所所交叉)" % (m["id"], rec["region"]))
        if why:
            out.append("%s: %s is published in group %d, which is not eligible for it: %s "
                       "(§10.10)" % (tn, rec["id"], s["group"], "; ".join(why)))
    return out


def compare_groups(tn, pub, calc):
    """§10.10: a task's published `groups` against the recomputed ones."""
    if calc is None:
        return ["%s: groups not recomputed (team.groups is above 10,000 and above the "
                "%d groups the result lists)" % (tn, len(pub))]
    if pub == calc:
        return []
    if len(pub) != len(calc):
        return ["%s: published %d groups, recomputed %d" % (tn, len(pub), len(calc))]
    out = []
    for p, c in zip(pub, calc):
        if p == c:
            continue
        if [x["id"] for x in p["members"]] != [x["id"] for x in c["members"]]:
            out.append("%s: group %d different members: published [%s], recomputed [%s]"
                       % (tn, c["number"], ", ".join(x["id"] for x in p["members"]),
                          ", ".join(x["id"] for x in c["members"])))
        else:
            out += ["%s: %s" % (tn, d) for d in fd.diff_value(p, c, "group %d" % c["number"])]
    return out


def check_result_hash(doc, calc, rep):
    pub_hash = fd.sha256(fd.jcs(doc["result"])).hex()
    msgs = []
    if doc["result_sha256"] != pub_hash:
        msgs.append("published result_sha256 %s is not SHA-256(JCS(published result)) %s"
                    % (doc["result_sha256"], pub_hash))
    try:
        calc_hash = fd.sha256(fd.jcs(calc)).hex()
    except fd.FormatError:
        calc_hash = None        # a part could not be recomputed (None members)
    if calc_hash != pub_hash:
        msgs.append("recomputed result hashes to %s" % calc_hash)
    rep.check("result_sha256", msgs, pub_hash)


# --------------------------------------------------------------------------
# Checks shared by the documents
# --------------------------------------------------------------------------

def beacon_and_seed(doc, com, ch, rep, reveal_after=None, latest_end=None):
    """Checks 4 and 5, then the seed. Returns the seed (bytes) or None."""
    randomness, nist, _ok = fd.check_beacon(com, doc["beacon"], rep)
    fd.check_timing(com, rep, reveal_after=reveal_after, latest_end=latest_end)
    cb = com["beacon"]
    try:
        fd.unhex(cb["chain_hash"], 32)
    except ValueError:
        randomness = None
    if randomness is None or ("nist" in cb and nist is None):
        rep.fail("seed", "no seed: the beacon value or chain hash is unusable")
        return None
    return compute_seed(com, randomness, nist, ch)


def check_seed(published, seed, rep):
    rep.check("seed", [] if published == seed.hex() else
              ["published %s, recomputed %s" % (published, seed.hex())], seed.hex())


def commitment_header(com, plan, ch_msgs):
    msgs = list(ch_msgs)
    if com["department"] != plan["department"]:
        msgs.append("department %r is not the plan's %r" % (com["department"], plan["department"]))
    for m in ("number", "name", "year"):
        if com["plan"][m] != plan[m]:
            msgs.append("plan.%s %r is not the plan's %r" % (m, com["plan"][m], plan[m]))
    return msgs


def verdict_of(rep, com, ok_word):
    if rep.failed:
        return "invalid"
    return "rehearsal" if com["rehearsal"] is True else ok_word


# --------------------------------------------------------------------------
# Auditor document
# --------------------------------------------------------------------------

def verify_auditor(doc, rep):
    com, inputs = doc["commitment"], doc["inputs"]
    plan = normalize_plan2(inputs["plan"])
    dirs = fd.normalized_directories(inputs)

    # check 1
    w = fd.WF()
    wf_formats(w, doc, (("inputs.format", inputs.get("format", "")),))
    wf_commitment2(w, com)
    fd.wf_inputs(w, inputs, plan, dirs)
    wf_plan2(w, plan, "inputs.plan")
    w.hex("inputs.secret", inputs["secret"], {32})
    wf_public_fields(w, plan["public_fields"], "inputs.plan.public_fields")
    wf_beacon2(w, doc["beacon"], com["beacon"]["chain"])
    wf_witnesses(w, doc["witnesses"])
    wf_result2(w, doc["result"])
    w.hex("result_sha256", doc["result_sha256"], {32})
    report_format(rep, w, len(dirs["enterprises"]))

    # check 2: six section hashes (§3.3, §10.5)
    try:
        salt = fd.unhex(inputs.get("salt", ""))
    except ValueError:
        salt = None
    sections = {"plan": plan, "enterprises": dirs["enterprises"],
                "inspectors": dirs["inspectors"], "checklist": dirs["checklist"],
                "history": dirs["history"], "secret": inputs["secret"]}
    for name in ("plan", "enterprises", "inspectors", "checklist", "history", "secret"):
        if salt is None:
            rep.fail("inputs.%s" % name, "salt is not hex")
            continue
        h = fd.framed_hash("fairdraw/1/section", salt, name,
                           fd.sha256(fd.jcs(sections[name]))).hex()
        pub = com["inputs"][name]
        rep.check("inputs.%s" % name, [] if h == pub else
                  ["section %s: published %s, recomputed %s" % (name, pub, h)])

    # check 3: as §8, and commitment.public = SHA-256(JCS(PUBLIC)) recomputed
    ch, msgs = fd.check_commitment_core(com, rep)
    rep.check("commitment_header", commitment_header(com, plan, msgs))
    hist = {}
    for r in dirs["history"]:
        hist.setdefault(r["enterprise_id"], []).append(r)
    # §10.12: history records under one of rules.department_names count
    # towards `same` (§4.2) as the department's own
    plans = [fd.plan_task(t, plan, dirs["enterprises"], hist, fd.department_names_of(plan))
             for t in plan["tasks"]]
    # §10.11: the counts of the plan's ratio ranges, A = §4.5's
    fd.apply_ranges(plan, [st for st, _e, _p in plans],
                    fd.active_count(plan, dirs["enterprises"]))
    tasks = [fd.commitment_task(t, st, ex) for t, (st, ex, _p) in zip(plan["tasks"], plans)]
    rep.check("tasks", fd.diff_value(com["tasks"], tasks, "tasks"),
              "%d tasks, pools %s, counts %s" % (len(tasks), [t["pool"] for t in tasks],
                                                 [t["count"] for t in tasks]))
    rep.check("feasibility", fd.feasibility(plan, dirs, plans, format2=True))
    secret = None
    members = keys = None
    try:
        secret = fd.unhex(inputs["secret"], 32)
    except ValueError:
        rep.fail("public_inputs", "inputs.secret is not 32 bytes of hex: no keys")
    if secret is not None:
        public, members, keys = public_inputs_from_full(plan, dirs, plans, secret)
        ph = fd.sha256(fd.jcs(public)).hex()
        rep.check("public_inputs", [] if ph == com["public"] else
                  ["commitment.public %s, the public inputs recomputed from the full "
                   "inputs hash to %s" % (com["public"], ph)], ph)

    # checks 4, 5 and the seed
    seed = beacon_and_seed(doc, com, ch, rep)
    if seed is None or members is None:
        return "invalid"

    # check 6: RESULT2 recomputed from the full inputs (§10.4)
    check_seed(doc["result"]["seed"], seed, rep)
    calc_tasks, recs_by_token = [], []
    for ti, (task, (strata, _e, _p), rows) in enumerate(zip(plan["tasks"], plans, members)):
        st2 = [{"values": st["values"], "census": st["census"], "count": st["count"],
                "rows": r} for st, r in zip(strata, rows)]
        strata_out, selected = select_task(task, st2, seed)
        records = [s[3][3] for s in selected]
        recs_by_token.append({s[1].hex(): r for s, r in zip(selected, records)})
        calc_tasks.append(result_task(task, strata_out, selected, records,
                                      dirs["inspectors"], dirs["checklist"], seed,
                                      groups_limit(doc["result"], ti)))
    calc = {"seed": seed.hex(), "tasks": calc_tasks}
    compare_result2(doc["result"], calc, rep, plan=plan, records=recs_by_token,
                    inspectors=dirs["inspectors"])
    rep.check("result", fd.diff_value(doc["result"], calc, "result"))
    check_result_hash(doc, calc, rep)
    return verdict_of(rep, com, "valid")


# --------------------------------------------------------------------------
# Public and sealed documents
# --------------------------------------------------------------------------

def public_check3(doc, plan, pub, com, rep):
    """§10.7 check 3 of a public or sealed document. Returns the plans (per
    task: strata with values, census, size, count and rows) for check 6."""
    ch, msgs = fd.check_commitment_core(com, rep)
    rep.check("commitment_header", commitment_header(com, plan, msgs))
    # public.tasks is matched with the plan's tasks by position (check 1
    # fails when they are not the plan's, one for one, §10.7); a missing
    # public task is read as one without strata
    msgs = []
    ptasks = pub["tasks"]
    plans, expected = [], []
    for i, task in enumerate(plan["tasks"]):
        pt = ptasks[i] if i < len(ptasks) else {"number": None, "strata": []}
        strata = []
        for j, st in enumerate(pt["strata"]):
            rows = parse_entries(st["entries"])
            if rows is None:
                msgs.append("public.tasks[%d].strata[%d].entries: not whole 32-byte entries "
                            "of lower-case hex; read as empty" % (i, j))
                rows = []
            strata.append({"values": st["values"], "census": st["census"],
                           "size": len(rows), "count": 0, "rows": rows, "members": []})
        problems = fd.assign_counts(task, strata)
        ctask = com["tasks"][i] if i < len(com["tasks"]) else None
        excluded = ctask["excluded"] if ctask else {}
        plans.append((strata, excluded, problems))
    # §10.11: the counts of the plan's ratio ranges, from the entries' sizes
    # and directory.active (§10.4, §10.7 check 3)
    fd.apply_ranges(plan, [st for st, _e, _p in plans], pub["directory"]["active"])
    for task, (strata, excluded, _p) in zip(plan["tasks"], plans):
        expected.append(fd.commitment_task(task, strata, excluded))
    msgs += fd.diff_value(com["tasks"], expected, "commitment.tasks")
    rep.check("tasks", msgs, "%d tasks, pools %s, counts %s"
              % (len(expected), [t["pool"] for t in expected], [t["count"] for t in expected]))
    d = pub["directory"]
    msgs = []
    for t in com["tasks"]:
        total = t["pool"] + sum(t["excluded"].values())
        if total != d["enterprises"]:
            msgs.append("task %s: pool %d + excluded %d = %d, directory.enterprises %d"
                        % (t["number"], t["pool"], sum(t["excluded"].values()), total,
                           d["enterprises"]))
    # §10.7 check 3: excluded.inactive = directory.enterprises - directory.active
    # in every task (§4.2 decides `inactive` first); with counts >= 0 this
    # also makes directory.active <= directory.enterprises
    if d["active"] > d["enterprises"]:
        msgs.append("directory.active %d > directory.enterprises %d"
                    % (d["active"], d["enterprises"]))
    for t in com["tasks"]:
        if t["excluded"]["inactive"] != d["enterprises"] - d["active"]:
            msgs.append("task %s: excluded.inactive %d is not directory.enterprises %d - "
                        "directory.active %d = %d" % (t["number"], t["excluded"]["inactive"],
                                                      d["enterprises"], d["active"],
                                                      d["enterprises"] - d["active"]))
    rep.check("directory", msgs, "%d enterprises, %d active" % (d["enterprises"], d["active"]))
    # §4.6 without the team closure; the load cap with the public inspectors,
    # the year-level minimum with A = directory.active
    dirs = {"enterprises": [], "history": [], "checklist": norm_checklist(pub["checklist"]),
            "inspectors": norm_inspectors(pub["inspectors"])}
    rep.check("feasibility", fd.feasibility(plan, dirs, plans, public_active=d["active"],
                                            format2=True))
    rep.note("SKIP", "feasibility_team_closure",
             "the team closure of §4.6 needs the enterprise data (auditor's verification, "
             "§10.7)")
    return ch, plans


def verify_public_or_sealed(doc, rep, sealed):
    com, pub = doc["commitment"], doc["public"]
    plan = normalize_plan2(pub["plan"])

    # check 1
    w = fd.WF()
    wf_formats(w, doc)
    wf_commitment2(w, com)
    wf_public(w, pub, plan)
    wf_beacon2(w, doc["beacon"], com["beacon"]["chain"])
    wf_witnesses(w, doc["witnesses"])
    w.hex("result_sha256", doc["result_sha256"], {32})
    if sealed:
        wf_result2(w, doc["selection"], "selection", full=False)
        w.date("reveal_after", doc["reveal_after"])
        wf_timelock(w, doc["timelock"])
    else:
        wf_result2(w, doc["result"])
        wf_revealed(w, doc["revealed"], plan["public_fields"])
    report_format(rep, w, None if sealed else len(doc["revealed"]))

    # check 2: public = SHA-256(JCS(PUBLIC))
    ph = fd.sha256(fd.jcs(normalized_public(pub))).hex()
    rep.check("inputs.public", [] if ph == com["public"] else
              ["commitment.public %s, SHA-256(JCS(public)) %s" % (com["public"], ph)], ph)
    rep.note("SKIP", "inputs.sections",
             "the six salted section hashes need the confidential inputs (auditor document)")

    # check 3
    ch, plans = public_check3(doc, plan, pub, com, rep)

    # checks 4, 5 (for a sealed document: reveal_after no earlier than the
    # emission day and the latest window.end of the plan's tasks), the seed
    latest_end = None
    if sealed:
        # window dates compare as strings (YYYY-MM-DD); an invalid one makes
        # the plan infeasible (check 3). Without tasks there is no latest
        # window.end, and no reveal_after equals None
        ends = [t["window"]["end"] for t in plan["tasks"]]
        latest_end = max(ends, key=lambda x: x.encode("utf-8")) if ends else "(no task)"
        # §10.7 (revised): a reveal_after that is not a date fails check 1 only
        if not fd.is_date(doc["reveal_after"]):
            latest_end = None
    seed = beacon_and_seed(doc, com, ch, rep, reveal_after=doc["reveal_after"] if sealed else None,
                           latest_end=latest_end)
    if sealed:
        check_timelock_round(doc, rep)
    if seed is None:
        return "invalid"

    # check 6
    res = doc["selection"] if sealed else doc["result"]
    check_seed(res["seed"], seed, rep)
    sels = []
    for task, (strata, _e, _p) in zip(plan["tasks"], plans):
        sels.append(select_task(task, strata, seed))
    if sealed:
        calc = {"seed": seed.hex(), "tasks": [
            result_task(task, so, sel, [None] * len(sel), [], [], seed)
            for task, (so, sel) in zip(plan["tasks"], sels)]}
        calc_sel = selection_of(calc)
        compare_result2(res, calc_sel, rep, full=False)
        rep.check("result", fd.diff_value(res, calc_sel, "selection"))
        rep.note("SKIP", "result_sha256", "the full result is not in a sealed document; "
                 "the public document published later must hash to %s" % doc["result_sha256"])
        return verdict_of(rep, com, "sealed")

    revealed = {r["id"]: r for r in doc["revealed"]}
    insp_ids = {i["id"] for i in pub["inspectors"]}
    used, rmsgs = set(), []
    calc_tasks, recs_by_token = [], []
    checklist = norm_checklist(pub["checklist"])
    inspectors = norm_inspectors(pub["inspectors"])
    for ti, (task, (so, sel)) in enumerate(zip(plan["tasks"], sels)):
        tn = "task %s" % task["number"]
        pt = res["tasks"][ti] if ti < len(res["tasks"]) else {"selected": []}
        by_token = {s["token"]: s for s in pt["selected"]}
        records = []
        for t, tok, idx, row in sel:
            p = by_token.get(tok.hex())
            if p is None:
                records.append(None)        # reported by the selection check
                continue
            r = revealed.get(p["id"])
            if r is None:
                rmsgs.append("%s: token %s names %s, which has no revealed entry"
                             % (tn, tok.hex(), p["id"]))
                records.append(None)
                continue
            used.add(p["id"])
            bad = []
            try:
                key = fd.unhex(r["key"], 10)
            except ValueError:
                key = None
                bad.append("key is not 10 bytes of hex")
            rec = record_from_revealed(r)
            if key is not None:
                if firm_token(key, task["number"], r["id"]) != tok:
                    bad.append("token(task, id) from its key is %s, not the selected %s"
                               % (firm_token(key, task["number"], r["id"]).hex(), tok.hex()))
                else:
                    sl = firm_seal(key, task["number"], rec)
                    if sl != row[1]:
                        bad.append("seal of its record %s is not the entry's seal %s"
                                   % (sl.hex(), row[1].hex()))
            if r["name"] != p["name"]:
                bad.append("revealed name %r, published %r" % (r["name"], p["name"]))
            stray = [c for c in r["conflicts"] if c not in insp_ids]
            if stray:
                bad.append("conflicts %s are not public inspectors" % stray)
            if bad:
                rmsgs.append("%s: %s: %s" % (tn, r["id"], "; ".join(bad)))
                records.append(None)
            else:
                records.append(rec)
        calc_tasks.append(result_task(task, so, sel, records, inspectors, checklist, seed,
                                      groups_limit(res, ti)))
        recs_by_token.append({s[1].hex(): r for s, r in zip(sel, records) if r is not None})
    for i in revealed:
        if i not in used:
            rmsgs.append("revealed names %s, which is not selected in any task" % i)
    rep.check("revealed", rmsgs, "%d revealed firms" % len(revealed))
    calc = {"seed": seed.hex(), "tasks": calc_tasks}
    # unknown ids and names are taken from the published result, so that the
    # difference is reported once, by `revealed`
    for ct, pt in zip(calc_tasks, res["tasks"]):
        by_token = {s["token"]: s for s in pt["selected"]}
        for s in ct["selected"]:
            if s["id"] is None and s["token"] in by_token:
                s["id"], s["name"] = by_token[s["token"]]["id"], by_token[s["token"]]["name"]
    compare_result2(res, calc, rep, plan=plan, records=recs_by_token, inspectors=inspectors)
    rep.check("result", fd.diff_value(res, calc, "result"))
    check_result_hash(doc, calc, rep)
    return verdict_of(rep, com, "valid")


# --------------------------------------------------------------------------
# Timelock (§10.9)
# --------------------------------------------------------------------------

def wf_timelock(w, tl):
    """Check 1: the form of `timelock` by §10.9 (chain, armor, header, the
    tlock stanza equal to `round` and `chain`, its 128-byte body with U a
    compressed G2 point of the prime-order subgroup). The round's bounds and
    the due round are check 5's (§3.5: a round's bound is checked by check 5)."""
    import timelock
    if tl["chain"] != timelock.QUICKNET_HASH:
        w.bad("timelock.chain", "%s is not quicknet's chain hash %s (§10.9)"
              % (fd.json.dumps(tl["chain"], ensure_ascii=False), timelock.QUICKNET_HASH))
    for m in timelock.envelope_form(tl["ciphertext"], tl["round"], tl["chain"]):
        w.bad("timelock.ciphertext", m)


def check_timelock_round(doc, rep):
    """Check 5 (§10.7, §10.9): the timelock round within §3.5's bounds and
    at most the due round of reveal_after."""
    import timelock
    rnd, msgs = doc["timelock"]["round"], []
    last = fd.LAST_ROUND["quicknet"]
    if not 1 <= rnd <= last:
        msgs.append("timelock.round %d is outside 1..%d (§3.5)" % (rnd, last))
    elif fd.is_date(doc["reveal_after"]):
        try:
            due = timelock.due_round(doc["reveal_after"])
        except OverflowError:
            due = None          # reveal_after 9999-12-31: no day after it
        if due is not None and rnd > due:
            msgs.append("timelock.round %d (emitted %s) is later than the due round %d "
                        "(emitted %s) of reveal_after %s (§10.9)"
                        % (rnd, fd.fmt_time(timelock.emission(rnd)), due,
                           fd.fmt_time(timelock.emission(due)), doc["reveal_after"]))
    rep.check("timing.timelock", msgs, "round %d" % rnd)


def open_sealed(doc, beacon, rep):
    """§10.9 Opening. `doc` is a readable sealed document whose sealed
    verification passed; `beacon` a quicknet round {"round", "signature",
    "randomness"?}. Returns (verdict, public document or None)."""
    import timelock
    tl = doc["timelock"]
    msgs = []
    if not isinstance(beacon, dict) or not isinstance(beacon.get("round"), int) \
            or not isinstance(beacon.get("signature"), str):
        msgs.append("the round is not {\"round\": N, \"signature\": HEX}")
    elif beacon["round"] != tl["round"]:
        msgs.append("the round given is %d, the timelock's is %d" % (beacon["round"], tl["round"]))
    else:
        try:
            sig = fd.unhex(beacon["signature"], 48)
            timelock.g1_decompress(sig)
            if "randomness" in beacon and beacon["randomness"] != fd.sha256(sig).hex():
                msgs.append("randomness is not SHA-256(signature)")
        except ValueError as exc:
            msgs.append("signature: %s" % exc)
    rep.check("open.round", msgs, "quicknet round %d" % tl["round"])
    rep.note("SKIP", "open.round_pairing",
             "the round's BLS signature is not verified against quicknet's key (§5.1 needs "
             "RFC 9380 hash to G1, not written here); it is checked to be a G1 point of the "
             "subgroup, and a wrong one does not open the envelope")
    if msgs:
        return "invalid", None
    try:
        rnd, chain, pt = timelock.decrypt(tl["ciphertext"], sig)
    except timelock.Bad as exc:
        rep.fail("open", "the envelope does not open: %s" % exc)
        return "invalid", None
    try:
        reveal = fd._read_json(pt.decode("utf-8"))
        fd._no_lone_surrogates(reveal)
        fd.check_schema(reveal, REVEAL_S, "REVEAL")
    except (UnicodeDecodeError, ValueError, fd.FormatError, fd.Unreadable, RecursionError) as exc:
        rep.fail("open", "the plaintext is not a REVEAL: %s" % exc)
        return "invalid", None
    if fd.jcs(reveal) != pt:
        rep.fail("open", "the plaintext is not JCS(REVEAL) exactly")
        return "invalid", None
    rep.ok("open", "%d bytes of JCS(REVEAL), %d revealed firms" % (len(pt), len(reveal["revealed"])))
    pub = {"format": doc["format"], "document": "public", "commitment": doc["commitment"],
           "public": doc["public"], "beacon": doc["beacon"], "witnesses": doc["witnesses"],
           "result": reveal["result"], "revealed": reveal["revealed"],
           "result_sha256": doc["result_sha256"]}
    pub = {k: pub[k] for k in sorted(pub)}
    try:
        fd.check_schema(pub, PUBLIC_DOC_S, "$")
    except fd.Unreadable as exc:
        rep.fail("open", "the opened public document is unreadable: %s" % exc)
        return "invalid", pub
    rep.note("NOTE", "open", "verifying the opened public document (§10.7)")
    verdict = verify2("public", pub, rep)
    sel = selection_of(reveal["result"])
    rep.check("open.selection", fd.diff_value(doc["selection"], sel, "selection"))
    if rep.failed:
        verdict = "invalid"
    return verdict, pub


# --------------------------------------------------------------------------
# Witnesses (§10.8)
# --------------------------------------------------------------------------

WITNESS_ROOTS = []      # set by verify_bundle.py --witness-root; none pinned


def check_witnesses(doc, rep, verdict):
    """§10.8: each token accepted (steps 1-6) or not, and whether it is
    timed strictly before the committed round's emission. Nothing here
    makes a document invalid. Sets rep.condition to the text the VERDICT
    line leads with."""
    import witness
    com = doc["commitment"]
    cb = com["beacon"]
    chain = fd.CHAINS.get(cb["chain"])
    emitted = None
    if chain is not None and isinstance(cb["round"], int) and cb["round"] >= 1:
        emitted = chain["genesis"] + (cb["round"] - 1) * chain["period"]
    try:
        ch = fd.unhex(com["commitment"], 32)
    except ValueError:
        ch = None
    before = []
    for i, hx in enumerate(doc["witnesses"]):
        name = "witness[%d]" % i
        try:
            tok = bytes.fromhex(hx)
        except ValueError:
            rep.note("NOTE", name, "not accepted: not hex (check 1)")
            continue
        if ch is None:
            rep.note("NOTE", name, "not accepted: commitment.commitment is not 32 bytes")
            continue
        step, info = witness.accept(tok, ch, WITNESS_ROOTS)
        if step is not None:
            rep.note("NOTE", name, "not accepted (§10.8 step %d): %s; it witnesses nothing"
                     % (step, info))
            continue
        at = witness.fmt_time(info["gen_time"])
        desc = "%s at %s (accuracy %d s, root %s)" % (info["authority"], at, info["accuracy"],
                                                     info["root"])
        if emitted is None:
            rep.note("NOTE", name, "accepted: %s; no emission time to compare with" % desc)
        elif info["gen_time"] + info["accuracy"] < emitted:
            rep.note("NOTE", name, "accepted: %s, before round %d (emitted %s): it witnesses "
                     "the commitment before its round" % (desc, cb["round"], fd.fmt_time(emitted)))
            before.append((info["authority"], at))
        else:
            rep.note("NOTE", name, "accepted: %s, but genTime + accuracy is not strictly before "
                     "round %d's emission %s: it witnesses nothing"
                     % (desc, cb["round"], fd.fmt_time(emitted)))
    if verdict == "invalid":
        rep.condition = None
    elif before:
        rep.condition = "witnessed by %s" % ", ".join("%s at %s" % b for b in before)
    else:
        rep.condition = ("on condition that commitment %s was published before round %d; "
                         "compare it with the department's notice"
                         % (com["commitment"], cb["round"]))
    if rep.condition:
        rep.note("NOTE", "witnesses", rep.condition)


def verify2(kind, doc, rep):
    rep.note("NOTE", "document", "fairdraw/2 %s document (§10.6)"
             % ("sealed" if kind == "sealed2" else kind))
    if kind == "auditor":
        verdict = verify_auditor(doc, rep)
    else:
        verdict = verify_public_or_sealed(doc, rep, sealed=(kind == "sealed2"))
    if rep.failed:
        verdict = "invalid"
    check_witnesses(doc, rep, verdict)
    return verdict
