import assert from "node:assert/strict";
import { test } from "node:test";

import { configuredPath, getterOf, serverArgs, toServerSettings } from "../src/settings";

test("settings map to the config files' kebab-case keys", () => {
  const settings = toServerSettings(
    getterOf({
      select: ["FG1", "FG201"],
      ignore: ["FG104"],
      severity: { FG201: "error", FG2: "hint" },
      extraSecretNames: ["pin_code"],
      allowedValues: ["dev-only-.*"],
      docsUrl: "https://wiki.example.invalid/flaskguard",
    }),
  );
  assert.deepEqual(settings, {
    select: ["FG1", "FG201"],
    ignore: ["FG104"],
    severity: { FG201: "error", FG2: "hint" },
    "extra-secret-names": ["pin_code"],
    "allowed-values": ["dev-only-.*"],
    "docs-url": "https://wiki.example.invalid/flaskguard",
  });
});

test("unset settings are left out so the project's config file keeps its values", () => {
  assert.deepEqual(
    toServerSettings(getterOf({ select: null, ignore: undefined, severity: null, docsUrl: "  " })),
    {},
  );
  // An explicit empty list is a choice, and is sent.
  assert.deepEqual(toServerSettings(getterOf({ ignore: [] })), { ignore: [] });
});

test("the extension's own settings never reach the server's settings object", () => {
  const settings = toServerSettings(
    getterOf({ path: "/opt/flaskguard", args: ["--verbose"], "trace.server": "verbose", trace: { server: "verbose" } }),
  );
  assert.deepEqual(settings, {});
});

test("the settings object is plain JSON, detached from VS Code's configuration", () => {
  const severity = { FG201: "error" };
  const settings = toServerSettings(getterOf({ severity }));
  severity.FG201 = "hint";
  assert.deepEqual(settings, { severity: { FG201: "error" } });
});

test("the server runs as `flaskguard server` plus flaskguard.args", () => {
  assert.deepEqual(serverArgs(getterOf({})), ["server"]);
  assert.deepEqual(serverArgs(getterOf({ args: ["--log-level", "debug"] })), ["server", "--log-level", "debug"]);
  assert.deepEqual(serverArgs(getterOf({ args: "not a list" })), ["server"]);
});

test("flaskguard.path is unset when empty", () => {
  assert.equal(configuredPath(getterOf({ path: "" })), undefined);
  assert.equal(configuredPath(getterOf({ path: null })), undefined);
  assert.equal(configuredPath(getterOf({ path: "/usr/bin/flaskguard" })), "/usr/bin/flaskguard");
});
