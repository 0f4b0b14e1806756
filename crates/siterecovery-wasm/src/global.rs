//! Module-wide state without `std`'s `thread_local!`: the module runs on one thread (wasm32
//! without the atomics feature; the package is never built with it), so a `RefCell` in a
//! `static` is only ever touched by that thread.
#[allow(unused_imports)]
use crate::prelude::*;
use core::cell::RefCell;

pub struct Global<T>(RefCell<T>);

// SAFETY: see the module comment: one thread only.
unsafe impl<T> Sync for Global<T> {}

impl<T> Global<T> {
    pub const fn new(value: T) -> Global<T> {
        Global(RefCell::new(value))
    }

    pub fn with<R>(&self, f: impl FnOnce(&RefCell<T>) -> R) -> R {
        f(&self.0)
    }
}
