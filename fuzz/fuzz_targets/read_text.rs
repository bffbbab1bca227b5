//! The text reader (encoding detection, line ends) on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(extracted) = dutygraph::read::text::read(bytes) {
        dutygraph_fuzz::check(&extracted);
    }
});
