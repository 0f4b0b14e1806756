//! One timestamp form, whatever the server sends: SRM pages give task times as int64 epoch
//! milliseconds, seed 004 as strings. Both decode to [`EpochMillis`]; it encodes as a number.
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EpochMillis(pub i64);

impl EpochMillis {
    /// Parse the string forms: an integer (`"1699999999999"`) or an ISO-8601 / RFC 3339 time
    /// (`2023-11-14T22:13:19.999Z`, `+01:00`, `+0100`, no offset = UTC, `T` or space).
    pub fn parse(text: &str) -> Option<EpochMillis> {
        let t = text.trim();
        if let Ok(ms) = t.parse::<i64>() {
            return Some(EpochMillis(ms));
        }
        parse_iso8601(t).map(EpochMillis)
    }
}

/// A small ISO-8601 reader (no date library in the wasm package).
fn parse_iso8601(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = t.get(from..from + len)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let frac = t.get(start..i).filter(|f| !f.is_empty())?;
        millis = format!("{frac:0<3}")[..3].parse().ok()?;
    }
    let offset_minutes = match t.get(i..)? {
        "" | "Z" | "z" => 0,
        rest => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = rest[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            sign * (digits[..2].parse::<i64>().ok()? * 60 + digits[2..].parse::<i64>().ok()?)
        }
    };
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + hour) * 60 + minute - offset_minutes) * 60_000 + second * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Serialize for EpochMillis {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for EpochMillis {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(EpochVisitor)
    }
}

struct EpochVisitor;

impl Visitor<'_> for EpochVisitor {
    type Value = EpochMillis;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("epoch milliseconds as an integer, or a time string")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<EpochMillis, E> {
        Ok(EpochMillis(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<EpochMillis, E> {
        i64::try_from(v).map(EpochMillis).map_err(|_| E::custom("timestamp out of range"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<EpochMillis, E> {
        if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(EpochMillis(v as i64))
        } else {
            Err(E::custom(format!("{v} is not a whole number of milliseconds")))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<EpochMillis, E> {
        EpochMillis::parse(v).ok_or_else(|| E::custom(format!("{v:?} is not a timestamp")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_server_form_decodes_to_one_value() {
        let cases = [
            ("1699999999999", 1_699_999_999_999),
            ("\"1699999999999\"", 1_699_999_999_999),
            ("\"2023-11-14T22:13:19.999Z\"", 1_699_999_999_999),
            ("\"2023-11-14T23:13:19.999+01:00\"", 1_699_999_999_999),
            ("\"2023-11-14T22:13:19.999+0000\"", 1_699_999_999_999),
            ("\"2023-11-14T22:13:19.999\"", 1_699_999_999_999),
            ("\"2023-11-14 22:13:19.9991Z\"", 1_699_999_999_999),
            ("\"2023-11-14T17:13:19.999-05:00\"", 1_699_999_999_999),
            ("\"1970-01-01T00:00:00Z\"", 0),
            ("\"2024-02-29T00:00:00Z\"", 1_709_164_800_000),
            ("1.699999999999e12", 1_699_999_999_999),
        ];
        for (json, ms) in cases {
            let got: EpochMillis = serde_json::from_str(json).unwrap();
            assert_eq!(got, EpochMillis(ms), "{json}");
            assert_eq!(serde_json::to_string(&got).unwrap(), ms.to_string());
        }
        assert!(serde_json::from_str::<EpochMillis>("\"yesterday\"").is_err());
        assert!(serde_json::from_str::<EpochMillis>("1.5").is_err());
        for bad in ["2023-13-01T00:00:00Z", "2023-11-14T22:13", "2023-11-14T22:13:19+1", "2023-11-14T22:13:19.Z"] {
            assert!(EpochMillis::parse(bad).is_none(), "{bad}");
        }
    }
}
