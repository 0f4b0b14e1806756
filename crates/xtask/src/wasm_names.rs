//! Short names for the package's imports and exports. wasm-bindgen names each import of its
//! glue `__wbg_<name>_<16 hex digits>` (and closure shims' exports after their whole Rust path,
//! hashes included), once in the .wasm and once in the JS: 1.4 KB of gzip, as hex digits do
//! not compress. Here every import of the glue module and every hashed export becomes `$<n>`
//! in the module's import and export sections, and in every shipped .js and .d.ts file, as
//! whole identifiers. So does every other export that the JS only ever reads as a property
//! (`wasm.srmclient___prepare(...)`, `wasm.__wbindgen_malloc`), which no user calls by name:
//! 0.3 KB more. Kept: the exports the glue also declares as JS names (`operations`, its own
//! function of that name), `memory`, and `__stack_pointer` (read by name, tests/e2e). The rest
//! of the module is copied byte for byte.
//!
//! A snippet's imports are its own export names (js/package.js's `kindOf`, ...), which a
//! bundler resolves as module imports: kept, unless the package is one bundled module (the
//! web package). There each becomes an import of the glue module, `$<n>` too, which the glue's
//! import object hands over (`$<n>: import1.kindOf`): the module path with its hash is not
//! written 26 times in the .wasm and 17 in the JS, and the bundle needs no namespace object of
//! js/package.js.
use std::collections::BTreeMap;
use std::path::Path;

/// The glue file, whose import object the merged snippet imports join.
const GLUE: &str = "siterecovery.js";

/// Rename the glue's imports and the hashed exports of `dir`'s `siterecovery_bg.wasm`, and the
/// same identifiers in `text_files` (its JS and TypeScript); with `merge_snippets`, the
/// snippets' imports too (see the module). Returns how many names were shortened.
pub fn shorten(dir: &Path, text_files: &[std::path::PathBuf], merge_snippets: bool) -> Result<usize, String> {
    let wasm_path = dir.join("siterecovery_bg.wasm");
    let wasm = std::fs::read(&wasm_path).map_err(|e| format!("read {}: {e}", wasm_path.display()))?;
    let mut texts = Vec::new();
    for file in text_files {
        texts.push(std::fs::read_to_string(file).map_err(|e| format!("read {}: {e}", file.display()))?);
    }
    let js: Vec<&str> =
        text_files.iter().zip(&texts).filter(|(f, _)| f.extension().is_some_and(|e| e == "js")).map(|(_, t)| t.as_str()).collect();
    let internal = |export: &str| !KEPT_EXPORTS.contains(&export) && js.iter().all(|text| only_as_property(text, export));
    let Renamed { wasm: renamed, map, merged } = rename(&wasm, merge_snippets, &internal)?;
    for (file, text) in text_files.iter().zip(texts) {
        let mut text = replace_identifiers(&text, &map);
        if !merged.is_empty() && file.file_name().is_some_and(|n| n == GLUE) {
            text = hand_over(&text, &merged)
                .ok_or_else(|| format!("{}: no import object of the shape wasm-bindgen writes", file.display()))?;
        }
        std::fs::write(file, text).map_err(|e| format!("write {}: {e}", file.display()))?;
    }
    std::fs::write(&wasm_path, renamed).map_err(|e| format!("write {}: {e}", wasm_path.display()))?;
    Ok(map.len() + merged.len())
}

/// The glue with the snippets' imports handed over by the glue module's import object
/// (`import0`), as `merged` (short name, snippet export) says, and the snippet modules' own
/// entries of the import object removed. `None` when the glue is not as expected.
fn hand_over(glue: &str, merged: &BTreeMap<String, String>) -> Option<String> {
    let is_snippet_entry = |line: &str| {
        let l = line.trim();
        l.starts_with("\"./snippets/") && l.contains("\": import") && l.ends_with(',')
    };
    // `"./snippets/<crate>-<hash>/js/package.js": import1,`: the namespace object to read.
    let first = glue.lines().find(|l| is_snippet_entry(l))?;
    let namespace = first.trim().rsplit(' ').next()?.trim_end_matches(',');
    let head = "const import0 = {\n        __proto__: null,\n";
    let at = glue.find(head)? + head.len();
    let mut out = String::with_capacity(glue.len());
    out.push_str(&glue[..at]);
    for (short, field) in merged {
        out.push_str(&format!("        {short}: {namespace}.{field},\n"));
    }
    for line in glue[at..].split_inclusive('\n') {
        if !is_snippet_entry(line) {
            out.push_str(line);
        }
    }
    Some(out)
}

/// Exports read by name beside the glue: the memory, and the stack pointer (tests/e2e).
const KEPT_EXPORTS: [&str; 2] = ["memory", "__stack_pointer"];

/// Whether every whole identifier `name` in the JS `text` is a property read (`x.name`): the
/// JS declares no variable, function or key of that name, and quotes it nowhere.
fn only_as_property(text: &str, name: &str) -> bool {
    let b = text.as_bytes();
    let ident_at = |i: usize| b.get(i).is_some_and(|c| is_ident(char::from(*c)));
    text.match_indices(name).all(|(at, _)| {
        let whole = !at.checked_sub(1).is_some_and(ident_at) && !ident_at(at + name.len());
        !whole || (at > 0 && b[at - 1] == b'.')
    })
}

/// Whether `c` may be part of a JS identifier as the names here are written (ASCII letters,
/// digits, `_`, `$`).
fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// `text` with every whole identifier (JS: letters, digits, `_`, `$`) that `map` names replaced.
fn replace_identifiers(text: &str, map: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_ident) {
        out.push_str(&rest[..start]);
        let word = &rest[start..];
        let end = word.find(|c: char| !is_ident(c)).unwrap_or(word.len());
        let ident = &word[..end];
        out.push_str(map.get(ident).map_or(ident, String::as_str));
        rest = &word[end..];
    }
    out.push_str(rest);
    out
}

/// Whether a name carries a wasm-bindgen hash: `_` and 16 lowercase hex digits, then the end
/// or `_`.
fn hashed(name: &str) -> bool {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(16)).any(|i| {
        b[i] == b'_'
            && b[i + 1..i + 17].iter().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
            && b.get(i + 17).is_none_or(|c| *c == b'_')
    })
}

/// The `n`th short name: `$` and base 36.
fn short(mut n: usize) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = Vec::new();
    loop {
        digits.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    format!("${}", String::from_utf8_lossy(&digits))
}

fn leb(bytes: &[u8], at: &mut usize) -> Result<u64, String> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *bytes.get(*at).ok_or("wasm: truncated LEB128")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
        shift += 7;
        if shift > 63 {
            return Err("wasm: LEB128 too long".into());
        }
    }
}

fn put_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a str, String> {
    let len = leb(bytes, at)? as usize;
    let s = bytes.get(*at..*at + len).ok_or("wasm: truncated name")?;
    *at += len;
    std::str::from_utf8(s).map_err(|_| "wasm: a name is not UTF-8".to_string())
}

fn put_name(out: &mut Vec<u8>, s: &str) {
    put_leb(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Skip an import's description (function, table, memory, global or tag).
fn skip_desc(bytes: &[u8], at: &mut usize) -> Result<(), String> {
    let kind = *bytes.get(*at).ok_or("wasm: truncated import")?;
    *at += 1;
    let limits = |at: &mut usize| -> Result<(), String> {
        let flags = *bytes.get(*at).ok_or("wasm: truncated limits")?;
        *at += 1;
        leb(bytes, at)?;
        if flags & 1 == 1 {
            leb(bytes, at)?;
        }
        Ok(())
    };
    match kind {
        0 => leb(bytes, at).map(drop),
        1 => {
            *at += 1; // reference type
            limits(at)
        }
        2 => limits(at),
        3 => {
            *at += 2; // value type, mutability
            Ok(())
        }
        4 => {
            *at += 1;
            leb(bytes, at).map(drop)
        }
        other => Err(format!("wasm: unknown import kind {other}")),
    }
}

struct Renamed {
    wasm: Vec<u8>,
    /// Old name -> short name, for the glue's imports and the hashed exports.
    map: BTreeMap<String, String>,
    /// Short name -> snippet export, for the snippet imports merged into the glue module's.
    merged: BTreeMap<String, String>,
}

/// The module with its hashed import and export names shortened (and with `merge_snippets`,
/// its snippet imports made imports of the glue module), and the renames made.
/// `internal`: whether an unhashed export is renamed too.
fn rename(wasm: &[u8], merge_snippets: bool, internal: &dyn Fn(&str) -> bool) -> Result<Renamed, String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("siterecovery_bg.wasm: not a wasm module (version 1)".into());
    }
    let mut map = BTreeMap::new();
    // Snippet export -> short name: one counter with `map`, so no two names meet.
    let mut snippet_names: BTreeMap<String, String> = BTreeMap::new();
    // The glue hands them all over from one namespace object: one snippet module only.
    let mut snippet_module = None;
    /// The new name of `old` (renamed when `rename`), the same one for the same old name;
    /// `taken`: how many short names the other map has given.
    fn fresh(old: &str, rename: bool, map: &mut BTreeMap<String, String>, taken: usize) -> String {
        if !rename {
            return old.to_string();
        }
        let n = map.len() + taken;
        map.entry(old.to_string()).or_insert_with(|| short(n)).clone()
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    let mut sections = Vec::new();
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = leb(wasm, &mut at)? as usize;
        let body = wasm.get(at..at + size).ok_or("wasm: truncated section")?;
        at += size;
        sections.push((id, body));
    }
    let glue_module = glue_module(&sections)?;
    for (id, body) in sections {
        let mut new_body = Vec::new();
        let mut p = 0;
        match id {
            2 => {
                let count = leb(body, &mut p)?;
                put_leb(&mut new_body, count);
                for _ in 0..count {
                    let module = name(body, &mut p)?;
                    let field = name(body, &mut p)?;
                    let start = p;
                    skip_desc(body, &mut p)?;
                    if module.contains("/snippets/") && merge_snippets {
                        match snippet_module {
                            Some(m) if m != module => {
                                return Err(format!("wasm: imports of two snippets, {m} and {module}: merging takes one"))
                            }
                            _ => snippet_module = Some(module),
                        }
                        let taken = map.len();
                        let short = fresh(field, true, &mut snippet_names, taken);
                        put_name(&mut new_body, glue_module.ok_or("wasm: snippet imports but no glue module")?);
                        put_name(&mut new_body, &short);
                    } else {
                        put_name(&mut new_body, module);
                        // A snippet's imports are its own export names: kept.
                        let taken = snippet_names.len();
                        put_name(&mut new_body, &fresh(field, !module.contains("/snippets/"), &mut map, taken));
                    }
                    new_body.extend_from_slice(&body[start..p]);
                }
            }
            7 => {
                let count = leb(body, &mut p)?;
                put_leb(&mut new_body, count);
                for _ in 0..count {
                    let export = name(body, &mut p)?;
                    let start = p;
                    p += 1;
                    leb(body, &mut p)?;
                    let taken = snippet_names.len();
                    put_name(&mut new_body, &fresh(export, hashed(export) || internal(export), &mut map, taken));
                    new_body.extend_from_slice(&body[start..p]);
                }
            }
            _ => new_body.extend_from_slice(body),
        }
        if p != 0 && p != body.len() {
            return Err(format!("wasm: section {id} has {} bytes after its entries", body.len() - p));
        }
        out.push(id);
        put_leb(&mut out, new_body.len() as u64);
        out.extend_from_slice(&new_body);
    }
    let merged = snippet_names.into_iter().map(|(field, short)| (short, field)).collect();
    Ok(Renamed { wasm: out, map, merged })
}

/// The module name of the glue's imports (the one import module that is not a snippet), if
/// the module imports anything from it.
fn glue_module<'a>(sections: &[(u8, &'a [u8])]) -> Result<Option<&'a str>, String> {
    let Some((_, body)) = sections.iter().find(|(id, _)| *id == 2) else { return Ok(None) };
    let mut p = 0;
    let mut found = None;
    for _ in 0..leb(body, &mut p)? {
        let module = name(body, &mut p)?;
        name(body, &mut p)?;
        skip_desc(body, &mut p)?;
        if !module.contains("/snippets/") {
            match found {
                Some(m) if m != module => return Err(format!("wasm: two glue modules, {m} and {module}")),
                _ => found = Some(module),
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_and_hashes() {
        assert_eq!([short(0), short(35), short(36)], ["$0", "$z", "$10"]);
        assert!(hashed("__wbg_get_d7176cfb76d71114") && hashed("wasm_bindgen_8d2b070265dab414___invoke_true_"));
        assert!(!hashed("__wbg_srmclient_new") && !hashed("srmclient_invoke"));
        assert!(!hashed("x_0123456789abcdefg"), "17 hex-looking characters are not a hash");
        assert!(!hashed("x_0123456789abcdeF"), "upper-case digits are not a hash");
    }

    #[test]
    fn whole_identifiers_are_replaced_and_nothing_else() {
        let map = BTreeMap::from([("__wbg_get".to_string(), "$0".to_string())]);
        let js = "{ __wbg_get: function() {}, __wbg_getPrototypeOf: f, x: '__wbg_get' }; wasm.__wbg_get2();";
        assert_eq!(replace_identifiers(js, &map), "{ $0: function() {}, __wbg_getPrototypeOf: f, x: '$0' }; wasm.__wbg_get2();");
    }

    /// A module importing two functions from the glue and one from a snippet, exporting its
    /// memory, a plain function and a hashed closure shim.
    fn module() -> Vec<u8> {
        module_importing(&[
            ("./m.js", "__wbg_get_d7176cfb76d71114"),
            ("./m.js", "__wbindgen_init_externref_table"),
            ("./snippets/s/js/package.js", "kindOf"),
        ])
    }

    fn module_importing(functions: &[(&str, &str)]) -> Vec<u8> {
        let mut imports = Vec::new();
        put_leb(&mut imports, functions.len() as u64);
        for (module, field) in functions {
            put_name(&mut imports, module);
            put_name(&mut imports, field);
            imports.extend_from_slice(&[0, 0]); // a function of type 0
        }
        let mut exports = Vec::new();
        put_leb(&mut exports, 3);
        for (export, kind, index) in [("memory", 2u8, 0u8), ("operations", 0, 3), ("wasm_bindgen_8d2b070265dab414___invoke_true_", 0, 4)] {
            put_name(&mut exports, export);
            exports.extend_from_slice(&[kind, index]);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        for (id, body) in [(1u8, vec![1, 0x60, 0, 0]), (2, imports), (7, exports), (10, vec![0])] {
            wasm.push(id);
            put_leb(&mut wasm, body.len() as u64);
            wasm.extend_from_slice(&body);
        }
        wasm
    }

    #[test]
    fn an_export_the_js_only_reads_as_a_property_is_internal() {
        let glue =
            "export function operations() { return wasm.operations(); }\nconst r = wasm.srmclient_login(o); wasm.__wbindgen_free(p);";
        assert!(only_as_property(glue, "srmclient_login") && only_as_property(glue, "__wbindgen_free"));
        assert!(!only_as_property(glue, "operations"), "also the glue's own function");
        assert!(!only_as_property("const x = { srmclient_login: 1 };", "srmclient_login"), "a key");
        assert!(!only_as_property("f('srmclient_login')", "srmclient_login"), "quoted");
        assert!(only_as_property("wasm.srmclient_login2(); a.xsrmclient_login;", "srmclient_login"), "not whole identifiers");
        let Renamed { map, .. } = rename(&module(), false, &|e| e == "operations").unwrap();
        assert_eq!(map.get("operations").map(String::as_str), Some("$2"), "renamed when internal");
    }

    #[test]
    fn a_module_is_renamed_and_the_rest_copied() {
        let Renamed { wasm: renamed, map, merged } = rename(&module(), false, &|_| false).unwrap();
        assert!(merged.is_empty());
        let expected = [
            ("__wbg_get_d7176cfb76d71114", "$0"),
            ("__wbindgen_init_externref_table", "$1"),
            ("wasm_bindgen_8d2b070265dab414___invoke_true_", "$2"),
        ];
        assert_eq!(map, expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect());
        let text = String::from_utf8_lossy(&renamed);
        for kept in ["kindOf", "memory", "operations", "./m.js", "./snippets/s/js/package.js"] {
            assert!(text.contains(kept), "{kept} is kept");
        }
        assert!(renamed.ends_with(&[10, 1, 0]), "the code section is copied");
        assert!(renamed.len() < module().len());
        let again = rename(&renamed, false, &|_| false).unwrap().wasm;
        assert_eq!(again, renamed, "renaming twice changes nothing");
    }

    #[test]
    fn snippet_imports_merge_into_the_glue_module() {
        let Renamed { wasm, map, merged } = rename(&module(), true, &|_| false).unwrap();
        assert_eq!(map.len(), 3);
        assert_eq!(merged, BTreeMap::from([("$2".to_string(), "kindOf".to_string())]), "one counter: no name twice");
        let text = String::from_utf8_lossy(&wasm);
        assert!(!text.contains("snippets") && !text.contains("kindOf"), "{text}");
        assert_eq!(text.matches("./m.js").count(), 3, "the snippet import is an import of the glue module");
        assert_eq!(map.get("wasm_bindgen_8d2b070265dab414___invoke_true_").map(String::as_str), Some("$3"));
        let two =
            module_importing(&[("./m.js", "__wbg_get_d7176cfb76d71114"), ("./snippets/s/js/a.js", "f"), ("./snippets/s/js/b.js", "g")]);
        assert!(
            rename(&two, true, &|_| false).is_err_and(|e| e.contains("two snippets")),
            "one namespace object cannot hand over two modules"
        );
        assert!(rename(&two, false, &|_| false).is_ok());
    }

    #[test]
    fn the_glue_hands_the_merged_imports_over() {
        let glue = "function __wbg_get_imports() {\n    const import0 = {\n        __proto__: null,\n        $0: function() {},\n    };\n    return {\n        __proto__: null,\n        \"./m.js\": import0,\n        \"./snippets/s-0123/js/package.js\": import1,\n        \"./snippets/s-0123/js/package.js\": import2,\n    };\n}\n";
        let merged = BTreeMap::from([("$2".to_string(), "kindOf".to_string()), ("$3".to_string(), "later".to_string())]);
        let out = hand_over(glue, &merged).unwrap();
        assert!(out.contains("__proto__: null,\n        $2: import1.kindOf,\n        $3: import1.later,\n        $0: function"), "{out}");
        assert!(!out.contains("snippets") && out.contains("\"./m.js\": import0,\n    };"), "{out}");
        assert_eq!(hand_over("const import0 = {};", &merged), None, "an unknown glue is an error, not a silent miss");
    }
}
