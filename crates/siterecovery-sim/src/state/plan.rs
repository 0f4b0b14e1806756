//! A recovery plan and the actions that move it through its states.
//!
//! READY_STATE -test-> TEST_IN_PROGRESS -> TEST_COMPLETE -cleanup-> CLEANUP_IN_PROGRESS -> READY_STATE
//! READY_STATE -recovery-> RECOVERY_IN_PROGRESS -> RECOVERY_COMPLETE
//!             -reprotect-> REPROTECT_IN_PROGRESS -> READY_STATE (protected/recovery sites swapped)
//! cancel on an *_IN_PROGRESS plan: task CANCELLED, plan back to the state it started from.

use super::{other, Owner, Sim, SiteIdx};

pub(crate) struct Plan {
    pub id: String,
    pub name: String,
    pub description: String,
    pub status: &'static str,
    /// The stable state the running operation started from (restored on cancel).
    pub prev_status: &'static str,
    pub protected: SiteIdx,
    pub running_task: Option<(Owner, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlanAction {
    Test,
    Cleanup,
    Recovery,
    Reprotect,
}

impl PlanAction {
    pub fn name(self) -> &'static str {
        match self {
            PlanAction::Test => "test",
            PlanAction::Cleanup => "cleanup",
            PlanAction::Recovery => "recovery",
            PlanAction::Reprotect => "reprotect",
        }
    }

    /// (required state, state while running, state on success)
    pub fn transition(self) -> (&'static str, &'static str, &'static str) {
        match self {
            PlanAction::Test => ("READY_STATE", "TEST_IN_PROGRESS", "TEST_COMPLETE"),
            PlanAction::Cleanup => ("TEST_COMPLETE", "CLEANUP_IN_PROGRESS", "READY_STATE"),
            PlanAction::Recovery => ("READY_STATE", "RECOVERY_IN_PROGRESS", "RECOVERY_COMPLETE"),
            PlanAction::Reprotect => ("RECOVERY_COMPLETE", "REPROTECT_IN_PROGRESS", "READY_STATE"),
        }
    }

    pub fn description(self) -> (&'static str, &'static str) {
        match self {
            PlanAction::Test => ("Test recovery plan", "com.vmware.dr.recovery.plan.test"),
            PlanAction::Cleanup => ("Cleanup test recovery plan", "com.vmware.dr.recovery.plan.cleanup"),
            PlanAction::Recovery => ("Run recovery plan", "com.vmware.dr.recovery.plan.recovery"),
            PlanAction::Reprotect => ("Reprotect recovery plan", "com.vmware.dr.recovery.plan.reprotect"),
        }
    }
}

impl Sim {
    /// The two plans every new pairing starts with (ids drawn at pairing-creation time).
    pub fn seed_plans(&mut self, initiator: SiteIdx) -> Vec<Plan> {
        let seeds = [
            ("Tier-1 Databases (Oracle RAC)", "Oracle RAC cluster and its application servers", initiator),
            ("Web Frontend Failover", "Public web tier, load balancers and caches", other(initiator)),
        ];
        seeds
            .iter()
            .map(|(name, description, protected)| Plan {
                id: self.next_id(),
                name: name.to_string(),
                description: description.to_string(),
                status: "READY_STATE",
                prev_status: "READY_STATE",
                protected: *protected,
                running_task: None,
            })
            .collect()
    }

    pub fn plan(&self, pairing_id: &str, plan_id: &str) -> Option<&Plan> {
        self.pairing(pairing_id)?.plans.iter().find(|p| p.id == plan_id)
    }

    pub fn plan_mut(&mut self, pairing_id: &str, plan_id: &str) -> Option<&mut Plan> {
        self.pairing_mut(pairing_id)?.plans.iter_mut().find(|p| p.id == plan_id)
    }

    /// A plan's task ended (not when cancelled): its new state.
    pub fn finish_plan(&mut self, pairing_id: &str, plan_id: &str, action: PlanAction, ok: bool) {
        let Some(plan) = self.plan_mut(pairing_id, plan_id) else {
            return;
        };
        plan.running_task = None;
        if !ok {
            plan.status = plan.prev_status;
            return;
        }
        plan.status = action.transition().2;
        if action == PlanAction::Reprotect {
            plan.protected = other(plan.protected);
        }
    }
}
