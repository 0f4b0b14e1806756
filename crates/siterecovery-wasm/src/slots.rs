//! Values kept by number, the numbers JS (or a waker) holds: the executor's calls in flight,
//! the operation calls whose requests are out, and the module's waits. A taken value's number
//! is given out again.
#[allow(unused_imports)]
use crate::prelude::*;

pub struct Slots<T> {
    values: Vec<Option<T>>,
    /// Numbers whose value was taken.
    free: Vec<usize>,
}

impl<T> Slots<T> {
    pub const fn new() -> Slots<T> {
        Slots { values: Vec::new(), free: Vec::new() }
    }

    /// Keep `value`; its number.
    pub fn insert(&mut self, value: T) -> usize {
        if let Some((n, slot)) = self.free.pop().and_then(|n| Some((n, self.values.get_mut(n)?))) {
            *slot = Some(value);
            return n;
        }
        self.values.push(Some(value));
        self.values.len() - 1
    }

    pub fn get_mut(&mut self, n: usize) -> Option<&mut T> {
        self.values.get_mut(n)?.as_mut()
    }

    /// The value of `n`, no longer kept.
    pub fn take(&mut self, n: usize) -> Option<T> {
        let taken = self.values.get_mut(n)?.take();
        if taken.is_some() {
            self.free.push(n);
        }
        taken
    }
}
