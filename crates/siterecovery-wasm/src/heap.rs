//! The module's allocator: blocks of power-of-two sizes (8 bytes to 2 GiB), one list of free
//! blocks per size; new blocks are cut from the pages `memory.grow` adds, a 4 KiB chunk of one
//! size at a time, aligned to their size (at most a page). Allocating and freeing take a few
//! instructions: no search, no splitting, no merging. A block is at most twice what was asked
//! for, and what the module frees is reused by its next allocations of that size, so a steady
//! workload keeps its memory flat (BENCHMARKS.md: 10,000 polls). Against talc (see
//! Cargo.toml): 443 B gzip less, and about a third more wasm memory at the peak of 1000 waits
//! on 1000 tasks.
use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;

const PAGE: usize = 65_536;
/// New blocks smaller than this come this many bytes at a time.
const CHUNK: usize = 4096;

/// Where new pages come from: `memory.grow` in the module, a plain buffer in the native tests.
pub trait Pages {
    /// Add `pages` pages; the address of the first, or `None` when there is no more memory.
    fn grow(&self, pages: usize) -> Option<usize>;
}

pub struct Heap<P> {
    /// The first free block of each size (`1 << index` bytes; 0: none). A free block holds the
    /// address of the next free block of its size.
    free: [Cell<usize>; usize::BITS as usize],
    /// The part of the grown pages that no block has used yet.
    next: Cell<usize>,
    end: Cell<usize>,
    pages: P,
}

// The module has one thread.
unsafe impl<P> Sync for Heap<P> {}

impl<P> Heap<P> {
    pub const fn new(pages: P) -> Heap<P> {
        Heap { free: [const { Cell::new(0) }; usize::BITS as usize], next: Cell::new(0), end: Cell::new(0), pages }
    }
}

/// The size index of the blocks a layout gets: its size, at least its alignment and a pointer,
/// rounded up to a power of two.
fn index(layout: &Layout) -> u32 {
    let size = layout.size().max(layout.align()).max(core::mem::size_of::<usize>());
    usize::BITS - (size - 1).leading_zeros()
}

impl<P: Pages> Heap<P> {
    /// `span` bytes (a power of two, at least a chunk) that nothing has used yet, aligned to
    /// `span` (at most a page), from new pages when needed. Spans are whole chunks, so the
    /// unused part stays aligned to a chunk: blocks of up to a chunk cost no padding.
    fn carve(&self, span: usize) -> Option<usize> {
        let align = span.min(PAGE);
        loop {
            let start = self.next.get().checked_add(align - 1)? & !(align - 1);
            let stop = start.checked_add(span)?;
            if stop <= self.end.get() {
                self.next.set(stop);
                return Some(start);
            }
            let pages = (stop - self.end.get()).div_ceil(PAGE);
            let first = self.pages.grow(pages)?;
            // Pages that do not follow the last ones (the first growth): spans start there.
            if first != self.end.get() {
                self.next.set(first);
            }
            self.end.set(first.checked_add(pages.checked_mul(PAGE)?)?);
        }
    }

    /// A new block of `1 << index` bytes: the first of a new chunk, whose other blocks become
    /// free blocks of that size (a block of a chunk or more has a span of its own).
    fn fresh(&self, index: u32, head: &Cell<usize>) -> Option<usize> {
        let size = 1usize.checked_shl(index)?;
        let span = size.max(CHUNK);
        let start = self.carve(span)?;
        let mut at = start + span;
        while at - size > start {
            at -= size;
            // SAFETY: `at` is a block of the new span, which nothing else uses.
            unsafe { *(at as *mut usize) = head.get() };
            head.set(at);
        }
        Some(start)
    }
}

unsafe impl<P: Pages> GlobalAlloc for Heap<P> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let index = index(&layout);
        if layout.align() > PAGE {
            return core::ptr::null_mut();
        }
        let Some(head) = self.free.get(index as usize) else { return core::ptr::null_mut() };
        let block = match head.get() {
            0 => self.fresh(index, head).unwrap_or(0),
            block => {
                // SAFETY: a free block of this size holds the address of the next one.
                head.set(unsafe { *(block as *const usize) });
                block
            }
        };
        block as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(head) = self.free.get(index(&layout) as usize) {
            // SAFETY: the block is ours again, and at least a pointer wide.
            unsafe { *(ptr as *mut usize) = head.get() };
            head.set(ptr as usize);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `GlobalAlloc::realloc`'s contract: the new size, rounded up to the alignment,
        // does not overflow `isize`.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if index(&new) == index(&layout) {
            return ptr;
        }
        // SAFETY: as `GlobalAlloc::realloc`'s own default.
        unsafe {
            let block = self.alloc(new);
            if !block.is_null() {
                core::ptr::copy_nonoverlapping(ptr, block, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            block
        }
    }
}

/// The module's pages: `memory.grow` of memory 0.
#[cfg(target_arch = "wasm32")]
pub struct WasmPages;

#[cfg(target_arch = "wasm32")]
impl Pages for WasmPages {
    fn grow(&self, pages: usize) -> Option<usize> {
        match core::arch::wasm32::memory_grow(0, pages) {
            usize::MAX => None,
            first => first.checked_mul(PAGE),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    /// `count` pages of a buffer, handed out in order; `gap`: the first growth starts a page
    /// after the buffer's start (as the module's first pages follow its static data).
    struct Buffer {
        start: usize,
        used: Cell<usize>,
        count: usize,
    }

    impl Buffer {
        fn new(count: usize, gap: usize) -> Buffer {
            let layout = Layout::from_size_align((count + gap) * PAGE, PAGE).unwrap();
            // Leaked: the heaps of these tests live as long as the test.
            let start = unsafe { std::alloc::alloc(layout) } as usize;
            assert_ne!(start, 0);
            Buffer { start: start + gap * PAGE, used: Cell::new(0), count }
        }
        fn grown(&self) -> usize {
            self.used.get()
        }
    }

    impl Pages for &Buffer {
        fn grow(&self, pages: usize) -> Option<usize> {
            let first = self.used.get();
            (first + pages <= self.count).then(|| {
                self.used.set(first + pages);
                self.start + first * PAGE
            })
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    /// A small random generator (xorshift), seeded: the same run every time.
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    #[test]
    fn blocks_are_aligned_apart_and_keep_their_bytes_through_any_mix_of_calls() {
        let buffer = Buffer::new(64, 1);
        let heap = Heap::new(&buffer);
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        // (address, layout, fill byte)
        let mut live: Vec<(usize, Layout, u8)> = Vec::new();
        let check = |(at, l, fill): &(usize, Layout, u8)| {
            assert_eq!(at % l.align(), 0, "{l:?} at {at:#x}");
            let bytes = unsafe { core::slice::from_raw_parts(*at as *const u8, l.size()) };
            assert!(bytes.iter().all(|b| b == fill), "{l:?} at {at:#x} lost its bytes");
        };
        for step in 0..20_000u32 {
            let fill = step as u8;
            match rng.below(3) {
                0 if !live.is_empty() => {
                    let (at, l, fill) = live.swap_remove(rng.below(live.len() as u64) as usize);
                    check(&(at, l, fill));
                    unsafe { heap.dealloc(at as *mut u8, l) };
                }
                1 if !live.is_empty() => {
                    let i = rng.below(live.len() as u64) as usize;
                    let (at, l, old) = live[i];
                    check(&live[i]);
                    let size = 1 + rng.below(3000) as usize;
                    let moved = unsafe { heap.realloc(at as *mut u8, l, size) } as usize;
                    assert_ne!(moved, 0);
                    let kept = unsafe { core::slice::from_raw_parts(moved as *const u8, l.size().min(size)) };
                    assert!(kept.iter().all(|b| *b == old), "realloc {l:?} -> {size} lost bytes");
                    unsafe { core::ptr::write_bytes(moved as *mut u8, fill, size) };
                    live[i] = (moved, layout(size, l.align()), fill);
                }
                _ => {
                    let size = match rng.below(10) {
                        0 => 1 + rng.below(100_000) as usize,
                        _ => 1 + rng.below(200) as usize,
                    };
                    let l = layout(size, 1 << rng.below(6));
                    let at = unsafe { heap.alloc(l) } as usize;
                    assert_ne!(at, 0);
                    unsafe { core::ptr::write_bytes(at as *mut u8, fill, size) };
                    live.push((at, l, fill));
                }
            }
        }
        // No two live blocks overlap, and each still holds what was written into it.
        live.iter().for_each(check);
        let mut spans: Vec<(usize, usize)> = live.iter().map(|(at, l, _)| (*at, at + l.size())).collect();
        spans.sort();
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0));
        assert!(spans.iter().all(|(a, b)| *a >= buffer.start && *b <= buffer.start + buffer.grown() * PAGE));
    }

    #[test]
    fn freed_blocks_are_reused_so_a_steady_workload_grows_no_memory() {
        let buffer = Buffer::new(8, 0);
        let heap = Heap::new(&buffer);
        let sizes = [24, 100, 7, 500, 4000, 90_000];
        let round = || {
            let blocks: Vec<_> = sizes.iter().map(|s| (unsafe { heap.alloc(layout(*s, 8)) }, layout(*s, 8))).collect();
            assert!(blocks.iter().all(|(p, _)| !p.is_null()));
            for (p, l) in blocks {
                unsafe { heap.dealloc(p, l) };
            }
        };
        round();
        let grown = buffer.grown();
        for _ in 0..10_000 {
            round();
        }
        assert_eq!(buffer.grown(), grown);
        // A block that stays in its size is not moved.
        let p = unsafe { heap.alloc(layout(20, 4)) };
        assert_eq!(unsafe { heap.realloc(p, layout(20, 4), 32) }, p);
        assert_ne!(unsafe { heap.realloc(p, layout(32, 4), 33) }, p);
    }

    #[test]
    fn blocks_of_different_sizes_side_by_side_cost_no_padding() {
        let buffer = Buffer::new(8, 0);
        let heap = Heap::new(&buffer);
        for _ in 0..4000 {
            assert!(!unsafe { heap.alloc(layout(1, 1)) }.is_null());
            assert!(!unsafe { heap.alloc(layout(24, 8)) }.is_null());
        }
        // 4000 blocks of 8 bytes and 4000 of 32: 160,000 bytes, in 3 pages (196,608 bytes).
        assert_eq!(buffer.grown(), 3);
    }

    #[test]
    fn no_memory_or_an_alignment_beyond_a_page_is_a_null_block() {
        let buffer = Buffer::new(2, 0);
        let heap = Heap::new(&buffer);
        assert!(unsafe { heap.alloc(layout(8, 2 * PAGE)) }.is_null());
        let big = unsafe { heap.alloc(layout(PAGE + 1, 8)) };
        assert!(!big.is_null(), "two pages for a block of 128 KiB");
        assert!(unsafe { heap.alloc(layout(8, 8)) }.is_null(), "no page left");
        unsafe { heap.dealloc(big, layout(PAGE + 1, 8)) };
        assert_eq!(unsafe { heap.alloc(layout(PAGE + 100, 1)) }, big);
    }
}
