//! `cargo xtask demo [--port N] [--srm-a URL] [--srm-b URL] [--vr-a URL] [--vr-b URL]
//! [--ca-cert FILE]... [--insecure-tls]`: build the web package (skipped when its inputs did not
//! change, see `pkg_inputs`), put the Clarity CSS beside the page, then serve `web/` at `/` and
//! the package at `/pkg/` in the foreground: by the simulator, or, given any server URL, by the
//! demo proxy (`crates/siterecovery-proxy`), which forwards each real server under the
//! simulator's path for it (`/srm/a`, `/srm/b`, `/vr/a`, `/vr/b`) on the page's own origin.
//! With the simulator, a second one on port N+1 serves the plugin host stand-in
//! (`web/plugin/`), so that the host and the page it embeds have different origins.

use crate::cmd::{root, tools_dir};
use crate::dist::{self, Target};
use crate::{sim, tools};
use std::path::PathBuf;

const DEFAULT_PORT: u16 = 8470;
/// Clarity's stylesheet inside the npm package `@clr/ui` (pinned in crates/xtask/tools).
const CLARITY_CSS: &str = "node_modules/@clr/ui/clr-ui.min.css";
/// Where the page links it (gitignored by web/.gitignore).
const VENDOR_CSS: &str = "web/vendor/clr-ui.min.css";
/// The README's picture of the page, refreshed by the test step "web page as a plugin".
pub const SCREENSHOT: &str = "web/screenshot.png";
/// The demo proxy's flags that name a server.
const SERVER_FLAGS: [&str; 4] = ["--srm-a", "--srm-b", "--vr-a", "--vr-b"];
const USAGE: &str =
    "usage: cargo xtask demo [--port N] [--srm-a URL] [--srm-b URL] [--vr-a URL] [--vr-b URL] [--ca-cert FILE]... [--insecure-tls]";

/// The demo's arguments: its port, and what it passes on to the demo proxy (none: the simulator).
#[derive(Debug, PartialEq)]
struct DemoArgs {
    port: u16,
    proxy: Vec<String>,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let DemoArgs { port, proxy } = parse_args(args)?;
    let servers = proxy.iter().filter(|a| SERVER_FLAGS.contains(&a.as_str())).count();
    if servers == 0 && !proxy.is_empty() {
        return Err(format!("demo: --ca-cert and --insecure-tls go with a server URL (--srm-a URL, ...)\n{USAGE}"));
    }
    tools::ensure_core()?;
    tools::ensure_npm_tools()?;
    tools::ensure_wasm_pack()?;
    tools::ensure_wasm_bindgen_cli()?;
    dist::build(Target::Web)?;
    if let Err(e) = vendor_clarity_css() {
        println!("note: {e}; the page works without it, unstyled");
    }
    let server = if servers > 0 {
        sim::build_proxy()?;
        let mut extra = page_args();
        extra.extend(proxy);
        sim::start_proxy(port, &extra)?
    } else {
        sim::build()?;
        sim::start(port, &page_args())?
    };
    let b = &server.base_url;
    // The host is a second process only to have another origin; without it the demo goes on.
    // It logs in with the simulator's demo credentials, so not in front of real servers.
    let host_port = if servers > 0 {
        None
    } else if port == 0 {
        Some(0)
    } else {
        port.checked_add(1)
    };
    let host = match host_port.map(|p| sim::start(p, &plugin_host_args())) {
        Some(Ok(host)) => Some(host),
        Some(Err(e)) => {
            println!("note: no plugin host ({e})");
            None
        }
        None => None,
    };
    println!();
    println!("demo running (Ctrl-C to stop):");
    println!("  page            {b}/");
    if servers > 0 {
        println!("  servers         behind the demo proxy, as listed above");
        println!("  page info       {b}/_sim/info");
    } else {
        println!("  SRM site A      {b}/srm/a/api/rest/srm/v2");
        println!("  SRM site B      {b}/srm/b/api/rest/srm/v2");
        println!("  replication A   {b}/vr/a");
        println!("  replication B   {b}/vr/b");
        println!("  simulator info  {b}/_sim/info");
        if let Some(host) = &host {
            println!("  plugin host     {}/plugin/?page={b}/", host.base_url);
        }
    }
    println!();
    println!("open {b}/ in a browser");
    let status = server.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the demo server exited ({status})"))
    }
}

/// The simulator arguments that serve the page (`web/` at `/`) and the web package (`/pkg/`).
pub fn page_args() -> Vec<String> {
    vec![
        "--web".to_string(),
        root().join("web").display().to_string(),
        "--pkg".to_string(),
        dist::pkg_dir(Target::Web).display().to_string(),
    ]
}

/// The simulator arguments that serve the plugin host stand-in: `web/` (for `/plugin/` and
/// Clarity's CSS) without the page's Content-Security-Policy, whose `frame-src` and
/// `connect-src` would keep the host from framing and logging in to another origin; the host
/// brings its own policy in a `<meta>` tag.
pub fn plugin_host_args() -> Vec<String> {
    vec!["--web".to_string(), root().join("web").display().to_string(), "--no-csp".to_string()]
}

/// Copy Clarity's CSS from `.tools` (installed by `ensure_npm_tools`) to `web/vendor/`,
/// unless the copy there is already identical.
pub fn vendor_clarity_css() -> Result<PathBuf, String> {
    let from = tools_dir().join(CLARITY_CSS);
    let to = root().join(VENDOR_CSS);
    let css = std::fs::read(&from).map_err(|e| format!("no Clarity CSS at {} ({e})", from.display()))?;
    if std::fs::read(&to).ok().as_deref() != Some(css.as_slice()) {
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
        }
        std::fs::write(&to, &css).map_err(|e| format!("write {}: {e}", to.display()))?;
        println!("copied {} -> {}", from.display(), to.display());
    }
    Ok(to)
}

fn parse_args(args: &[String]) -> Result<DemoArgs, String> {
    let mut out = DemoArgs { port: DEFAULT_PORT, proxy: Vec::new() };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| it.next().cloned()).ok_or(format!("demo: {flag} needs a value\n{USAGE}"));
        match flag {
            "--port" => {
                let v = value()?;
                out.port = v.parse().map_err(|_| format!("demo: bad port `{v}`"))?;
            }
            "--ca-cert" => out.proxy.extend([flag.to_string(), value()?]),
            f if SERVER_FLAGS.contains(&f) => out.proxy.extend([flag.to_string(), value()?]),
            "--insecure-tls" if inline.is_none() => out.proxy.push(flag.to_string()),
            _ => return Err(format!("demo: unknown argument `{a}`\n{USAGE}")),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<DemoArgs, String> {
        parse_args(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn server_flags_go_to_the_proxy() {
        assert_eq!(parse(&[]), Ok(DemoArgs { port: 8470, proxy: vec![] }));
        let got = parse(&[
            "--port=9000",
            "--srm-a",
            "https://srm-a.lab",
            "--vr-b=https://vr-b.lab:8043",
            "--insecure-tls",
            "--ca-cert",
            "ca.pem",
        ])
        .unwrap();
        assert_eq!(got.port, 9000);
        assert_eq!(got.proxy, ["--srm-a", "https://srm-a.lab", "--vr-b", "https://vr-b.lab:8043", "--insecure-tls", "--ca-cert", "ca.pem"]);
        assert!(parse(&["--srm-a"]).unwrap_err().contains("needs a value"));
        assert!(parse(&["--srm-c", "x"]).unwrap_err().contains("unknown argument"));
        assert!(parse(&["--port", "x"]).unwrap_err().contains("bad port"));
    }
}
