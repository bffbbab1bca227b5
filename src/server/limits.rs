//! Running evaluations safely: at most `max_concurrent` at once, each on a blocking thread,
//! answered at the deadline whatever the evaluator is doing.
//!
//! oxigraph's cancellation is cooperative and only checked while scanning quads, so the
//! endpoint does not rely on it alone: the response is sent at the deadline by
//! `tokio::time::timeout`, the evaluation's [`CancellationToken`] is cancelled then (and
//! whenever the request is dropped, e.g. when the client hangs up), and the loops that
//! serialise results check the deadline, the token and the row cap on every row.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use oxigraph::sparql::CancellationToken;
use tokio::sync::Semaphore;

use super::error::ApiError;

/// The limits of the endpoint.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long a query (including waiting for a free slot) may take before 503.
    pub timeout: Duration,
    /// Most rows of a SELECT, or triples of a CONSTRUCT/DESCRIBE, in one response.
    pub max_rows: usize,
    /// Most evaluations running at once; further requests wait (within their timeout).
    pub max_concurrent: usize,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            timeout: Duration::from_secs(30),
            max_rows: 10_000,
            max_concurrent: default_concurrency(),
            max_body_bytes: 1024 * 1024,
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

    /// Fails once the deadline has passed or the request was given up.
    pub(crate) fn check(&self) -> Result<(), ApiError> {
        if self.token.is_cancelled() || Instant::now() >= self.deadline {
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

/// The shared bound on evaluations.
#[derive(Clone)]
pub(crate) struct Runner {
    limits: Limits,
    semaphore: Arc<Semaphore>,
}

impl Runner {
    pub(crate) fn new(limits: Limits) -> Self {
        Runner {
            semaphore: Arc::new(Semaphore::new(limits.max_concurrent.max(1))),
            limits,
        }
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
        }
    }

    /// Runs `work` on a blocking thread once a slot is free, and answers 503 at the
    /// deadline even if `work` is still running (its token is cancelled then, and its
    /// slot is only given back when it has really stopped).
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
        let job = self.spawn(move || {
            guard.check()?;
            work(&mut guard)
        });
        match tokio::time::timeout_at(deadline.into(), job).await {
            Ok(result) => result,
            Err(_elapsed) => {
                token.cancel();
                Err(timeout_error)
            }
        }
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
            max_body_bytes: 1024,
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
