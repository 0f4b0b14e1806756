//! `siterecovery-proxy [--port 8470] [--web DIR] [--pkg DIR] [--srm-a URL] [--srm-b URL]
//! [--vr-a URL] [--vr-b URL] [--ca-cert FILE]... [--insecure-tls]`
//!
//! Binds 127.0.0.1 only, prints what it forwards where, then `READY http://127.0.0.1:PORT`
//! once listening (as the simulator does, so xtask starts both the same way).

use std::path::PathBuf;
use std::process::ExitCode;

use siterecovery_proxy::{router, FrontConfig, Upstream, FLAGS};
use siterecovery_sim::serve;

const USAGE: &str = "usage: siterecovery-proxy [--port 8470] [--web DIR] [--pkg DIR] [--srm-a URL] [--srm-b URL] [--vr-a URL] [--vr-b URL] [--ca-cert FILE]... [--insecure-tls]
  --srm-a/--srm-b URL  an SRM server: its address (https://srm-a.example) or API base URL (.../api/rest/srm/v2 or /v1)
  --vr-a/--vr-b URL    a vSphere Replication appliance: its h4 API base URL (https://vr-a.example:8043)
  --ca-cert FILE       also trust the PEM certificate(s) in FILE (a lab CA, or an appliance's own certificate)
  --insecure-tls       do not verify the upstreams' TLS certificates (a lab's self-signed ones): anyone on the path can read the credentials";

fn parse_args() -> Result<(u16, FrontConfig), String> {
    let mut port: u16 = 8470;
    let mut config = FrontConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => port = value("--port")?.parse().map_err(|e| format!("--port: {e}"))?,
            "--web" => config.web_dir = Some(PathBuf::from(value("--web")?)),
            "--pkg" => config.pkg_dir = Some(PathBuf::from(value("--pkg")?)),
            "--insecure-tls" => config.tls.insecure = true,
            "--ca-cert" => {
                let file = value("--ca-cert")?;
                config.tls.ca_pem.push(std::fs::read(&file).map_err(|e| format!("--ca-cert {file}: {e}"))?);
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            flag => {
                let Some((_, kind, site)) = FLAGS.iter().find(|(f, _, _)| *f == flag) else {
                    return Err(format!("unknown argument '{flag}'\n{USAGE}"));
                };
                let upstream = Upstream::parse(*kind, site, &value(flag)?)?;
                config.upstreams.retain(|u| u.prefix != upstream.prefix);
                config.upstreams.push(upstream);
            }
        }
    }
    config.upstreams.sort_by_key(|u| FLAGS.iter().position(|(_, k, s)| *k == u.kind && *s == u.site));
    if config.upstreams.is_empty() {
        return Err(format!("no server to front: give at least one of --srm-a, --srm-b, --vr-a, --vr-b\n{USAGE}"));
    }
    Ok((port, config))
}

fn print_banner(config: &FrontConfig, base: &str) {
    println!("siterecovery demo proxy: the page and the package, with each server under its own path of this origin");
    if let Some(web) = &config.web_dir {
        println!("  page            {base}/  ({})", web.display());
    }
    for up in &config.upstreams {
        let what = match up.kind {
            siterecovery_proxy::Kind::Srm => format!("SRM site {}", up.site.to_uppercase()),
            siterecovery_proxy::Kind::Replication => format!("replication {}", up.site.to_uppercase()),
        };
        println!("  {what:<15} {}  ->  {}", up.front_base_url(base), up.base_url());
    }
    println!("  page's info     {base}/_sim/info");
    if config.tls.insecure {
        println!();
        println!("WARNING: --insecure-tls: the upstreams' TLS certificates are NOT verified. Anyone between this");
        println!("WARNING: machine and the appliances can pose as them and read the user names, passwords and");
        println!("WARNING: session tokens the page sends. Use it for a lab's self-signed certificates only; prefer");
        println!("WARNING: --ca-cert FILE with the lab's CA (or the appliance's certificate).");
    } else {
        let extra =
            if config.tls.ca_pem.is_empty() { String::new() } else { format!(" and {} --ca-cert file(s)", config.tls.ca_pem.len()) };
        println!("  TLS to the servers is verified (Mozilla's roots, the system's store{extra})");
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let (port, config) = match parse_args() {
        Ok(v) => v,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let app = match router(&config) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let (listener, base) = match serve::bind_local(port).await {
        Ok(bound) => bound,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    print_banner(&config, &base);
    println!("READY {base}");
    if let Err(e) = serve::until_ctrl_c(listener, app).await {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
