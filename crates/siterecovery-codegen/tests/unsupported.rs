//! Unsupported constructs fail with the spec file and a JSON pointer, never a panic.
use siterecovery_codegen::generate_str;

fn spec(paths: &str, schemas: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}\ncomponents:\n  schemas:\n    Thing: {{type: object, properties: {{a: {{type: string}}}}}}\n{schemas}")
}

fn error_of(text: &str) -> (String, String) {
    let e = generate_str("openapi/broken.yaml", "broken", text).expect_err("must fail");
    assert_eq!(e.file, "openapi/broken.yaml");
    assert!(e.to_string().starts_with("openapi/broken.yaml#"), "{e}");
    (e.pointer, e.message)
}

#[test]
fn multipart_body() {
    let (ptr, msg) = error_of(&spec(
        "  /up:\n    post:\n      operationId: up\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object}\n      responses:\n        '204': {description: ok}",
        "",
    ));
    assert_eq!(ptr, "/paths/~1up/post/requestBody/content");
    assert!(msg.contains("multipart/form-data"), "{msg}");
}

#[test]
fn wildcard_content_of_binary_data() {
    // `*/*` with a JSON schema is JSON (tests/wildcard.rs); a binary string is not.
    let (ptr, msg) = error_of(&spec(
        "  /x:\n    get:\n      operationId: x\n      responses:\n        '200':\n          description: ok\n          content:\n            '*/*':\n              schema: {type: string, format: binary}",
        "",
    ));
    assert_eq!(ptr, "/paths/~1x/get/responses/200/content");
    assert!(msg.contains("*/*"), "{msg}");
}

#[test]
fn missing_operation_id_cookie_params_external_refs_and_undeclared_path_params() {
    let (ptr, msg) = error_of(&spec("  /x:\n    get:\n      responses:\n        '204': {description: ok}", ""));
    assert_eq!(ptr, "/paths/~1x/get");
    assert!(msg.contains("operationId"));

    let (ptr, _) = error_of(&spec(
        "  /x:\n    get:\n      operationId: x\n      parameters:\n        - {name: c, in: cookie, schema: {type: string}}\n      responses:\n        '204': {description: ok}",
        "",
    ));
    assert_eq!(ptr, "/paths/~1x/get/parameters/0/in");

    let (ptr, msg) = error_of(&spec(
        "  /x:\n    get:\n      operationId: x\n      parameters:\n        - {name: \"a b\", in: header, schema: {type: string}}\n      responses:\n        '204': {description: ok}",
        "",
    ));
    assert_eq!(ptr, "/paths/~1x/get/parameters/0/name");
    assert!(msg.contains("not an HTTP token"), "{msg}");

    let (ptr, msg) = error_of(&spec(
        "  /x:\n    get:\n      operationId: x\n      parameters:\n        - {name: \"a\\nb\", in: query, schema: {type: string}}\n      responses:\n        '204': {description: ok}",
        "",
    ));
    assert_eq!(ptr, "/paths/~1x/get/parameters/0/name");
    assert!(msg.contains("holds a line break"), "{msg}");

    let (ptr, msg) = error_of(&spec(
        "  /x:\n    post:\n      operationId: x\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: 'other.yaml#/Thing'}\n      responses:\n        '204': {description: ok}",
        "",
    ));
    assert_eq!(ptr, "/paths/~1x/post/requestBody/content/application~1json/schema");
    assert!(msg.contains("must point into #/components/schemas"), "{msg}");

    let (ptr, msg) = error_of(&spec("  /x/{id}:\n    get:\n      operationId: x\n      responses:\n        '204': {description: ok}", ""));
    assert_eq!(ptr, "/paths/~1x~1{id}/get");
    assert!(msg.contains("{id}"), "{msg}");
}

#[test]
fn two_different_success_schemas_and_duplicate_ids() {
    let two = "  /x:\n    get:\n      operationId: x\n      responses:\n        '200':\n          description: a\n          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}\n        '201':\n          description: b\n          content: {application/json: {schema: {type: array, items: {type: string}}}}";
    let (ptr, msg) = error_of(&spec(two, ""));
    assert_eq!(ptr, "/paths/~1x/get/responses/201");
    assert!(msg.contains("different schemas"), "{msg}");

    let dup = "  /a:\n    get:\n      operationId: same\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      operationId: same\n      responses: {'204': {description: ok}}";
    let (ptr, _) = error_of(&spec(dup, ""));
    assert_eq!(ptr, "/paths/~1b/get/operationId");
}

#[test]
fn structural_errors_and_swagger_2() {
    let (ptr, msg) = error_of("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(ptr, "/openapi");
    assert!(msg.contains("3.0"), "{msg}");
    let (ptr, _) =
        error_of("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: x\n      responses: 7\n");
    assert!(ptr.starts_with("/paths/~1x/get"), "{ptr}");
}

#[test]
fn patterns_the_runtime_engine_cannot_compile() {
    let (ptr, msg) = error_of(&spec(
        "  /x:\n    get:\n      operationId: x\n      responses:\n        '204': {description: ok}",
        "    Id: {type: string, pattern: '^(?=lookahead)x$'}\n",
    ));
    assert_eq!(ptr, "/components/schemas/Id/pattern");
    assert!(msg.contains("not supported"), "{msg}");
}
