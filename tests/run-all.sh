#!/usr/bin/env bash
# Runs every flaskguard test on a fresh machine (Debian, Rust toolchain, Python 3, Node 20).
# Installs what the tests need and is missing, then runs format, lint and test checks.
# Usage: bash tests/run-all.sh
set -euo pipefail

cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
cargo --version
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add rustfmt clippy
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings

mkdir -p target
step "cargo test"
cargo test --locked --all-targets 2>&1 | tee target/cargo-test.log
cargo test --locked --features fault-injection --test panic_isolation 2>&1 | tee -a target/cargo-test.log

step "cargo test --doc"
cargo test --locked --doc 2>&1 | tee -a target/cargo-test.log

step "the example app gives the documented findings"
cargo build --locked --quiet
set +e
./target/debug/flaskguard check docs/example > target/example-output.txt
status=$?
set -e
cat target/example-output.txt
if [ "$status" -ne 1 ]; then
  echo "expected exit code 1 (findings) on docs/example, got $status" >&2
  exit 1
fi

# Suites that need more than cargo (editors, pre-commit, ...): each script installs
# what it needs and exits non-zero on failure.
for suite in tests/suites/*.sh; do
  [ -e "$suite" ] || continue
  step "suite: $suite"
  bash "$suite"
done

# One closing line with the count of Rust tests (the suites above print their own).
awk '/^test result:/ { passed += $4; failed += $6 } END { printf "tests: %d passed, %d failed\n", passed, failed }' target/cargo-test.log
