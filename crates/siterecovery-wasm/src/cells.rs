//! `RefCell` borrows that panic without formatting anything. `RefCell::borrow` and
//! `borrow_mut` panic with the `BorrowError` as text, and that alone keeps `core::fmt`'s
//! padding code (1.4 KB raw) in the module. A failed borrow is a bug: the panic handler turns
//! it into a rejection of kind `internal`, as before.
use core::cell::{Ref, RefCell, RefMut};

pub trait Cells<T> {
    fn read(&self) -> Ref<'_, T>;
    fn write(&self) -> RefMut<'_, T>;
    /// `value` in place of the old value, which it returns (`RefCell::replace`, whose
    /// failure formats too).
    fn put(&self, value: T) -> T;
}

impl<T> Cells<T> for RefCell<T> {
    fn read(&self) -> Ref<'_, T> {
        match self.try_borrow() {
            Ok(r) => r,
            Err(_) => already_borrowed(),
        }
    }

    fn write(&self) -> RefMut<'_, T> {
        match self.try_borrow_mut() {
            Ok(r) => r,
            Err(_) => already_borrowed(),
        }
    }

    fn put(&self, value: T) -> T {
        core::mem::replace(&mut *self.write(), value)
    }
}

#[cold]
#[allow(clippy::panic)]
fn already_borrowed() -> ! {
    panic!("already borrowed")
}
