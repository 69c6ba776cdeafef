//! Build script: the Windows exe's icon and version resource (`winresource`, only
//! when the target is Windows), and the list of the crates built into medfund with
//! their licences, read from `Cargo.lock` and each crate's own manifest, for 关于.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::path::{Path, PathBuf};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn main() -> Result<()> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rerun-if-changed=Cargo.toml");
    println!("cargo:rerun-if-changed=assets/icon/medfund.ico");
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    write_crate_list(&manifest_dir, &out_dir.join("crates.rs"))?;
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        windows_resource()?;
    }
    Ok(())
}

/// The exe's icon and its properties (产品名称, version, description).
fn windows_resource() -> Result<()> {
    let mut res = winresource::WindowsResource::new();
    res.set_icon("assets/icon/medfund.ico")
        .set("ProductName", "医保专项资金绩效台账")
        .set(
            "FileDescription",
            "医保专项资金绩效台账：受益对象、报账审核、划拨、年终清算与绩效自评",
        )
        .set("OriginalFilename", "medfund.exe")
        .set("InternalName", "medfund")
        .set("LegalCopyright", "MIT 许可证");
    res.compile_for("medfund")?;
    Ok(())
}

/// One `[[package]]` of `Cargo.lock`.
struct Locked {
    name: String,
    version: String,
    /// Whether it comes from a registry (else it is medfund itself or a path/git crate).
    registry: bool,
    dependencies: Vec<String>,
}

/// Read the `[[package]]` entries of a `Cargo.lock` (the format cargo writes).
fn read_lock(text: &str) -> Vec<Locked> {
    let mut packages: Vec<Locked> = Vec::new();
    let mut in_deps = false;
    for line in text.lines() {
        let line = line.trim();
        if line == "[[package]]" {
            packages.push(Locked {
                name: String::new(),
                version: String::new(),
                registry: false,
                dependencies: Vec::new(),
            });
            in_deps = false;
            continue;
        }
        let Some(package) = packages.last_mut() else {
            continue;
        };
        if in_deps {
            if line.starts_with(']') {
                in_deps = false;
            } else {
                package
                    .dependencies
                    .push(unquote(line.trim_end_matches(',')));
            }
        } else if let Some(v) = line.strip_prefix("name = ") {
            package.name = unquote(v);
        } else if let Some(v) = line.strip_prefix("version = ") {
            package.version = unquote(v);
        } else if let Some(v) = line.strip_prefix("source = ") {
            package.registry = unquote(v).starts_with("registry+");
        } else if line.starts_with("dependencies = [") {
            in_deps = !line.ends_with(']');
        }
    }
    packages
}

fn unquote(s: &str) -> String {
    s.trim().trim_matches('"').to_owned()
}

/// The names listed under `[dev-dependencies]` or `[build-dependencies]` of
/// medfund's manifest and nowhere else: crates for the tests or this script, not
/// built into the program.
fn dev_only(manifest: &str) -> BTreeSet<String> {
    let mut section = String::new();
    let mut dev = BTreeSet::new();
    let mut normal = BTreeSet::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line.to_owned();
            continue;
        }
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim().to_owned();
        if name.is_empty() || name.starts_with('#') {
            continue;
        }
        if section == "[dev-dependencies]" || section == "[build-dependencies]" {
            dev.insert(name);
        } else if section.ends_with("dependencies]") {
            normal.insert(name);
        }
    }
    dev.difference(&normal).cloned().collect()
}

/// Every registry crate reachable from medfund's own dependencies, for any
/// platform (`licence_of` drops those this build did not unpack).
fn reachable(packages: &[Locked], dev_only: &BTreeSet<String>) -> Vec<(String, String)> {
    let find = |dep: &str| -> Option<&Locked> {
        let mut parts = dep.split(' ');
        let name = parts.next()?;
        let version = parts.next();
        packages
            .iter()
            .find(|p| p.name == name && version.is_none_or(|v| v == p.version))
    };
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut todo: Vec<&Locked> = packages
        .iter()
        .filter(|p| !p.registry && p.name == "medfund")
        .flat_map(|root| root.dependencies.iter())
        .filter(|d| !dev_only.contains(d.split(' ').next().unwrap_or_default()))
        .filter_map(|d| find(d))
        .collect();
    while let Some(p) = todo.pop() {
        if !seen.insert((p.name.clone(), p.version.clone())) {
            continue;
        }
        todo.extend(p.dependencies.iter().filter_map(|d| find(d)));
    }
    seen.into_iter().collect()
}

/// The folders where cargo unpacks registry crates.
fn registry_dirs() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .or_else(|| std::env::var_os("USERPROFILE"))
                .map(|h| PathBuf::from(h).join(".cargo"))
        });
    let Some(src) = home.map(|h| h.join("registry").join("src")) else {
        return Vec::new();
    };
    std::fs::read_dir(src)
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

/// The `license` (or `license-file`) a crate's manifest declares; `None` when
/// cargo did not unpack the crate, which then is not part of this build (a crate
/// for another platform).
fn licence_of(dirs: &[PathBuf], name: &str, version: &str) -> Option<String> {
    for dir in dirs {
        let manifest = dir.join(format!("{name}-{version}")).join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let field = |key: &str| {
            text.lines()
                .find_map(|l| l.trim().strip_prefix(key).map(unquote))
        };
        return Some(
            field("license = ")
                .or_else(|| field("license-file = ").map(|f| format!("见 {f}")))
                .unwrap_or_else(|| "未声明".to_owned()),
        );
    }
    None
}

/// Write `CRATES: &[(name, version, licence)]`, sorted by name.
fn write_crate_list(manifest_dir: &Path, out: &Path) -> Result<()> {
    let lock = std::fs::read_to_string(manifest_dir.join("Cargo.lock"))?;
    let manifest = std::fs::read_to_string(manifest_dir.join("Cargo.toml"))?;
    let packages = read_lock(&lock);
    let dirs = registry_dirs();
    let mut rows: BTreeMap<(String, String), String> = BTreeMap::new();
    for (name, version) in reachable(&packages, &dev_only(&manifest)) {
        if let Some(licence) = licence_of(&dirs, &name, &version) {
            rows.insert((name, version), licence);
        }
    }
    let mut code = String::from(
        "/// The crates medfund is built from: name, version, licence.\n\
         pub const CRATES: &[(&str, &str, &str)] = &[\n",
    );
    for ((name, version), licence) in rows {
        code.push_str(&format!("    ({name:?}, {version:?}, {licence:?}),\n"));
    }
    code.push_str("];\n");
    std::fs::write(out, code)?;
    Ok(())
}
