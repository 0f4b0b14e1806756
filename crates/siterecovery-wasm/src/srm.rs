//! `SrmClient`: the Site Recovery Manager REST API. One method per operationId (camelCase);
//! path parameters first, then the body, then `{ signal, operationId }`.
use std::rc::Rc;

use siterecovery::task::TaskApi;
use siterecovery::{session as core_session, srm};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::call::{run, JsCall};
use crate::convert::{or_undefined as opts, string_arg, CallOptions};
use crate::errors::to_js_error;
use crate::login::{credentials_arg, login};
use crate::session::Session;
use crate::task::Task;

/// A logged-in client of one SRM server (`baseUrl` ends in `/api/rest/srm/v2` or `/v1`).
#[wasm_bindgen]
pub struct SrmClient {
    session: Rc<Session>,
}

#[wasm_bindgen]
impl SrmClient {
    /// `POST /session` with Basic auth; later calls carry `x-dr-session`. With
    /// `credentials: async () => ({ username, password })` the client logs in again once
    /// when a call answers 401, then repeats that call.
    #[wasm_bindgen(unchecked_return_type = "Promise<SrmClient>")]
    pub fn login(#[wasm_bindgen(unchecked_param_type = "LoginOptions")] options: JsValue) -> js_sys::Promise {
        future_to_promise(async move { Ok(SrmClient { session: login(TaskApi::Srm, options).await? }.into()) })
    }

    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.session.client.base_url().to_string()
    }

    /// `DELETE /session`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn logout(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> js_sys::Promise {
        crate::call::logout(&self.session, &opts(options))
    }

    /// `GET /session`.
    #[wasm_bindgen(js_name = getCurrentSession, unchecked_return_type = "Promise<srm.SessionInfo>")]
    pub fn get_current_session(&self, #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "getCurrentSession", path: &[], query: None, body: None, options: &opts(options) })
    }

    /// `POST /pairings/{pairing_id}/remote-session` with the remote site's credentials
    /// (needed before plan actions).
    #[wasm_bindgen(js_name = createRemoteSession, unchecked_return_type = "Promise<void>")]
    pub fn create_remote_session(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Credentials")] credentials: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        let checked = string_arg(&pairing_id, "pairingId")
            .and_then(|id| Ok((id, credentials_arg(&credentials)?, CallOptions::parse(&opts(options))?)));
        let (pairing_id, remote, options) = match checked {
            Ok(c) => c,
            Err(e) => return js_sys::Promise::reject(&e),
        };
        let session = Rc::clone(&self.session);
        future_to_promise(async move {
            let client = srm::Client::new(session.bound(&options));
            core_session::srm_remote_login(&client, &pairing_id, &remote)
                .await
                .map(|_| JsValue::UNDEFINED)
                .map_err(|e| to_js_error(&e))
        })
    }

    /// Alias of `createRemoteSession`.
    #[wasm_bindgen(js_name = loginRemote, unchecked_return_type = "Promise<void>")]
    pub fn login_remote(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Credentials")] credentials: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        self.create_remote_session(pairing_id, credentials, options)
    }

    /// `GET /pairings/{pairing_id}/remote-session`.
    #[wasm_bindgen(js_name = getRemoteSession, unchecked_return_type = "Promise<srm.SessionInfo>")]
    pub fn get_remote_session(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "getRemoteSession", path: &[(&pairing_id, "pairingId")], query: None, body: None, options: &opts(options) })
    }

    /// `GET /pairings`.
    #[wasm_bindgen(js_name = getPairings, unchecked_return_type = "Promise<srm.PairingDrResponseList>")]
    pub fn get_pairings(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "srm.GetPairingsParams")] query: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "getPairings", path: &[], query: Some(&opts(query)), body: None, options: &opts(options) })
    }

    /// `GET /pairings/{pairing_id}`.
    #[wasm_bindgen(js_name = getPairing, unchecked_return_type = "Promise<srm.PairingDrResponseEntity>")]
    pub fn get_pairing(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "getPairing", path: &[(&pairing_id, "pairingId")], query: None, body: None, options: &opts(options) })
    }

    /// `POST /pairings`: pair with a remote SRM server. Resolves to a `Task`.
    #[wasm_bindgen(js_name = createPairing, unchecked_return_type = "Promise<Task>")]
    pub fn create_pairing(
        &self,
        #[wasm_bindgen(unchecked_param_type = "srm.PairingSpec")] spec: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "createPairing", path: &[], query: None, body: Some(&spec), options: &opts(options) })
    }

    /// `POST /pairings/{pairing_id}/actions/reconnect`. Resolves to a `Task`.
    #[wasm_bindgen(js_name = reconnectPairing, unchecked_return_type = "Promise<Task>")]
    pub fn reconnect_pairing(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "srm.PairingSpec")] spec: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "reconnectPairing", path: &[(&pairing_id, "pairingId")], query: None, body: Some(&spec), options: &opts(options) })
    }

    /// `DELETE /pairings/{pairing_id}`. Resolves to a `Task`.
    #[wasm_bindgen(js_name = deletePairing, unchecked_return_type = "Promise<Task>")]
    pub fn delete_pairing(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "deletePairing", path: &[(&pairing_id, "pairingId")], query: None, body: None, options: &opts(options) })
    }

    /// `GET /pairings/{pairing_id}/recovery-management/plans`.
    #[wasm_bindgen(js_name = getAllRecoveryPlans, unchecked_return_type = "Promise<srm.RecoveryPlanInfoDrResponseList>")]
    pub fn get_all_recovery_plans(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "srm.GetAllRecoveryPlansParams")] query: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "getAllRecoveryPlans", path: &[(&pairing_id, "pairingId")], query: Some(&opts(query)), body: None, options: &opts(options) })
    }

    /// `GET /pairings/{pairing_id}/recovery-management/plans/{plan_id}`.
    #[wasm_bindgen(js_name = getRecoveryPlan, unchecked_return_type = "Promise<srm.RecoveryPlanInfoDrResponseEntity>")]
    pub fn get_recovery_plan(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(js_name = planId, unchecked_param_type = "string")] plan_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "getRecoveryPlan", path: &[(&pairing_id, "pairingId"), (&plan_id, "planId")], query: None, body: None, options: &opts(options) })
    }

    /// `POST .../plans/{plan_id}/actions/reprotect` (after a recovery). Resolves to a `Task`.
    #[wasm_bindgen(js_name = runReprotect, unchecked_return_type = "Promise<Task>")]
    pub fn run_reprotect(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(js_name = planId, unchecked_param_type = "string")] plan_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "srm.ReprotectPlanSpec")] spec: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        self.plan_action("runReprotect", pairing_id, plan_id, spec, options)
    }

    /// `POST .../plans/{plan_id}/actions/test`. Resolves to a `Task`.
    #[wasm_bindgen(js_name = runTestRecovery, unchecked_return_type = "Promise<Task>")]
    pub fn run_test_recovery(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(js_name = planId, unchecked_param_type = "string")] plan_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "srm.TestPlanSpec")] spec: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        self.plan_action("runTestRecovery", pairing_id, plan_id, spec, options)
    }

    /// `POST .../plans/{plan_id}/actions/cleanup`. Resolves to a `Task`.
    #[wasm_bindgen(js_name = runCleanupTestRecovery, unchecked_return_type = "Promise<Task>")]
    pub fn run_cleanup_test_recovery(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(js_name = planId, unchecked_param_type = "string")] plan_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "srm.CleanupTestPlanSpec")] spec: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        self.plan_action("runCleanupTestRecovery", pairing_id, plan_id, spec, options)
    }

    /// `POST .../plans/{plan_id}/actions/recovery`. Resolves to a `Task`.
    #[wasm_bindgen(js_name = runRecovery, unchecked_return_type = "Promise<Task>")]
    pub fn run_recovery(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(js_name = planId, unchecked_param_type = "string")] plan_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "srm.RecoverPlanSpec")] spec: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        self.plan_action("runRecovery", pairing_id, plan_id, spec, options)
    }

    /// `POST .../plans/{plan_id}/actions/cancel` (204).
    #[wasm_bindgen(js_name = cancelRecoveryPlan, unchecked_return_type = "Promise<void>")]
    pub fn cancel_recovery_plan(
        &self,
        #[wasm_bindgen(js_name = pairingId, unchecked_param_type = "string")] pairing_id: JsValue,
        #[wasm_bindgen(js_name = planId, unchecked_param_type = "string")] plan_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "cancelRecoveryPlan", path: &[(&pairing_id, "pairingId"), (&plan_id, "planId")], query: None, body: None, options: &opts(options) })
    }

    /// `GET /tasks/{taskId}`. Resolves to a `Task`.
    #[wasm_bindgen(js_name = getTaskInfo, unchecked_return_type = "Promise<Task>")]
    pub fn get_task_info(
        &self,
        #[wasm_bindgen(js_name = taskId, unchecked_param_type = "string")] task_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "getTaskInfo", path: &[(&task_id, "taskId")], query: None, body: None, options: &opts(options) })
    }

    /// `GET /tasks`.
    #[wasm_bindgen(js_name = getRecentTasksInfo, unchecked_return_type = "Promise<srm.TaskDrResponseList>")]
    pub fn get_recent_tasks_info(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "srm.GetRecentTasksInfoParams")] query: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: Option<JsValue>,
    ) -> js_sys::Promise {
        run(&self.session, JsCall { operation_id: "getRecentTasksInfo", path: &[], query: Some(&opts(query)), body: None, options: &opts(options) })
    }

    /// A `Task` from a `resumeToken()` of a client of this same server (e.g. before a page
    /// reload). Call `wait()` or `refresh()` on it.
    #[wasm_bindgen(js_name = resumeTask)]
    pub fn resume_task(&self, token: &str) -> Result<Task, JsValue> {
        crate::call::resume(&self.session, token)
    }
}

impl SrmClient {
    fn plan_action(&self, operation_id: &'static str, pairing_id: JsValue, plan_id: JsValue, spec: Option<JsValue>, options: Option<JsValue>) -> js_sys::Promise {
        run(
            &self.session,
            JsCall {
                operation_id,
                path: &[(&pairing_id, "pairingId"), (&plan_id, "planId")],
                query: None,
                body: Some(&opts(spec)),
                options: &opts(options),
            },
        )
    }
}
