//! Every integration test, in one binary (the suite links once): a module per
//! area, named for what it tests. Tests run the real `filtr` binary
//! (`assert_cmd`) on real files, and embed with the real model.

mod acting;
mod architecture;
mod bad_inputs;
mod cli;
mod common;
mod crash_safety;
mod embedding;
mod formats;
mod fuzz_smoke;
mod limits;
mod options;
mod outputs;
mod parsers;
mod real_slice;
mod seed_posting;
mod self_contained;
mod untrusted_files;
