//! Load (issue 9.10): 1000 concurrent waits on 1000 different tasks all finish — none lost,
//! none stuck — with the native client against the in-process simulator. The tasks come from
//! the simulator's `POST /_sim/tasks` (SRM tasks on site A that run 1 s and succeed).
mod common;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use siterecovery::poll::{self, WaitOptions};
use siterecovery::task::{TaskState, TaskView};
use siterecovery::{Error, Request, Transport};

const TASKS: usize = 1000;
const TASK_MS: u64 = 1000;
/// Fails the test, with the ids of the waits still running, if they have not all ended by
/// then. Generous: each task ends after 1 s and no wait sleeps more than 1 s between polls.
const DEADLINE: Duration = Duration::from_secs(60);

/// `POST /_sim/tasks`: `count` SRM tasks on site A that run `duration_ms`; their ids.
async fn mint_tasks(sim: &Sim, count: usize, duration_ms: u64) -> Vec<String> {
    let body = json!({ "site": "a", "count": count, "duration_ms": duration_ms });
    let request = Request {
        method: "POST",
        url: format!("{BASE}/_sim/tasks"),
        headers: vec![("content-type".into(), "application/json".into())],
        body: Some(body.to_string().into_bytes()),
    };
    let response = sim.net.send(request).await.expect("POST /_sim/tasks");
    assert_eq!(response.status, 200, "{}", String::from_utf8_lossy(&response.body));
    let answer: Value = serde_json::from_slice(&response.body).unwrap();
    answer["ids"].as_array().expect("ids").iter().map(|id| id.as_str().expect("id").to_string()).collect()
}

/// One wait as a caller writes it: the task as `getTaskInfo` returns it, then `poll::wait`
/// with its own jitter.
async fn wait_for(client: Srm, id: String, seed: u64, options: WaitOptions) -> Result<TaskView, Error> {
    let (first, _) = poll_srm(client.clone(), id.clone()).await?;
    let clock = TokioClock::seeded(seed);
    poll::wait(&clock, &options, first, || poll_srm(client.clone(), id.clone()), |_| {}).await
}

#[tokio::test]
async fn a_thousand_concurrent_waits_on_different_tasks_all_finish() {
    let sim = Sim::new(0);
    let a = sim.srm("a").await;
    let ids = mint_tasks(&sim, TASKS, TASK_MS).await;
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (TASKS, TASKS), "the simulator minted {TASKS} distinct tasks");
    sim.handle.clear_requests();

    // Polls 100 ms to 1 s apart: a few per task, so the test stays quick.
    let options = WaitOptions { timeout_ms: None, min_delay_ms: 100.0, max_delay_ms: 1_000.0, max_poll_failures: 5 };
    let ended: Rc<RefCell<BTreeMap<String, Result<TaskView, Error>>>> = Rc::default();
    let started = Instant::now();
    let local = tokio::task::LocalSet::new();
    let in_time = local
        .run_until(async {
            let mut waits = tokio::task::JoinSet::new();
            for (i, id) in ids.iter().enumerate() {
                let (client, id, ended) = (a.clone(), id.clone(), ended.clone());
                let seed = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                let options = options.clone();
                waits.spawn_local(async move {
                    let outcome = wait_for(client, id.clone(), seed, options).await;
                    let before = ended.borrow_mut().insert(id.clone(), outcome);
                    assert!(before.is_none(), "task {id} ended twice");
                });
            }
            tokio::time::timeout(DEADLINE, async {
                while let Some(joined) = waits.join_next().await {
                    joined.expect("a wait panicked");
                }
            })
            .await
        })
        .await;
    let took = started.elapsed();
    let ended = ended.take();

    // None stuck: every wait ended before the deadline.
    let stuck: Vec<&String> = ids.iter().filter(|id| !ended.contains_key(*id)).collect();
    assert!(
        in_time.is_ok() && stuck.is_empty(),
        "{} of {TASKS} waits still running after {DEADLINE:?}, e.g. {:?}",
        stuck.len(),
        &stuck[..stuck.len().min(5)]
    );
    // None lost, none mixed up: each wait ended with its own task, succeeded.
    for id in &ids {
        match &ended[id] {
            Ok(view) => {
                assert_eq!(&view.id, id, "the wait on {id} ended with another task");
                assert_eq!((view.state, view.progress), (TaskState::Succeeded, 100), "task {id}");
            }
            Err(e) => panic!("the wait on {id} failed: {e}"),
        }
    }
    assert_eq!(ended.keys().collect::<BTreeSet<_>>(), unique);

    // Requests per task, from the simulator's log: the first GET and the polls.
    let mut per_task: BTreeMap<&str, usize> = ids.iter().map(|id| (id.as_str(), 0)).collect();
    let mut other = 0;
    for r in sim.handle.requests() {
        match r.path.rsplit_once("/tasks/").filter(|_| r.method == "GET").and_then(|(_, id)| per_task.get_mut(id)) {
            Some(n) if r.status == 200 => *n += 1,
            _ => other += 1,
        }
    }
    assert_eq!(other, 0, "only 200 answers to task GETs were expected");
    let counts: Vec<usize> = per_task.values().copied().collect();
    let total: usize = counts.iter().sum();
    let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert!(*min >= 1, "a task was never fetched");
    println!(
        "{TASKS} concurrent waits on {TASKS} tasks of {TASK_MS} ms: all succeeded in {:.2} s; \
         {total} GETs, per task {min}..{max}, mean {:.2}",
        took.as_secs_f64(),
        total as f64 / TASKS as f64
    );
}
