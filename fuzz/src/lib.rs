//! What the fuzz targets share: the limits they read with, and the check every
//! [`Extracted`] must pass.

use dutygraph::read::{Extracted, Limits};

/// The library's small limits ([`Limits::small`]).
pub fn limits() -> Limits {
    Limits::small()
}

/// What `read::mod` promises of an extracted text ([`Extracted::check_blocks`]).
pub fn check(extracted: &Extracted) {
    if let Err(broken) = extracted.check_blocks() {
        panic!("{broken}");
    }
}
