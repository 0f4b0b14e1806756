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
    /// (`2023-11-14T22:13:19.999Z`, `+01:00`, `+0100`, no offset = UTC, `T` or space); the
    /// core crate's reader, shared with the task view and the wasm package.
    pub fn parse(text: &str) -> Option<EpochMillis> {
        siterecovery_core::time::parse(text).map(EpochMillis)
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
        // The core crate's rule for a float: whole and below 2^53.
        siterecovery_core::time::epoch_ms(&&serde_json::Value::from(v))
            .map(EpochMillis)
            .ok_or_else(|| E::custom(format!("{v} is not a whole number of milliseconds")))
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
