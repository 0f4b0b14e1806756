//! Formatters the package can never call, out of its function table. The package formats
//! nothing (no `format!`, and a panic handler that ignores the message: see the wasm crate), but
//! alloc's out-of-memory handler, precompiled, builds its message's arguments all the same:
//! `<u32 as Display>::fmt` with core's padding. LLVM keeps that function's slot in the table
//! (its number was stored into the arguments); wasm-opt then removes the stores, which nothing
//! reads, but not the slot, and so not the function: 0.7 KB of code nothing calls.
//!
//! A formatter (`<T as core::fmt::Trait>::fmt`) is called through the table only by
//! `core::fmt::write` (the arguments of `format!`, `write!`, a printed panic message) or through
//! a `dyn Display`-style vtable with a `Formatter`, which again only the formatting machinery
//! makes. So when `core::fmt::write` is not in the module, a formatter's slot is dead: here it
//! becomes null, before wasm-opt, which then drops the function. A module with no name section
//! (nothing to tell functions by), or that can format, is left as it is.
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;

use wasm_encoder::reencode::{self, Reencode};

/// The module with the slots of dead formatters null, and how many; `None` when there is none
/// (or the module is to be left as it is: see the module's doc).
pub fn without_dead_formatters(wasm: &[u8]) -> Result<Option<(Vec<u8>, usize)>, String> {
    let names = function_names(wasm)?;
    if names.values().any(|n| plain(n) == "core::fmt::write") {
        return Ok(None);
    }
    let dead: HashSet<u32> = names.iter().filter(|(_, n)| is_formatter(&plain(n))).map(|(&f, _)| f).collect();
    let mut slots = 0;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ElementSection(section) = payload.map_err(|e| e.to_string())? {
            for element in section {
                if let Some((_, _, funcs)) = nulled_segment(&dead, &element.map_err(|e| e.to_string())?).map_err(|e| e.to_string())? {
                    slots += funcs.iter().filter(|f| dead.contains(f)).count();
                }
            }
        }
    }
    if slots == 0 {
        return Ok(None);
    }
    let mut module = wasm_encoder::Module::new();
    Nulled { dead: &dead }.parse_core_module(&mut module, wasmparser::Parser::new(0), wasm).map_err(|e| e.to_string())?;
    Ok(Some((module.finish(), slots)))
}

/// The name section's function names, by function number.
fn function_names(wasm: &[u8]) -> Result<HashMap<u32, String>, String> {
    let mut names = HashMap::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let wasmparser::Payload::CustomSection(section) = payload.map_err(|e| e.to_string())? else { continue };
        let wasmparser::KnownCustom::Name(reader) = section.as_known() else { continue };
        for subsection in reader {
            if let wasmparser::Name::Function(map) = subsection.map_err(|e| e.to_string())? {
                for naming in map {
                    let naming = naming.map_err(|e| e.to_string())?;
                    names.insert(naming.index, naming.name.to_string());
                }
            }
        }
    }
    Ok(names)
}

/// A Rust symbol's name without crate disambiguators (`core[c5930c85a12de822]::fmt` ->
/// `core::fmt`) and without a legacy hash suffix (`::h0123456789abcdef`).
fn plain(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_brackets = false;
    for c in name.chars() {
        match c {
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            _ if !in_brackets => out.push(c),
            _ => {}
        }
    }
    match out.rsplit_once("::h") {
        Some((head, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => head.to_string(),
        _ => out,
    }
}

/// `<T as core::fmt::Display>::fmt`, or any other trait of `core::fmt` (Debug, LowerHex, ...).
fn is_formatter(plain: &str) -> bool {
    plain.starts_with('<') && plain.ends_with(">::fmt") && plain.contains(" as core::fmt::")
}

/// The module re-encoded with the element segments' slots of `dead` functions null.
struct Nulled<'a> {
    dead: &'a HashSet<u32>,
}

impl Reencode for Nulled<'_> {
    type Error = Infallible;

    /// An active segment at a constant offset that holds dead slots becomes one segment per
    /// run of live slots: a dead slot is left out, and stays null, as every slot of a table
    /// starts. Any other segment is copied.
    fn parse_element(
        &mut self,
        elements: &mut wasm_encoder::ElementSection,
        element: wasmparser::Element<'_>,
    ) -> Result<(), reencode::Error<Infallible>> {
        let Some((table, base, funcs)) = nulled_segment(self.dead, &element)? else {
            return reencode::utils::parse_element(self, elements, element);
        };
        let mut run: Vec<u32> = Vec::new();
        let mut start = base;
        // Each slot, then an end that closes the last run.
        for (at, f) in (base..).zip(funcs.iter().copied().map(Some).chain([None])) {
            match f {
                Some(f) if !self.dead.contains(&f) => run.push(self.function_index(f)?),
                _ => {
                    if !run.is_empty() {
                        let offset = wasm_encoder::ConstExpr::i32_const(start as i32);
                        elements.active(table, &offset, wasm_encoder::Elements::Functions(Cow::Owned(std::mem::take(&mut run))));
                    }
                    start = at + 1;
                }
            }
        }
        Ok(())
    }
}

/// An active segment to rewrite: its table, its constant offset, its functions.
type Segment = (Option<u32>, u32, Vec<u32>);

/// The active segment of functions at a constant offset that holds a slot of `dead`; `None`
/// for any other segment.
fn nulled_segment(dead: &HashSet<u32>, element: &wasmparser::Element<'_>) -> Result<Option<Segment>, wasmparser::BinaryReaderError> {
    let (wasmparser::ElementKind::Active { table_index, offset_expr }, wasmparser::ElementItems::Functions(funcs)) =
        (&element.kind, &element.items)
    else {
        return Ok(None);
    };
    let mut ops = offset_expr.get_operators_reader();
    let (Ok(wasmparser::Operator::I32Const { value }), Ok(wasmparser::Operator::End)) = (ops.read(), ops.read()) else { return Ok(None) };
    let funcs = funcs.clone().into_iter().collect::<Result<Vec<u32>, _>>()?;
    if !funcs.iter().any(|f| dead.contains(f)) {
        return Ok(None);
    }
    Ok(Some((*table_index, value as u32, funcs)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module whose table holds a formatter (function 0, by its name), another function and
    /// the formatter again; its third function is `core::fmt::write` when `write`. No name
    /// section when `named` is false.
    fn module(named: bool, write: bool) -> Vec<u8> {
        let mut m = crate::wasm_order::test_module(&[wasm_encoder::ValType::I32, wasm_encoder::ValType::I32], 3, 4, true);
        let mut elements = wasm_encoder::ElementSection::new();
        elements.active(None, &wasm_encoder::ConstExpr::i32_const(1), wasm_encoder::Elements::Functions(Cow::Borrowed(&[0, 1, 0])));
        m.section(&elements);
        let mut code = wasm_encoder::CodeSection::new();
        for _ in 0..3 {
            let mut f = wasm_encoder::Function::new([]);
            f.instruction(&wasm_encoder::Instruction::I32Const(0));
            f.instruction(&wasm_encoder::Instruction::End);
            code.function(&f);
        }
        m.section(&code);
        let mut names = wasm_encoder::NameMap::new();
        names.append(0, "<u32 as core[c5930c85a12de822]::fmt::Display>::fmt");
        names.append(1, "siterecovery_wasm::js::is_match::h0123456789abcdef");
        names.append(2, if write { "core[c5930c85a12de822]::fmt::write" } else { "core::fmt::Formatter::pad_integral::h0123456789abcdef" });
        let mut section = wasm_encoder::NameSection::new();
        section.functions(&names);
        if named {
            m.section(&section);
        }
        m.finish()
    }

    /// The table's slots 1 to 3 as the element segments fill them: the function in each, or
    /// `None` for a null slot.
    fn slots(wasm: &[u8]) -> Vec<Option<u32>> {
        let mut table = vec![None; 4];
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::ElementSection(section) = payload.unwrap() {
                for element in section {
                    let element = element.unwrap();
                    let wasmparser::ElementKind::Active { offset_expr, .. } = element.kind else { panic!("not active") };
                    let wasmparser::Operator::I32Const { value } = offset_expr.get_operators_reader().read().unwrap() else {
                        panic!("offset")
                    };
                    let wasmparser::ElementItems::Functions(funcs) = element.items else { panic!("not functions") };
                    for (at, f) in (value as usize..).zip(funcs) {
                        table[at] = Some(f.unwrap());
                    }
                }
            }
        }
        table.split_off(1)
    }

    #[test]
    fn a_formatters_slots_become_null_when_nothing_formats() {
        let (out, count) = without_dead_formatters(&module(true, false)).unwrap().unwrap();
        assert_eq!(count, 2);
        wasmparser::Validator::new().validate_all(&out).unwrap();
        assert_eq!(slots(&out), [None, Some(1), None]);
    }

    #[test]
    fn a_module_that_formats_is_left_as_it_is() {
        assert!(without_dead_formatters(&module(true, true)).unwrap().is_none());
    }

    #[test]
    fn a_module_without_names_is_left_as_it_is() {
        let unnamed = module(false, false);
        assert!(function_names(&unnamed).unwrap().is_empty());
        assert!(without_dead_formatters(&unnamed).unwrap().is_none());
    }

    #[test]
    fn names_are_read_without_disambiguators_or_hashes() {
        assert_eq!(plain("<u32 as core[c5930c85a12de822]::fmt::Display>::fmt"), "<u32 as core::fmt::Display>::fmt");
        assert_eq!(plain("core::fmt::write::h0123456789abcdef"), "core::fmt::write");
        assert_eq!(plain("a::hello"), "a::hello");
        assert!(is_formatter("<&T as core::fmt::Debug>::fmt"));
        assert!(!is_formatter("<siterecovery_wasm::Task as core::ops::Drop>::drop"));
        assert!(!is_formatter("core::fmt::Formatter::pad_integral"));
    }
}
