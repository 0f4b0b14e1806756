//! The package's data as one segment. wasm-opt's memory packing splits the module's data at
//! every run of zeros, to save the zeros' bytes; the package's data becomes some 140 segments
//! (most of them the table's structs, cut at their zero fields), each with a header of its own
//! (its offset, its length) that gzip can hardly compress, while the zeros it saved would have
//! compressed to almost nothing. Here the active segments of memory 0 are joined again, the
//! gaps between them filled with the zeros memory holds there anyway: the memory a module
//! starts with is the same byte for byte. Measured on the package: 141 segments to 1, the module
//! 1,336 B larger raw and 609 B smaller gzip (41,610 -> 41,001); the 302-operation fixture
//! package 2.6 KB smaller gzip.
//!
//! A module that refers to its segments by number (`memory.init`, `data.drop`), or has a
//! passive segment or a segment at an offset not a constant, is left as it is.
//!
//! While joining, the data nothing reads is blanked (`crate::wasm_unread`).
use std::ops::Range;

/// Gaps up to this many bytes are filled (zeros deflate to a few bits each); a segment further
/// away stays a segment of its own.
const MAX_GAP: u32 = 4096;

/// One active segment: where it starts in memory 0, and its bytes.
type Segment<'a> = (u32, &'a [u8]);

/// A module with its data joined.
pub struct Joined {
    pub module: Vec<u8>,
    /// The segment counts before and after.
    pub before: usize,
    pub after: usize,
    /// What was blanked.
    pub unread: crate::wasm_unread::Blanked,
}

/// The module with its data joined; `None` when it has no data or is to be left as it is (see
/// the module's doc).
pub fn joined(wasm: &[u8]) -> Result<Option<Joined>, String> {
    let mut sections: Vec<(u8, Range<usize>)> = Vec::new();
    let mut segments: Vec<Segment> = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(|e| e.to_string())?;
        match &payload {
            wasmparser::Payload::DataSection(reader) => {
                for data in reader.clone() {
                    let data = data.map_err(|e| e.to_string())?;
                    let wasmparser::DataKind::Active { memory_index: 0, offset_expr } = data.kind else { return Ok(None) };
                    let mut ops = offset_expr.get_operators_reader();
                    let (Ok(wasmparser::Operator::I32Const { value }), Ok(wasmparser::Operator::End)) = (ops.read(), ops.read()) else {
                        return Ok(None);
                    };
                    segments.push((value as u32, data.data));
                }
            }
            wasmparser::Payload::CodeSectionEntry(body) => {
                for op in body.get_operators_reader().map_err(|e| e.to_string())? {
                    if matches!(
                        op.map_err(|e| e.to_string())?,
                        wasmparser::Operator::MemoryInit { .. } | wasmparser::Operator::DataDrop { .. }
                    ) {
                        return Ok(None);
                    }
                }
            }
            _ => {}
        }
        if let Some((id, range)) = payload.as_section() {
            sections.push((id, range.start as usize..range.end as usize));
        }
    }
    if segments.is_empty() {
        return Ok(None);
    }
    let before = segments.len();
    let mut merged = merge(segments);
    // Everything but the data section's own segment headers, and the data as it now is.
    let elsewhere: Vec<&[u8]> = sections.iter().filter(|(id, _)| *id != 11).map(|(_, r)| &wasm[r.clone()]).collect();
    let unread = crate::wasm_unread::blank(&elsewhere, &mut merged);
    let mut module = wasm_encoder::Module::new();
    for (id, range) in sections {
        match id {
            11 => {
                let mut data = wasm_encoder::DataSection::new();
                for (offset, bytes) in &merged {
                    data.active(0, &wasm_encoder::ConstExpr::i32_const(*offset as i32), bytes.iter().copied());
                }
                module.section(&data)
            }
            12 => module.section(&wasm_encoder::DataCountSection { count: merged.len() as u32 }),
            _ => module.section(&wasm_encoder::RawSection { id, data: &wasm[range] }),
        };
    }
    Ok(Some(Joined { module: module.finish(), before, after: merged.len(), unread }))
}

/// The segments, sorted by offset, joined wherever the gap between two is at most
/// [`MAX_GAP`] (filled with zeros). Segments never overlap in a module built by a linker; if
/// two did, the later one's bytes win, as they would when the module is instantiated.
fn merge(mut segments: Vec<Segment>) -> Vec<(u32, Vec<u8>)> {
    segments.sort_by_key(|&(offset, _)| offset);
    let mut out: Vec<(u32, Vec<u8>)> = Vec::new();
    for (offset, bytes) in segments {
        match out.last_mut() {
            Some((start, joined)) if u64::from(offset).saturating_sub(u64::from(*start) + joined.len() as u64) <= u64::from(MAX_GAP) => {
                let at = (offset - *start) as usize;
                if joined.len() < at + bytes.len() {
                    joined.resize(at + bytes.len(), 0);
                }
                joined[at..at + bytes.len()].copy_from_slice(bytes);
            }
            _ => out.push((offset, bytes.to_vec())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with one memory and `segments` (active at constant offsets), and a function
    /// whose body is `body` (then `end`).
    fn module(segments: &[(u32, &[u8])], body: &[wasm_encoder::Instruction]) -> Vec<u8> {
        let mut m = wasm_encoder::Module::new();
        let mut types = wasm_encoder::TypeSection::new();
        types.ty().function([], []);
        m.section(&types);
        let mut functions = wasm_encoder::FunctionSection::new();
        functions.function(0);
        m.section(&functions);
        let mut memories = wasm_encoder::MemorySection::new();
        memories.memory(wasm_encoder::MemoryType { minimum: 1, maximum: None, memory64: false, shared: false, page_size_log2: None });
        m.section(&memories);
        m.section(&wasm_encoder::DataCountSection { count: segments.len() as u32 });
        let mut code = wasm_encoder::CodeSection::new();
        let mut f = wasm_encoder::Function::new([]);
        for i in body {
            f.instruction(i);
        }
        f.instruction(&wasm_encoder::Instruction::End);
        code.function(&f);
        m.section(&code);
        let mut data = wasm_encoder::DataSection::new();
        for (offset, bytes) in segments {
            data.active(0, &wasm_encoder::ConstExpr::i32_const(*offset as i32), bytes.iter().copied());
        }
        m.section(&data);
        m.finish()
    }

    /// The first 64 KB of memory as the module's segments set it at instantiation.
    fn memory(wasm: &[u8]) -> Vec<u8> {
        let mut memory = vec![0u8; 65536];
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::DataSection(reader) = payload.unwrap() {
                for data in reader {
                    let data = data.unwrap();
                    let wasmparser::DataKind::Active { offset_expr, .. } = data.kind else { panic!("passive") };
                    let Ok(wasmparser::Operator::I32Const { value }) = offset_expr.get_operators_reader().read() else { panic!("offset") };
                    memory[value as usize..value as usize + data.data.len()].copy_from_slice(data.data);
                }
            }
        }
        memory
    }

    #[test]
    fn segments_close_together_become_one_and_memory_starts_the_same() {
        let wasm = module(&[(16, b"abc"), (40, b"\x01\x02"), (20, b"de"), (40 + 3 + MAX_GAP + 1, b"far")], &[]);
        let Joined { module: out, before, after, .. } = joined(&wasm).unwrap().expect("joined");
        assert_eq!((before, after), (4, 2), "the far segment stays apart");
        wasmparser::Validator::new().validate_all(&out).expect("a valid module (its data count follows)");
        assert_eq!(memory(&out), memory(&wasm));
        let mut segments = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(&out) {
            if let wasmparser::Payload::DataSection(reader) = payload.unwrap() {
                segments.extend(reader.into_iter().map(|d| d.unwrap().data.len()));
            }
        }
        assert_eq!(segments, [42 - 16, 3], "16..42 is one segment, its gaps zeros");
    }

    #[test]
    fn a_module_that_names_its_segments_is_left_as_it_is() {
        let wasm = module(&[(16, b"abc"), (24, b"de")], &[wasm_encoder::Instruction::DataDrop(1)]);
        assert!(joined(&wasm).unwrap().is_none());
        let wasm = module(&[(16, b"abc"), (24, b"de")], &[]);
        assert!(joined(&wasm).unwrap().is_some());
    }

    #[test]
    fn the_data_nothing_reads_is_blanked_while_joining() {
        let table = crate::wasm_unread::digit_table();
        let wasm = module(&[(40_000, &table), (40_300, b"after")], &[]);
        let out = joined(&wasm).unwrap().expect("joined");
        assert!(out.unread.digits);
        let (before, after) = (memory(&wasm), memory(&out.module));
        assert_eq!(&before[40_000..40_200], table.as_slice());
        assert_eq!(after[40_000..40_200], [0; 200]);
        assert_eq!((&after[..40_000], &after[40_200..]), (&before[..40_000], &before[40_200..]), "nothing else changed");
    }
}
