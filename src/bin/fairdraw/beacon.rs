//! `fairdraw beacon …`

pub fn run(_args: &[String]) -> u8 {
    eprintln!("fairdraw beacon: 尚未实现 / not implemented yet");
    2
}
