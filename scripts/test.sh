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

# The browser tests (tests/browser.rs) drive Debian's headless Chromium over WebDriver
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

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings

echo "==> cargo test"
cargo test --all-targets --locked

# A short run of each fuzz target (about a minute in all) so that a regression in the
# readers shows; the long runs and their figures are in docs/fuzzing.md.
echo "==> fuzz (scripts/fuzz.sh)"
scripts/fuzz.sh 12

# The on-disk store: oxigraph's RocksDB backend is C++ built from source (~16 min on two
# cores) and its bindings need libclang. Only the tests that use it are built with it.
echo "==> the on-disk store (feature rocksdb)"
if ! dpkg -s libclang-dev >/dev/null 2>&1; then
  echo "    installing Debian's libclang-dev"
  "${apt_get[@]}" update -q
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -q libclang-dev
fi
cargo clippy --features rocksdb --all-targets --locked -- -D warnings
cargo test --features rocksdb --locked --test ingest_disk

echo "==> all checks passed"
