//! A link option for the release binary on x86_64 Linux, for its size (the numbers are in
//! Cargo.toml, above `[profile.release]`). Only `zhibu` itself in a release build is linked this
//! way: tests, benches, debug builds and the crates' own build scripts and proc macros are linked
//! as usual. (`-no-pie` would take 0.16 MB more off, but the program would then always load at
//! the same address; that hardening is kept.)
//!
//! - `--icf=all`: the linker keeps one copy of functions whose machine code is identical (Rust
//!   does not promise distinct addresses for distinct functions, and zhibu compares none). Only
//!   with LLD, which rustc uses on x86_64 Linux since 1.90 unless another linker is set.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    let var = |k: &str| env::var(k).unwrap_or_default();
    let own_linker = !var("RUSTC_LINKER").is_empty() || var("CARGO_ENCODED_RUSTFLAGS").contains("linker");
    if var("PROFILE") == "release"
        && var("TARGET") == "x86_64-unknown-linux-gnu"
        && !own_linker
        && rustc_minor() >= Some(90)
    {
        println!("cargo::rustc-link-arg-bins=-Wl,--icf=all");
    }
}

/// The minor version of the compiler building zhibu: 95 for `rustc 1.95.0 (...)`.
fn rustc_minor() -> Option<u32> {
    let out = Command::new(env::var_os("RUSTC")?).arg("-V").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.split_whitespace().nth(1)?.split('.').nth(1)?.parse().ok()
}
