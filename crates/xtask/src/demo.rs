//! `cargo xtask demo [--port N]`: build the web package, put the Clarity CSS beside the page,
//! then run the simulator in the foreground serving `web/` at `/` and the package at `/pkg/`,
//! and a second one on port N+1 serving the plugin host stand-in (`web/plugin/`), so that the
//! host and the page it embeds have different origins.

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

pub fn run(args: &[String]) -> Result<(), String> {
    let port = parse_port(args)?;
    tools::ensure_core()?;
    tools::ensure_npm_tools()?;
    tools::ensure_wasm_pack()?;
    tools::ensure_wasm_bindgen_cli()?;
    dist::build(Target::Web)?;
    if let Err(e) = vendor_clarity_css() {
        println!("note: {e}; the page works without it, unstyled");
    }
    sim::build()?;
    let sim = sim::start(port, &page_args())?;
    let b = &sim.base_url;
    // The host is a second process only to have another origin; without it the demo goes on.
    let host_port = if port == 0 {
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
    println!("  SRM site A      {b}/srm/a/api/rest/srm/v2");
    println!("  SRM site B      {b}/srm/b/api/rest/srm/v2");
    println!("  replication A   {b}/vr/a");
    println!("  replication B   {b}/vr/b");
    println!("  simulator info  {b}/_sim/info");
    if let Some(host) = &host {
        println!("  plugin host     {}/plugin/?page={b}/", host.base_url);
    }
    println!();
    println!("open {b}/ in a browser");
    let status = sim.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("simulator exited ({status})"))
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
    vec![
        "--web".to_string(),
        root().join("web").display().to_string(),
        "--no-csp".to_string(),
    ]
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

fn parse_port(args: &[String]) -> Result<u16, String> {
    let mut port = DEFAULT_PORT;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--port=") {
            Some(v) => v.to_string(),
            None if a == "--port" => it.next().cloned().ok_or("--port needs a value")?,
            None => {
                return Err(format!(
                    "demo: unknown argument `{a}` (usage: demo [--port N])"
                ))
            }
        };
        port = value.parse().map_err(|_| format!("bad port `{value}`"))?;
    }
    Ok(port)
}
