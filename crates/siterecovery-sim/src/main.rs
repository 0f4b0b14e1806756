//! `cargo run -p siterecovery-sim -- [--port 8470] [--task-ms N] [--web DIR] [--pkg DIR] [--seed N] [--string-timestamps] [--no-csp] [--isolated]`
//!
//! `--no-csp`: serve the static files without the page's Content-Security-Policy.
//! `--isolated`: serve them cross-origin isolated (COOP + COEP), for fine timers.
//! Binds 127.0.0.1 only, prints every URL and credential needed to log in and pair the
//! simulated servers, then `READY http://127.0.0.1:PORT` once listening.

use std::path::PathBuf;
use std::process::ExitCode;

use siterecovery_sim::{router, serve, SimConfig, TimestampStyle};

const USAGE: &str =
    "usage: siterecovery-sim [--port 8470] [--task-ms 3000] [--web DIR] [--pkg DIR] [--seed N] [--string-timestamps] [--no-csp] [--isolated]";

fn parse_args() -> Result<(u16, SimConfig), String> {
    let mut port: u16 = 8470;
    let mut config = SimConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => port = value("--port")?.parse().map_err(|e| format!("--port: {e}"))?,
            "--task-ms" => config.task_duration_ms = value("--task-ms")?.parse().map_err(|e| format!("--task-ms: {e}"))?,
            "--seed" => config.seed = value("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--web" => config.web_dir = Some(PathBuf::from(value("--web")?)),
            "--pkg" => config.pkg_dir = Some(PathBuf::from(value("--pkg")?)),
            "--string-timestamps" => config.timestamps = TimestampStyle::String,
            "--no-csp" => config.csp = false,
            "--isolated" => config.isolated = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument '{other}'\n{USAGE}")),
        }
    }
    Ok((port, config))
}

fn print_info(info: &serde_json::Value) {
    let s = |v: &serde_json::Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    println!("siterecovery simulator");
    for site in info["srm"].as_array().into_iter().flatten() {
        println!();
        println!("SRM {} ({})", s(&site["site"]).to_uppercase(), s(&site["name"]));
        println!("  v2 base URL     {}", s(&site["url"]));
        println!("  v1 base URL     {}", s(&site["url_v1"]));
        println!("  login           {} / {}", s(&site["username"]), s(&site["password"]));
        println!("  vc guid         {}", s(&site["vc_guid"]));
        println!("  PSC url / port  {} / {}", s(&site["psc"]["url"]), s(&site["psc"]["port"]));
        println!("  PSC thumbprint  {}", s(&site["psc"]["thumbprint"]));
        println!("  SRM thumbprint  {}", s(&site["srm_thumbprint"]));
    }
    for appliance in info["replication"].as_array().into_iter().flatten() {
        println!();
        println!("Replication appliance {} ({})", s(&appliance["site"]).to_uppercase(), s(&appliance["site_name"]));
        println!("  base URL / apiUrl  {}", s(&appliance["api_url"]));
        println!("  apiThumbprint      {}", s(&appliance["api_thumbprint"]));
        println!("  login              {} / {}", s(&appliance["username"]), s(&appliance["password"]));
    }
    println!();
    println!("Admin: {}  (GET info|requests|faults|tokens, POST reset|config|faults|tasks|rename)", s(&info["admin_url"]));
    println!("Tasks take {} ms; timestamps {}", s(&info["config"]["task_duration_ms"]), s(&info["config"]["timestamps"]));
}

#[tokio::main]
async fn main() -> ExitCode {
    let (port, mut config) = match parse_args() {
        Ok(v) => v,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let (listener, base_url) = match serve::bind_local(port).await {
        Ok(bound) => bound,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    config.base_url = base_url;
    if let Some(web) = &config.web_dir {
        println!("Serving {} at {}/", web.display(), config.base_url);
    }
    if let Some(pkg) = &config.pkg_dir {
        println!("Serving {} at {}/pkg/", pkg.display(), config.base_url);
    }
    let (app, handle) = router(config.clone());
    print_info(&handle.info());
    println!("READY {}", config.base_url);
    if let Err(e) = serve::until_ctrl_c(listener, app).await {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
