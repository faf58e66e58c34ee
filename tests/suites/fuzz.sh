#!/usr/bin/env bash
# Runs each cargo-fuzz target (fuzz/fuzz_targets/: engine, fixes, lsp_decoder) for about
# 30 seconds from the repository's seeds (fuzz/seed.sh) and fails on any crash, panic,
# hang (10 s per input) or broken invariant. Installs cargo-fuzz from crates.io when it
# is missing. Only the stable toolchain is needed: RUSTC_BOOTSTRAP lets cargo-fuzz pass
# its instrumentation flags, and `--sanitizer none` needs no sanitizer runtime.
# Needs: crates.io, cargo, a C compiler.
# Usage: bash tests/suites/fuzz.sh [SECONDS], or FLASKGUARD_FUZZ_SECONDS=SECONDS.
#
# Without a duration (as in tests/run-all.sh) it only checks that the targets compile:
# installing cargo-fuzz and building the instrumented targets takes 10-20 minutes on a
# fresh 2-core machine, more than the whole CI budget aims for.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
work=$repo/target/suites/fuzz
seconds=${1:-${FLASKGUARD_FUZZ_SECONDS:-}}
export RUSTC_BOOTSTRAP=1

if [ -z "$seconds" ]; then
  echo "fuzz suite: checking that the fuzz targets compile (FLASKGUARD_FUZZ_SECONDS=30 runs them)"
  CARGO_TARGET_DIR=$repo/target/fuzz-check timeout 900 \
    cargo check --locked --manifest-path fuzz/Cargo.toml --bins ||
    { echo "fuzz suite: FAILED: the fuzz targets do not compile" >&2; exit 1; }
  echo "fuzz suite: passed (compile check)"
  exit 0
fi

fail() {
  echo "fuzz suite: FAILED: $*" >&2
  exit 1
}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz suite: installing cargo-fuzz (crates.io)"
  timeout 900 cargo install --locked cargo-fuzz || fail "cargo install cargo-fuzz"
fi

rm -rf "$work"
mkdir -p "$work"
bash fuzz/seed.sh "$work/corpus" >/dev/null || fail "seeding the corpora"

echo "fuzz suite: building the fuzz targets"
(cd fuzz && timeout 900 cargo fuzz build --sanitizer none) || fail "cargo fuzz build"

for target in engine fixes lsp_decoder; do
  echo "fuzz suite: $target for ${seconds}s"
  mkdir -p "$work/artifacts/$target"
  log=$work/$target.log
  # The Python targets get a dictionary of the tokens the rules look for. The frame
  # reader notes every bad frame on stderr: keep that out of the log (a crash report
  # still shows; replay the reproducer to see its panic message).
  extra=-dict=python.dict
  if [ "$target" = lsp_decoder ]; then extra=-close_fd_mask=2; fi
  if ! (cd fuzz && timeout $((seconds + 120)) cargo fuzz run --sanitizer none "$target" \
    "$work/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 $extra \
    -artifact_prefix="$work/artifacts/$target/") >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    fail "$target crashed or hung; reproducer in $work/artifacts/$target/"
  fi
  grep -E '^Done [0-9]+ runs' "$log" || tail -n 1 "$log"
done
echo "fuzz suite: passed"
