//! A body published as `*/*` whose schema is JSON is JSON: real vendor specs publish request
//! and response bodies that way. It is sent and asked for as `application/json`.
use siterecovery_codegen::generate_str;

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: wildcard, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          '*/*':
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200':
          description: the thing
          content:
            '*/*':
              schema: {$ref: '#/components/schemas/Thing'}
        '400':
          description: an inline error body
          content:
            '*/*':
              schema: {type: object, properties: {message: {type: string}}}
components:
  schemas:
    Thing: {type: object, required: [name], properties: {name: {type: string}}}
"#;

#[test]
fn wildcard_bodies_with_a_json_schema_are_json() {
    let g = generate_str("openapi/wildcard.yaml", "wildcard", SPEC).expect("*/* with a JSON schema generates");
    // Typed operation and metadata.
    assert!(g.rust.contains(r#"request.json_body("application/json", body)?;"#), "{}", g.rust);
    assert!(g.rust.contains(r#"response_media_type: Some("application/json")"#));
    assert!(g.rust.contains(r#"request_schema: Some("Thing")"#));
    // Table: body and both responses carry their schemas (the inline error one too).
    assert!(g.table.contains(r#"body: Some(Body { schema: 0, required: true, media_type: "application/json" })"#), "{}", g.table);
    assert!(g.table.contains("responses: &[Response::body(200, 0), Response::body(400, 2)]"), "{}", g.table);
    assert!(g.table.contains(r#"/* 2 */ Schema { properties: &[Property::opt("message", 1)], ..Schema::OBJECT }"#), "{}", g.table);
    assert!(g.typescript.contains("export interface Thing"));
}
