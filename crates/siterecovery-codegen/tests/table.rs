//! The schema + operations table: `$ref`s become indices, `allOf` is merged, inline schemas
//! are shared, and what cannot be merged fails with the spec file and a JSON pointer.
use siterecovery_codegen::generate_str;

fn table(schemas: &str, paths: &str) -> Result<String, String> {
    let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n{schemas}");
    generate_str("openapi/t.yaml", "t", &text).map(|g| g.table).map_err(|e| e.to_string())
}

const NO_PATHS: &str = "  /x:\n    get:\n      operationId: x\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Top'}";

fn schemas(table: &str) -> Vec<&str> {
    table.lines().filter_map(|l| l.trim_start().strip_prefix("/* ")).collect()
}

#[test]
fn refs_all_of_one_of_maps_and_shared_inline_schemas() {
    let spec = r#"
    Base: {type: object, required: [id], properties: {id: {type: string, format: uuid}, name: {type: string, maxLength: 10}}}
    Alias: {$ref: '#/components/schemas/Base'}
    Top:
      description: allOf of a $ref and an inline object, plus a nullable oneOf and a closed map value
      allOf:
        - $ref: '#/components/schemas/Alias'
        - type: object
          required: [name, when]
          properties:
            name: {type: string, minLength: 1, maxLength: 20}
            when: {oneOf: [{type: integer, format: int64}, {type: string}], nullable: true}
            labels: {type: object, additionalProperties: {type: string}}
            closed: {type: object, additionalProperties: false, properties: {a: {type: integer, minimum: 0, exclusiveMinimum: true}}}
            kind: {type: string, enum: [a, b, null]}
            count: {type: integer, format: int32}
            other: {type: integer, format: int32}
"#;
    let t = table(spec, NO_PATHS).unwrap();
    let s = schemas(&t);
    // Components first, sorted; an alias is a copy under its own name.
    assert!(
        s[0].starts_with(
            r#"0 */ Schema { name: "Alias", properties: &[Property::req("id", 3), Property::opt("name", 4)], ..Schema::OBJECT }"#
        ),
        "{t}"
    );
    assert!(s[1].starts_with(r#"1 */ Schema { name: "Base", properties: &[Property::req("id", 3), Property::opt("name", 4)]"#), "{t}");
    // allOf merged: both members' properties, required from both, and the tighter length.
    assert!(s[2].contains(r#"Property::req("id", 3)"#) && s[2].contains(r#"Property::req("name", 14)"#), "{t}");
    assert!(
        s.iter()
            .any(|l| l
                .ends_with("Schema { limits: &Limits { min_length: Some(1), max_length: Some(10), ..Limits::NONE }, ..Schema::STRING },")),
        "{t}"
    );
    assert!(t.contains("Schema { nullable: true, one_of: &["), "{t}");
    assert!(t.contains("additional: Additional::Schema("), "{t}");
    assert!(t.contains("additional: Additional::Closed"), "{t}");
    assert!(t.contains("minimum: Some(Bound::Exclusive(0.0))"), "{t}");
    assert!(t.contains(r#"Schema { nullable: true, limits: &Limits { enumeration: &[Literal::Str("a"), Literal::Str("b")], ..Limits::NONE }, ..Schema::STRING }"#), "{t}");
    // `count` and `other` share one inline entry.
    let int32 = s.iter().filter(|l| l.contains("Schema { format: Format::Int32, ..Schema::INTEGER }")).count();
    assert_eq!(int32, 1, "{t}");
    assert!(t.contains("responses: &[Response::body(200, 2)]"), "{t}");
}

#[test]
fn what_cannot_be_merged_names_the_pointer() {
    let conflict = "    Top:\n      allOf:\n        - {type: string}\n        - {type: integer}\n";
    let e = table(conflict, NO_PATHS).unwrap_err();
    assert!(e.starts_with("openapi/t.yaml#/components/schemas/Top/allOf/1: allOf members of different types"), "{e}");
    let patterns = "    Top:\n      allOf:\n        - {type: string, pattern: '^a'}\n        - {type: string, pattern: '^b'}\n";
    assert!(table(patterns, NO_PATHS).unwrap_err().contains("two different patterns"));
    let cycle = "    Top:\n      allOf:\n        - $ref: '#/components/schemas/Top'\n";
    assert!(table(cycle, NO_PATHS).unwrap_err().contains("(a cycle?)"));
}

#[test]
fn parameters_bodies_and_responses_of_an_operation() {
    let paths = r#"  /things/{thing_id}:
    put:
      operationId: putThing
      summary: Put a thing.
      x-dr-permissions: {permissions: Things.Edit}
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: dry_run, in: query, schema: {type: boolean}}
        - {name: X-Trace, in: header, required: true, schema: {type: string, pattern: '^[a-z]+$'}}
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/Top'}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Top'}}}}
        '204': {description: unchanged}
        '409': {description: conflict, content: {application/json: {schema: {type: object, properties: {why: {type: string}}}}}}
        default: {description: other}"#;
    let t = table("    Top: {type: object, properties: {a: {type: string}}}\n", paths).unwrap();
    for expected in [
        r#"operation_id: "putThing", js_name: "putThing", method: "PUT", path: "/things/{thing_id}","#,
        r#"permissions: Some("Things.Edit"), task_kind: None, deprecated: false,"#,
        r#"path_params: &[Param::path("thing_id", "thingId", 2)],"#,
        r#"params: &[Param::query("dry_run", 3, false), Param::header("X-Trace", 4, true)],"#,
        r#"body: Some(Body { schema: 0, required: false, media_type: "application/json" }), response_media_type: Some("application/json"),"#,
        "responses: &[Response::empty(DEFAULT_STATUS), Response::body(200, 0), Response::empty(204), Response::body(409, 5)],",
        r#"patterns: &["^[a-z]+$"],"#,
    ] {
        assert!(t.contains(expected), "{expected}\n{t}");
    }
}

#[test]
fn the_package_table_leaves_schema_names_out_and_nothing_else() {
    let spec = "    Top: {type: object, properties: {id: {type: string, format: uuid}}}\n";
    let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{NO_PATHS}\ncomponents:\n  schemas:\n{spec}");
    let named = table(spec, NO_PATHS).unwrap();
    let options = siterecovery_codegen::Options { schema_names: false };
    let lean = siterecovery_codegen::generate_str_with("openapi/t.yaml", "t", &text, options).unwrap().table;
    assert!(named.contains(r#"Schema { name: "Top", properties"#), "{named}");
    assert!(!lean.contains("Schema { name:"), "{lean}");
    assert_eq!(named.replace(r#"name: "Top", "#, ""), lean);
}

#[test]
fn a_table_lists_the_string_formats_its_schemas_use_and_no_other() {
    let spec = "    Top: {type: object, properties: {a: {type: string, format: ipv4}, b: {type: string, format: date-time}, c: {type: integer, format: int32}, d: {type: string, format: password}}}\n";
    let t = table(spec, NO_PATHS).unwrap();
    let listed = "string_formats: &[(Format::DateTime, ::siterecovery_schema::formats::date_time), (Format::Ipv4, ::siterecovery_schema::formats::ipv4)],";
    assert!(t.contains(listed), "{t}");
    let plain = "    Top: {type: object, properties: {a: {type: string}}}\n";
    assert!(table(plain, NO_PATHS).unwrap().contains("string_formats: &[],"));
}
