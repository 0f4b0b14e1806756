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
//! While joining, core's two-digit table (`"00"` to `"99"`, 200 bytes: what the integer
//! formatters write digits from) becomes zeros when nothing in the module can name it. The
//! package formats nothing, so its formatters go (`crate::wasm_fmt`, then wasm-opt), but
//! wasm-opt keeps the data they read: it cannot tell which addresses code computes. Here the
//! test is the most cautious one: no run of bytes anywhere in the module (code, globals, data),
//! read as a LEB128 number either way or as a little-endian word, names an address from 16
//! bytes before the table to its end. Measured on the package: 195 B gzip less.
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
    /// core's two-digit table was zeroed.
    pub digits_blanked: bool,
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
    let digits_blanked = blank_unread_digits(&elsewhere, &mut merged);
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
    Ok(Some(Joined { module: module.finish(), before, after: merged.len(), digits_blanked }))
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

/// core's two-digit table: `"00"`, `"01"`, ... `"99"`.
fn digit_table() -> Vec<u8> {
    (0..100u8).flat_map(|n| [b'0' + n / 10, b'0' + n % 10]).collect()
}

/// Zero core's two-digit table in `segments` where nothing names it: neither the module's
/// other sections (`elsewhere`) nor the segments' bytes (see the module's doc). Whether it did.
fn blank_unread_digits(elsewhere: &[&[u8]], segments: &mut [(u32, Vec<u8>)]) -> bool {
    let table = digit_table();
    for i in 0..segments.len() {
        let (offset, bytes) = &segments[i];
        let Some(at) = bytes.windows(table.len()).position(|w| w == table.as_slice()) else { continue };
        let start = u64::from(*offset) + at as u64;
        let named = start.saturating_sub(16)..start + table.len() as u64;
        let names = |b: &[u8]| (0..b.len()).any(|j| numbers_at(&b[j..]).iter().any(|n| named.contains(n)));
        if elsewhere.iter().any(|b| names(b)) || segments.iter().any(|(_, b)| names(b)) {
            continue;
        }
        segments[i].1[at..at + table.len()].fill(0);
        return true;
    }
    false
}

/// The numbers the bytes at the start of `b` may stand for: an unsigned and a signed LEB128
/// (as wasm writes constants, offsets and indices; a negative one as its 32-bit pattern) and a
/// little-endian word (as data holds a pointer).
fn numbers_at(b: &[u8]) -> [u64; 3] {
    let (mut unsigned, mut shift, mut signed) = (0u64, 0u32, u64::MAX);
    for &byte in b.iter().take(5) {
        unsigned |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            let value = if byte & 0x40 != 0 { unsigned as i64 - (1i64 << shift) } else { unsigned as i64 };
            signed = u64::from(value as u32);
            break;
        }
    }
    let word = b.get(..4).map_or(u64::MAX, |w| u64::from(u32::from_le_bytes([w[0], w[1], w[2], w[3]])));
    let unsigned = if signed == u64::MAX { u64::MAX } else { unsigned };
    [unsigned, signed, word]
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

    /// Where the tests put the digit table: far from the small numbers any module holds.
    const T: u32 = 40_000;

    /// Memory with the digit table at [`T`], from a module whose function body is `body` and
    /// whose data has `word` (little-endian) at 32; whether it was blanked, and memory before
    /// and after.
    fn with_digits(body: &[wasm_encoder::Instruction], word: u32) -> (bool, Vec<u8>, Vec<u8>) {
        let table = digit_table();
        let wasm = module(&[(32, &word.to_le_bytes()), (T, &table), (T + 300, b"after")], body);
        let out = joined(&wasm).unwrap().expect("joined");
        (out.digits_blanked, memory(&wasm), memory(&out.module))
    }

    #[test]
    fn the_digit_table_is_zeroed_only_when_nothing_names_it() {
        use wasm_encoder::Instruction as I;
        let t = T as usize;
        let (blanked, before, after) = with_digits(&[], 7);
        assert!(blanked);
        assert_eq!(&before[t..t + 200], digit_table().as_slice());
        assert!(after[t..t + 200].iter().all(|&b| b == 0), "the table is zeros");
        assert_eq!((&after[..t], &after[t + 200..]), (&before[..t], &before[t + 200..]), "nothing else changed");
        let at = |a: u32| vec![I::I32Const(a as i32), I::Drop];
        let load = |offset: u64| {
            let memarg = wasm_encoder::MemArg { offset, align: 0, target: wasm_encoder::MemArgTarget::Memory(0), ordering: None };
            vec![I::I32Const(0), I::I32Load(memarg), I::Drop]
        };
        let named: [(&str, Vec<I>, u32); 6] = [
            ("a constant at its start", at(T), 7),
            ("a constant inside it", at(T + 136), 7),
            ("a constant 16 bytes before it", at(T - 16), 7),
            ("a load's offset", load(u64::from(T) + 66), 7),
            ("a pointer in the data", vec![], T),
            ("a pointer to its last byte", vec![], T + 199),
        ];
        for (how, body, word) in named {
            let (blanked, before, after) = with_digits(&body, word);
            assert!(!blanked, "kept when named by {how}");
            assert_eq!(before, after, "{how}");
        }
        let (blanked, _, _) = with_digits(&[I::I32Const((T + 200) as i32), I::Drop, I::I32Const((T - 17) as i32), I::Drop], T - 17);
        assert!(blanked, "the addresses around it name it not");
    }
}
