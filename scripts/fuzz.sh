#!/usr/bin/env bash
# Fuzzes the readers and the whole bytes → graph pipeline with cargo fuzz (libFuzzer):
# each target for SECONDS (default 12: about a minute for the five, after the build), from the
# committed fixtures as seeds. A crash stops the script with libFuzzer's report, and the
# input is left in fuzz/artifacts/TARGET/ (make it a regression test: docs/fuzzing.md).
#
#   scripts/fuzz.sh                 # a quick look after changing a reader (not run by CI)
#   scripts/fuzz.sh 600 read_pdf    # ten minutes on one target
#
# The corpus grows in fuzz/corpus/TARGET/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-12}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  targets=(read_text read_html read_docx read_pdf pipeline)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "    installing cargo-fuzz from crates.io"
  cargo install --quiet --locked cargo-fuzz --version 0.13.2
fi
# cargo fuzz passes unstable (-Z) flags to rustc; the machine's one toolchain is stable,
# which accepts them with RUSTC_BOOTSTRAP. The code fuzzed is safe Rust: no sanitizer is
# needed to see its failures (panics, overflows in debug assertions, timeouts, memory).
export RUSTC_BOOTSTRAP=1
# A one-off build needs no incremental caches.
export CARGO_INCREMENTAL=0
# cargo fuzz builds with one codegen unit unless told: on two cores, 16 build the targets
# in about half the time, for slightly slower runs (FUZZ_CODEGEN_UNITS=1 for long runs).
codegen_units="${FUZZ_CODEGEN_UNITS:-16}"

seeds_of() {
  case "$1" in
    read_text) echo data tests/fixtures/genre tests/fixtures/formats/docx ;;
    read_html) echo tests/fixtures/formats/html ;;
    read_docx) echo tests/fixtures/formats/docx ;;
    read_pdf) echo tests/fixtures/formats/pdf ;;
    pipeline) echo tests/fixtures/genre tests/fixtures/formats/html tests/fixtures/formats/docx tests/fixtures/formats/pdf ;;
    *) echo "unknown fuzz target $1" >&2; exit 2 ;;
  esac
}

dict_of() {
  case "$1" in
    read_text | pipeline) echo fuzz/dict/text.dict ;;
    read_html) echo fuzz/dict/html.dict ;;
    read_pdf) echo fuzz/dict/pdf.dict ;;
    *) echo "" ;;
  esac
}

for target in "${targets[@]}"; do
  corpus="fuzz/corpus/$target"
  mkdir -p "$corpus"
  # shellcheck disable=SC2046 # the seed directories are words
  seeds=($(seeds_of "$target"))
  regressions="tests/fixtures/fuzz/$target"
  [ -d "$regressions" ] && seeds+=("$regressions")
  options=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1)
  dict="$(dict_of "$target")"
  [ -n "$dict" ] && options+=(-dict="$dict")
  echo "==> fuzz $target for ${seconds}s"
  cargo fuzz run --sanitizer none --codegen-units "$codegen_units" "$target" "$corpus" \
    "${seeds[@]}" -- "${options[@]}"
done
