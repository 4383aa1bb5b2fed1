//! The fairdraw build system. Needs nothing but cargo to start; everything else
//! (wasm target, wasm-bindgen, wasm-opt, browser) it installs or names.

mod bench;
mod bench_browser;
mod bench_cli;
mod bench_phone;
mod dist;
mod fuzz;
mod serve;
mod test;
mod tools;
mod util;

const USAGE: &str = "\
usage: cargo xtask <command>

  serve [--port N] [--no-build]  build the site (release) and serve it at http://127.0.0.1:8080/
  test [native|fuzz|wasm|e2e]…   install what the tests need, run every test layer, print a summary
  dist [--out DIR]               build the deployable folder (default: dist/)
  bench [wasm|native|size|cli|phone|browser]…
                                 print performance figures
  fuzz [--seconds N] [--keep-going] [TARGET]…
                                 build the fuzz targets (nightly) and run each for N seconds (default 60)";

fn main() {
    // A panic here is a bug in the xtask; say so plainly instead of a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error in cargo xtask: {info}");
    }));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or(&[]);
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::cmd(rest),
        Some("test") => test::cmd(rest),
        Some("dist") => dist::cmd(rest),
        Some("bench") => bench::cmd(rest),
        Some("fuzz") => fuzz::cmd(rest),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        None => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
        Some(other) => Err(util::Error(format!("unknown command `{other}`\n\n{USAGE}"))),
    };
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
