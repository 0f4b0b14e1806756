//! A task of either API: who owns it, how it ends, what it changes when it succeeds, and
//! its phase at a given instant (derived from the time elapsed since its creation).

use std::time::{Duration, Instant};

use serde_json::Value;

use super::{Plan, PlanAction, SiteIdx};

/// Which server a task belongs to (tasks are only visible there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Srm(SiteIdx),
    Vr(SiteIdx),
}

/// Final result, decided when the task is created.
pub(crate) enum Outcome {
    Success(Value),
    /// SRM: `error {message, details}`; h4: `error ApiError {code, msg}`.
    Error {
        code: String,
        message: String,
        details: String,
    },
}

/// What happens to the simulated world once the task ends successfully.
pub(crate) enum Effect {
    None,
    CreatePairing { pairing_id: String, plans: Vec<Plan> },
    DeletePairing { pairing_id: String },
    PlanFinished { pairing_id: String, plan_id: String, action: PlanAction },
    RegisterPeer { appliance: SiteIdx, peer: SiteIdx, description: String },
}

pub(crate) struct Task {
    pub id: String,
    pub owner: Owner,
    pub description: String,
    pub description_id: String,
    pub entity: Option<String>,
    pub entity_name: Option<String>,
    pub user: String,
    pub created: Instant,
    pub duration: Duration,
    pub outcome: Outcome,
    pub effect: Effect,
    pub applied: bool,
    pub cancelled: Option<Instant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Queued,
    Running,
    Done,
    Cancelled,
}

impl Task {
    /// Queued for the first 10% of the duration, then running until the end.
    pub fn start_at(&self) -> Instant {
        self.created + self.duration / 10
    }

    pub fn end_at(&self) -> Instant {
        self.created + self.duration
    }

    pub fn phase(&self, now: Instant) -> Phase {
        if let Some(at) = self.cancelled {
            if at < self.end_at() {
                return Phase::Cancelled;
            }
        }
        if now >= self.end_at() {
            Phase::Done
        } else if now < self.start_at() {
            Phase::Queued
        } else {
            Phase::Running
        }
    }

    pub fn is_final(&self, now: Instant) -> bool {
        matches!(self.phase(now), Phase::Done | Phase::Cancelled)
    }

    /// 0 while queued, rising 1..99 while running, 100 when done.
    pub fn progress(&self, now: Instant) -> i64 {
        let at = self.cancelled.map_or(now, |c| c.min(now));
        match self.phase(at) {
            Phase::Queued | Phase::Cancelled => 0,
            Phase::Done => 100,
            Phase::Running => {
                let span = self.end_at().saturating_duration_since(self.start_at()).as_millis().max(1);
                let done = at.saturating_duration_since(self.start_at()).as_millis();
                ((done * 100 / span) as i64).clamp(1, 99)
            }
        }
    }

    pub fn succeeded(&self) -> bool {
        matches!(self.outcome, Outcome::Success(_))
    }
}
