//! `fairdraw beacon …`: check a drand round or a NIST pulse, and convert between drand
//! rounds and times.
//!
//! Exit codes: 0 valid, 1 invalid (the reason is printed), 2 unreadable input or usage.

use fairdraw::beacon::{
    chain_by_name, parse_drand_json, parse_nist_json, to_hex, unknown_chain, verify_drand, verify_nist, BeaconError,
    BeaconErrorKind, ChainInfo,
};
use fairdraw::time::{format_china, format_utc, parse_rfc3339};

const USAGE: &str = "\
用法 / usage:
  fairdraw beacon verify --chain quicknet|default [--round N] FILE
      检查 drand 随机信标 JSON（v1 或 v2）/ check a drand round JSON (v1 or v2)
  fairdraw beacon verify --nist FILE
      检查 NIST 随机信标 2.0 脉冲 JSON / check a NIST Beacon 2.0 pulse JSON
  fairdraw beacon round --chain quicknet|default --at 2026-12-01T09:00:00+08:00
      该时刻或之后的第一轮 / the first round at or after that time
  fairdraw beacon time --chain quicknet|default ROUND
      某一轮的产生时间 / when a round is emitted

退出码 / exit codes: 0 有效 / valid, 1 无效 / invalid, 2 无法读取或用法错误 / unreadable or usage
";

const VALID: u8 = 0;
const INVALID: u8 = 1;
const UNUSABLE: u8 = 2;

pub fn run(args: &[String]) -> u8 {
    match parse(args) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            VALID
        }
        Ok(command) => execute(command),
        Err((zh, en)) => {
            eprintln!("fairdraw beacon: {zh}\n  {en}\n");
            eprint!("{USAGE}");
            UNUSABLE
        }
    }
}

enum Command {
    Help,
    VerifyDrand { chain: &'static ChainInfo, round: Option<u64>, file: String },
    VerifyNist { file: String },
    Round { chain: &'static ChainInfo, at: i64 },
    Time { chain: &'static ChainInfo, round: u64 },
}

type UsageError = (String, String);

fn usage(zh: impl Into<String>, en: impl Into<String>) -> UsageError {
    (zh.into(), en.into())
}

/// Options may come in any order; `--name value` and `--name=value` are both accepted.
struct Options {
    chain: Option<String>,
    nist: bool,
    at: Option<String>,
    round: Option<String>,
    positional: Vec<String>,
}

fn parse_options(args: &[String]) -> Result<Options, UsageError> {
    let mut o = Options { chain: None, nist: false, at: None, round: None, positional: Vec::new() };
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || -> Result<String, UsageError> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            i += 1;
            args.get(i).cloned().ok_or_else(|| usage(format!("{name} 后面缺少取值"), format!("{name} needs a value")))
        };
        match name {
            "--chain" => o.chain = Some(value()?),
            "--at" => o.at = Some(value()?),
            "--round" => o.round = Some(value()?),
            "--nist" => o.nist = true,
            other if other.starts_with("--") => {
                return Err(usage(format!("不认识的选项 {other}"), format!("unknown option {other}")));
            }
            _ => o.positional.push(arg.clone()),
        }
        i += 1;
    }
    Ok(o)
}

fn chain_of(o: &Options) -> Result<&'static ChainInfo, UsageError> {
    let name = o.chain.as_deref().ok_or_else(|| usage("需要 --chain quicknet 或 --chain default", "--chain quicknet or --chain default is required"))?;
    chain_by_name(name).ok_or_else(|| {
        let e = unknown_chain(name);
        (e.zh(), e.en())
    })
}

fn round_number(text: &str) -> Result<u64, UsageError> {
    match text.trim().parse::<u64>() {
        Ok(r) if r >= 1 => Ok(r),
        _ => Err(usage(
            format!("轮次“{text}”不对：应为从 1 开始的整数"),
            format!("the round “{text}” is not valid: it must be a whole number from 1 up"),
        )),
    }
}

fn one_file(o: &Options) -> Result<String, UsageError> {
    match o.positional.as_slice() {
        [file] => Ok(file.clone()),
        [] => Err(usage("缺少要检查的文件", "the file to check is missing")),
        _ => Err(usage("只能检查一个文件", "only one file can be checked at a time")),
    }
}

fn parse(args: &[String]) -> Result<Command, UsageError> {
    let Some(sub) = args.first() else {
        return Err(usage("缺少子命令", "a subcommand is missing"));
    };
    if matches!(sub.as_str(), "-h" | "--help" | "help") || args.iter().any(|a| a == "-h" || a == "--help") {
        return Ok(Command::Help);
    }
    let o = parse_options(&args[1..])?;
    match sub.as_str() {
        "verify" if o.nist => {
            if o.chain.is_some() || o.round.is_some() {
                return Err(usage("--nist 不能与 --chain 或 --round 同用", "--nist cannot be combined with --chain or --round"));
            }
            Ok(Command::VerifyNist { file: one_file(&o)? })
        }
        "verify" => {
            let chain = chain_of(&o)?;
            let round = o.round.as_deref().map(round_number).transpose()?;
            Ok(Command::VerifyDrand { chain, round, file: one_file(&o)? })
        }
        "round" => {
            let chain = chain_of(&o)?;
            let at = o.at.as_deref().ok_or_else(|| usage("需要 --at 时间，例如 --at 2026-12-01T09:00:00+08:00", "--at TIME is required, e.g. --at 2026-12-01T09:00:00+08:00"))?;
            let at = parse_rfc3339(at).map_err(|p| (p.text.zh, p.text.en))?;
            Ok(Command::Round { chain, at })
        }
        "time" => {
            let chain = chain_of(&o)?;
            let text = match (o.round.as_deref(), o.positional.as_slice()) {
                (Some(r), []) => r.to_string(),
                (None, [r]) => r.clone(),
                _ => return Err(usage("需要且只需要一个轮次", "exactly one round is needed")),
            };
            Ok(Command::Time { chain, round: round_number(&text)? })
        }
        other => Err(usage(format!("不认识的子命令 {other}"), format!("unknown subcommand {other}"))),
    }
}

fn read(file: &str) -> Result<String, u8> {
    let bytes = std::fs::read(file).map_err(|e| {
        eprintln!("无法读取文件 {file}：{e}\n  cannot read the file {file}: {e}");
        UNUSABLE
    })?;
    String::from_utf8(bytes).map_err(|_| {
        eprintln!("文件 {file} 不是 UTF-8 文本\n  the file {file} is not UTF-8 text");
        UNUSABLE
    })
}

fn refuse(e: &BeaconError) -> u8 {
    if e.kind() == BeaconErrorKind::Unreadable {
        eprintln!("无法读取 / unreadable:\n  {}\n  {}", e.zh(), e.en());
        UNUSABLE
    } else {
        eprintln!("无效 / INVALID:\n  {}\n  {}", e.zh(), e.en());
        INVALID
    }
}

fn when(unix: i64) -> String {
    format!("{} = {}", format_china(unix), format_utc(unix))
}

fn execute(command: Command) -> u8 {
    match command {
        Command::Help => VALID,
        Command::VerifyDrand { chain, round, file } => {
            let text = match read(&file) {
                Ok(t) => t,
                Err(code) => return code,
            };
            let parsed = match parse_drand_json(&text) {
                Ok(r) => r,
                Err(e) => return refuse(&e),
            };
            match verify_drand(chain, round.unwrap_or(parsed.round), &parsed) {
                Ok(v) => {
                    println!("有效 / VALID: drand {} 第 {} 轮 / round {}", chain.name, v.round, v.round);
                    println!("  链哈希 / chain hash:  {}", chain.chain_hash_hex());
                    println!("  产生时间 / emitted:   {}", when(chain.round_time(v.round)));
                    println!("  随机数 / randomness:  {}", to_hex(&v.randomness));
                    if parsed.randomness.is_none() {
                        println!("  （文件未含 randomness，已由签名算出 / the file has no randomness; derived from the signature）");
                    }
                    VALID
                }
                Err(e) => refuse(&e),
            }
        }
        Command::VerifyNist { file } => {
            let text = match read(&file) {
                Ok(t) => t,
                Err(code) => return code,
            };
            let pulse = match parse_nist_json(&text) {
                Ok(p) => p,
                Err(e) => return refuse(&e),
            };
            match verify_nist(&pulse) {
                Ok(v) => {
                    println!("有效 / VALID: NIST 第 {} 链第 {} 号脉冲 / chain {} pulse {}", v.chain_index, v.pulse_index, v.chain_index, v.pulse_index);
                    println!("  时间 / time stamp:     {}", v.time_stamp);
                    println!("  输出值 / outputValue:  {}", to_hex(&v.output_value));
                    println!("  证书主体 / subject:    {}", v.certificate_subject);
                    println!("  签发者 / issuer:       {}", v.certificate_issuer);
                    println!("  有效期 / validity:     {} – {}", v.certificate_not_before, v.certificate_not_after);
                    VALID
                }
                Err(e) => refuse(&e),
            }
        }
        Command::Round { chain, at } => {
            let round = chain.round_at_or_after(at);
            println!("{} 链在 {} 或之后的第一轮 / first {} round at or after that time:", chain.name, when(at), chain.name);
            println!("  第 {round} 轮 / round {round}");
            println!("  产生时间 / emitted: {}", when(chain.round_time(round)));
            println!("  链哈希 / chain hash: {}", chain.chain_hash_hex());
            VALID
        }
        Command::Time { chain, round } => {
            let at = chain.round_time(round);
            println!("{} 第 {round} 轮 / round {round} of {}:", chain.name, chain.name);
            println!("  产生时间 / emitted: {}", when(at));
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).ok();
            match now.map(|now| chain.check_emitted(round, now)) {
                Some(Ok(())) => println!("  已产生 / already emitted"),
                Some(Err(_)) => println!("  尚未产生 / not yet emitted"),
                None => {}
            }
            VALID
        }
    }
}
