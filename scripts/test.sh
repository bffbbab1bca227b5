#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need, then runs the checks
# and every test. Safe to run repeatedly on a fresh machine of this kind (Debian, Rust,
# Python 3); needs network access to the package registries only.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> test dependencies"
python3 -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt

echo "==> cargo fmt --check"
cargo fmt --all -- --check

echo "==> cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings

echo "==> cargo test"
cargo test --all-targets --locked

echo "==> all checks passed"
