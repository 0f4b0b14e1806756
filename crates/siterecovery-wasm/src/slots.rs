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

/// Take the entry numbered `key` out of `list` (numbers are unique), the others kept in their
/// order. Not `retain` (0.2 KB of wasm per element type) nor `remove` (its bounds panic).
pub fn remove_keyed<T>(list: &mut Vec<(u64, T)>, key: u64) {
    let Some(mut at) = list.iter().position(|(k, _)| *k == key) else { return };
    // Moved to the end, one place at a time, then dropped.
    while let Some([a, b]) = list.get_mut(at..at + 2) {
        core::mem::swap(a, b);
        at += 1;
    }
    list.pop();
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::rc::Rc;

    #[test]
    fn an_entry_leaves_by_its_number_and_the_rest_keep_their_order() {
        let value = Rc::new(());
        let mut list: Vec<(u64, Rc<()>)> = (1..=5).map(|k| (k, Rc::clone(&value))).collect();
        let keys = |list: &Vec<(u64, Rc<()>)>| list.iter().map(|(k, _)| *k).collect::<Vec<_>>();
        remove_keyed(&mut list, 3);
        assert_eq!(keys(&list), [1, 2, 4, 5]);
        remove_keyed(&mut list, 9);
        assert_eq!(keys(&list), [1, 2, 4, 5]);
        remove_keyed(&mut list, 1);
        remove_keyed(&mut list, 5);
        assert_eq!(keys(&list), [2, 4]);
        // The entries taken out were dropped: only the list's two and ours hold the value.
        assert_eq!(Rc::strong_count(&value), 3);
        remove_keyed(&mut list, 2);
        remove_keyed(&mut list, 4);
        remove_keyed(&mut list, 4);
        assert!(list.is_empty());
    }
}
