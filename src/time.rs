//! One timestamp form, whatever the server sends: SRM pages give task times as int64 epoch
//! milliseconds, seed 004 as strings. Both decode to [`EpochMillis`]; it encodes as a number.
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EpochMillis(pub i64);

impl EpochMillis {
    /// Parse the string forms: an integer (`"1699999999999"`) or an RFC 3339 / ISO-8601 time.
    pub fn parse(text: &str) -> Option<EpochMillis> {
        let t = text.trim();
        if let Ok(ms) = t.parse::<i64>() {
            return Some(EpochMillis(ms));
        }
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(t) {
            return Some(EpochMillis(dt.timestamp_millis()));
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
            if let Ok(dt) = chrono::DateTime::parse_from_str(t, fmt) {
                return Some(EpochMillis(dt.timestamp_millis()));
            }
        }
        for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
            if let Ok(naive) = chrono::NaiveDateTime::parse_from_str(t, fmt) {
                return Some(EpochMillis(naive.and_utc().timestamp_millis()));
            }
        }
        None
    }
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
            ("1.699999999999e12", 1_699_999_999_999),
        ];
        for (json, ms) in cases {
            let got: EpochMillis = serde_json::from_str(json).unwrap();
            assert_eq!(got, EpochMillis(ms), "{json}");
            assert_eq!(serde_json::to_string(&got).unwrap(), ms.to_string());
        }
        assert!(serde_json::from_str::<EpochMillis>("\"yesterday\"").is_err());
        assert!(serde_json::from_str::<EpochMillis>("1.5").is_err());
    }
}
