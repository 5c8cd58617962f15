#![no_main]

// The calls live in one file shared with tests/fuzz_smoke.rs.
#[path = "../src/calls.rs"]
mod calls;

libfuzzer_sys::fuzz_target!(|data: &[u8]| calls::corpus_stream(data));
