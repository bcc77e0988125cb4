//! Rebuilds the crate when a Fluent file is added or changed, because `static_loader!` embeds
//! the catalogs at compile time without telling Cargo which files it read.

fn main() {
    println!("cargo:rerun-if-changed=locales");
}
