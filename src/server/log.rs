//! One log line per request, made cheap: no span per request (one event carries the
//! method, path, status, time and, for a query, where it was evaluated), and lines written to standard error in batches instead
//! of one `write(2)` each (about a tenth of the endpoint's time under load, measured in
//! docs/benchmarks.md).

use std::io::Write;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use super::limits::Evaluated;

/// The middleware that logs a request once its response head is ready.
pub(crate) async fn request_line(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    // Where a query ran tells an operator which queries need the pool's slots.
    let evaluated = response
        .extensions()
        .get::<Evaluated>()
        .map_or("-", |evaluated| evaluated.as_str());
    tracing::info!(
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        ms = format_args!("{:.1}", started.elapsed().as_secs_f64() * 1000.0),
        eval = %evaluated,
    );
    response
}

/// How long a line may wait in the buffer before it is written.
const FLUSH_EVERY: Duration = Duration::from_millis(100);

/// A buffer this large is written at once, without waiting.
const FLUSH_AT_BYTES: usize = 64 * 1024;

/// Standard error for log lines, written at most [`FLUSH_EVERY`] after them (by a thread
/// that ends with the last clone) or when the buffer is full; [`BatchedStderr::flush`]
/// writes what is left, e.g. before the process exits.
#[derive(Clone)]
pub struct BatchedStderr {
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl BatchedStderr {
    pub fn new() -> Self {
        let buffer = Arc::new(Mutex::new(Vec::with_capacity(FLUSH_AT_BYTES)));
        let weak = Arc::downgrade(&buffer);
        // Without the thread, lines are still written when the buffer fills or at flush.
        let _ = std::thread::Builder::new()
            .name("dutygraph-log".into())
            .spawn(move || flush_periodically(&weak));
        BatchedStderr { buffer }
    }

    pub fn flush(&self) {
        write_out(&mut self.buffer.lock().unwrap_or_else(PoisonError::into_inner));
    }
}

impl Default for BatchedStderr {
    fn default() -> Self {
        Self::new()
    }
}

fn flush_periodically(buffer: &Weak<Mutex<Vec<u8>>>) {
    loop {
        std::thread::sleep(FLUSH_EVERY);
        let Some(buffer) = buffer.upgrade() else {
            return;
        };
        write_out(&mut buffer.lock().unwrap_or_else(PoisonError::into_inner));
    }
}

fn write_out(buffer: &mut Vec<u8>) {
    if !buffer.is_empty() {
        // Nowhere to report a failed write of the log itself.
        let _ = std::io::stderr().write_all(buffer);
        buffer.clear();
    }
}

impl Drop for BatchedStderr {
    fn drop(&mut self) {
        // The last clone (the periodic thread only holds a weak reference).
        if Arc::strong_count(&self.buffer) == 1 {
            self.flush();
        }
    }
}

/// What the log subscriber writes one event into.
pub struct BatchedLine<'a>(&'a BatchedStderr);

impl Write for BatchedLine<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut buffer = self.0.buffer.lock().unwrap_or_else(PoisonError::into_inner);
        buffer.extend_from_slice(bytes);
        if buffer.len() >= FLUSH_AT_BYTES {
            write_out(&mut buffer);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for BatchedStderr {
    type Writer = BatchedLine<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        BatchedLine(self)
    }
}
