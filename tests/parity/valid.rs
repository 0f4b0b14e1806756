//! Valid instances of a schema of the table, as proptest strategies: what the typed client
//! accepts too (strings match their pattern and format, numbers their bounds, required
//! properties are there, optional ones sometimes, unknown ones only where allowed).
use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Union};
use serde_json::{json, Map, Value};
use siterecovery::schema::table::{Additional, Bound, Format, Kind, Literal, Schema, SchemaId};
use siterecovery::schema::Api;

/// Valid instances of schema `id`.
pub fn valid(api: &'static Api, id: SchemaId, depth: u32) -> BoxedStrategy<Value> {
    let Some(schema) = api.schema(id) else { return Just(Value::Null).boxed() };
    let value = non_null(api, schema, depth);
    if schema.nullable {
        prop_oneof![1 => Just(Value::Null), 5 => value].boxed()
    } else {
        value
    }
}

fn non_null(api: &'static Api, schema: &'static Schema, depth: u32) -> BoxedStrategy<Value> {
    if schema.name == "TaskTime" {
        // The typed client's `EpochMillis` takes epoch milliseconds or a timestamp string
        // (a listed difference: the spec allows any string).
        return prop_oneof![(0i64..4_102_444_800_000).prop_map(Value::from), date_time().prop_map(Value::from)].boxed();
    }
    if !schema.one_of.is_empty() {
        return Union::new(schema.one_of.iter().map(|id| valid(api, *id, depth + 1))).boxed();
    }
    if !schema.limits.enumeration.is_empty() {
        let values: Vec<Value> = schema
            .limits
            .enumeration
            .iter()
            .map(|l| match *l {
                Literal::Null => Value::Null,
                Literal::Bool(b) => json!(b),
                Literal::Int(i) => json!(i),
                Literal::Number(n) => json!(n),
                Literal::Str(s) => json!(s),
            })
            .collect();
        return proptest::sample::select(values).boxed();
    }
    match schema.kind {
        Kind::Any => prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            (-1000i64..1000).prop_map(Value::from),
            "[a-z]{0,6}".prop_map(Value::from),
            Just(json!({"k": [1, "two", null]})),
        ]
        .boxed(),
        Kind::Boolean => any::<bool>().prop_map(Value::from).boxed(),
        Kind::Integer => integer(schema),
        Kind::Number => {
            let lo = match schema.limits.minimum {
                Some(Bound::Inclusive(m)) => m,
                Some(Bound::Exclusive(m)) => m + 1e-6,
                None => -1e9,
            };
            let hi = match schema.limits.maximum {
                Some(Bound::Inclusive(m) | Bound::Exclusive(m)) => m,
                None => 1e9,
            };
            prop_oneof![(lo..hi).prop_map(Value::from), (lo.ceil() as i64..hi as i64).prop_map(Value::from)].boxed()
        }
        Kind::String => string(schema),
        Kind::Array => {
            let items = match schema.items {
                Some(items) => valid(api, items, depth + 1),
                None => Just(json!("item")).boxed(),
            };
            let min = schema.limits.min_items.unwrap_or(0) as usize;
            let max = if depth > 6 { min } else { schema.limits.max_items.map_or(min + 3, |m| (m as usize).min(min + 3)) };
            proptest::collection::vec(items, min..=max).prop_map(Value::Array).boxed()
        }
        Kind::Object => object_value(api, schema, depth),
    }
}

fn integer(schema: &Schema) -> BoxedStrategy<Value> {
    // The validator's own range for the format, within what an `i64` holds (u64 above it aside).
    let (min, max) = siterecovery::schema::integer_range(schema.format);
    let (fmin, fmax) = (min.max(i64::MIN.into()) as i64, max.min(i64::MAX.into()) as i64);
    let lo = match schema.limits.minimum {
        Some(Bound::Inclusive(m)) => m.ceil() as i64,
        Some(Bound::Exclusive(m)) => m.floor() as i64 + 1,
        None => fmin,
    }
    .max(fmin);
    let hi = match schema.limits.maximum {
        Some(Bound::Inclusive(m)) => m.floor() as i64,
        Some(Bound::Exclusive(m)) => m.ceil() as i64 - 1,
        None => fmax,
    }
    .min(fmax);
    let (small_lo, small_hi) = (lo.max(-10_000), hi.min(10_000));
    let small = if small_lo <= small_hi { (small_lo..=small_hi).boxed() } else { (lo..=hi).boxed() };
    prop_oneof![4 => small, 1 => lo..=hi, 1 => Just(lo), 1 => Just(hi)].prop_map(Value::from).boxed()
}

fn string(schema: &Schema) -> BoxedStrategy<Value> {
    let text = match schema.format {
        Format::Uuid => any::<u128>()
            .prop_map(|n| {
                let h = format!("{n:032x}");
                format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
            })
            .boxed(),
        Format::DateTime => date_time().boxed(),
        Format::Date => (2000u32..2030, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")).boxed(),
        Format::Ipv4 => any::<[u8; 4]>().prop_map(|[a, b, c, d]| format!("{a}.{b}.{c}.{d}")).boxed(),
        _ => match (schema.limits.pattern, schema.limits.min_length, schema.limits.max_length) {
            (Some(p), _, _) => {
                // proptest generates from a regex but not anchors; the generated text is the
                // whole string, so it matches the anchored pattern too.
                let unanchored = p.source.trim_start_matches('^').trim_end_matches('$');
                proptest::string::string_regex(unanchored).unwrap_or_else(|e| panic!("pattern {:?}: {e}", p.source)).boxed()
            }
            (None, None, None) => prop_oneof![3 => "[a-zA-Z0-9 ._-]{0,12}", 1 => "\\PC{0,8}"].boxed(),
            (None, min, max) => {
                let min = min.unwrap_or(0);
                let max = max.unwrap_or(min + 12).min(min + 40);
                proptest::string::string_regex(&format!("\\PC{{{min},{max}}}")).expect("length regex").boxed()
            }
        },
    };
    text.prop_map(Value::from).boxed()
}

fn date_time() -> impl Strategy<Value = String> {
    (2000u32..2030, 1u32..=12, 1u32..=28, 0u32..24, 0u32..60, 0u32..60, 0u32..1000)
        .prop_map(|(y, mo, d, h, mi, s, ms)| format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z"))
}

fn object_value(api: &'static Api, schema: &'static Schema, depth: u32) -> BoxedStrategy<Value> {
    let mut parts: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
    for p in schema.properties {
        let value = valid(api, p.schema, depth + 1);
        let name = p.name.to_string();
        if p.required {
            parts.push(value.prop_map(move |v| Some((name.clone(), v))).boxed());
        } else if depth < 6 {
            parts.push(proptest::option::of(value).prop_map(move |v| v.map(|v| (name.clone(), v))).boxed());
        }
    }
    match schema.additional {
        Additional::Schema(extra) => parts.push(proptest::option::of(("k[a-z]{1,5}", valid(api, extra, depth + 1))).boxed()),
        // Fields the spec does not know: ignored in both directions.
        Additional::Allowed => parts.push(proptest::option::weighted(0.2, Just(("zz_extra".to_string(), json!({"n": [1]})))).boxed()),
        Additional::Closed => {}
    }
    parts.prop_map(|entries| Value::Object(entries.into_iter().flatten().collect::<Map<String, Value>>())).boxed()
}
