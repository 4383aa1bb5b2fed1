//! `fairdraw`: the native command line over the core library.
//!
//! Exit codes: 0 success, 1 a verification failed, 2 bad input or usage.

mod beacon;
mod demo;
mod engine;
mod publish;

use std::process::ExitCode;

const USAGE: &str = "\
fairdraw — 双随机、一公开 抽查的承诺、抽取与验证 / committed, verifiable inspection draws

用法 / usage:
  fairdraw demo --out DIR [--enterprises N] [--inspectors M]
  fairdraw commit --plan PLAN --enterprises E.csv|E.xlsx --inspectors I.csv|I.xlsx [--items C.csv|C.xlsx]
                  [--history H.csv|H.xlsx] [--sheet NAME]
                  --beacon quicknet:ROUND [--nist-pulse-at TIME [--nist-chain N]] [--rehearsal] --out DIR
  fairdraw draw DIR --beacon-file ROUND.json [--nist-file PULSE.json] --out BUNDLE.json
  fairdraw verify BUNDLE.json|SEALED.json [--json]
  fairdraw seal BUNDLE.json --out SEALED.json
  fairdraw export BUNDLE.json --out DIR
  fairdraw lookup BUNDLE.json --id 统一社会信用代码
  fairdraw publish DIR [--base-url URL]
  fairdraw beacon verify --chain quicknet|default FILE
  fairdraw beacon verify --nist FILE
  fairdraw beacon round --chain quicknet --at 2026-12-01T09:00:00+08:00
  fairdraw beacon time --chain quicknet ROUND

NIST 随机信标为可选的第二随机源 / the NIST beacon is an optional second source:
  commit --nist-pulse-at TIME 另承诺 TIME 起第一个整分的 NIST 脉冲（默认第 2 链）；draw 须以 --nist-file 提供该脉冲；
  verify 检查验证文件所带脉冲的签名（仅接受固定信任的 NIST 证书，见 fairdraw beacon verify --nist）
  / commit --nist-pulse-at TIME also commits to the NIST pulse of the first whole minute at or after TIME (chain 2
  unless --nist-chain N); draw then needs that pulse as --nist-file; verify checks the pulse the bundle carries
  (only pulses signed under a pinned NIST certificate are accepted; check one with fairdraw beacon verify --nist)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("beacon") => beacon::run(&args[1..]),
        Some("demo") => demo::run(&args[1..]),
        Some("commit") => engine::commit(&args[1..]),
        Some("draw") => engine::draw(&args[1..]),
        Some("verify") => engine::verify(&args[1..]),
        Some("lookup") => engine::lookup(&args[1..]),
        Some("seal") => engine::seal(&args[1..]),
        Some("export") => engine::export(&args[1..]),
        Some("publish") => publish::run(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            print!("{USAGE}");
            0
        }
        _ => {
            eprint!("{USAGE}");
            2
        }
    };
    ExitCode::from(code)
}
