//! One timestamp form, whatever the server sends: SRM pages give task times as int64 epoch
//! milliseconds, seed 004 as strings (integers or ISO-8601). All read as epoch milliseconds.
use siterecovery_schema::{date_time_fields, is_calendar_day, DateTime, Json, JsonKind, Number};

use crate::text::parse_i64;

/// Epoch milliseconds of a JSON value: an integer, a whole float below 2^53, an integer
/// string or an ISO-8601 / RFC 3339 time string. `None` for anything else.
pub fn epoch_ms<J: Json>(value: &J) -> Option<i64> {
    match value.kind() {
        JsonKind::Number => match value.as_number()? {
            Number::Int(i) => Some(i),
            Number::Uint(u) => i64::try_from(u).ok(),
            Number::Float(f) => (f.is_finite() && f.abs() < 9.0e15 && f == (f as i64) as f64).then_some(f as i64),
        },
        JsonKind::String => parse(&value.as_str()?),
        _ => None,
    }
}

/// Parse the string forms: an integer (`"1699999999999"`) or an ISO-8601 / RFC 3339 time
/// (`2023-11-14T22:13:19.999Z`, `+01:00`, `+0100`, no offset = UTC, `T` or space).
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim_ascii();
    parse_i64(t).or_else(|| parse_iso8601(t))
}

/// `len` ASCII digits of `b` from `from`, as a number.
fn digits(b: &[u8], from: usize, len: usize) -> Option<i64> {
    let s = b.get(from..from.checked_add(len)?)?;
    s.iter().try_fold(0i64, |n, c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0')))
}

/// An ISO-8601 / RFC 3339 time as servers write it (the schema crate's reader, lenient).
fn parse_iso8601(t: &str) -> Option<i64> {
    let DateTime { year, month, day, hour, minute, second, millis, offset_minutes } = date_time_fields(t.as_bytes(), false)?;
    let days = days_from_civil(year, month, day);
    Some(((days * 24 + hour) * 60 + minute - offset_minutes) * 60_000 + second * 1000 + millis)
}

/// Epoch milliseconds of an HTTP-date (RFC 9110 §5.6.7): IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`, two-digit
/// years in 1970–2069, four-digit ones as written) or asctime (`Sun Nov  6 08:49:37 1994`). The weekday is not checked.
pub fn http_date(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = |name: &str| MONTHS.iter().position(|m| *m == name).map(|i| i as i64 + 1);
    // At most four digits' worth (days, years): a year beyond would overflow the arithmetic.
    let number = |s: &str| parse_i64(s).filter(|n| (0..=9999).contains(n));
    let mut words = text.split_ascii_whitespace();
    let (day, mon, year, clock) = match (words.next()?, words.next()?, words.next()?, words.next()?) {
        // asctime: weekday month day time year
        (_, mon, day, clock) if month(mon).is_some() => (number(day)?, month(mon)?, number(words.next()?)?, clock),
        // RFC 850: weekday, DD-Mon-YY time GMT
        (_, dmy, clock, "GMT") => {
            let mut parts = dmy.split('-');
            let (day, mon, year) = (number(parts.next()?)?, month(parts.next()?)?, number(parts.next()?)?);
            (
                day,
                mon,
                match year {
                    0..70 => 2000 + year,
                    70..100 => 1900 + year,
                    _ => year,
                },
                clock,
            )
        }
        // IMF-fixdate: weekday, DD Mon YYYY time GMT
        (_, day, mon, year) => {
            let clock = words.next()?;
            (words.next()? == "GMT").then_some(())?;
            (number(day)?, month(mon)?, number(year)?, clock)
        }
    };
    if words.next().is_some() || !is_calendar_day(year, mon, day) {
        return None;
    }
    let b = clock.as_bytes();
    (b.len() == 8 && b.get(2) == Some(&b':') && b.get(5) == Some(&b':')).then_some(())?;
    let (hour, minute, second) = (digits(b, 0, 2)?, digits(b, 3, 2)?, digits(b, 6, 2)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some((((days_from_civil(year, mon, day) * 24 + hour) * 60 + minute) * 60 + second) * 1000)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_server_form_reads_as_one_value() {
        let cases = [
            ("1699999999999", 1_699_999_999_999),
            ("2023-11-14T22:13:19.999Z", 1_699_999_999_999),
            ("2023-11-14T23:13:19.999+01:00", 1_699_999_999_999),
            ("2023-11-14T22:13:19.999+0000", 1_699_999_999_999),
            ("2023-11-14T22:14:19.999+0001", 1_699_999_999_999),
            ("2023-11-15T03:43:19.999+0530", 1_699_999_999_999),
            ("2023-11-14T22:13:19.999", 1_699_999_999_999),
            ("2023-11-14 22:13:19.9991Z", 1_699_999_999_999),
            ("2023-11-14T17:13:19.999-05:00", 1_699_999_999_999),
            ("2023-11-14T22:13:19.5Z", 1_699_999_999_500),
            ("1970-01-01T00:00:00Z", 0),
            ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ];
        for (text, ms) in cases {
            assert_eq!(parse(text), Some(ms), "{text}");
        }
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000));
        assert_eq!(http_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(784_111_777_000));
        assert_eq!(http_date("Sun Nov  6 08:49:37 1994"), Some(784_111_777_000));
        assert_eq!(http_date("Sunday, 06-Nov-1994 08:49:37 GMT"), Some(784_111_777_000), "a four-digit year in the RFC 850 form");
        assert_eq!(http_date("Thu, 29 Feb 1996 00:00:00 GMT"), Some(825_552_000_000), "a leap day");
        for bad in [
            "Sun, 06 Nov 9223372036854775807 08:49:37 GMT",
            "Sun Nov  6 08:49:37 99999999999999",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Thu, 31 Nov 1994 08:49:37 GMT",
            "Sun, 29 Feb 1995 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "06 Nov 1994",
            "",
        ] {
            assert_eq!(http_date(bad), None, "{bad}");
        }
        for bad in [
            "yesterday",
            "2023-13-01T00:00:00Z",
            // Days no month has: not read as a day of the next month.
            "2024-02-30T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-01-00T00:00:00Z",
            "2023-11-14T22:13",
            "2023-11-14T22:13:19+1",
            "2023-11-14T22:13:19.Z",
            "2023-11-14T22:13:19Zx",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
