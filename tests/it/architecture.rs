//! The rules of `ARCHITECTURE.md`, checked on the source: the library's
//! folders import only downward, and no two modules import each other in a
//! circle. Reads the `use crate::…` lines and inline `crate::…` paths of
//! every file under `src/` (comments and string literals left out).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's folders, bottom to top: a folder may use those before it.
const LAYERS: [&str; 11] = [
    "text",
    "files",
    "crs",
    "table",
    "boundaries",
    "locate",
    "geocode",
    "network",
    "render",
    "export",
    "report",
];

/// Root modules outside the layering (test support, usable from any layer's
/// tests).
const UNLAYERED: [&str; 1] = ["test_points"];

/// One reference from a module to a path in the crate.
#[derive(Debug)]
struct Reference {
    file: PathBuf,
    line: usize,
    /// The module the reference is made in, as path segments below `crate`.
    from: Vec<String>,
    /// The path referred to, below `crate`.
    to: Vec<String>,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every library source file with its module path (`src/render/layout/legend.rs`
/// → `render::layout::legend`; a `mod.rs` is its folder).
fn library_files() -> Vec<(PathBuf, Vec<String>)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = src_dir();
    let mut files = Vec::new();
    walk(&src, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&src).unwrap().to_path_buf();
            let mut segments: Vec<String> = relative
                .iter()
                .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            // the binary (main.rs, cli/) is a crate of its own; lib.rs is the root
            if segments[0] == "cli" || segments == ["main"] || segments == ["lib"] {
                return None;
            }
            if segments.last().is_some_and(|s| s == "mod") {
                segments.pop();
            }
            Some((path, segments))
        })
        .collect()
}

/// The code of a file with comments and the contents of string and char
/// literals blanked out, line structure kept.
fn code_only(text: &str) -> String {
    let bytes: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < bytes.len() && bytes[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < bytes.len() {
                if bytes[i] == '/' && bytes.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if bytes[i] == '*' && bytes.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if bytes[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && is_raw_start(&bytes, i) {
            // raw string r#"…"#
            let mut hashes = 0;
            i += 1;
            while bytes[i] == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1; // opening quote
            out.push_str("\"\"");
            loop {
                if i >= bytes.len() {
                    break;
                }
                if bytes[i] == '"' && (0..hashes).all(|k| bytes.get(i + 1 + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                if bytes[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
        } else if c == '"' {
            i += 1;
            while i < bytes.len() && bytes[i] != '"' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                if bytes.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && is_char_literal(&bytes, i) {
            i += 1;
            while i < bytes.len() && bytes[i] != '\'' {
                if bytes[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_raw_start(chars: &[char], i: usize) -> bool {
    let before_ok = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    let mut j = i + 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    before_ok && chars.get(j) == Some(&'"')
}

/// Whether the `'` at `i` opens a char literal rather than a lifetime.
fn is_char_literal(chars: &[char], i: usize) -> bool {
    matches!(
        (chars.get(i + 1), chars.get(i + 2)),
        (Some('\\'), _) | (Some(_), Some('\''))
    )
}

/// The leaves of a use tree: `a::{b, c::d}` → `a::b`, `a::c::d`.
fn use_leaves(tree: &str) -> Vec<Vec<String>> {
    fn split_top(s: &str) -> Vec<&str> {
        let mut parts = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in s.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&s[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&s[start..]);
        parts
    }
    let tree = tree.trim();
    if tree.is_empty() {
        return Vec::new();
    }
    if let Some(open) = tree.find('{') {
        let prefix: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let inner = &tree[open + 1..tree.rfind('}').expect("balanced use tree")];
        let mut leaves = Vec::new();
        for part in split_top(inner) {
            for leaf in use_leaves(part) {
                let mut path = prefix.clone();
                path.extend(leaf.into_iter().filter(|s| s != "self"));
                leaves.push(path);
            }
        }
        if leaves.is_empty() {
            leaves.push(prefix);
        }
        leaves
    } else {
        let path = tree.split(" as ").next().unwrap_or(tree);
        vec![
            path.split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        ]
    }
}

/// Resolves a path written in module `module` to a path below `crate`, or
/// `None` when it leaves the crate (std, other crates).
fn resolve(module: &[String], path: &[String]) -> Option<Vec<String>> {
    match path.first().map(String::as_str) {
        Some("crate") => Some(path[1..].to_vec()),
        Some("super") => {
            let mut base = module.to_vec();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            base.extend(rest.iter().cloned());
            Some(base)
        }
        Some("self") => {
            let mut base = module.to_vec();
            base.extend(path[1..].iter().cloned());
            Some(base)
        }
        _ => None,
    }
}

/// The code with every `#[cfg(test)] mod … { … }` blanked out (lines kept).
fn without_test_modules(code: &str) -> String {
    let mut out = code.to_string();
    while let Some(attr) = out.find("#[cfg(test)]") {
        let after = &out[attr..];
        let Some(open) = after.find('{') else { break };
        let is_module = after[..open].contains("mod ");
        let mut depth = 0;
        let mut end = attr + open;
        for (i, c) in out[attr + open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = attr + open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        if !is_module {
            end = attr + "#[cfg(test)]".len();
        }
        let blank: String = out[attr..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(attr..end, &blank);
    }
    out
}

/// Every reference in the library; with `tests`, those of its unit tests too.
fn references(tests: bool) -> Vec<Reference> {
    let mut refs = Vec::new();
    for (file, module) in library_files() {
        let text = std::fs::read_to_string(&file).expect("read source");
        let code = code_only(&text);
        let code = if tests {
            code
        } else {
            without_test_modules(&code)
        };
        let line_of = |offset: usize| code[..offset].matches('\n').count() + 1;
        // use statements (possibly multi-line), at any nesting
        let mut search = 0;
        while let Some(found) = code[search..].find("use ") {
            let start = search + found;
            search = start + 4;
            let boundary = start == 0
                || !code[..start]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
            if !boundary {
                continue;
            }
            let Some(end) = code[start..].find(';') else {
                continue;
            };
            let tree = &code[start + 4..start + end];
            if !(tree.trim_start().starts_with("crate")
                || tree.trim_start().starts_with("super")
                || tree.trim_start().starts_with("self"))
            {
                continue;
            }
            for leaf in use_leaves(tree) {
                if let Some(to) = resolve(&module, &leaf) {
                    refs.push(Reference {
                        file: file.clone(),
                        line: line_of(start),
                        from: module.clone(),
                        to,
                    });
                }
            }
        }
        // inline paths: crate::a::b
        let mut search = 0;
        while let Some(found) = code[search..].find("crate::") {
            let start = search + found;
            search = start + 7;
            let preceded = code[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
            let in_use = code[..start]
                .rfind(';')
                .map_or(0, |p| p + 1)
                .max(code[..start].rfind('{').map_or(0, |p| p + 1));
            if preceded || code[in_use..start].trim_start().starts_with("use ") {
                continue;
            }
            let path: Vec<String> = code[start..]
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .next()
                .unwrap_or("")
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            if let Some(to) = resolve(&module, &path) {
                refs.push(Reference {
                    file: file.clone(),
                    line: line_of(start),
                    from: module.clone(),
                    to,
                });
            }
        }
    }
    refs
}

fn layer_of(folder: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == folder)
}

#[test]
fn every_library_folder_is_a_layer_and_every_layer_a_folder() {
    let src = src_dir();
    let mut folders = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() && name != "cli" {
            folders.insert(name);
        } else if path.is_file() && !["lib", "main"].contains(&name.as_str()) {
            assert!(
                UNLAYERED.contains(&name.as_str()),
                "src/{name}.rs sits at the crate root: put it in the folder of its concern"
            );
        }
    }
    let layers: BTreeSet<String> = LAYERS.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        folders, layers,
        "ARCHITECTURE.md's layers and src/'s folders differ"
    );
}

#[test]
fn imports_point_downward() {
    let mut upward = Vec::new();
    let refs = references(true);
    assert!(
        refs.len() > 300,
        "found only {} references: is the scanner broken?",
        refs.len()
    );
    for r in &refs {
        let (Some(from), Some(to)) = (r.from.first(), r.to.first()) else {
            continue;
        };
        if from == to || UNLAYERED.contains(&to.as_str()) || UNLAYERED.contains(&from.as_str()) {
            continue;
        }
        match (layer_of(from), layer_of(to)) {
            (Some(a), Some(b)) if b < a => {}
            (Some(_), Some(_)) => upward.push(format!(
                "{}:{}: {from} uses {} ({to} is not below {from})",
                r.file.display(),
                r.line,
                r.to.join("::")
            )),
            // a crate-root name (re-export) used inside the library hides the layer
            _ => upward.push(format!(
                "{}:{}: crate::{} is not a path through a folder; use crate::<folder>::…",
                r.file.display(),
                r.line,
                r.to.join("::")
            )),
        }
    }
    assert!(
        upward.is_empty(),
        "imports that do not point downward:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_module_imports_in_a_circle() {
    // edges between sibling modules, at the level where the two paths part
    let mut edges: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    let mut examples: BTreeMap<(String, String), String> = BTreeMap::new();
    // a unit test may use the module it tests from a sibling: production code only
    for r in references(false) {
        let common = r.from.iter().zip(&r.to).take_while(|(a, b)| a == b).count();
        let (Some(a), Some(b)) = (r.from.get(common), r.to.get(common)) else {
            continue;
        };
        let level = r.from[..common].to_vec();
        edges
            .entry(level.clone())
            .or_default()
            .entry(a.clone())
            .or_default()
            .insert(b.clone());
        let key = (format!("{}::{a}", level.join("::")), b.clone());
        examples
            .entry(key)
            .or_insert_with(|| format!("{}:{}", r.file.display(), r.line));
    }
    let mut cycles = Vec::new();
    for (level, graph) in &edges {
        // depth-first search for a back edge
        fn visit(
            node: &str,
            graph: &BTreeMap<String, BTreeSet<String>>,
            state: &mut BTreeMap<String, u8>,
            stack: &mut Vec<String>,
            found: &mut Vec<Vec<String>>,
        ) {
            state.insert(node.to_string(), 1);
            stack.push(node.to_string());
            for next in graph.get(node).into_iter().flatten() {
                match state.get(next.as_str()).copied().unwrap_or(0) {
                    0 => visit(next, graph, state, stack, found),
                    1 => {
                        let at = stack.iter().position(|s| s == next).unwrap();
                        let mut cycle = stack[at..].to_vec();
                        cycle.push(next.clone());
                        found.push(cycle);
                    }
                    _ => {}
                }
            }
            stack.pop();
            state.insert(node.to_string(), 2);
        }
        let mut state = BTreeMap::new();
        let mut found = Vec::new();
        for node in graph.keys() {
            if !state.contains_key(node.as_str()) {
                visit(node, graph, &mut state, &mut Vec::new(), &mut found);
            }
        }
        for cycle in found {
            let prefix = if level.is_empty() {
                "crate".to_string()
            } else {
                format!("crate::{}", level.join("::"))
            };
            let witness: Vec<String> = cycle
                .windows(2)
                .map(|w| {
                    let key = (format!("{}::{}", level.join("::"), w[0]), w[1].clone());
                    format!("{} → {} ({})", w[0], w[1], examples[&key])
                })
                .collect();
            cycles.push(format!("in {prefix}: {}", witness.join(", ")));
        }
    }
    assert!(
        cycles.is_empty(),
        "modules that import each other in a circle:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_scanner_sees_upward_imports_and_cycles() {
    // the checks above are only as good as the scanner: feed it known cases
    let code = code_only(
        "// use crate::report::X;\nuse crate::{render::{Scene, scene::Item}, text::Lang};\nlet s = \"crate::report::Y\";\nfn f() { crate::export::g(); }\n",
    );
    assert!(
        !code.contains("report"),
        "comments and strings are left out: {code}"
    );
    assert_eq!(
        use_leaves("crate::{render::{Scene, scene::Item}, text::Lang}"),
        vec![
            vec!["crate", "render", "Scene"],
            vec!["crate", "render", "scene", "Item"],
            vec!["crate", "text", "Lang"],
        ]
    );
    let module: Vec<String> = vec!["render".into(), "layout".into(), "legend".into()];
    assert_eq!(
        resolve(
            &module,
            &["super".into(), "map_frame".into(), "MapFrame".into()]
        ),
        Some(vec![
            "render".into(),
            "layout".into(),
            "map_frame".into(),
            "MapFrame".into()
        ])
    );
    let blanked = without_test_modules(
        "use crate::a::B;\n#[cfg(test)]\nmod tests {\n    use crate::c::D;\n}\n",
    );
    assert!(
        blanked.contains("crate::a::B") && !blanked.contains("crate::c"),
        "{blanked}"
    );
    assert_eq!(blanked.lines().count(), 5);
    assert!(layer_of("render") > layer_of("network"));
    assert!(layer_of("report") > layer_of("export"));
}
