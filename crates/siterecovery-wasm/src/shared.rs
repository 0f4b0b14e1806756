//! One future awaited by many: the poll loop of a task, which every current wait on it drives
//! (core-lro's shared result promise). Whoever is polled drives the loop; when it ends, every
//! wait gets its outcome; when the last wait is dropped (aborted, timed out), the loop is
//! dropped too, and with it its pending sleep and request.
use crate::cells::Cells;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, Waker};

use crate::executor::LocalBoxFuture;

struct State<T> {
    future: Option<LocalBoxFuture<T>>,
    outcome: Option<T>,
    /// Each current wait's number and its latest waker.
    waiters: Vec<(u64, Option<Waker>)>,
    next: u64,
}

pub struct Shared<T>(RefCell<State<T>>);

/// One wait's share of a [`Shared`] future.
pub struct Joined<T: Clone> {
    shared: Rc<Shared<T>>,
    id: u64,
}

impl<T: Clone> Shared<T> {
    pub fn new(future: LocalBoxFuture<T>) -> Rc<Shared<T>> {
        Rc::new(Shared(RefCell::new(State { future: Some(future), outcome: None, waiters: Vec::new(), next: 0 })))
    }

    pub fn join(self: &Rc<Self>) -> Joined<T> {
        let mut state = self.0.write();
        state.next += 1;
        let id = state.next;
        state.waiters.push((id, None));
        Joined { shared: Rc::clone(self), id }
    }
}

fn wake_all(wakers: Vec<Waker>) {
    // By reference: a consuming loop's IntoIter is code of its own.
    for w in &wakers {
        w.wake_by_ref();
    }
}

impl<T: Clone> Future for Joined<T> {
    type Output = T;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        let mut state = self.shared.0.write();
        if let Some(done) = &state.outcome {
            return Poll::Ready(done.clone());
        }
        if let Some(w) = state.waiters.iter_mut().find(|(id, _)| *id == self.id) {
            w.1 = Some(cx.waker().clone());
        }
        // Driven by this wait now: the loop's timers and requests wake this wait's task.
        let Some(mut future) = state.future.take() else { return Poll::Pending };
        drop(state);
        let polled = future.as_mut().poll(cx);
        let mut state = self.shared.0.write();
        match polled {
            Poll::Pending => {
                state.future = Some(future);
                Poll::Pending
            }
            Poll::Ready(done) => {
                state.outcome = Some(done.clone());
                let mut others = Vec::new();
                for (id, w) in state.waiters.iter_mut() {
                    match w.take() {
                        Some(w) if *id != self.id => others.push(w),
                        // Its own waker (it is ready now) goes with it.
                        _ => {}
                    }
                }
                drop(state);
                drop(future);
                wake_all(others);
                Poll::Ready(done)
            }
        }
    }
}

impl<T: Clone> Drop for Joined<T> {
    fn drop(&mut self) {
        let (dropped, wake) = {
            let mut state = self.shared.0.write();
            crate::slots::remove_keyed(&mut state.waiters, self.id);
            match state.waiters.first_mut() {
                // The last wait is gone: so is the loop (dropped outside the borrow).
                None => (state.future.take(), None),
                // This wait may have been the one the loop wakes: another one takes over.
                Some((_, w)) => (None, w.take()),
            }
        };
        drop(dropped);
        if let Some(w) = wake {
            w.wake();
        }
    }
}
