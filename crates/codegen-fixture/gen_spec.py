#!/usr/bin/env python3
"""Writes openapi/inventory.yaml: a large synthetic vendor-style spec (300 operations) that
exercises what real specs use: nullable, enums, $ref chains, allOf, oneOf, maps, formats,
patterns, vendor extensions, header/query/path parameters, inline bodies, several response
codes, 200-or-204 responses and errors without bodies. Run it again after editing; the
output is deterministic."""
import json, pathlib

RESOURCES = [f"resource{i:02d}" for i in range(60)]

def pascal(s): return s[0].upper() + s[1:]

schemas = {
    "Problem": {"type": "object", "description": "Error body.", "properties": {
        "error_code": {"type": "string"}, "message": {"type": "string"}, "op_id": {"type": "string", "format": "uuid"}}},
    "Links": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Link"}, "self": {"$ref": "#/components/schemas/Link"}}},
    "Link": {"$ref": "#/components/schemas/LinkTarget"},
    "LinkTarget": {"type": "object", "properties": {"href": {"type": "string"}}},
    "Meta": {"type": "object", "properties": {"total": {"type": "integer", "format": "int64"}, "links": {"$ref": "#/components/schemas/Links"}}},
    "Job": {"type": "object", "x-siterecovery-task": "fixture", "required": ["id", "state"], "properties": {
        "id": {"type": "string"}, "state": {"type": "string", "enum": ["PENDING", "RUNNING", "DONE", "FAILED"]},
        "progress": {"type": "integer", "format": "int32", "minimum": 0, "maximum": 100},
        "finished_at": {"type": "string", "format": "date-time", "nullable": True},
        "result": {"type": "object", "additionalProperties": True}}},
    "JobEnvelope": {"allOf": [{"$ref": "#/components/schemas/Job"}, {"type": "object", "properties": {"_meta": {"$ref": "#/components/schemas/Meta"}}}]},
    "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
    "Endpoint": {"oneOf": [
        {"type": "object", "title": "UrlEndpoint", "required": ["url"], "properties": {"url": {"type": "string"}}, "additionalProperties": False},
        {"type": "object", "title": "HostEndpoint", "required": ["host", "port"], "properties": {"host": {"type": "string"}, "port": {"type": "integer"}}, "additionalProperties": False}]},
}
paths = {}
errors = {
    "400": {"description": "Bad request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
    "401": {"description": "Unauthorized"},
    "404": {"description": "Not found"},
    "409": {"description": "Conflict", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
    "default": {"description": "Anything else", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}},
}
for i, r in enumerate(RESOURCES):
    P = pascal(r)
    schemas[f"{P}Kind"] = {"type": "string", "enum": ["alpha", "beta", "gamma-ray", "DELTA_4"], "description": f"Kind of {r}."}
    schemas[f"{P}Base"] = {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 80, "description": "Display name."},
        "labels": {"$ref": "#/components/schemas/Labels"},
        "kind": {"$ref": f"#/components/schemas/{P}Kind"},
        "parent_id": {"type": "string", "nullable": True},
        "thumbprint": {"type": "string", "pattern": "^SHA-256:([0-9A-F]{2}:){31}[0-9A-F]{2}$"}}}
    schemas[P] = {"description": f"A {r}.", "allOf": [{"$ref": f"#/components/schemas/{P}Base"}, {"type": "object", "required": ["id"], "properties": {
        "id": {"type": "string", "format": "uuid"}, "created": {"type": "integer", "format": "int64"},
        "endpoint": {"$ref": "#/components/schemas/Endpoint"},
        "children": {"type": "array", "items": {"$ref": f"#/components/schemas/{pascal(RESOURCES[(i + 1) % len(RESOURCES)])}Base"}},
        "size": {"type": "number", "format": "double", "nullable": True}}}]}
    schemas[f"{P}List"] = {"type": "object", "properties": {"list": {"type": "array", "items": {"$ref": f"#/components/schemas/{P}"}}, "_meta": {"$ref": "#/components/schemas/Meta"}}}
    base = f"/{r}s"
    item = f"{base}/{{{r}_id}}"
    idp = {"name": f"{r}_id", "in": "path", "required": True, "schema": {"type": "string"}}
    paths[base] = {
        "get": {"operationId": f"list{P}s", "summary": f"List {r}s.", "parameters": [
            {"$ref": "#/components/parameters/limit"}, {"$ref": "#/components/parameters/offset"},
            {"name": "kind", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
            {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{P}List"}}}}, **errors}},
        "post": {"operationId": f"create{P}", "summary": f"Create a {r}.", "x-dr-permissions": {"permissions": f"Fixture.{P}.Create"},
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{P}Base"}}}},
            "responses": {"202": {"description": "job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/JobEnvelope"}}}}, **errors}},
    }
    paths[item] = {
        "parameters": [idp],
        "get": {"operationId": f"get{P}", "responses": {"200": {"description": "ok", "content": {"application/vnd.fixture.v1+json;charset=UTF-8": {"schema": {"$ref": f"#/components/schemas/{P}"}}}}, **errors}},
        "put": {"operationId": f"update{P}", "deprecated": i % 7 == 0,
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "description": "Inline patch body.", "properties": {
                "name": {"type": "string"}, "labels": {"$ref": "#/components/schemas/Labels"}, "mode": {"type": "string", "enum": ["merge", "replace"]}}}}}},
            "responses": {"200": {"description": "updated", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{P}"}}}}, "204": {"description": "unchanged"}, **errors}},
        "delete": {"operationId": f"delete{P}", "x-dr-remote-site-connectivity-contract": {"not-authenticated": "ERROR"},
            "responses": {"204": {"description": "deleted"}, **errors}},
    }
paths["/tags"] = {"get": {"operationId": "listTags", "responses": {"200": {"description": "inline array", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}}}
paths["/jobs/{jobId}"] = {"get": {"operationId": "getJob", "parameters": [{"name": "jobId", "in": "path", "required": True, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}}, "404": {"description": "gone"}}}}
doc = {"openapi": "3.0.3", "info": {"title": "Fixture inventory API", "version": "9.9.9"},
       "paths": paths,
       "components": {"schemas": schemas, "parameters": {
           "limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}},
           "offset": {"name": "offset", "in": "query", "schema": {"type": "integer", "format": "int64"}}}}}
out = pathlib.Path(__file__).parent / "openapi" / "inventory.json"
out.write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")
print(out, sum(len([m for m in v if m != "parameters"]) for v in paths.values()), "operations")
