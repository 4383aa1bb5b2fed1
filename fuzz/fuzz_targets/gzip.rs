#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fairdraw_fuzz::gzip(data));
