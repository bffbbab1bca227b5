//! The html reader, called directly (whatever the first bytes say), with small limits.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(extracted) = dutygraph::read::html::read(bytes, &dutygraph_fuzz::limits()) {
        dutygraph_fuzz::check(&extracted);
    }
});
