#![cfg(target_arch = "wasm32")]
//! Timestamps reach JS as numbers (epoch ms) whether the server sends int64 or strings;
//! a running h4 task has `endTime: null`.
use serde_json::json;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use crate::common::*;

fn assert_epoch_ms(v: &JsValue, what: &str) {
    assert_eq!(type_of(v), "number", "{what} is a number, not {}", type_of(v));
    assert!(!v.is_bigint(), "{what} is a BigInt");
    assert!(v.as_f64().unwrap() > 1.6e12, "{what} = {:?} is not epoch ms", v.as_f64());
}

#[wasm_bindgen_test]
async fn string_timestamps_become_numbers() {
    let info = reset(600).await;
    config(json!({ "timestamps": "string" })).await;
    let srm = srm_login(&info, 0).await;
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    assert_eq!(config(json!({})).await["timestamps"], "string", "the simulator sends strings in this mode");
    assert_epoch_ms(&get(&task, "startTime"), "startTime of a new task");

    let recorder = Recorder::new();
    let options = wait_opts(json!({}));
    set(&options, "onProgress", &recorder.function());
    let done = resolve(call(&task, "wait", &[options])).await;
    assert_epoch_ms(&get(&done, "startTime"), "task.startTime");
    assert_epoch_ms(&get(&done, "endTime"), "task.endTime");
    let json = call(&done, "toJSON", &[]);
    assert_epoch_ms(&get(&json, "startTime"), "toJSON().startTime");
    assert_epoch_ms(&get(&json, "endTime"), "toJSON().endTime");
    assert!(stringify(&done).contains("\"startTime\":"), "JSON.stringify(task) works (no BigInt)");

    let views = recorder.views();
    assert!(views.len() >= 2);
    for (i, v) in views.iter().enumerate() {
        assert_epoch_ms(&get(v, "startTime"), &format!("onProgress view {i} startTime"));
        let end = get(v, "endTime");
        if get_str(v, "state").as_deref() == Some("succeeded") {
            assert_epoch_ms(&end, &format!("onProgress view {i} endTime"));
        } else {
            assert!(end.is_null(), "endTime of a running view is null, got {:?}", end);
        }
    }
    // The same task read again with getTaskInfo.
    let again = resolve(call(&srm, "getTaskInfo", &[get(&task, "id")])).await;
    assert_eq!(get(&again, "endTime").as_f64(), get(&done, "endTime").as_f64());
}

#[wasm_bindgen_test]
async fn int64_timestamps_are_numbers_too() {
    let info = reset(200).await;
    let srm = srm_login(&info, 0).await;
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    assert_eq!(type_of(&path(&task, "raw.queued_time")), "number");
    let done = wait_ok(&task).await;
    assert_epoch_ms(&get(&done, "startTime"), "startTime");
    assert_epoch_ms(&get(&done, "endTime"), "endTime");
    assert_eq!(type_of(&path(&done, "raw.complete_time")), "number", "raw timestamps are numbers, not BigInt");
}

#[wasm_bindgen_test]
async fn running_h4_task_has_null_end_time() {
    let info = reset(3000).await;
    let a = repl_login(&info, 0).await;
    let req = js(&json!({ "apiUrl": info["replication"][1]["api_url"], "apiThumbprint": info["replication"][1]["api_thumbprint"] }));
    let task = resolve(call(&a, "pairSite", &[req])).await;
    assert_eq!(get_str(&task, "state").as_deref(), Some("running"));
    assert_eq!(path(&task, "raw.endTime").as_f64(), Some(-1.0), "the server sent endTime -1");
    assert!(get(&task, "endTime").is_null(), "endTime === null while running, got {:?}", get(&task, "endTime"));
    assert_epoch_ms(&get(&task, "startTime"), "h4 startTime");
    let json = call(&task, "toJSON", &[]);
    assert!(get(&json, "endTime").is_null());
}

#[wasm_bindgen_test]
// Failed before f352581 (the getters returned Option<f64>, i.e. `undefined`); guards the
// documented `null`.
async fn end_time_getter_is_null_while_running() {
    let info = reset(3000).await;
    let a = repl_login(&info, 0).await;
    let req = js(&json!({ "apiUrl": info["replication"][1]["api_url"], "apiThumbprint": info["replication"][1]["api_thumbprint"] }));
    let h4 = resolve(call(&a, "pairSite", &[req])).await;
    assert!(get(&h4, "endTime").is_null(), "h4 task.endTime === null while running, got {:?}", get(&h4, "endTime"));
    let srm = srm_login(&info, 0).await;
    let t = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    assert!(get(&t, "endTime").is_null(), "SRM task.endTime === null while running, got {:?}", get(&t, "endTime"));
}

#[wasm_bindgen_test]
async fn raw_is_the_task_as_the_server_sent_it() {
    let info = reset(3000).await;
    config(json!({ "timestamps": "string" })).await;
    let srm = srm_login(&info, 0).await;
    let task = resolve(call(&srm, "createPairing", &[js(&pairing_spec(&info, 0))])).await;
    assert_eq!(type_of(&path(&task, "raw.queued_time")), "string", "raw.queued_time: {}", stringify(&get(&task, "raw")));
}
