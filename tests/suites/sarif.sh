#!/usr/bin/env bash
# Validates `flaskguard check --format sarif` against the SARIF 2.1.0 JSON schema as
# shipped in an npm package (@microsoft/jest-sarif carries the OASIS 2.1.0 schema,
# `sarif-2.1.0-rtm.5.json`), with the `jsonschema` validator from PyPI, and checks that
# the log never shows a fixture secret whole.
# Needs: npm and PyPI registries, python3 (venv), cargo. Usage: bash tests/suites/sarif.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
work=$repo/target/suites/sarif
venv=$repo/target/suites/venv
schema_package=@microsoft/jest-sarif@1.0.0-beta.0

fail() {
  echo "sarif suite: FAILED: $*" >&2
  exit 1
}

rm -rf "$work"
mkdir -p "$work"

echo "sarif suite: fetching the schema from $schema_package (npm)"
(cd "$work" && timeout 300 npm pack --silent "$schema_package" >/dev/null) ||
  fail "npm pack $schema_package"
tar -xzf "$work"/microsoft-jest-sarif-*.tgz -C "$work"
schema=$work/package/lib/schemas/sarif-2.1.0-rtm.5.json
[ -f "$schema" ] || fail "the package no longer ships $schema"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import jsonschema' 2>/dev/null; then
  echo "sarif suite: installing jsonschema (PyPI) into $venv"
  python3 -m venv "$venv" || fail "python3 -m venv"
  timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check jsonschema ||
    fail "pip install jsonschema"
fi

timeout 900 cargo build --locked --quiet || fail "cargo build"
flaskguard=$repo/target/debug/flaskguard

# A fixture tree with every rule, a test file, a fix of each kind, non-ASCII text, a
# file name that needs URI escaping, and a baseline.
tree=$work/tree
mkdir -p "$tree/tests" "$tree/config"
cat > "$tree/app.py" <<'PY'
import os
from flask import Flask

SECRET_KEY = "FAKE-sarif-secret-0123456789"
API_TOKEN = os.environ.get("API_TOKEN", "FAKE-sarif-fallback-987654")
DATABASE_URL = "postgresql://shop:FAKE-sarif-db-pass@db/shop"
GITHUB = "ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE"
app = Flask(__name__)
app.config["DEBUG"] = True
greeting = "héllo 🔑"; PASSWORD = "FAKE-sarif-unicode-secret"

if __name__ == "__main__":
    app.run(debug=True)
PY
cat > "$tree/config/settings v2.py" <<'PY'
class ProdConfig:
    DEBUG = True
    def connect(self, password="FAKE-sarif-default-pw"):
        return password
PY
cat > "$tree/tests/test_app.py" <<'PY'
PASSWORD = "FAKE-sarif-test-password"
PY

set +e
(cd "$tree" && "$flaskguard" check --format sarif . > "$work/log.sarif" 2> "$work/stderr.txt")
status=$?
set -e
cat "$work/stderr.txt"
[ "$status" -eq 1 ] || fail "expected exit status 1 (findings), got $status"

for secret in FAKE-sarif-secret-0123456789 FAKE-sarif-fallback-987654 FAKE-sarif-db-pass \
  ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE FAKE-sarif-unicode-secret FAKE-sarif-default-pw \
  FAKE-sarif-test-password; do
  if grep -q -- "$secret" "$work/log.sarif" "$work/stderr.txt"; then
    fail "the SARIF log shows $secret whole"
  fi
done

"$venv/bin/python" - "$schema" "$work/log.sarif" <<'PY' || fail "the SARIF log does not validate"
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
log = json.load(open(sys.argv[2], encoding="utf-8"))
validator = jsonschema.Draft4Validator(schema)
errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
for error in errors[:20]:
    print("schema error at", "/".join(map(str, error.path)), ":", error.message, file=sys.stderr)
if errors:
    sys.exit(1)

run = log["runs"][0]
results = run["results"]
codes = sorted({r["ruleId"] for r in results})
assert codes == ["FG101", "FG102", "FG103", "FG104", "FG201", "FG202"], codes
assert all("flaskguard/v1" in r["partialFingerprints"] for r in results)
assert all(r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] for r in results)
assert any("fixes" in r for r in results), "no result carries a fix"
assert run["properties"]["grade"] in "ABCDF", run["properties"]
uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
assert "config/settings%20v2.py" in uris, uris
rules = run["tool"]["driver"]["rules"]
assert all(rule["help"]["markdown"].startswith("# " + rule["id"]) for rule in rules)
print(f"sarif suite: {len(results)} results, grade {run['properties']['grade']}: schema-valid")
PY

# With a baseline of everything, the log is still valid and has no results.
(cd "$tree" && "$flaskguard" check --write-baseline .flaskguard-baseline.json . 2>/dev/null) ||
  fail "--write-baseline"
(cd "$tree" && "$flaskguard" check --format sarif --baseline .flaskguard-baseline.json . \
  > "$work/baselined.sarif" 2>/dev/null) || fail "a fully baselined tree should pass"
"$venv/bin/python" - "$schema" "$work/baselined.sarif" <<'PY' || fail "the baselined SARIF log"
import json
import sys

import jsonschema

log = json.load(open(sys.argv[2], encoding="utf-8"))
jsonschema.Draft4Validator(json.load(open(sys.argv[1], encoding="utf-8"))).validate(log)
assert log["runs"][0]["results"] == [], log["runs"][0]["results"]
assert log["runs"][0]["properties"]["baselined"] > 0
PY
echo "sarif suite: passed"
