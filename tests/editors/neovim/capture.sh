#!/usr/bin/env bash
# Regenerates docs/editors-neovim-capture.txt: Neovim 0.11 (from the venv
# tests/suites/neovim.sh makes) with editors/neovim/lsp/flaskguard.lua, on
# docs/example/app.py, inside tmux; `tmux capture-pane -p` of the screen once
# flaskguard's diagnostics are shown.
# Usage: bash tests/editors/neovim/capture.sh (after bash tests/suites/neovim.sh)
set -euo pipefail
cd "$(dirname "$0")/../../.."
repo=$PWD
nvim=$repo/target/nvim-venv/bin/nvim
[ -x "$nvim" ] || { echo "run tests/suites/neovim.sh first (it installs $nvim)" >&2; exit 1; }
command -v tmux >/dev/null || apt-get install -y -qq tmux
cargo build --locked --quiet
session=flaskguard-capture-$$
home=$repo/target/nvim-capture
rm -rf "$home" && mkdir -p "$home"
tmux new-session -d -s "$session" -x 150 -y 62 \
  env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state" \
  XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" TERM=xterm-256color \
  PATH="$repo/target/debug:$PATH" FG_REPO="$repo" \
  "$nvim" --clean -n -i NONE -u "$repo/tests/editors/neovim/capture_init.lua" docs/example/app.py
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if tmux capture-pane -p -t "$session" | grep -q "\[Location List\] flaskguard"; then
    sleep 1
    tmux capture-pane -p -t "$session" | sed 's/[[:space:]]*$//' > docs/editors-neovim-capture.txt
    echo "wrote docs/editors-neovim-capture.txt"
    exit 0
  fi
  sleep 0.2
done
echo "no flaskguard diagnostics on the screen after 20s:" >&2
tmux capture-pane -p -t "$session" >&2
exit 1
