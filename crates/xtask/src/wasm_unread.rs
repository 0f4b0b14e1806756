//! Data the package never reads, made zeros (which deflate to almost nothing). Memory keeps
//! its layout: every address stays what it was. Two kinds, each found by its shape:
//!
//! - **core's two-digit table** (`"00"` to `"99"`, 200 bytes), which only the integer
//!   formatters read. The package formats nothing: its formatters leave the module
//!   (`crate::wasm_fmt`, then wasm-opt), but wasm-opt keeps their data, as it cannot tell which
//!   addresses code computes. The table is blanked when nothing names it (see [`named`]) from
//!   16 bytes before it (an address a compiler may offset) to its end.
//! - **panic locations**. Every place that may panic hands the panic a `Location` (file name,
//!   line, column: 16 bytes pointing at the file name) that only a panic handler reads, and the
//!   package's reads nothing of a panic (the wasm crate's lib.rs: it rejects the call with kind
//!   `internal`). Each record keeps its address and its pointer; its length, line and column
//!   become 0 (an empty file name). A file name becomes zeros when nothing but those records
//!   names it.
//!
//! "Named" is the most cautious test there is: a run of bytes anywhere in the module (code,
//! globals, elements, data; not the data segments' own headers), read as a LEB128 number
//! either way or as a little-endian word, that stands for an address in the range.
use std::ops::Range;

/// What [`blank`] made zeros.
#[derive(Debug, Default, PartialEq)]
pub struct Blanked {
    /// core's two-digit table.
    pub digits: bool,
    /// Panic location records, and the file names among theirs that nothing else names.
    pub locations: usize,
    pub files: usize,
}

/// Blank the unread data of `segments` (active segments of memory 0: offset, bytes), given the
/// module's other sections (`elsewhere`).
pub fn blank(elsewhere: &[&[u8]], segments: &mut [(u32, Vec<u8>)]) -> Blanked {
    let records = locations(segments);
    let record_starts: Vec<u64> = records.iter().map(|&(s, at, _)| u64::from(segments[s].0) + at as u64).collect();
    let mut blanked = Blanked { digits: blank_digits(elsewhere, segments, &record_starts), ..Blanked::default() };
    // The files are looked for with the records gone, so that they name nothing.
    let mut without = segments.to_vec();
    for &(s, at, _) in &records {
        without[s].1[at..at + 16].fill(0);
    }
    let mut files: Vec<Range<u64>> = records.iter().map(|r| r.2.clone()).collect();
    files.sort_by_key(|r| (r.start, r.end));
    files.dedup();
    for file in files {
        if named(elsewhere, &without, &file) {
            continue;
        }
        for (offset, bytes) in segments.iter_mut() {
            let start = u64::from(*offset);
            if (start..start + bytes.len() as u64).contains(&file.start) {
                bytes[(file.start - start) as usize..(file.end - start) as usize].fill(0);
            }
        }
        blanked.files += 1;
    }
    for &(s, at, _) in &records {
        segments[s].1[at + 4..at + 16].fill(0);
    }
    blanked.locations = records.len();
    blanked
}

/// core's two-digit table: `"00"`, `"01"`, ... `"99"`.
pub fn digit_table() -> Vec<u8> {
    (0..100u8).flat_map(|n| [b'0' + n / 10, b'0' + n % 10]).collect()
}

/// Zero the digit table where nothing names it; whether it did. `record_starts`: the addresses
/// of the panic location records, 16 bytes each: one that ends where the table begins is named
/// as itself (a panic's location), not as the table 16 bytes on.
fn blank_digits(elsewhere: &[&[u8]], segments: &mut [(u32, Vec<u8>)], record_starts: &[u64]) -> bool {
    let table = digit_table();
    for i in 0..segments.len() {
        let (offset, bytes) = &segments[i];
        let Some(at) = bytes.windows(table.len()).position(|w| w == table.as_slice()) else { continue };
        let start = u64::from(*offset) + at as u64;
        let a_record = |n: u64| n + 16 <= start && record_starts.contains(&n);
        if named_but(elsewhere, segments, &(start.saturating_sub(16)..start + table.len() as u64), &a_record) {
            continue;
        }
        segments[i].1[at..at + table.len()].fill(0);
        return true;
    }
    false
}

/// The panic location records of `segments`: (segment, offset in it, the file name's
/// addresses). A record is 4-aligned in memory: a pointer to a file name in the data (printable
/// text ending in `.rs`), its length, a line and a column (neither 0, nor absurdly large).
fn locations(segments: &[(u32, Vec<u8>)]) -> Vec<(usize, usize, Range<u64>)> {
    let text_at = |address: u64, len: u64| {
        segments.iter().find_map(|(offset, bytes)| {
            let from = address.checked_sub(u64::from(*offset))? as usize;
            bytes.get(from..from + len as usize)
        })
    };
    let mut out = Vec::new();
    for (s, (offset, bytes)) in segments.iter().enumerate() {
        let first = (4 - offset % 4) as usize % 4;
        for at in (first..bytes.len().saturating_sub(15)).step_by(4) {
            let word = |i: usize| u64::from(u32::from_le_bytes([bytes[at + i], bytes[at + i + 1], bytes[at + i + 2], bytes[at + i + 3]]));
            let (file, len, line, column) = (word(0), word(4), word(8), word(12));
            if !(4..=4096).contains(&len) || !(1..=1_000_000).contains(&line) || !(1..=10_000).contains(&column) {
                continue;
            }
            let Some(name) = text_at(file, len) else { continue };
            if name.ends_with(b".rs") && name.iter().all(|b| (0x20..0x7f).contains(b)) {
                out.push((s, at, file..file + len));
            }
        }
    }
    out
}

/// Whether any run of bytes in `elsewhere` or in the segments' bytes names an address in
/// `range` (see the module's doc).
fn named(elsewhere: &[&[u8]], segments: &[(u32, Vec<u8>)], range: &Range<u64>) -> bool {
    named_but(elsewhere, segments, range, &|_| false)
}

/// [`named`], not counting the addresses `ignored` says.
fn named_but(elsewhere: &[&[u8]], segments: &[(u32, Vec<u8>)], range: &Range<u64>, ignored: &dyn Fn(u64) -> bool) -> bool {
    let names = |b: &[u8]| (0..b.len()).any(|i| numbers_at(&b[i..]).iter().any(|&n| range.contains(&n) && !ignored(n)));
    elsewhere.iter().any(|b| names(b)) || segments.iter().any(|(_, b)| names(b))
}

/// The numbers the bytes at the start of `b` may stand for: an unsigned and a signed LEB128
/// (as wasm writes constants, offsets and indices; a negative one as its 32-bit pattern) and a
/// little-endian word (as data holds a pointer). `u64::MAX` for none.
fn numbers_at(b: &[u8]) -> [u64; 3] {
    let (mut unsigned, mut shift) = (0u64, 0u32);
    let mut leb = [u64::MAX; 2];
    for &byte in b.iter().take(5) {
        unsigned |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            let signed = if byte & 0x40 != 0 { unsigned as i64 - (1i64 << shift) } else { unsigned as i64 };
            leb = [unsigned, u64::from(signed as u32)];
            break;
        }
    }
    let word = b.get(..4).map_or(u64::MAX, |w| u64::from(u32::from_le_bytes([w[0], w[1], w[2], w[3]])));
    [leb[0], leb[1], word]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the tests put data: far from the small numbers any module holds.
    const T: u32 = 40_000;

    fn le(words: &[u32]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    /// Segments: `word` (little-endian) at 32, the digit table at [`T`]; what `blank` made of
    /// them with `code` as the module's other bytes.
    fn digits_with(code: &[u8], word: u32) -> (Blanked, Vec<(u32, Vec<u8>)>) {
        let mut segments = vec![(32, le(&[word])), (T, digit_table())];
        let blanked = blank(&[code], &mut segments);
        (blanked, segments)
    }

    /// `value` as a signed LEB128 (an `i32.const`'s immediate).
    fn sleb(mut value: i64) -> Vec<u8> {
        let mut out = Vec::new();
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0) {
                out.push(byte);
                return out;
            }
            out.push(byte | 0x80);
        }
    }

    #[test]
    fn the_digit_table_is_zeroed_only_when_nothing_names_it() {
        let (blanked, segments) = digits_with(&[0x41, 0x07, 0x1a], 7);
        assert!(blanked.digits);
        assert_eq!(segments, [(32, le(&[7])), (T, vec![0; 200])], "the table is zeros, nothing else changed");
        let i32_const = |a: u32| [&[0x41][..], &sleb(i64::from(a))].concat();
        let named: [(&str, Vec<u8>, u32); 7] = [
            ("a constant at its start", i32_const(T), 7),
            ("a constant inside it", i32_const(T + 136), 7),
            ("a constant 16 bytes before it", i32_const(T - 16), 7),
            // i32.load align=0 offset=T+66 (an unsigned LEB128)
            ("a load's offset", [&[0x28, 0x00][..], &sleb(i64::from(T + 66))].concat(), 7),
            ("a pointer in the data", vec![], T),
            ("a pointer to its last byte", vec![], T + 199),
            ("a word in the code", le(&[T + 10]), 7),
        ];
        for (how, code, word) in named {
            let (blanked, segments) = digits_with(&code, word);
            assert!(!blanked.digits, "kept when named by {how}");
            assert_eq!(segments[1].1, digit_table(), "{how}");
        }
        let (blanked, _) = digits_with(&[i32_const(T + 200), i32_const(T - 17)].concat(), T - 17);
        assert!(blanked.digits, "the addresses around it name it not");

        // A panic location record right before it (at T - 8: the table is at T + 8), named:
        // the record is, not the table.
        let file = b"src/a.rs";
        let data = [&file[..], &[0; 4], &le(&[T - 20, file.len() as u32, 3, 5]), &digit_table()].concat();
        let mut segments = vec![(T - 20, data.clone())];
        let blanked = blank(&[&i32_const(T - 8)], &mut segments);
        assert!(blanked.digits && blanked.locations == 1, "{blanked:?}");
        let mut segments = vec![(T - 20, data)];
        let blanked = blank(&[&i32_const(T - 4)], &mut segments);
        assert!(!blanked.digits && blanked.locations == 1, "12 bytes before it is no record's start");
    }

    #[test]
    fn panic_locations_lose_their_file_line_and_column_but_keep_their_address() {
        let file = b"crates/x/src/lib.rs";
        let f = T + 4;
        let len = file.len() as u32;
        // Two records of one file, a string that is no file, a record-like run whose text is
        // not a file name.
        let mut data = [&b"abcd"[..], file, b"\0"].concat();
        data.resize(64, 0);
        data.extend(le(&[f, len, 25, 9, f, len, 300, 17, T, 4, 1, 1]));
        let mut segments = vec![(T, data.clone())];
        let code = [0x41, 0xc0, 0xb8, 0x02]; // i32.const T: the "abcd" string, named
        let blanked = blank(&[&code], &mut segments);
        assert_eq!(blanked, Blanked { digits: false, locations: 2, files: 1 });
        let out = &segments[0].1;
        assert_eq!(&out[..4], b"abcd", "other data is kept");
        assert_eq!(out[4..4 + file.len()], vec![0; file.len()], "the file name is zeros");
        assert_eq!(out[64..96], le(&[f, 0, 0, 0, f, 0, 0, 0]), "each record keeps its pointer");
        assert_eq!(out[96..], data[96..], "a record of no file is kept");

        // A file name that something else names stays; its records are blanked all the same.
        let mut segments = vec![(T, data.clone())];
        let code = [&code[..], &[0x41], &sleb(i64::from(f + 3))].concat();
        let blanked = blank(&[&code], &mut segments);
        assert_eq!(blanked, Blanked { digits: false, locations: 2, files: 0 });
        assert_eq!(&segments[0].1[4..4 + file.len()], file);
        assert_eq!(segments[0].1[64..96], le(&[f, 0, 0, 0, f, 0, 0, 0]));
    }
}
