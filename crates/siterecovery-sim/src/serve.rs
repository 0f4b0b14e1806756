//! Serving a router on 127.0.0.1 until Ctrl-C: the simulator's binary and the demo proxy
//! (`crates/siterecovery-proxy`) both do it.

use axum::Router;
use tokio::net::TcpListener;

/// Listen on 127.0.0.1:`port` (0: any free port); returns the listener and its base URL
/// `http://127.0.0.1:PORT`.
pub async fn bind_local(port: u16) -> Result<(TcpListener, String), String> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| format!("cannot read the bound address: {e}"))?;
    Ok((listener, format!("http://127.0.0.1:{}", addr.port())))
}

/// Serve `app` on `listener` until Ctrl-C.
pub async fn until_ctrl_c(listener: TcpListener, app: Router) -> Result<(), String> {
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // No Nagle: ServeDir writes a small file's body after its headers, and Nagle held that
    // body until the client's delayed ACK (~40 ms per small static file, seen by the bench).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await.map_err(|e| format!("server error: {e}"))
}
