//! The first of two futures to finish (the other is dropped with it): a sleep against an
//! abort, a shared wait against a timeout or an abort.
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

pub enum First<A, B> {
    A(A),
    B(B),
}

pub struct Race<A, B>(A, B);

/// Resolves with whichever of `a` and `b` finishes first (`a` when both are ready).
pub fn first<A: Future, B: Future>(a: A, b: B) -> Race<A, B> {
    Race(a, b)
}

impl<A: Future, B: Future> Future for Race<A, B> {
    type Output = First<A::Output, B::Output>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: neither field is moved out of the pinned pair; each is pinned in place.
        let (a, b) = unsafe {
            let race = self.get_unchecked_mut();
            (Pin::new_unchecked(&mut race.0), Pin::new_unchecked(&mut race.1))
        };
        if let Poll::Ready(v) = a.poll(cx) {
            return Poll::Ready(First::A(v));
        }
        b.poll(cx).map(First::B)
    }
}
