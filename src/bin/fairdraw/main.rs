//! `fairdraw`: the native command line over the core library.
//!
//! Exit codes: 0 success, 1 a verification failed, 2 bad input or usage; each
//! command's `--help` says what they mean for it (flags.rs).

mod output;

mod beacon;
mod demo;
mod engine;
mod flags;
mod publish;

use std::process::ExitCode;

use flags::{Command, Parsed, UsageError};
use output::errln;

const USAGE_CODE: u8 = 2;

fn main() -> ExitCode {
    let code = match arguments() {
        Ok(args) => run(&args),
        Err(e) => report_usage(None, &e),
    };
    // Output the caller asked for and did not get is not a success.
    let code = if code == 0 && output::failed() { USAGE_CODE } else { code };
    ExitCode::from(code)
}

/// The arguments as text; a file name that is not valid Unicode is refused, not mangled.
fn arguments() -> Result<Vec<String>, UsageError> {
    std::env::args_os()
        .skip(1)
        .map(|a| {
            a.into_string().map_err(|a| {
                flags::usage_error(
                    format!("参数“{}”不是有效的 Unicode 文本", a.to_string_lossy()),
                    format!("the argument “{}” is not valid Unicode", a.to_string_lossy()),
                )
            })
        })
        .collect()
}

fn run(args: &[String]) -> u8 {
    match args.first().map(String::as_str) {
        None => {
            output::stderr(format_args!("{}", flags::short_usage()));
            return USAGE_CODE;
        }
        Some("-h" | "--help") => {
            output::stdout(format_args!("{}", flags::full_help()));
            return 0;
        }
        Some("help") => return help_on(&args[1..]),
        _ => {}
    }
    let Some((command, rest)) = flags::find_command(args) else {
        return unknown_command(args);
    };
    match flags::parse(command, rest) {
        Ok(Parsed::Help) => {
            output::stdout(format_args!("{}", flags::command_help(command)));
            0
        }
        Ok(Parsed::Args(a)) => match command {
            Command::Demo => demo::run(&a),
            Command::Commit => engine::commit(&a),
            Command::Draw => engine::draw(&a),
            Command::Verify => engine::verify(&a),
            Command::Seal => engine::seal(&a),
            Command::Open => engine::open(&a),
            Command::Public => engine::public(&a),
            Command::Codes => engine::codes(&a),
            Command::Export => engine::export(&a),
            Command::Lookup => engine::lookup(&a),
            Command::Publish => publish::run(&a),
            Command::WitnessRequest => engine::witness_request(&a),
            Command::WitnessAdd => engine::witness_add(&a),
            Command::ImportEnterprises => engine::import(&a, fairdraw::import::FileKind::Enterprises, Command::ImportEnterprises),
            Command::ImportInspectors => engine::import(&a, fairdraw::import::FileKind::Inspectors, Command::ImportInspectors),
            Command::ImportChecklist => engine::import(&a, fairdraw::import::FileKind::Checklist, Command::ImportChecklist),
            Command::ImportHistory => engine::import(&a, fairdraw::import::FileKind::History, Command::ImportHistory),
            Command::BeaconVerify => beacon::verify(&a),
            Command::BeaconRound => beacon::round(&a),
            Command::BeaconTime => beacon::time(&a),
        },
        Err(e) => report_usage(Some(command), &e),
    }
}

/// `fairdraw help [COMMAND]`.
fn help_on(words: &[String]) -> u8 {
    if words.is_empty() {
        output::stdout(format_args!("{}", flags::full_help()));
        return 0;
    }
    match flags::find_command(words) {
        Some((command, _)) => output::stdout(format_args!("{}", flags::command_help(command))),
        None if words[0] == "beacon" => output::stdout(format_args!("{}", flags::group_help("beacon"))),
        None => return unknown_command(words),
    }
    0
}

/// Neither a command nor a group: `fairdraw frobnicate`, or `fairdraw beacon` alone.
fn unknown_command(args: &[String]) -> u8 {
    if args[0] == "beacon" {
        let wants_help = args.get(1).is_some_and(|a| a == "-h" || a == "--help");
        if wants_help {
            output::stdout(format_args!("{}", flags::group_help("beacon")));
            return 0;
        }
        let (zh, en) = match args.get(1) {
            None => ("缺少子命令（verify、round 或 time）".to_string(), "a subcommand is missing (verify, round or time)".to_string()),
            Some(s) => (format!("不认识的子命令 beacon {s}"), format!("unknown subcommand beacon {s}")),
        };
        errln!("fairdraw beacon: {zh}\n  {en}\n");
        output::stderr(format_args!("{}", flags::group_help("beacon")));
        return USAGE_CODE;
    }
    errln!("fairdraw: 不认识的命令“{0}”\n  unknown command “{0}”\n", args[0]);
    output::stderr(format_args!("{}", flags::short_usage()));
    USAGE_CODE
}

/// A usage mistake: the message, then how the command is called.
pub fn report_usage(command: Option<Command>, e: &UsageError) -> u8 {
    match command {
        Some(c) => {
            let name = flags::info(c).name;
            errln!("fairdraw {name}: {}\n  {}\n", e.zh, e.en);
            errln!("用法 / usage: {}", flags::synopsis(c));
            errln!("fairdraw {name} --help 查看全部选项 / lists every option");
        }
        None => errln!("fairdraw: {}\n  {}", e.zh, e.en),
    }
    USAGE_CODE
}
