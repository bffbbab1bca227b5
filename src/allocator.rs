//! The binary's global allocator: mimalloc, counting the bytes in use so that `serve` can
//! cut queries that fill memory (`--max-memory`).
//!
//! The only unsafe code of the crate: `GlobalAlloc` is an unsafe trait, and every method
//! forwards its arguments unchanged to mimalloc, whose contract is the same. Counting goes
//! through a per-thread tally flushed to one shared counter every 256 KiB, so that threads
//! allocating side by side (the report's analyses) do not fight over one cache line for
//! every allocation; the shared figure is exact to 256 KiB per thread.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};

use mimalloc::MiMalloc;

/// mimalloc, counting.
pub struct CountingMiMalloc;

/// Bytes allocated and not yet freed, as last flushed by each thread.
static IN_USE: AtomicIsize = AtomicIsize::new(0);

/// How far a thread's tally may drift before it is added to [`IN_USE`].
const FLUSH_AT: isize = 256 * 1024;

thread_local! {
    // `const`, and no destructor: reading it never allocates.
    static TALLY: Cell<isize> = const { Cell::new(0) };
}

fn count(delta: isize) {
    let tallied = TALLY.try_with(|tally| {
        let pending = tally.get() + delta;
        if pending.abs() >= FLUSH_AT {
            IN_USE.fetch_add(pending, Ordering::Relaxed);
            tally.set(0);
        } else {
            tally.set(pending);
        }
    });
    // A thread being torn down has no tally any more: count directly.
    if tallied.is_err() {
        IN_USE.fetch_add(delta, Ordering::Relaxed);
    }
}

/// Bytes the process has allocated and not freed (heap, to 256 KiB per thread).
pub fn bytes_in_use() -> usize {
    usize::try_from(IN_USE.load(Ordering::Relaxed)).unwrap_or(0)
}

fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

// SAFETY: every method forwards to mimalloc with the caller's arguments unchanged, so the
// caller's guarantees are the ones mimalloc's `GlobalAlloc` implementation needs; counting
// touches only an atomic and a `const` thread-local, neither of which allocates.
unsafe impl GlobalAlloc for CountingMiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc`, forwarded.
        let ptr = unsafe { MiMalloc.alloc(layout) };
        if !ptr.is_null() {
            count(signed(layout.size()));
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc_zeroed`, forwarded.
        let ptr = unsafe { MiMalloc.alloc_zeroed(layout) };
        if !ptr.is_null() {
            count(signed(layout.size()));
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc`, forwarded.
        unsafe { MiMalloc.dealloc(ptr, layout) };
        count(-signed(layout.size()));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for `realloc`, forwarded.
        let new = unsafe { MiMalloc.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            count(signed(new_size) - signed(layout.size()));
        }
        new
    }
}
