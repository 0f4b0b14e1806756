//! Identifier conversion, matching typify's own (so we can name the types it generates).
use heck::{ToLowerCamelCase, ToPascalCase, ToSnakeCase};

/// typify's `sanitize(name, Case::Pascal)`: the Rust name of a component schema.
pub fn type_name(input: &str) -> String {
    sanitize(input, |s| s.to_pascal_case())
}

/// A snake_case Rust identifier.
pub fn snake(input: &str) -> String {
    sanitize(input, |s| s.to_snake_case())
}

/// lowerCamelCase (JavaScript method names).
pub fn camel(input: &str) -> String {
    input.to_lower_camel_case()
}

fn sanitize(input: &str, case: impl Fn(&str) -> String) -> String {
    let cleaned = input.replace('\'', "").replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-");
    let out = case(&cleaned);
    let out = match out.chars().next() {
        None => case("x"),
        Some(c) if c.is_alphabetic() || c == '_' => out,
        Some(_) => format!("{}{}", case("x"), out),
    };
    if is_ident(&out) {
        out
    } else {
        format!("{out}_")
    }
}

/// True when `s` can be used as a Rust identifier as is.
pub fn is_ident(s: &str) -> bool {
    !matches!(
        s,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn names_follow_typify() {
        assert_eq!(type_name("ApiTask_of_ManagerPeerInfo"), "ApiTaskOfManagerPeerInfo");
        assert_eq!(type_name("ResponseError"), "ResponseError");
        assert_eq!(snake("createPairing"), "create_pairing");
        assert_eq!(snake("type"), "type_");
        assert_eq!(camel("create_pairing"), "createPairing");
    }
}
