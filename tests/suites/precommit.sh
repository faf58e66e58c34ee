#!/usr/bin/env bash
# Runs the pre-commit hooks of .pre-commit-hooks.yaml for real: pre-commit (from PyPI,
# in a scratch venv under target/) installs the `language: rust` hook from this
# repository's HEAD commit with `cargo install`, runs it on a scratch git repository
# with a leaky app.py (it must fail and name FG101), then on the fixed file (it must
# pass). The `language: system` hook runs the same way on the debug build.
#
# Speed: `cargo install` builds a release binary: 561 s from scratch here (2 shared
# cores), too slow for CI. The suite keeps everything else real but builds the hook
# unoptimised (CARGO_PROFILE_RELEASE_* overrides below: 215 s from scratch), reuses ~/.cargo's registry (the system toolchain keeps CARGO_HOME),
# and keeps the build folder in target/suites/precommit-build (CARGO_TARGET_DIR), so
# a second run on the same machine only relinks. Set FLASKGUARD_PRECOMMIT_RELEASE=1
# to build the hook exactly as users get it. PRE_COMMIT_HOME is emptied on every run
# so the hook is installed from HEAD.
# Usage: bash tests/suites/precommit.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
suites=$repo/target/suites
work=$suites/precommit
venv=$suites/venv

fail() {
  echo "precommit suite: FAILED: $*" >&2
  exit 1
}

if [ ! -x "$venv/bin/pre-commit" ]; then
  echo "precommit suite: installing pre-commit (PyPI) into $venv"
  python3 -m venv "$venv" || fail "python3 -m venv"
  timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check pre-commit ||
    fail "pip install pre-commit"
fi
command -v git >/dev/null || fail "git is needed"
command -v cargo >/dev/null || fail "cargo is needed"

rev=$(git -C "$repo" rev-parse HEAD)
git -C "$repo" cat-file -e "$rev:.pre-commit-hooks.yaml" ||
  fail ".pre-commit-hooks.yaml is not committed at HEAD ($rev)"

rm -rf "$work"
mkdir -p "$work/project"
export PRE_COMMIT_HOME=$suites/pre-commit-home
rm -rf "$PRE_COMMIT_HOME"
export CARGO_TARGET_DIR=$suites/precommit-build
if [ "${FLASKGUARD_PRECOMMIT_RELEASE:-0}" != 1 ]; then
  export CARGO_PROFILE_RELEASE_OPT_LEVEL=0
  export CARGO_PROFILE_RELEASE_DEBUG=false
  export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256
  export CARGO_PROFILE_RELEASE_INCREMENTAL=true
  CARGO_TARGET_DIR=$suites/precommit-build-unoptimised
fi
export PATH=$venv/bin:$PATH

project=$work/project
cd "$project"
git init --quiet .
git config user.email ci@example.invalid
git config user.name "flaskguard CI"

leaky='from flask import Flask

SECRET_KEY = "FAKE-precommit-secret-0123456789"
app = Flask(__name__)
'
fixed='import os

from flask import Flask

SECRET_KEY = os.environ["SECRET_KEY"]
app = Flask(__name__)
'

# What users add: three lines under `repos:` (plus `hooks:`).
write_config() {
  cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: $1
YAML
}

# run_hook ID: runs `pre-commit run --all-files`, leaving its output in $out, status in $status.
run_hook() {
  set +e
  out=$(timeout 900 pre-commit run --all-files --color never 2>&1)
  status=$?
  set -e
  printf '%s\n' "$out" | sed 's/^/    /'
  [ "$status" -ne 124 ] || fail "pre-commit timed out ($1)"
  if printf '%s' "$out" | grep -q "FAKE-precommit-secret-0123456789"; then
    fail "the hook output shows the secret whole ($1)"
  fi
}

check_hook() {
  local id=$1
  printf '%s' "$leaky" > app.py
  write_config "$id"
  git add -A
  echo "precommit suite: hook $id on a leaky app.py"
  local started=$SECONDS
  run_hook "$id"
  echo "precommit suite: hook $id took $((SECONDS - started)) s (install included)"
  [ "$status" -eq 1 ] || fail "hook $id should fail on the leaky app.py (status $status)"
  printf '%s' "$out" | grep -q "app.py:3:14: FG101" || fail "hook $id did not report FG101 at app.py:3:14"

  printf '%s' "$fixed" > app.py
  git add -A
  echo "precommit suite: hook $id on the fixed app.py"
  run_hook "$id"
  [ "$status" -eq 0 ] || fail "hook $id should pass on the fixed app.py (status $status)"
  printf '%s' "$out" | grep -Eq "^flaskguard.*Passed$" || fail "hook $id did not say Passed"
}

check_hook flaskguard

# The system hook: the debug build on PATH.
(cd "$repo" && env -u CARGO_TARGET_DIR timeout 900 cargo build --locked --quiet) || fail "cargo build"
PATH=$repo/target/debug:$PATH check_hook flaskguard-system

echo "precommit suite: passed"
