#!/usr/bin/env bash
# The VS Code extension without VS Code (it cannot be downloaded here): type-checks and
# bundles editors/vscode, runs its unit tests and the protocol end-to-end test against the
# debug server (node's test runner, vscode-languageserver-protocol), then packages a .vsix
# with vsce and checks what is inside it. Needs Node 20 and the npm registry.
# Usage: bash tests/suites/vscode.sh
set -euo pipefail

cd "$(dirname "$0")/../.."
repo=$PWD
ext=$repo/editors/vscode

step() { printf '\n==> vscode: %s (at %ss)\n' "$*" "$SECONDS"; }
fail() { printf 'vscode suite FAILED: %s\n' "$*" >&2; exit 1; }
trap 'status=$?; [ "$status" -eq 0 ] || printf "vscode suite FAILED (exit %s) after %ss\n" "$status" "$SECONDS" >&2' EXIT

# Runs a step with a time limit, so a hung step fails the suite instead of stalling CI.
limit() {
  local seconds=$1
  shift
  timeout --kill-after=10 "$seconds" "$@" || {
    local status=$?
    [ "$status" -eq 124 ] && fail "timed out after ${seconds}s: $*"
    fail "exit status $status: $*"
  }
}

command -v node >/dev/null || fail "node is not installed (Node 20 is required)"
command -v npm >/dev/null || fail "npm is not installed"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "Node 20 or newer is required, found $(node --version)"
echo "node $(node --version), npm $(npm --version)"

step "cargo build --locked (the debug server)"
limit 900 cargo build --locked --quiet
server=$repo/target/debug/flaskguard
[ -x "$server" ] || fail "no server binary at $server"

cd "$ext"

step "npm ci"
limit 300 npm ci --no-audit --no-fund

step "type-check (tsc --noEmit against @types/vscode)"
limit 120 npx --no-install tsc --noEmit -p .

step "bundle (esbuild)"
limit 60 node scripts/build.mjs
[ -s dist/extension.js ] || fail "dist/extension.js was not written"

step "unit tests and the protocol end-to-end test (node --test)"
limit 60 node scripts/build.mjs --tests
FLASKGUARD_BIN=$server limit 180 node scripts/run-tests.mjs

step "package a .vsix (vsce, bundling the debug server)"
out=$repo/target/vscode
mkdir -p "$out"
vsix=$out/flaskguard-test.vsix
rm -f "$vsix"
FLASKGUARD_BINARY=$server VSIX_OUT=$vsix limit 300 node scripts/package.mjs </dev/null
[ -s "$vsix" ] || fail "no .vsix at $vsix"

step "check the .vsix"
python3 - "$vsix" <<'PY'
import json
import sys
import zipfile

vsix = sys.argv[1]
with zipfile.ZipFile(vsix) as archive:
    names = set(archive.namelist())
    missing = [n for n in ("extension/bin/flaskguard", "extension/dist/extension.js", "extension/package.json") if n not in names]
    if missing:
        sys.exit(f"{vsix} lacks {missing}; it holds {sorted(names)}")
    mode = (archive.getinfo("extension/bin/flaskguard").external_attr >> 16) & 0o777
    if mode & 0o111 == 0:
        sys.exit(f"extension/bin/flaskguard is not executable in the .vsix (mode {oct(mode)})")
    leaked = sorted(n for n in names if n.startswith(("extension/src/", "extension/test/", "extension/node_modules/")) or n.endswith(".map"))
    if leaked:
        sys.exit(f"{vsix} ships development files: {leaked}")
    manifest = json.loads(archive.read("extension/package.json"))
    if manifest.get("main") != "./dist/extension.js":
        sys.exit(f"package.json main is {manifest.get('main')!r}")
    bundle = archive.read("extension/dist/extension.js").decode()
    if "require(\"vscode\")" not in bundle and "require('vscode')" not in bundle:
        sys.exit("dist/extension.js does not load the vscode module at run time")
    if "vscode-languageclient" in json.dumps(manifest.get("dependencies", {})) and any(n.startswith("extension/node_modules/") for n in names):
        sys.exit("dependencies were packaged instead of bundled")
    print(f"{vsix}: {len(names)} entries, bin/flaskguard mode {oct(mode)}, main {manifest['main']}")
PY

step "passed in ${SECONDS}s"
