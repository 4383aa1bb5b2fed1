//! `fairdraw beacon …`: check a drand round or a NIST pulse, and convert between drand
//! rounds and times.
//!
//! Exit codes: 0 valid, 1 invalid (the reason is printed), 2 unreadable input or usage.
//! The flags and the help are in flags.rs.

use fairdraw::beacon::{
    chain_by_name, parse_drand_json, parse_nist_json, to_hex, unknown_chain, verify_drand, verify_nist, BeaconError,
    BeaconErrorKind, ChainInfo,
};
use fairdraw::time::{format_china, format_utc, parse_rfc3339};

use crate::flags::{usage_error, Args, Command, UsageError};
use crate::output::{errln, outln};
use crate::report_usage;

const VALID: u8 = 0;
const INVALID: u8 = 1;
const UNUSABLE: u8 = 2;

/// `fairdraw beacon verify`: a drand round, or with `--nist` a NIST pulse.
pub fn verify(a: &Args) -> u8 {
    let file = match a.operand(0) {
        Ok(f) => f.to_string(),
        Err(e) => return report_usage(Some(Command::BeaconVerify), &e),
    };
    if a.has("--nist") {
        if a.value("--chain").is_some() || a.value("--round").is_some() {
            let e = usage_error("--nist 不能与 --chain 或 --round 同用", "--nist cannot be combined with --chain or --round");
            return report_usage(Some(Command::BeaconVerify), &e);
        }
        return verify_nist_file(&file);
    }
    match chain_of(a) {
        Ok(chain) => verify_drand_file(chain, a.number("--round"), &file),
        Err(e) => report_usage(Some(Command::BeaconVerify), &e),
    }
}

/// `fairdraw beacon round --chain C --at TIME`.
pub fn round(a: &Args) -> u8 {
    let parsed = (|| -> Result<_, UsageError> {
        let chain = chain_of(a)?;
        let at = parse_rfc3339(a.required("--at")?).map_err(|p| usage_error(format!("--at：{}", p.text.zh), format!("--at: {}", p.text.en)))?;
        Ok((chain, at))
    })();
    match parsed {
        Ok((chain, at)) => print_round(chain, at),
        Err(e) => report_usage(Some(Command::BeaconRound), &e),
    }
}

/// `fairdraw beacon time --chain C ROUND` (or `--round ROUND`).
pub fn time(a: &Args) -> u8 {
    let parsed = (|| -> Result<_, UsageError> {
        let chain = chain_of(a)?;
        let round = match (a.number("--round"), a.operands.first()) {
            (Some(r), None) => r,
            (None, Some(text)) => round_number(text)?,
            _ => return Err(usage_error("需要且只需要一个轮次", "exactly one round is needed")),
        };
        in_bounds(chain, round)?;
        Ok((chain, round))
    })();
    match parsed {
        Ok((chain, round)) => print_time(chain, round),
        Err(e) => report_usage(Some(Command::BeaconTime), &e),
    }
}

/// Rounds fairdraw can name end in the year 9999 (SPEC §3.5).
fn in_bounds(chain: &ChainInfo, round: u64) -> Result<(), UsageError> {
    chain.check_round_bounds(round).map_err(|t| usage_error(t.zh, t.en))
}

fn chain_of(a: &Args) -> Result<&'static ChainInfo, UsageError> {
    let name = a.value("--chain").ok_or_else(|| usage_error("需要 --chain quicknet 或 --chain default", "--chain quicknet or --chain default is required"))?;
    chain_by_name(name).ok_or_else(|| {
        let e = unknown_chain(name);
        usage_error(format!("--chain：{}", e.zh()), format!("--chain: {}", e.en()))
    })
}

fn round_number(text: &str) -> Result<u64, UsageError> {
    match text.trim().parse::<u64>() {
        Ok(r) if r >= 1 => Ok(r),
        _ => Err(usage_error(
            format!("轮次“{text}”不对：应为从 1 开始的整数"),
            format!("the round “{text}” is not valid: it must be a whole number from 1 up"),
        )),
    }
}

fn read(file: &str) -> Result<String, u8> {
    let bytes = std::fs::read(file).map_err(|e| {
        errln!("无法读取文件 {file}：{e}\n  cannot read the file {file}: {e}");
        UNUSABLE
    })?;
    String::from_utf8(bytes).map_err(|_| {
        errln!("文件 {file} 不是 UTF-8 文本\n  the file {file} is not UTF-8 text");
        UNUSABLE
    })
}

fn refuse(e: &BeaconError) -> u8 {
    if e.kind() == BeaconErrorKind::Unreadable {
        errln!("无法读取 / unreadable:\n  {}\n  {}", e.zh(), e.en());
        UNUSABLE
    } else {
        errln!("无效 / INVALID:\n  {}\n  {}", e.zh(), e.en());
        INVALID
    }
}

fn when(unix: i64) -> String {
    format!("{} = {}", format_china(unix), format_utc(unix))
}

fn verify_drand_file(chain: &'static ChainInfo, round: Option<u64>, file: &str) -> u8 {
    let text = match read(file) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let parsed = match parse_drand_json(&text) {
        Ok(r) => r,
        Err(e) => return refuse(&e),
    };
    match verify_drand(chain, round.unwrap_or(parsed.round), &parsed) {
        Ok(v) => {
            outln!("有效 / VALID: drand {} 第 {} 轮 / round {}", chain.name, v.round, v.round);
            outln!("  链哈希 / chain hash:  {}", chain.chain_hash_hex());
            outln!("  产生时间 / emitted:   {}", when(chain.round_time(v.round)));
            outln!("  随机数 / randomness:  {}", to_hex(&v.randomness));
            if parsed.randomness.is_none() {
                outln!("  （文件未含 randomness，已由签名算出 / the file has no randomness; derived from the signature）");
            }
            VALID
        }
        Err(e) => refuse(&e),
    }
}

fn verify_nist_file(file: &str) -> u8 {
    let text = match read(file) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let pulse = match parse_nist_json(&text) {
        Ok(p) => p,
        Err(e) => return refuse(&e),
    };
    match verify_nist(&pulse) {
        Ok(v) => {
            outln!("有效 / VALID: NIST 第 {} 链第 {} 号脉冲 / chain {} pulse {}", v.chain_index, v.pulse_index, v.chain_index, v.pulse_index);
            outln!("  时间 / time stamp:     {}", v.time_stamp);
            outln!("  输出值 / outputValue:  {}", to_hex(&v.output_value));
            outln!("  证书主体 / subject:    {}", v.certificate_subject);
            outln!("  签发者 / issuer:       {}", v.certificate_issuer);
            outln!("  有效期 / validity:     {} – {}", v.certificate_not_before, v.certificate_not_after);
            VALID
        }
        Err(e) => refuse(&e),
    }
}

fn print_round(chain: &'static ChainInfo, at: i64) -> u8 {
    let round = chain.round_at_or_after(at);
    outln!("{} 链在 {} 或之后的第一轮 / first {} round at or after that time:", chain.name, when(at), chain.name);
    outln!("  第 {round} 轮 / round {round}");
    outln!("  产生时间 / emitted: {}", when(chain.round_time(round)));
    outln!("  链哈希 / chain hash: {}", chain.chain_hash_hex());
    VALID
}

fn print_time(chain: &'static ChainInfo, round: u64) -> u8 {
    let at = chain.round_time(round);
    outln!("{} 第 {round} 轮 / round {round} of {}:", chain.name, chain.name);
    outln!("  产生时间 / emitted: {}", when(at));
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).ok();
    match now.map(|now| chain.check_emitted(round, now)) {
        Some(Ok(())) => outln!("  已产生 / already emitted"),
        Some(Err(_)) => outln!("  尚未产生 / not yet emitted"),
        None => {}
    }
    VALID
}
