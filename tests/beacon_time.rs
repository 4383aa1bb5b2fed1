//! Round ↔ time on both drand chains, and civil time conversions.
//! Expected values were worked out by hand from drand's formula
//! (round r at genesis + (r − 1) × period) and from the calendar, not by the code.

use fairdraw::beacon::{chain_by_hash, chain_by_name, ChainInfo, CHAINS, DEFAULT, QUICKNET};
use fairdraw::time::{civil_from_days, days_in_month, format_china, format_date, format_utc, parse_date, parse_rfc3339};

const QUICKNET_GENESIS: i64 = 1_692_803_367;
const DEFAULT_GENESIS: i64 = 1_595_431_050;

fn check<I: std::fmt::Debug + Copy, O: PartialEq + std::fmt::Debug>(f: impl Fn(I) -> O, cases: &[(I, O)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(input, expected)| {
            let got = f(*input);
            (got != *expected).then(|| format!("input {input:?}: expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn quicknet_round_time() {
    check(
        |r| QUICKNET.round_time(r),
        &[
            (1, QUICKNET_GENESIS),
            (2, 1_692_803_370),
            (3, 1_692_803_373),
            (10, 1_692_803_394),
            (123, 1_692_803_733),
            (1000, 1_692_806_364),
            (34_427_812, 1_796_086_800),
        ],
    );
}

#[test]
fn default_round_time() {
    check(
        |r| DEFAULT.round_time(r),
        &[
            (1, DEFAULT_GENESIS),
            (2, 1_595_431_080),
            (3, 1_595_431_110),
            (1337, 1_595_471_130),
            (72_785, 1_597_614_570),
            (6_688_526, 1_796_086_800),
        ],
    );
}

#[test]
fn quicknet_first_round_at_or_after() {
    check(
        |t| QUICKNET.round_at_or_after(t),
        &[
            (i64::MIN, 1),
            (0, 1),
            (QUICKNET_GENESIS - 1, 1),
            (QUICKNET_GENESIS, 1),
            (QUICKNET_GENESIS + 1, 2),
            (QUICKNET_GENESIS + 2, 2),
            (QUICKNET_GENESIS + 3, 2),
            (QUICKNET_GENESIS + 4, 3),
            (QUICKNET_GENESIS + 6, 3),
            (QUICKNET_GENESIS + 7, 4),
            (1_692_806_363, 1000),
            (1_692_806_364, 1000),
            (1_692_806_365, 1001),
            // 2026-12-01T09:00:00+08:00, exactly on a round boundary
            (1_796_086_799, 34_427_812),
            (1_796_086_800, 34_427_812),
            (1_796_086_801, 34_427_813),
        ],
    );
}

#[test]
fn default_first_round_at_or_after() {
    check(
        |t| DEFAULT.round_at_or_after(t),
        &[
            (i64::MIN, 1),
            (DEFAULT_GENESIS - 30, 1),
            (DEFAULT_GENESIS - 1, 1),
            (DEFAULT_GENESIS, 1),
            (DEFAULT_GENESIS + 1, 2),
            (DEFAULT_GENESIS + 29, 2),
            (DEFAULT_GENESIS + 30, 2),
            (DEFAULT_GENESIS + 31, 3),
            (DEFAULT_GENESIS + 60, 3),
            (1_595_471_129, 1337),
            (1_595_471_130, 1337),
            (1_595_471_131, 1338),
            (1_796_086_800, 6_688_526),
            (1_796_086_801, 6_688_527),
        ],
    );
}

#[test]
fn current_round_is_the_latest_emitted() {
    check(
        |t| QUICKNET.current_round(t),
        &[
            (QUICKNET_GENESIS - 1, 0),
            (QUICKNET_GENESIS, 1),
            (QUICKNET_GENESIS + 2, 1),
            (QUICKNET_GENESIS + 3, 2),
            (1_692_806_364, 1000),
            (1_692_806_366, 1000),
        ],
    );
    check(
        |t| DEFAULT.current_round(t),
        &[(DEFAULT_GENESIS - 1, 0), (DEFAULT_GENESIS, 1), (DEFAULT_GENESIS + 29, 1), (DEFAULT_GENESIS + 30, 2)],
    );
}

#[test]
fn a_future_round_is_refused_until_its_time() {
    use fairdraw::beacon::BeaconErrorKind;
    check(
        |now| QUICKNET.check_emitted(1000, now).map_err(|e| e.kind()),
        &[(1_692_806_363, Err(BeaconErrorKind::RoundNotYetEmitted)), (1_692_806_364, Ok(())), (1_900_000_000, Ok(()))],
    );
    let e = QUICKNET.check_emitted(1000, 0).unwrap_err();
    assert!(e.zh().contains("尚未产生") && e.zh().contains("2023-08-23T23:59:24+08:00"), "{}", e.zh());
    assert!(e.en().contains("not been emitted") && e.en().contains("2023-08-23T15:59:24Z"), "{}", e.en());
}

#[test]
fn chains_are_found_by_name_and_hash() {
    check(|n| chain_by_name(n).map(|c| c.period), &[("quicknet", Some(3)), ("default", Some(30)), ("fastnet", None), ("", None)]);
    check(
        |h| chain_by_hash(h).map(|c| c.name),
        &[
            ("52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971", Some("quicknet")),
            ("52DB9BA70E0CC0F6EAF7803DD07447A1F5477735FD3F661792BA94600C84E971", Some("quicknet")),
            ("8990e7a9aaed2ffed73dbd7092123d6f289930540d7651336225dc172e51b2ce", Some("default")),
            // the retired fastnet chain
            ("dbd506d6ef76e5f386f41c651dcb808c5bcbd75471cc4eafa3f4df7ad4e4c493", None),
            ("", None),
        ],
    );
}

/// The pinned hash must follow from the other pinned constants, so that a typo in any
/// of them is caught.
#[test]
fn pinned_chain_hashes_follow_from_the_constants() {
    for chain in CHAINS {
        assert_eq!(chain.computed_chain_hash(), chain.chain_hash, "{}", chain.name);
    }
    let tampered = ChainInfo { period: 4, ..clone_of(&QUICKNET) };
    assert_ne!(tampered.computed_chain_hash(), QUICKNET.chain_hash);
}

fn clone_of(c: &ChainInfo) -> ChainInfo {
    ChainInfo { name: c.name, scheme: c.scheme, chain_hash: c.chain_hash, public_key: c.public_key, period: c.period, genesis_time: c.genesis_time, genesis_seed: c.genesis_seed }
}

#[test]
fn parses_rfc3339() {
    check(
        |s: &str| parse_rfc3339(s).ok(),
        &[
            ("1970-01-01T00:00:00Z", Some(0)),
            ("1970-01-01T08:00:00+08:00", Some(0)),
            ("1969-12-31T23:59:59Z", Some(-1)),
            ("2026-12-01T09:00:00+08:00", Some(1_796_086_800)),
            ("2026-12-01T01:00:00Z", Some(1_796_086_800)),
            ("2026-12-01t01:00:00z", Some(1_796_086_800)),
            ("2026-12-01 01:00:00Z", Some(1_796_086_800)),
            ("2026-12-01T01:00:00.999Z", Some(1_796_086_800)),
            ("2026-12-01T01:00:00.5+00:00", Some(1_796_086_800)),
            ("2026-11-30T20:00:00-05:00", Some(1_796_086_800)),
            ("2026-12-01T05:30:00+04:30", Some(1_796_086_800)),
            ("  2026-12-01T09:00:00+08:00\n", Some(1_796_086_800)),
            ("2023-08-23T15:09:27Z", Some(QUICKNET_GENESIS)),
            ("2020-07-22T15:17:30Z", Some(DEFAULT_GENESIS)),
            ("2000-02-29T00:00:00Z", Some(951_782_400)),
            ("2000-03-01T00:00:00Z", Some(951_868_800)),
            ("2038-01-19T03:14:08Z", Some(2_147_483_648)),
            // refused
            ("2026-12-01T09:00:00", None),
            ("2026-12-01", None),
            ("2026-12-01T09:00Z", None),
            ("2026-12-01T24:00:00Z", None),
            ("2026-12-01T09:60:00Z", None),
            ("2026-12-01T09:00:60Z", None),
            ("2026-13-01T09:00:00Z", None),
            ("2026-02-29T09:00:00Z", None),
            ("1900-02-29T09:00:00Z", None),
            ("2026-12-01T09:00:00+8:00", None),
            ("2026-12-01T09:00:00+0800", None),
            ("2026-12-01T09:00:00+24:00", None),
            ("2026-12-01T09:00:00.Z", None),
            ("2026-12-01T09:00:00ZZ", None),
            ("２０２６-12-01T09:00:00Z", None),
            ("", None),
        ],
    );
}

#[test]
fn formats_utc_and_china_time() {
    check(format_utc, &[
        (0, "1970-01-01T00:00:00Z".to_string()),
        (-1, "1969-12-31T23:59:59Z".to_string()),
        (QUICKNET_GENESIS, "2023-08-23T15:09:27Z".to_string()),
        (DEFAULT_GENESIS, "2020-07-22T15:17:30Z".to_string()),
        (1_796_086_800, "2026-12-01T01:00:00Z".to_string()),
        (951_868_799, "2000-02-29T23:59:59Z".to_string()),
    ]);
    check(format_china, &[
        (0, "1970-01-01T08:00:00+08:00".to_string()),
        (-28_801, "1969-12-31T23:59:59+08:00".to_string()),
        (QUICKNET_GENESIS, "2023-08-23T23:09:27+08:00".to_string()),
        (1_796_086_800, "2026-12-01T09:00:00+08:00".to_string()),
        // 16:00 UTC is already the next day in China
        (1_796_140_800, "2026-12-02T00:00:00+08:00".to_string()),
        (1_796_140_799, "2026-12-01T23:59:59+08:00".to_string()),
    ]);
}

#[test]
fn parses_and_formats_dates() {
    check(
        |s: &str| parse_date(s).ok(),
        &[
            ("1970-01-01", Some(0)),
            ("1969-12-31", Some(-1)),
            ("2000-02-29", Some(11_016)),
            ("2000-03-01", Some(11_017)),
            ("2026-01-01", Some(20_454)),
            ("2026-12-01", Some(20_788)),
            ("2024-02-29", Some(19_782)),
            ("2023-02-29", None),
            ("2100-02-29", None),
            ("2026-04-31", None),
            ("2026-00-10", None),
            ("2026-01-00", None),
            ("2026-1-01", None),
            ("2026/01/01", None),
            ("20260101", None),
        ],
    );
    check(format_date, &[(0, "1970-01-01".to_string()), (-1, "1969-12-31".to_string()), (20_788, "2026-12-01".to_string()), (11_016, "2000-02-29".to_string())]);
}

/// Walks day by day across four centuries on both sides of 1970: each day must follow
/// the previous one by the calendar's own rule (next day, or first of the next month).
#[test]
fn consecutive_days_follow_the_calendar() {
    let mut previous = civil_from_days(-146_097 - 1);
    for days in -146_097..=146_097 {
        let (y, m, d) = civil_from_days(days);
        let (py, pm, pd) = previous;
        let expected = if pd < days_in_month(py, pm) {
            (py, pm, pd + 1)
        } else if pm < 12 {
            (py, pm + 1, 1)
        } else {
            (py + 1, 1, 1)
        };
        assert_eq!((y, m, d), expected, "day {days}");
        assert_eq!(parse_date(&format_date(days)).ok(), if (0..=9999).contains(&y) { Some(days) } else { None });
        previous = (y, m, d);
    }
}

#[test]
fn extreme_times_format_without_overflow() {
    for unix in [i64::MIN, i64::MIN + 1, i64::MAX - 1, i64::MAX] {
        assert!(format_utc(unix).ends_with('Z'));
        assert!(format_china(unix).ends_with("+08:00"));
    }
    assert_eq!(QUICKNET.round_time(u64::MAX), i64::MAX);
    // ceil((2^63 − 1 − 1692803367) / 3) + 1
    assert_eq!(QUICKNET.round_at_or_after(i64::MAX), 3_074_457_345_053_990_815);
}
