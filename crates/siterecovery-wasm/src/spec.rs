//! One API of the package: its generated table and client class, and how that class logs in.
//! `build.rs` makes one [`Spec`] and one client class per `openapi/*.yaml`; nothing here is
//! per operation or per type.
use siterecovery_core::schema::Api;
use siterecovery_core::task::TaskApi;

pub struct Spec {
    /// The spec's file stem (`srm`).
    pub module: &'static str,
    /// Its JS class (`SrmClient`).
    pub class: &'static str,
    pub api: &'static Api,
}

/// How a client logs in: what the seeds describe for each appliance.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// SRM: `POST /session` with Basic auth; the session id from the body goes into
    /// `x-dr-session` on every later call.
    Srm,
    /// h4: `POST /sessions {type: localUser, ...}`; the token from the `X-VCAV-Auth` response
    /// header goes into that header on every later call.
    H4,
    /// Any other spec: no session. `login({ baseUrl })` checks the URL and sends nothing.
    None,
}

impl Spec {
    pub fn auth(&self) -> Auth {
        match self.module {
            "srm" => Auth::Srm,
            "replication" => Auth::H4,
            _ => Auth::None,
        }
    }

    /// The kind of task this API's operations return (the specs' `x-siterecovery-task`).
    pub fn tasks(&self) -> Option<TaskApi> {
        self.api.operations.iter().find_map(|o| o.task_kind).and_then(TaskApi::from_kind)
    }

    /// What `operations()` calls the API: its task kind (`srm`, `h4`), else the module name.
    pub fn name(&self) -> &'static str {
        self.tasks().map_or(self.module, TaskApi::as_str)
    }
}
