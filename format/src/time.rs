//! Civil time without a clock: the conversions a draw needs between unix seconds,
//! RFC 3339 timestamps and calendar dates, in UTC and in China time (+08:00).
//!
//! Written out by hand (proleptic Gregorian calendar, no leap seconds, as unix time
//! itself) so that the core needs no time zone database and gives the same answer
//! natively and in the browser.

use crate::problem::Problem;

/// China Standard Time has had no daylight saving since 1991, so a fixed offset is exact
/// for every date a draw can concern.
pub const CHINA_OFFSET_SECONDS: i64 = 8 * 3600;

const SECONDS_PER_DAY: i64 = 86_400;

/// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar
/// (H. Hinnant's algorithm: eras of 400 years starting on 1 March, so that the leap day
/// falls at the end of each computed year).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = month as i64;
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month 1–12, day 1–31).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

pub fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn bad_time(s: &str) -> Problem {
    Problem::new(
        format!("时间“{s}”的格式不对，应写成 2026-12-01T09:00:00+08:00（北京时间）或 2026-12-01T01:00:00Z（协调世界时）"),
        format!("the time “{s}” is not written as 2026-12-01T09:00:00+08:00 (China time) or 2026-12-01T01:00:00Z (UTC)"),
    )
}

fn bad_date(s: &str) -> Problem {
    Problem::new(
        format!("日期“{s}”的格式不对，应写成 2026-12-01（年-月-日）"),
        format!("the date “{s}” is not written as 2026-12-01 (year-month-day)"),
    )
}

fn no_such_day(s: &str) -> Problem {
    Problem::new(format!("日期“{s}”在日历上不存在"), format!("the date “{s}” does not exist in the calendar"))
}

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0u32, |acc, b| acc * 10 + (b - b'0') as u32))
}

/// Parses exactly "YYYY-MM-DD" into (year, month, day), checking the calendar.
/// `badly_written` builds the message for a malformed text, so that a date inside a
/// timestamp is reported as a bad timestamp.
fn parse_ymd(s: &str, whole: &str, badly_written: fn(&str) -> Problem) -> Result<(i64, u32, u32), Problem> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(badly_written(whole));
    }
    let (year, month, day) = match (digits(&b[0..4]), digits(&b[5..7]), digits(&b[8..10])) {
        (Some(y), Some(m), Some(d)) => (y as i64, m, d),
        _ => return Err(badly_written(whole)),
    };
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(no_such_day(whole));
    }
    Ok((year, month, day))
}

/// "YYYY-MM-DD" → days since 1970-01-01.
pub fn parse_date(s: &str) -> Result<i64, Problem> {
    let s = s.trim();
    let (y, m, d) = parse_ymd(s, s, bad_date)?;
    Ok(days_from_civil(y, m, d))
}

/// Days since 1970-01-01 → "YYYY-MM-DD".
pub fn format_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// RFC 3339 → unix seconds. Accepts `Z` and `±HH:MM` offsets and a fractional second,
/// which is dropped: a draw is scheduled to the second, and dropping rounds towards the
/// past on the civil clock, which is what a person reading the time expects.
/// A leap second (`:60`) is refused because unix time cannot name it.
pub fn parse_rfc3339(s: &str) -> Result<i64, Problem> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 20 || !b.is_ascii() {
        return Err(bad_time(s));
    }
    let (year, month, day) = parse_ymd(&s[0..10], s, bad_time)?;
    if !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return Err(bad_time(s));
    }
    let (hour, minute, second) = match (digits(&b[11..13]), digits(&b[14..16]), digits(&b[17..19])) {
        (Some(h), Some(m), Some(sec)) => (h, m, sec),
        _ => return Err(bad_time(s)),
    };
    if hour > 23 || minute > 59 || second > 59 {
        return Err(Problem::new(
            format!("时间“{s}”中的时、分或秒超出范围（时 0–23，分和秒 0–59）"),
            format!("in the time “{s}” the hour, minute or second is out of range (hours 0–23, minutes and seconds 0–59)"),
        ));
    }
    let mut rest = &b[19..];
    if rest.first() == Some(&b'.') {
        let fraction_len = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if fraction_len == 0 {
            return Err(bad_time(s));
        }
        rest = &rest[1 + fraction_len..];
    }
    let offset = match rest {
        [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (oh, om) = match (digits(&[*h1, *h2]), digits(&[*m1, *m2])) {
                (Some(oh), Some(om)) if oh <= 23 && om <= 59 => (oh as i64, om as i64),
                _ => return Err(bad_time(s)),
            };
            let magnitude = oh * 3600 + om * 60;
            if *sign == b'-' { -magnitude } else { magnitude }
        }
        _ => return Err(bad_time(s)),
    };
    let local = days_from_civil(year, month, day) * SECONDS_PER_DAY + (hour * 3600 + minute * 60 + second) as i64;
    Ok(local - offset)
}

fn format_with_offset(unix: i64, offset: i64, suffix: &str) -> String {
    // Widened so that the extreme times a saturated round maps to still print.
    let local = unix as i128 + offset as i128;
    let days = local.div_euclid(SECONDS_PER_DAY as i128) as i64;
    let second_of_day = local.rem_euclid(SECONDS_PER_DAY as i128) as i64;
    let (y, mo, d) = civil_from_days(days);
    let (h, mi, s) = (second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{suffix}")
}

/// 9999-12-31T23:59:59Z: the last instant a TIME can name (SPEC §1).
pub const LAST_TIME: i64 = 253_402_300_799;

/// A TIME of SPEC §1: exactly `YYYY-MM-DDTHH:MM:SSZ`, a real instant from 1970 to
/// 9999; its Unix seconds.
pub fn parse_time(s: &str) -> Option<i64> {
    let t = parse_rfc3339(s).ok()?;
    ((0..=LAST_TIME).contains(&t) && format_utc(t) == s).then_some(t)
}

/// A date of SPEC §1: exactly `YYYY-MM-DD`, a real calendar day.
pub fn is_date(s: &str) -> bool {
    parse_date(s).is_ok_and(|days| format_date(days) == s)
}

/// Unix seconds → "2026-12-01T01:00:00Z".
pub fn format_utc(unix: i64) -> String {
    format_with_offset(unix, 0, "Z")
}

/// Unix seconds → "2026-12-01T09:00:00+08:00".
pub fn format_china(unix: i64) -> String {
    format_with_offset(unix, CHINA_OFFSET_SECONDS, "+08:00")
}
