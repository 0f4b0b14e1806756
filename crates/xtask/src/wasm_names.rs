//! Short names for the package's imports and exports. wasm-bindgen names each import
//! `__wbg_<name>_<16 hex digits>` (and two closure shims' exports after their whole Rust path,
//! hashes included), once in the .wasm and once in the JS glue: about 1.1 KB of gzip, as hex
//! digits do not compress. Here every such name becomes `__wbg_<name>` (numbered when two
//! imports share a name) in the module's import and export sections, and in every shipped
//! .js and .d.ts file. The rest of the module is copied byte for byte.
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Rename the hashed names of `dir`'s `siterecovery_bg.wasm` and of its JS and TypeScript.
pub fn shorten(dir: &Path, text_files: &[std::path::PathBuf]) -> Result<usize, String> {
    let wasm_path = dir.join("siterecovery_bg.wasm");
    let wasm = std::fs::read(&wasm_path).map_err(|e| format!("read {}: {e}", wasm_path.display()))?;
    let (renamed, map) = rename(&wasm)?;
    for file in text_files {
        let mut text = std::fs::read_to_string(file).map_err(|e| format!("read {}: {e}", file.display()))?;
        // Longest first: no old name is a part of another, but this keeps it so.
        let mut olds: Vec<&String> = map.keys().collect();
        olds.sort_by_key(|o| std::cmp::Reverse(o.len()));
        for old in olds {
            text = text.replace(old.as_str(), &map[old]);
        }
        std::fs::write(file, text).map_err(|e| format!("write {}: {e}", file.display()))?;
    }
    std::fs::write(&wasm_path, renamed).map_err(|e| format!("write {}: {e}", wasm_path.display()))?;
    Ok(map.len())
}

/// Whether a name carries a wasm-bindgen hash (`_` and 16 lowercase hex digits, then the end
/// or `_`).
fn hashes(name: &str) -> Vec<(usize, usize)> {
    let b = name.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 17 <= b.len() {
        let hex = &b[i + 1..i + 17];
        if b[i] == b'_' && hex.iter().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c)) && b.get(i + 17).is_none_or(|c| *c == b'_') {
            out.push((i, i + 17));
            i += 17;
        } else {
            i += 1;
        }
    }
    out
}

/// The short form: `__wbg_<name>` for an import, `__wbg_closure` for a closure shim's export.
fn short(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("__wbg_") {
        let mut base = rest.to_string();
        for (from, to) in hashes(rest).into_iter().rev() {
            base.replace_range(from..to, "");
        }
        format!("__wbg_{}", base.trim_end_matches('_'))
    } else {
        "__wbg_closure".to_string()
    }
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

/// The module with its hashed import and export names shortened, and the renames made.
fn rename(wasm: &[u8]) -> Result<(Vec<u8>, BTreeMap<String, String>), String> {
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("siterecovery_bg.wasm: not a wasm module (version 1)".into());
    }
    let mut map = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    fn fresh(old: &str, taken: &mut BTreeSet<String>, map: &mut BTreeMap<String, String>) -> String {
        if hashes(old).is_empty() {
            taken.insert(old.to_string());
            return old.to_string();
        }
        if let Some(new) = map.get(old) {
            return new.clone();
        }
        let base = short(old);
        let mut new = base.clone();
        let mut n = 1;
        while taken.contains(&new) {
            n += 1;
            new = format!("{base}{n}");
        }
        taken.insert(new.clone());
        map.insert(old.to_string(), new.clone());
        new
    }
    // Names without a hash are kept: collect them first so that no new name takes one.
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
    for (id, body) in &sections {
        let mut p = 0;
        match id {
            2 => {
                for _ in 0..leb(body, &mut p)? {
                    name(body, &mut p)?;
                    let field = name(body, &mut p)?;
                    if hashes(field).is_empty() {
                        taken.insert(field.to_string());
                    }
                    skip_desc(body, &mut p)?;
                }
            }
            7 => {
                for _ in 0..leb(body, &mut p)? {
                    let export = name(body, &mut p)?;
                    if hashes(export).is_empty() {
                        taken.insert(export.to_string());
                    }
                    p += 1;
                    leb(body, &mut p)?;
                }
            }
            _ => {}
        }
    }
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
                    put_name(&mut new_body, module);
                    put_name(&mut new_body, &fresh(field, &mut taken, &mut map));
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
                    put_name(&mut new_body, &fresh(export, &mut taken, &mut map));
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
    Ok((out, map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_become_short_and_distinct() {
        assert_eq!(short("__wbg_get_d7176cfb76d71114"), "__wbg_get");
        assert_eq!(short("__wbg___wbindgen_is_null_c22311b1cc228e3a"), "__wbg___wbindgen_is_null");
        assert_eq!(short("wasm_bindgen_8d2b070265dab414___convert__closures_____invoke_______true_"), "__wbg_closure");
        assert!(hashes("__wbg_srmclient_new").is_empty() && hashes("srmclient_invoke").is_empty());
        assert!(hashes("x_0123456789abcdefg").is_empty(), "17 hex-looking characters are not a hash");
    }

    /// A module with three imports (two hashed ones sharing a name, one plain) and two exports.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        put_leb(&mut imports, 3);
        for field in ["__wbg_get_d7176cfb76d71114", "__wbg_get_2080c49015e35254", "plain"] {
            put_name(&mut imports, "./m.js");
            put_name(&mut imports, field);
            imports.extend_from_slice(&[0, 0]); // a function of type 0
        }
        let mut exports = Vec::new();
        put_leb(&mut exports, 2);
        for (export, index) in [("memory", 0u8), ("wasm_bindgen_8d2b070265dab414___invoke_true_", 1)] {
            put_name(&mut exports, export);
            exports.extend_from_slice(&[if index == 0 { 2 } else { 0 }, index]);
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
    fn a_module_is_renamed_and_the_rest_copied() {
        let (renamed, map) = rename(&module()).unwrap();
        assert_eq!(map["__wbg_get_d7176cfb76d71114"], "__wbg_get");
        assert_eq!(map["__wbg_get_2080c49015e35254"], "__wbg_get2");
        assert_eq!(map["wasm_bindgen_8d2b070265dab414___invoke_true_"], "__wbg_closure");
        assert_eq!(map.len(), 3, "plain names are kept");
        let (again, none) = rename(&renamed).unwrap();
        assert!(none.is_empty() && again == renamed, "renaming twice changes nothing");
        let text = String::from_utf8_lossy(&renamed);
        for kept in ["plain", "memory", "./m.js", "__wbg_get2"] {
            assert!(text.contains(kept), "{kept}");
        }
        assert!(renamed.ends_with(&[10, 1, 0]), "the code section is copied");
    }
}
