//! `cargo xtask demo [--port N]`: the simulator in the foreground, serving web/ and the package.

use crate::{cmd::root, sim, tools};

const DEFAULT_PORT: u16 = 8470;
const PKG_DIR: &str = "crates/siterecovery-wasm/pkg-web";

pub fn run(args: &[String]) -> Result<(), String> {
    let port = parse_port(args)?;
    tools::ensure_core()?;
    sim::build()?;
    let mut extra = vec![
        "--web".to_string(),
        root().join("web").display().to_string(),
    ];
    let pkg = root().join(PKG_DIR);
    if pkg.is_dir() {
        extra.extend(["--pkg".to_string(), pkg.display().to_string()]);
    } else {
        println!("note: {PKG_DIR} not built yet; serving the page without the package");
    }
    let sim = sim::start(port, &extra)?;
    let b = &sim.base_url;
    println!();
    println!("demo running (Ctrl-C to stop):");
    println!("  page            {b}/");
    println!("  SRM site A      {b}/srm/a/api/rest/srm/v2");
    println!("  SRM site B      {b}/srm/b/api/rest/srm/v2");
    println!("  replication A   {b}/vr/a");
    println!("  replication B   {b}/vr/b");
    println!("  simulator info  {b}/_sim/info");
    println!();
    let status = sim.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("simulator exited ({status})"))
    }
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
