//! The layering of ARCHITECTURE.md, checked on the workspace as Cargo sees it: a crate may
//! depend only on crates of lower layers, the HTTP layer reaches storage only through the
//! application, and the domain depends on nothing beyond its allow-list.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::process::Command;

/// Layer of each workspace crate (a crate may depend on crates of strictly lower layers).
fn layer(name: &str) -> Option<u8> {
    Some(match name {
        "motcua-domain" => 0,
        // Adapters beside the application.
        "motcua-storage" | "motcua-search" | "motcua-forms" | "motcua-signing" | "motcua-notify" | "motcua-vnpay"
        | "motcua-edxml" => 1,
        "motcua-app" => 2,
        "motcua-web" => 3,
        "motcua" => 4,
        "motcua-bench" => 5,
        _ => return None,
    })
}

/// What the domain may depend on (pure rules: no I/O, no framework).
const DOMAIN_ALLOWED: [&str; 5] = ["serde", "serde_json", "thiserror", "time", "unicode-normalization"];

/// Crates the HTTP layer must not use directly (it goes through `motcua-app`).
const WEB_FORBIDDEN: [&str; 4] = ["motcua-storage", "motcua-search", "motcua-forms", "sqlx"];

/// Normal (not dev, not build) dependencies of every workspace member, by name.
fn workspace() -> BTreeMap<String, Vec<String>> {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["kind"].is_null())
                .map(|d| d["name"].as_str().unwrap().to_owned())
                .collect();
            (p["name"].as_str().unwrap().to_owned(), deps)
        })
        .collect()
}

#[test]
fn crates_depend_only_on_lower_layers() {
    let crates = workspace();
    assert!(crates.len() >= 7, "the workspace is read: {crates:?}");
    for (name, deps) in &crates {
        let Some(own) = layer(name) else {
            panic!("{name} has no layer: add it to this test and to ARCHITECTURE.md");
        };
        for dep in deps {
            if let Some(theirs) = layer(dep) {
                assert!(theirs < own, "{name} (layer {own}) depends on {dep} (layer {theirs})");
            }
        }
    }
}

#[test]
fn the_domain_depends_only_on_its_allow_list() {
    let crates = workspace();
    let domain = &crates["motcua-domain"];
    for dep in domain {
        assert!(DOMAIN_ALLOWED.contains(&dep.as_str()), "motcua-domain depends on {dep}");
    }
}

#[test]
fn the_web_layer_reaches_storage_only_through_the_application() {
    let crates = workspace();
    let web = &crates["motcua-web"];
    assert!(web.iter().any(|d| d == "motcua-app"));
    for dep in web {
        assert!(!WEB_FORBIDDEN.contains(&dep.as_str()), "motcua-web depends on {dep}");
    }
}

#[test]
fn the_rules_themselves_catch_a_wrong_edge() {
    // A domain depending on storage, or storage on the application, is refused by `layer`.
    assert!(layer("motcua-storage").unwrap() >= layer("motcua-domain").unwrap());
    assert!(layer("motcua-app").unwrap() > layer("motcua-storage").unwrap());
    assert!(layer("motcua-web").unwrap() > layer("motcua-app").unwrap());
    assert!(
        layer("something-new").is_none(),
        "an unknown crate must be placed deliberately"
    );
}
