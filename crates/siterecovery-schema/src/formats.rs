//! String `format`s, accepted exactly where the typed client's parsers accept them: `uuid`
//! as the `uuid` crate parses it, `date` / `date-time` as RFC 3339 (`chrono`), IP
//! addresses as `core::net` does (`crate::ip`). Byte-wise, without indexing that could panic.
pub use crate::ip::{ip, ipv4, ipv6};

use crate::table::Format;

/// A string `format` and its check. A table lists the ones its schemas use
/// ([`crate::Api::string_formats`]), so that a program links only those checks (the IP
/// address parsers are 1 KB of wasm our specs never use).
pub type StringFormat = (Format, fn(&str) -> bool);

/// Every string format this crate checks: for tables that may use any (tests).
pub const STRING_FORMATS: &[StringFormat] = &[
    (Format::Uuid, uuid),
    (Format::Date, date),
    (Format::DateTime, date_time),
    (Format::Ip, ip),
    (Format::Ipv4, ipv4),
    (Format::Ipv6, ipv6),
];

/// The integer range a format allows (the Rust type the typed client decodes into); no
/// format or another one: `i64`.
pub fn integer_range(format: Format) -> (i128, i128) {
    match format {
        Format::Int8 => (i8::MIN.into(), i8::MAX.into()),
        Format::Int16 => (i16::MIN.into(), i16::MAX.into()),
        Format::Int32 => (i32::MIN.into(), i32::MAX.into()),
        Format::Uint8 => (0, u8::MAX.into()),
        Format::Uint16 => (0, u16::MAX.into()),
        Format::Uint32 => (0, u32::MAX.into()),
        Format::Uint64 => (0, u64::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    }
}

/// `format: uuid`: hyphenated (36), simple (32), braced (38) or `urn:uuid:` (45), hex digits
/// in any case.
pub fn uuid(text: &str) -> bool {
    let b = text.as_bytes();
    match b.len() {
        32 => b.iter().all(u8::is_ascii_hexdigit),
        36 => hyphenated(b),
        38 => matches!(b, [b'{', inner @ .., b'}'] if hyphenated(inner)),
        45 => match b.split_at_checked(9) {
            Some((prefix, rest)) => prefix.eq_ignore_ascii_case(b"urn:uuid:") && hyphenated(rest),
            None => false,
        },
        _ => false,
    }
}

fn hyphenated(b: &[u8]) -> bool {
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `n` ASCII digits at the start of `b` as a number, and the rest.
fn digits(b: &[u8], n: usize) -> Option<(u32, &[u8])> {
    let (head, rest) = b.split_at_checked(n)?;
    let mut value = 0u32;
    for c in head {
        if !c.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(c - b'0');
    }
    Some((value, rest))
}

fn expect(b: &[u8], byte: u8) -> Option<&[u8]> {
    match b {
        [first, rest @ ..] if *first == byte => Some(rest),
        _ => None,
    }
}

/// `YYYY-MM-DD` at the start of `b` (a real calendar day), and the rest.
fn full_date(b: &[u8]) -> Option<&[u8]> {
    let (year, rest) = digits(b, 4)?;
    let (month, rest) = digits(expect(rest, b'-')?, 2)?;
    let (day, rest) = digits(expect(rest, b'-')?, 2)?;
    is_calendar_day(year.into(), month.into(), day.into()).then_some(rest)
}

/// Whether `year-month-day` is a day of the proleptic Gregorian calendar (`2024-02-29` is,
/// `2023-02-29` and `2024-04-31` are not). The timestamp parsers of `siterecovery-core` use it too.
pub fn is_calendar_day(year: i64, month: i64, day: i64) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `format: date`: `YYYY-MM-DD`, a calendar day.
pub fn date(text: &str) -> bool {
    full_date(text.as_bytes()).is_some_and(<[u8]>::is_empty)
}

/// `format: date-time`, RFC 3339: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`; `t`/`z` and a
/// space for `T` too.
pub fn date_time(text: &str) -> bool {
    date_time_fields(text.as_bytes(), true).is_some()
}

/// The fields of a date-time; the offset in minutes east of UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    /// The fraction's first three digits (`.5` is 500, `.9991` is 999).
    pub millis: i64,
    pub offset_minutes: i64,
}

/// `YYYY-MM-DD`, `T` (or `t` or a space), `hh:mm:ss`, a fraction, an offset: one reader for
/// the `date-time` format (`strict`: RFC 3339, a `.` fraction and a `Z` or `±hh:mm` offset)
/// and for the task times servers write (`siterecovery-core`'s `time`: also a `,` fraction,
/// a `±hhmm` offset, or none, meaning UTC).
pub fn date_time_fields(b: &[u8], strict: bool) -> Option<DateTime> {
    let (year, rest) = digits(b, 4)?;
    let (month, rest) = digits(expect(rest, b'-')?, 2)?;
    let (day, rest) = digits(expect(rest, b'-')?, 2)?;
    let rest = rest.split_first().filter(|(c, _)| matches!(c, b'T' | b't' | b' '))?.1;
    let (hour, rest) = digits(rest, 2)?;
    let (minute, rest) = digits(expect(rest, b':')?, 2)?;
    let (second, mut rest) = digits(expect(rest, b':')?, 2)?;
    let calendar = is_calendar_day(year.into(), month.into(), day.into());
    if !calendar || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut millis = 0;
    if let Some((_, fraction)) = rest.split_first().filter(|(c, _)| **c == b'.' || (!strict && **c == b',')) {
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        millis = (0..3).fold(0, |m, k| m * 10 + fraction.get(k).filter(|_| k < n).map_or(0, |d| i64::from(d - b'0')));
        rest = fraction.get(n..).filter(|_| n > 0)?;
    }
    let offset_minutes = match rest {
        b"Z" | b"z" => 0,
        [] if !strict => 0,
        [sign @ (b'+' | b'-'), offset @ ..] => {
            let (h, rest) = digits(offset, 2)?;
            let rest = if strict { expect(rest, b':')? } else { rest.strip_prefix(b":").unwrap_or(rest) };
            let (m, rest) = digits(rest, 2)?;
            if h > 23 || m > 59 || !rest.is_empty() {
                return None;
            }
            let minutes = i64::from(h * 60 + m);
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return None,
    };
    let [year, month, day, hour, minute, second] = [year, month, day, hour, minute, second].map(i64::from);
    Some(DateTime { year, month, day, hour, minute, second, millis, offset_minutes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_in_every_form_the_uuid_crate_parses() {
        for ok in [
            "6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11",
            "6F1C1C361F2B4A539A8E3B2D3C1E0F11",
            "{6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11}",
            "URN:uuid:6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f11",
        ] {
            assert!(uuid(ok), "{ok}");
        }
        for bad in [
            "",
            "string",
            "6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f1",
            "6f1c1c36x1f2b-4a53-9a8e-3b2d3c1e0f11",
            "6f1c1c36-1f2b-4a53-9a8e-3b2d3c1e0f1g",
        ] {
            assert!(!uuid(bad), "{bad}");
        }
    }

    #[test]
    fn dates_and_times() {
        assert!(date("2024-02-29") && !date("2023-02-29") && !date("2024-13-01") && !date("2024-1-01"));
        for ok in ["2024-05-01T12:00:00Z", "2024-05-01t12:00:00.123z", "2024-05-01 12:00:00+02:00", "2024-05-01T23:59:60-00:30"] {
            assert!(date_time(ok), "{ok}");
        }
        for bad in [
            "2024-05-01",
            "2024-05-01T12:00:00",
            "2024-05-01T12:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:00:00.Z",
            "2024-05-01T12:00:00+0200",
            "2024-05-01T12:00:00Zjunk",
        ] {
            assert!(!date_time(bad), "{bad}");
        }
    }

    #[test]
    fn ip_addresses_and_integer_ranges() {
        assert!(ipv4("10.0.0.1") && !ipv4("::1"));
        assert!(ip("::1") && !ipv6("10.0.0.1"));
        let checked: alloc::vec::Vec<Format> = STRING_FORMATS.iter().map(|(f, _)| *f).collect();
        assert!(
            !checked.contains(&Format::Password) && !checked.contains(&Format::Int32),
            "formats that constrain no string have no check"
        );
        assert_eq!(integer_range(Format::Int32), (-2_147_483_648, 2_147_483_647));
        assert_eq!(integer_range(Format::None), (i64::MIN.into(), i64::MAX.into()));
    }
}
