//! Exposes a hash of the sources as `FILTR_SOURCE_HASH`: the prepared-corpus
//! cache is keyed by it, so a build whose analysis code changed never reads
//! what an older build cached, even under the same version number.

use std::hash::{Hash, Hasher};
use std::path::Path;

fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            visit(&p, files);
        } else {
            files.push(p);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    let mut files = Vec::new();
    visit(Path::new("src"), &mut files);
    files.sort();
    // SipHash with fixed keys: stable from build to build with one toolchain.
    // Another Rust release may hash differently; that costs one rebuild of the
    // prepared-corpus cache, never a wrong read (the key only has to change
    // when the sources do).
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in files {
        f.hash(&mut h);
        std::fs::read(&f).unwrap_or_default().hash(&mut h);
    }
    println!("cargo:rustc-env=FILTR_SOURCE_HASH={:016x}", h.finish());
}
