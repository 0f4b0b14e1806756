"""The state a Schemathesis run of the simulator starts from, printed as NAME=value lines for
the environment of `st run` (schemathesis.toml reads them as ${NAME}).

Usage: prepare.py BASE_URL (a simulator started with a fixed seed; `cargo xtask test` runs it).
On SRM site A: a session with a remote login for a pairing with site B, one of its plans, the
pairing's task, and a second session without a remote login (for logout and deletePairing);
on appliance A: two sessions (one for logout) and a pairSite task. Standard library
only: it runs in the project's Python venv before Schemathesis does.
"""

import base64
import json
import sys
import time
import urllib.error
import urllib.request

H4_TYPE = "application/vnd.vmware.h4-v4.7+json;charset=UTF-8"


def call(method, url, headers=None, body=None, content_type="application/json"):
    """(status, response headers, decoded JSON body or None)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            status, head, raw = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        status, head, raw = e.code, e.headers, e.read()
    return status, head, json.loads(raw) if raw.strip() else None


def expect(what, status, wanted, body):
    if status != wanted:
        sys.exit(f"prepare: {what} answered {status}, expected {wanted}: {body}")


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def main(base):
    status, _, info = call("GET", f"{base}/_sim/info")
    expect("GET /_sim/info", status, 200, info)
    site_a, site_b = info["srm"]
    srm = site_a["url"]
    env = {
        "SIM_URL": base,
        "SRM_USER": site_a["username"],
        "SRM_PASSWORD": site_a["password"],
        "SRM_REMOTE_PASSWORD": site_b["password"],
    }

    def srm_login():
        auth = {"Authorization": basic(site_a["username"], site_a["password"])}
        status, _, body = call("POST", f"{srm}/session", auth)
        expect("SRM login", status, 200, body)
        return body["session_id"]

    env["SRM_SESSION"], env["SRM_LOCAL_SESSION"] = srm_login(), srm_login()
    session = {"x-dr-session": env["SRM_SESSION"]}
    spec = {
        "pair_vc_guid": site_b["vc_guid"],
        "pair_psc_info": {
            "url": site_b["psc"]["url"],
            "port": site_b["psc"]["port"],
            "thumbprint": site_b["psc"]["thumbprint"],
            "username": site_b["username"],
            "password": site_b["password"],
        },
    }
    status, _, task = call("POST", f"{srm}/pairings", session, spec)
    expect("createPairing", status, 202, task)
    env["SRM_TASK_ID"] = task["id"]
    pairing = task["entity"]
    deadline = time.monotonic() + 30
    while task["status"] in ("QUEUED", "RUNNING") and time.monotonic() < deadline:
        time.sleep(0.05)
        status, _, task = call("GET", f"{srm}/tasks/{task['id']}", session)
        expect("getTaskInfo", status, 200, task)
    if task["status"] != "SUCCESS":
        sys.exit(f"prepare: the pairing task ended {task['status']}: {task}")
    remote = {**session, "Authorization": basic(site_b["username"], site_b["password"])}
    status, _, body = call("POST", f"{srm}/pairings/{pairing}/remote-session", remote)
    expect("createRemoteSession", status, 204, body)
    status, _, plans = call("GET", f"{srm}/pairings/{pairing}/recovery-management/plans", session)
    expect("getAllRecoveryPlans", status, 200, plans)
    env["SRM_PAIRING_ID"] = pairing
    env["SRM_PLAN_ID"] = plans["list"][0]["id"]

    appliance_a, appliance_b = info["replication"]
    vr = appliance_a["url"]

    def vr_login():
        body = {"type": "localUser", "localUser": appliance_a["username"], "localPassword": appliance_a["password"]}
        status, head, resp = call("POST", f"{vr}/sessions", {"Accept": H4_TYPE}, body, H4_TYPE)
        expect("h4 login", status, 200, resp)
        return head["X-VCAV-Auth"]

    env["VR_TOKEN"], env["VR_LOGOUT_TOKEN"] = vr_login(), vr_login()
    register = {"apiUrl": appliance_b["api_url"], "apiThumbprint": appliance_b["api_thumbprint"], "description": "peer"}
    auth = {"X-VCAV-Auth": env["VR_TOKEN"], "Accept": H4_TYPE}
    status, _, task = call("POST", f"{vr}/sites", auth, register, H4_TYPE)
    expect("pairSite", status, 202, task)
    env["VR_TASK_ID"] = task["id"]
    for name, value in env.items():
        print(f"{name}={value}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: prepare.py BASE_URL")
    main(sys.argv[1].rstrip("/"))
