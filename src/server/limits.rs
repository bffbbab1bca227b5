//! Running evaluations safely: a query is first evaluated on the request's own thread for
//! at most its inline budget ([`super::budget`]); one that outlasts it, and every dump of
//! the Graph Store, runs on a blocking thread, at most `max_concurrent` at once, answered at
//! the deadline whatever the evaluator is doing.
//!
//! oxigraph's cancellation is cooperative: checked while scanning quads and, with the patch
//! in `vendor/spareval`, inside joins. The endpoint does not rely on it alone: the response
//! is sent at the deadline by `tokio::time::timeout`, the evaluation's [`CancellationToken`]
//! is cancelled then (and whenever the request is dropped, e.g. when the client hangs up),
//! and the loops that serialise results check the deadline, the token and the row cap on
//! every row.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use oxigraph::sparql::CancellationToken;
use tokio::sync::Semaphore;

use super::budget::{Cost, CostMemory, Watchdog};
use super::error::ApiError;

/// Reads how many bytes of memory the process has in use (the binary counts them in its
/// global allocator; tests give their own gauge).
#[derive(Clone)]
pub struct MemoryGauge(Arc<dyn Fn() -> usize + Send + Sync>);

impl MemoryGauge {
    pub fn new(read: impl Fn() -> usize + Send + Sync + 'static) -> Self {
        MemoryGauge(Arc::new(read))
    }

    pub(crate) fn bytes(&self) -> usize {
        (self.0)()
    }
}

impl std::fmt::Debug for MemoryGauge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MemoryGauge({} bytes)", self.bytes())
    }
}

/// A running query is cancelled when the process has more than `max_bytes` in use and
/// memory has grown by more than a sixteenth of that since the query started: the
/// deadline bounds time, not the rows a sort or a grouping keeps until then. The growth
/// condition spares queries that start while a runaway that was cut still frees its rows.
#[derive(Debug, Clone)]
pub struct MemoryLimit {
    pub max_bytes: usize,
    pub gauge: MemoryGauge,
}

/// How often a running query looks at the memory gauge.
const MEMORY_CHECK_EVERY: Duration = Duration::from_millis(25);

/// The default `--max-memory`: half of the machine's memory (8 GiB where it cannot be read).
pub fn default_max_memory() -> usize {
    physical_memory().map_or(8 << 30, |bytes| bytes / 2)
}

/// `MemTotal` of /proc/meminfo, in bytes.
fn physical_memory() -> Option<usize> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// The limits of the endpoint.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long a query (including waiting for a free slot) may take before 503.
    pub timeout: Duration,
    /// Most rows of a SELECT, or triples of a CONSTRUCT/DESCRIBE, in one response.
    pub max_rows: usize,
    /// Most evaluations running at once on blocking threads (queries past their inline
    /// budget, Graph Store dumps, updates); further ones wait (within their timeout).
    pub max_concurrent: usize,
    /// How long a query may first run on the thread that read its request (zero: never);
    /// past it, it is cancelled there and evaluated again on a blocking thread.
    pub inline_budget: Duration,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Cancel a running query when the process is over this memory limit and grew while
    /// the query ran (none: no check).
    pub memory: Option<MemoryLimit>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(30),
            max_rows: 10_000,
            max_concurrent: default_concurrency(),
            inline_budget: super::budget::DEFAULT_INLINE_BUDGET,
            max_body_bytes: 1024 * 1024,
            memory: None,
        }
    }
}

/// The default bound on concurrent evaluations: the number of cores, at least 2, so that
/// one runaway query never blocks every other.
pub fn default_concurrency() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .max(2)
}

/// What an evaluation checks as it produces results.
pub(crate) struct Guard {
    token: CancellationToken,
    deadline: Instant,
    timeout: Duration,
    max_rows: usize,
    rows: usize,
    /// While evaluated inline: when the evaluation must give up its thread.
    inline_until: Option<Instant>,
}

impl Guard {
    pub(crate) fn token(&self) -> CancellationToken {
        self.token.clone()
    }

    pub(crate) fn timeout_error(&self) -> ApiError {
        ApiError::Timeout {
            timeout: self.timeout,
        }
    }

    /// Fails once the deadline (or the inline budget) has passed or the request was given up.
    pub(crate) fn check(&self) -> Result<(), ApiError> {
        let now = Instant::now();
        if self.token.is_cancelled()
            || now >= self.deadline
            || self.inline_until.is_some_and(|until| now >= until)
        {
            self.token.cancel();
            return Err(self.timeout_error());
        }
        Ok(())
    }

    /// Counts one more row: fails past the row cap, the deadline or a cancellation.
    pub(crate) fn row(&mut self) -> Result<(), ApiError> {
        self.rows += 1;
        if self.rows > self.max_rows {
            self.token.cancel();
            return Err(ApiError::TooManyRows {
                limit: self.max_rows,
            });
        }
        self.check()
    }
}

/// Cancels the token when the request's future is dropped (client gone, deadline passed).
struct CancelOnDrop(CancellationToken);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.cancel();
    }
}

/// Where a query was evaluated (logged with its request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Evaluated {
    /// On the thread that read the request, within the inline budget.
    Inline,
    /// On a blocking thread: known to be over budget, or not to be run inline.
    Pool,
    /// Cut at the inline budget, then on a blocking thread.
    CutToPool,
}

impl Evaluated {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Evaluated::Inline => "inline",
            Evaluated::Pool => "pool",
            Evaluated::CutToPool => "cut-to-pool",
        }
    }
}

enum Inline<T> {
    Answered(Result<T, ApiError>),
    Cut,
    NotTried,
}

/// The shared bound on evaluations.
#[derive(Clone)]
pub(crate) struct Runner {
    limits: Limits,
    semaphore: Arc<Semaphore>,
    watchdog: Arc<Watchdog>,
    costs: Arc<CostMemory>,
}

impl Runner {
    pub(crate) fn new(limits: Limits) -> Self {
        Runner {
            semaphore: Arc::new(Semaphore::new(limits.max_concurrent.max(1))),
            limits,
            watchdog: Arc::default(),
            costs: Arc::default(),
        }
    }

    /// The key under which a query's cost is remembered (see [`Runner::run_query`]).
    pub(crate) fn cost_key(&self, parts: impl std::hash::Hash) -> u64 {
        self.costs.key(parts)
    }

    /// Runs a query: first on this thread within the inline budget, unless a query of the
    /// same `cost_key` was over it before; if it is over budget now, again with [`Runner::run`].
    /// `work` must be repeatable and must not block on anything but the store (a query
    /// calling SERVICE has no key: it is not to be run inline).
    pub(crate) async fn run_query<T, W>(
        &self,
        cost_key: Option<u64>,
        work: W,
    ) -> (Result<T, ApiError>, Evaluated)
    where
        T: Send + 'static,
        W: Fn(&mut Guard) -> Result<T, ApiError> + Send + 'static,
    {
        let evaluated = match cost_key.map(|key| self.run_inline(key, &work)) {
            Some(Inline::Answered(result)) => return (result, Evaluated::Inline),
            Some(Inline::Cut) => Evaluated::CutToPool,
            Some(Inline::NotTried) | None => Evaluated::Pool,
        };
        (self.run(true, work).await, evaluated)
    }

    /// The inline attempt.
    fn run_inline<T>(
        &self,
        key: u64,
        work: &impl Fn(&mut Guard) -> Result<T, ApiError>,
    ) -> Inline<T> {
        let cost = self.costs.cost(key);
        if self.limits.inline_budget.is_zero() || cost == Cost::Expensive {
            return Inline::NotTried;
        }
        let mut guard = self.guard(true);
        let until = Instant::now() + self.limits.inline_budget;
        // Only the pool answers at a deadline the evaluator does not see.
        if until >= guard.deadline {
            return Inline::NotTried;
        }
        guard.inline_until = Some(until);
        self.watchdog.cancel_at(until, guard.token());
        let result = work(&mut guard);
        // A worker answering inline otherwise keeps its core from request to request for a
        // whole time slice, and whatever else wants that core (clients on this machine,
        // the watchdog) waits that long: p99 at 8 connections went from 1.6 to 0.5 ms
        // (docs/benchmarks.md). With nothing else to run, this returns at once.
        std::thread::yield_now();
        // Only the budget cancels the token while the evaluation runs here (the row cap
        // does too, but that is an answer). Results are discarded once it was cancelled:
        // the evaluator may have taken the cancellation for an empty EXISTS or OPTIONAL.
        let cut = match &result {
            Err(ApiError::TooManyRows { .. }) => false,
            Ok(_) => guard.token().is_cancelled(),
            Err(_) => guard.token().is_cancelled() || Instant::now() >= until,
        };
        if cut {
            self.costs.cut(key);
            return Inline::Cut;
        }
        if cost == Cost::CutOnce {
            self.costs.answered(key);
        }
        Inline::Answered(result)
    }

    fn guard(&self, row_cap: bool) -> Guard {
        Guard {
            token: CancellationToken::new(),
            deadline: Instant::now() + self.limits.timeout,
            timeout: self.limits.timeout,
            max_rows: if row_cap {
                self.limits.max_rows
            } else {
                usize::MAX
            },
            rows: 0,
            inline_until: None,
        }
    }

    /// Runs `work` on a blocking thread once a slot is free, and answers 503 at the
    /// deadline, or as soon as the process is over its memory limit, even if `work` is
    /// still running (its token is cancelled then, and its slot is only given back when it
    /// has really stopped).
    pub(crate) async fn run<T, W>(&self, row_cap: bool, work: W) -> Result<T, ApiError>
    where
        T: Send + 'static,
        W: FnOnce(&mut Guard) -> Result<T, ApiError> + Send + 'static,
    {
        let mut guard = self.guard(row_cap);
        let token = guard.token();
        let _cancel_on_drop = CancelOnDrop(token.clone());
        let deadline = guard.deadline;
        let timeout_error = guard.timeout_error();
        let memory_at_start = self.memory_in_use();
        let job = self.spawn(move || {
            guard.check()?;
            work(&mut guard)
        });
        tokio::pin!(job);
        let mut memory_check = tokio::time::interval(MEMORY_CHECK_EVERY);
        memory_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                result = &mut job => return result,
                () = tokio::time::sleep_until(deadline.into()) => {
                    token.cancel();
                    return Err(timeout_error);
                }
                _ = memory_check.tick(), if self.limits.memory.is_some() => {
                    if let Some(limit) = self.over_memory(memory_at_start) {
                        token.cancel();
                        return Err(ApiError::MemoryLimit { limit });
                    }
                }
            }
        }
    }

    fn memory_in_use(&self) -> usize {
        self.limits.memory.as_ref().map_or(0, |m| m.gauge.bytes())
    }

    /// The memory limit, when the process is over it and has grown since `at_start`.
    fn over_memory(&self, at_start: usize) -> Option<usize> {
        let memory = self.limits.memory.as_ref()?;
        let in_use = memory.gauge.bytes();
        let grown = in_use.saturating_sub(at_start) > memory.max_bytes / 16;
        (in_use > memory.max_bytes && grown).then_some(memory.max_bytes)
    }

    /// Runs an update: its token is cancelled at the deadline, but the answer waits for
    /// the update's real outcome (committed, or rolled back), so that it never lies.
    pub(crate) async fn run_update<W>(&self, work: W) -> Result<(), ApiError>
    where
        W: FnOnce(CancellationToken) -> Result<(), ApiError> + Send + 'static,
    {
        let guard = self.guard(false);
        let token = guard.token();
        let _cancel_on_drop = CancelOnDrop(token.clone());
        let timeout = self.limits.timeout;
        let job_token = token.clone();
        let job = self.spawn(move || work(job_token));
        tokio::pin!(job);
        let result = tokio::select! {
            result = &mut job => result,
            () = tokio::time::sleep_until(guard.deadline.into()) => {
                token.cancel();
                job.await
            }
        };
        match result {
            Err(_) if token.is_cancelled() => Err(ApiError::UpdateTimeout { timeout }),
            other => other,
        }
    }

    /// Waits for a slot, then runs `f` on a blocking thread holding it.
    fn spawn<T, F>(&self, f: F) -> impl Future<Output = Result<T, ApiError>> + use<T, F>
    where
        T: Send + 'static,
        F: FnOnce() -> Result<T, ApiError> + Send + 'static,
    {
        let semaphore = self.semaphore.clone();
        async move {
            let permit = semaphore
                .acquire_owned()
                .await
                .map_err(ApiError::internal)?;
            tokio::task::spawn_blocking(move || {
                let _permit = permit;
                f()
            })
            .await
            .map_err(ApiError::internal)?
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(timeout: Duration, max_rows: usize, max_concurrent: usize) -> Limits {
        Limits {
            timeout,
            max_rows,
            max_concurrent,
            inline_budget: Duration::ZERO,
            max_body_bytes: 1024,
            memory: None,
        }
    }

    #[test]
    fn the_row_loop_stops_at_the_cap() {
        let runner = Runner::new(limits(Duration::from_secs(60), 3, 1));
        let mut guard = runner.guard(true);
        let mut served = 0;
        let error = loop {
            match guard.row() {
                Ok(()) => served += 1,
                Err(e) => break e,
            }
        };
        assert_eq!(served, 3);
        assert!(matches!(error, ApiError::TooManyRows { limit: 3 }));
        assert!(guard.token().is_cancelled());
    }

    #[test]
    fn the_row_loop_stops_at_the_deadline() {
        let runner = Runner::new(limits(Duration::ZERO, usize::MAX, 1));
        let mut guard = runner.guard(true);
        // An endless stream of rows is cut as soon as a row is counted past the deadline.
        let rows = std::iter::repeat(())
            .take_while(|()| guard.row().is_ok())
            .count();
        assert_eq!(rows, 0);
        assert!(guard.token().is_cancelled());
    }

    #[tokio::test]
    async fn answers_when_memory_is_over_the_limit_and_cancels_the_work() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let in_use = Arc::new(AtomicUsize::new(0));
        let gauge = {
            let in_use = in_use.clone();
            MemoryGauge::new(move || in_use.load(Ordering::Relaxed))
        };
        let mut limits = limits(Duration::from_secs(600), 10, 1);
        limits.memory = Some(MemoryLimit {
            max_bytes: 1000,
            gauge,
        });
        let runner = Runner::new(limits);
        // Work that "allocates" until it sees its token cancelled, as an evaluation does.
        let result = runner
            .run(false, move |guard| {
                while !guard.token().is_cancelled() {
                    in_use.fetch_add(10, Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(1));
                }
                Ok(())
            })
            .await;
        assert!(
            matches!(result, Err(ApiError::MemoryLimit { limit: 1000 })),
            "{result:?}"
        );
        // Still over the limit, but not growing (the cut work frees its rows): a query
        // that starts now runs to its end.
        let ok = runner
            .run(false, |_| {
                std::thread::sleep(Duration::from_millis(100));
                Ok(7)
            })
            .await;
        assert_eq!(ok.unwrap(), 7);
    }

    #[tokio::test]
    async fn answers_at_the_deadline_while_work_still_runs() {
        let runner = Runner::new(limits(Duration::from_millis(200), 10, 1));
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        // Work that ignores every check until it is told to stop.
        let result = runner
            .run(true, move |guard| {
                let _ = rx.recv();
                Ok(guard.token().is_cancelled())
            })
            .await;
        assert!(
            matches!(result, Err(ApiError::Timeout { .. })),
            "{result:?}"
        );
        tx.send(()).unwrap();
        // The slot of the stuck work is given back once it returns.
        let ok = runner.run(false, |_| Ok(42)).await;
        assert_eq!(ok.unwrap(), 42);
    }
}
