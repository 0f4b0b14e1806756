//! The table of one API: every schema and every operation as `'static` data, written by the
//! code generator (`siterecovery-codegen`, module `table`) as one `pub static API: Api`.
//!
//! Schemas refer to each other by index into [`Api::schemas`] (`$ref` chains resolved and
//! `allOf` merged at generation time), so the whole table is plain constant data: what an
//! operation or a schema costs is table bytes, not code.

pub use crate::formats::StringFormat;

/// Index of a schema in [`Api::schemas`].
pub type SchemaId = u16;

/// [`Response::status`] of the spec's `default` response.
pub const DEFAULT_STATUS: u16 = 0;

#[derive(Debug)]
pub struct Api {
    pub title: &'static str,
    pub version: &'static str,
    /// Named components first (sorted by name), then the inline schemas they use.
    pub schemas: &'static [Schema],
    /// Every distinct `pattern`, so that an engine can compile each once ([`Pattern::index`]).
    pub patterns: &'static [&'static str],
    /// Sorted by operationId.
    pub operations: &'static [Operation],
    /// The string `format`s the schemas use, each with its check; a format not listed is not
    /// checked (see [`crate::formats::StringFormat`]).
    pub string_formats: &'static [StringFormat],
}

impl Api {
    pub fn schema(&self, id: SchemaId) -> Option<&'static Schema> {
        self.schemas.get(usize::from(id))
    }

    pub fn operation(&self, operation_id: &str) -> Option<&'static Operation> {
        let i = self.operations.binary_search_by(|o| o.operation_id.cmp(operation_id)).ok()?;
        self.operations.get(i)
    }

    /// The check of a string `format` of this table's schemas.
    pub fn string_format(&self, format: Format) -> Option<fn(&str) -> bool> {
        self.string_formats.iter().find(|(f, _)| *f == format).map(|(_, check)| *check)
    }

    /// The component schema called `name` (`PairingSpec`).
    pub fn schema_named(&self, name: &str) -> Option<SchemaId> {
        let i = self.schemas.iter().position(|s| !s.name.is_empty() && s.name == name)?;
        SchemaId::try_from(i).ok()
    }
}

/// The JSON type a schema asks for. `Any` checks nothing by itself (it may still have
/// [`Schema::one_of`] alternatives).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Any,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

/// The `format`s the validator knows. Integer formats bound the value (as the Rust integer
/// type the typed client decodes into does); string formats are checked as the typed
/// client's `uuid` / `chrono` / `std::net` parsers do. `Other` is any other format: unchecked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    None,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    Float,
    Double,
    Uuid,
    Date,
    DateTime,
    Ip,
    Ipv4,
    Ipv6,
    /// A credential (`format: password`): a plain string to the validator.
    Password,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Inclusive(f64),
    /// OpenAPI 3.0 `exclusiveMinimum: true` / `exclusiveMaximum: true`.
    Exclusive(f64),
}

/// One `enum` value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    Number(f64),
    Str(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pattern {
    /// Index into [`Api::patterns`].
    pub index: u16,
    /// The pattern as the spec writes it (ECMA-262 syntax, not implicitly anchored).
    pub source: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property {
    /// Wire name.
    pub name: &'static str,
    pub schema: SchemaId,
    pub required: bool,
}

impl Property {
    pub const fn req(name: &'static str, schema: SchemaId) -> Property {
        Property { name, schema, required: true }
    }
    pub const fn opt(name: &'static str, schema: SchemaId) -> Property {
        Property { name, schema, required: false }
    }
}

/// What an object does with properties it does not list (`additionalProperties`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Additional {
    /// Absent or `true`: ignored.
    Allowed,
    /// `false`: an unknown property is an error in requests (the typed client's
    /// `deny_unknown_fields`); responses always allow them.
    Closed,
    /// A map: every other property is checked against this schema.
    Schema(SchemaId),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Schema {
    /// Component name (`PairingSpec`); empty for an inline schema, and everywhere in the npm
    /// package's table (nothing there reads names: see `siterecovery_codegen::Options`).
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    pub format: Format,
    pub items: Option<SchemaId>,
    /// Sorted by name (the validator looks them up by binary search).
    pub properties: &'static [Property],
    pub additional: Additional,
    /// `oneOf` / `anyOf`: the value must match at least one (the typed client decodes them
    /// as untagged enums: the first alternative that matches wins).
    pub one_of: &'static [SchemaId],
    /// The rarer constraints, kept apart: most schemas have none, and share [`Limits::NONE`]
    /// (a schema is 40 bytes of table instead of 120).
    pub limits: &'static Limits,
}

/// `enum`, `pattern`, lengths, bounds and item counts of a schema.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// `enum`; empty when the schema has none.
    pub enumeration: &'static [Literal],
    pub pattern: Option<Pattern>,
    /// Lengths count characters (Unicode scalar values), as the typed client does.
    pub min_length: Option<u32>,
    pub max_length: Option<u32>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub min_items: Option<u32>,
    pub max_items: Option<u32>,
}

impl Limits {
    /// No constraint.
    pub const NONE: Limits = Limits {
        enumeration: &[],
        pattern: None,
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        min_items: None,
        max_items: None,
    };
}

impl Schema {
    /// No constraint at all (`{}`): any JSON value, `null` included.
    pub const ANY: Schema = Schema {
        name: "",
        kind: Kind::Any,
        nullable: false,
        format: Format::None,
        items: None,
        properties: &[],
        additional: Additional::Allowed,
        one_of: &[],
        limits: &Limits::NONE,
    };
    pub const BOOLEAN: Schema = Schema { kind: Kind::Boolean, ..Schema::ANY };
    pub const INTEGER: Schema = Schema { kind: Kind::Integer, ..Schema::ANY };
    pub const NUMBER: Schema = Schema { kind: Kind::Number, ..Schema::ANY };
    pub const STRING: Schema = Schema { kind: Kind::String, ..Schema::ANY };
    pub const ARRAY: Schema = Schema { kind: Kind::Array, ..Schema::ANY };
    pub const OBJECT: Schema = Schema { kind: Kind::Object, ..Schema::ANY };

    pub fn property(&self, name: &str) -> Option<&'static Property> {
        let i = self.properties.binary_search_by(|p| p.name.cmp(name)).ok()?;
        self.properties.get(i)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// Wire name (`pairing_id`, `operationID`).
    pub name: &'static str,
    /// How a JS caller names it, and so how errors name it: a path parameter is a positional
    /// argument named in camelCase (`pairingId`); a query or header parameter is a key of the
    /// parameters object, i.e. its wire name.
    pub js_name: &'static str,
    pub location: Location,
    pub schema: SchemaId,
    pub required: bool,
}

impl Param {
    /// A path parameter (always required).
    pub const fn path(name: &'static str, js_name: &'static str, schema: SchemaId) -> Param {
        Param { name, js_name, location: Location::Path, schema, required: true }
    }
    pub const fn query(name: &'static str, schema: SchemaId, required: bool) -> Param {
        Param { name, js_name: name, location: Location::Query, schema, required }
    }
    pub const fn header(name: &'static str, schema: SchemaId, required: bool) -> Param {
        Param { name, js_name: name, location: Location::Header, schema, required }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Body {
    pub schema: SchemaId,
    pub required: bool,
    /// The `Content-Type` to send (`application/json` for a spec's `*/*`).
    pub media_type: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response {
    /// HTTP status, or [`DEFAULT_STATUS`] for `default`.
    pub status: u16,
    /// Schema of the body; `None` when the response has none.
    pub schema: Option<SchemaId>,
}

impl Response {
    pub const fn body(status: u16, schema: SchemaId) -> Response {
        Response { status, schema: Some(schema) }
    }
    pub const fn empty(status: u16) -> Response {
        Response { status, schema: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    pub operation_id: &'static str,
    /// camelCase method name of the JavaScript API.
    pub js_name: &'static str,
    pub method: &'static str,
    /// Path template relative to the base URL, e.g. `/pairings/{pairing_id}`.
    pub path: &'static str,
    /// `x-dr-permissions`.
    pub permissions: Option<&'static str>,
    /// `x-siterecovery-task` of the success schema: the operation returns a task.
    pub task_kind: Option<&'static str>,
    pub deprecated: bool,
    /// In path-template order.
    pub path_params: &'static [Param],
    /// Query and header parameters: the keys of one parameters object.
    pub params: &'static [Param],
    pub body: Option<Body>,
    /// The `Accept` to send.
    pub response_media_type: Option<&'static str>,
    /// Sorted by status; `default` first.
    pub responses: &'static [Response],
}

impl Operation {
    /// `GET path`, named `op`, with these parameters and nothing else (no body, no documented
    /// response): the operation the tests of request building share.
    pub const fn get(path: &'static str, path_params: &'static [Param], params: &'static [Param]) -> Operation {
        Operation {
            operation_id: "op",
            js_name: "op",
            method: "GET",
            path,
            permissions: None,
            task_kind: None,
            deprecated: false,
            path_params,
            params,
            body: None,
            response_media_type: None,
            responses: &[],
        }
    }

    pub fn returns_task(&self) -> bool {
        self.task_kind.is_some()
    }

    /// The documented response for `status`: its own, else `default`.
    pub fn response(&self, status: u16) -> Option<&'static Response> {
        let find = |s: u16| self.responses.iter().find(|r| r.status == s);
        find(status).or_else(|| find(DEFAULT_STATUS))
    }

    /// The documented 2xx statuses.
    pub fn success_statuses(&self) -> impl Iterator<Item = u16> + 'static {
        self.responses.iter().map(|r| r.status).filter(|s| (200..300).contains(s))
    }

    /// A documented 2xx status, or any 2xx when none is documented. (A loop, not over
    /// [`Operation::success_statuses`]: its adapters are code in the wasm.)
    pub fn is_success(&self, status: u16) -> bool {
        let mut documented = false;
        for r in self.responses {
            if (200..300).contains(&r.status) {
                if r.status == status {
                    return true;
                }
                documented = true;
            }
        }
        !documented && (200..300).contains(&status)
    }
}
