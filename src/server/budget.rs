//! The inline budget: a query is first evaluated on the thread that read its request, and
//! only moved to a thread of its own when it outlasts a few milliseconds.
//!
//! Handing every evaluation to another thread (and its answer back) cost more than
//! evaluating most queries: two wake-ups across threads per request, about a third of the
//! endpoint's time under load (docs/benchmarks.md). Evaluating on the request's thread
//! needs two things this module gives:
//!
//! - [`Watchdog`]: one thread for the whole endpoint that cancels an inline evaluation's
//!   token when its budget is spent, so that the evaluator stops at its next check and the
//!   query can be run again where the deadline and the memory cut are enforced;
//! - [`CostMemory`]: the queries that were over budget, so that sending one again goes to
//!   the pool at once instead of spending the budget every time. A query is remembered
//!   after two cuts with no inline answer between them: a cheap query whose thread was
//!   merely preempted past the budget (two cores shared with the clients, say) runs again
//!   on the pool that once, and is answered inline the next time, which clears its mark.
//!   (Reading the thread's CPU time instead would tell the two apart at once, but the
//!   system call cost 4 % of a cheap query.)

use std::collections::VecDeque;
use std::hash::{BuildHasher, Hash};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use oxigraph::sparql::CancellationToken;

/// The default inline budget: long enough for the queries of the web UI, the cookbook and
/// the reports on a list (well under a millisecond to a few), short enough that a worker
/// thread held by a query that will move loses little.
pub const DEFAULT_INLINE_BUDGET: Duration = Duration::from_millis(5);

/// The watchdog wakes at most this often: a cut comes up to this late, and a busy endpoint
/// does not pay one wake-up per request.
const TICK: Duration = Duration::from_millis(1);

/// Cancels tokens at their cut-off time. The thread starts at the first registration and
/// stops when the last clone of its owner is dropped.
#[derive(Default)]
pub(crate) struct Watchdog {
    shared: OnceLock<Arc<Shared>>,
}

#[derive(Default)]
struct Shared {
    /// Cut-off times in the order they were registered. Every inline budget of an endpoint
    /// is the same length, so this is also the order of the times (a later registration
    /// with an earlier time is only cut at its turn, never missed).
    queue: Mutex<VecDeque<(Instant, CancellationToken)>>,
    wake: Condvar,
    stop: AtomicBool,
}

impl Watchdog {
    /// Cancels `token` at `at` (or up to [`TICK`] later).
    pub(crate) fn cancel_at(&self, at: Instant, token: CancellationToken) {
        let shared = self.shared.get_or_init(|| {
            let shared = Arc::<Shared>::default();
            let for_thread = shared.clone();
            let spawned = std::thread::Builder::new()
                .name("dutygraph-watchdog".into())
                .spawn(move || for_thread.run());
            if spawned.is_err() {
                // Without the thread no inline evaluation can be cut: let none start.
                shared.stop.store(true, Ordering::Relaxed);
            }
            shared
        });
        if shared.stop.load(Ordering::Relaxed) {
            token.cancel();
            return;
        }
        let mut queue = shared.queue.lock().unwrap_or_else(PoisonError::into_inner);
        queue.push_back((at, token));
        // A waiting watchdog with entries already queued wakes at their time anyway.
        if queue.len() == 1 {
            shared.wake.notify_one();
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Some(shared) = self.shared.get() {
            shared.stop.store(true, Ordering::Relaxed);
            let _queue = shared.queue.lock().unwrap_or_else(PoisonError::into_inner);
            shared.wake.notify_one();
        }
    }
}

impl Shared {
    fn run(&self) {
        let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if self.stop.load(Ordering::Relaxed) {
                for (_, token) in queue.drain(..) {
                    token.cancel();
                }
                return;
            }
            let now = Instant::now();
            while let Some((at, token)) = queue.front() {
                if *at > now {
                    break;
                }
                token.cancel();
                queue.pop_front();
            }
            queue = match queue.front() {
                None => self
                    .wake
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner),
                Some((at, _)) => {
                    let wait = at.saturating_duration_since(now).max(TICK);
                    self.wake
                        .wait_timeout(queue, wait)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
        }
    }
}

/// Which queries were over budget, as a small direct-mapped table of their hashes: a
/// collision forgets one (it then spends its budget once more), nothing grows.
pub(crate) struct CostMemory {
    hasher: std::collections::hash_map::RandomState,
    slots: Box<[AtomicU64]>,
}

const COST_MEMORY_SLOTS: usize = 1024;

impl Default for CostMemory {
    fn default() -> Self {
        CostMemory {
            hasher: std::collections::hash_map::RandomState::new(),
            slots: (0..COST_MEMORY_SLOTS).map(|_| AtomicU64::new(0)).collect(),
        }
    }
}

impl CostMemory {
    /// The key of a request: whatever decides its cost (the query text and its dataset).
    pub(crate) fn key(&self, parts: impl Hash) -> u64 {
        // The low bit is one; zero in a slot marks the query cut once (and zero itself an
        // empty slot).
        self.hasher.hash_one(parts) | 1
    }

    fn slot(&self, key: u64) -> &AtomicU64 {
        // The table's length is a power of two; the low bits of a SipHash are uniform.
        &self.slots[(key as usize) & (COST_MEMORY_SLOTS - 1)]
    }

    /// What is known of a query's cost.
    pub(crate) fn cost(&self, key: u64) -> Cost {
        match self.slot(key).load(Ordering::Relaxed) {
            slot if slot == key => Cost::Expensive,
            slot if slot == key & !1 => Cost::CutOnce,
            _ => Cost::Unknown,
        }
    }

    /// The query was cut at its budget: marked, or remembered if it was marked already.
    pub(crate) fn cut(&self, key: u64) {
        let slot = self.slot(key);
        let mark = key & !1;
        let next = if slot.load(Ordering::Relaxed) == mark {
            key
        } else {
            mark
        };
        slot.store(next, Ordering::Relaxed);
    }

    /// The query was answered within its budget after a cut: the cut was not its cost.
    pub(crate) fn answered(&self, key: u64) {
        let _ = self
            .slot(key)
            .compare_exchange(key & !1, 0, Ordering::Relaxed, Ordering::Relaxed);
    }
}

/// What [`CostMemory`] knows of a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cost {
    Unknown,
    /// Cut at its budget once since it was last answered inline.
    CutOnce,
    /// Cut twice in a row: sent to the pool at once.
    Expensive,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_cancelled_at_their_time_not_before() {
        let watchdog = Watchdog::default();
        let start = Instant::now();
        let early = CancellationToken::new();
        let late = CancellationToken::new();
        watchdog.cancel_at(start + Duration::from_millis(20), early.clone());
        watchdog.cancel_at(start + Duration::from_millis(400), late.clone());
        while !early.is_cancelled() {
            assert!(start.elapsed() < Duration::from_secs(5), "never cancelled");
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(start.elapsed() >= Duration::from_millis(20));
        assert!(!late.is_cancelled(), "cancelled before its time");
        while !late.is_cancelled() {
            assert!(start.elapsed() < Duration::from_secs(5), "never cancelled");
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(start.elapsed() >= Duration::from_millis(400));
    }

    #[test]
    fn dropping_the_watchdog_cancels_what_is_left_and_stops_its_thread() {
        let token = CancellationToken::new();
        let watchdog = Watchdog::default();
        watchdog.cancel_at(Instant::now() + Duration::from_secs(3600), token.clone());
        drop(watchdog);
        let start = Instant::now();
        while !token.is_cancelled() {
            assert!(start.elapsed() < Duration::from_secs(5));
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn two_cuts_in_a_row_make_a_query_expensive() {
        let memory = CostMemory::default();
        let runaway = memory.key(("SELECT * { ?a ?b ?c . ?d ?e ?f }", ""));
        let cheap = memory.key(("ASK {}", ""));
        assert_eq!(memory.cost(runaway), Cost::Unknown);
        memory.cut(runaway);
        assert_eq!(memory.cost(runaway), Cost::CutOnce);
        memory.cut(runaway);
        assert_eq!(memory.cost(runaway), Cost::Expensive);
        // Even when both share a slot, the slot holds the other key.
        assert_eq!(memory.cost(cheap), Cost::Unknown);
        // A cheap query preempted once, then answered: no longer marked.
        memory.cut(cheap);
        memory.answered(cheap);
        memory.cut(cheap);
        assert_eq!(memory.cost(cheap), Cost::CutOnce);
    }
}
