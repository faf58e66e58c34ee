// package.json's contributions checked against the code that reads them, and the
// server keys checked against the server's own list in server/config/parse.rs.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";

import { COMMANDS } from "../src/commands";
import { CLIENT_SETTINGS, SERVER_KEYS, SEVERITIES } from "../src/settings";

// The bundled test runs from dist/test.
const root = path.resolve(__dirname, "..", "..");
const repo = path.resolve(root, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const properties: Record<string, { type: unknown; default: unknown; enum?: string[]; additionalProperties?: { enum?: string[] } }> =
  manifest.contributes.configuration.properties;

/** A `pub const NAME: &[&str] = &[...]` list from the server's Rust source. */
function rustList(file: string, name: string): string[] {
  const source = fs.readFileSync(path.join(repo, file), "utf8");
  const match = new RegExp(`pub const ${name}: &\\[&str\\] = &\\[([^\\]]*)\\]`).exec(source);
  assert.ok(match, `${name} not found in ${file}`);
  return [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

test("every flaskguard.* setting is either read by the extension or mapped to a server key", () => {
  const declared = Object.keys(properties).map((key) => key.replace(/^flaskguard\./, "")).sort();
  const handled = [...CLIENT_SETTINGS, ...Object.keys(SERVER_KEYS)].sort();
  assert.deepEqual(declared, handled);
});

test("mapped keys are keys the server accepts, and client settings are ones it ignores", () => {
  const serverKeys = rustList("server/config/parse.rs", "KEYS");
  const clientKeys = rustList("server/config/parse.rs", "CLIENT_KEYS");
  for (const key of Object.values(SERVER_KEYS)) {
    assert.ok(serverKeys.includes(key), `server does not know "${key}" (knows ${serverKeys.join(", ")})`);
  }
  for (const setting of CLIENT_SETTINGS) {
    const top = setting.split(".")[0];
    assert.ok(clientKeys.includes(top), `server would reject the extension's own key "${top}"`);
  }
});

test("server settings default to null so the project's config file applies", () => {
  for (const setting of Object.keys(SERVER_KEYS)) {
    const property = properties[`flaskguard.${setting}`];
    assert.equal(property.default, null, `flaskguard.${setting}`);
    assert.ok(Array.isArray(property.type) && property.type.includes("null"), `flaskguard.${setting} must allow null`);
  }
});

test("the severity setting offers exactly the server's severity names", () => {
  const source = fs.readFileSync(path.join(repo, "server/config/parse.rs"), "utf8");
  const names = /pub const SEVERITY_NAMES: &str = "([^"]+)"/.exec(source);
  assert.ok(names);
  assert.deepEqual([...SEVERITIES], names[1].split(", "));
  assert.deepEqual(properties["flaskguard.severity"].additionalProperties?.enum, [...SEVERITIES]);
});

test("trace.server offers the language client's trace levels", () => {
  assert.deepEqual(properties["flaskguard.trace.server"].enum, ["off", "messages", "verbose"]);
  assert.equal(properties["flaskguard.trace.server"].default, "off");
});

test("contributed commands are the ones the extension registers", () => {
  const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  const extension = fs.readFileSync(path.join(root, "src", "extension.ts"), "utf8");
  for (const key of Object.keys(COMMANDS)) {
    assert.match(extension, new RegExp(`registerCommand\\(COMMANDS\\.${key}\\b`), `COMMANDS.${key} is not registered`);
  }
  for (const command of manifest.contributes.commands) {
    assert.equal(command.category, "flaskguard");
    assert.ok(command.title.length > 0);
  }
});

test("the extension activates on Python files and loads the bundle", () => {
  assert.deepEqual(manifest.activationEvents, ["onLanguage:python"]);
  assert.equal(manifest.main, "./dist/extension.js");
  const extension = fs.readFileSync(path.join(root, "src", "extension.ts"), "utf8");
  assert.match(extension, /language: "python"/);
  // The language client reads `<id>.trace.server`: the id must be the settings section.
  assert.match(extension, /new LanguageClient\("flaskguard"/);
});

test("the engine matches the pinned @types/vscode, and versions are pinned exactly", () => {
  const types = JSON.parse(fs.readFileSync(path.join(root, "node_modules/@types/vscode/package.json"), "utf8"));
  assert.equal(manifest.engines.vscode, `^${types.version}`);
  for (const [name, version] of Object.entries({ ...manifest.dependencies, ...manifest.devDependencies })) {
    assert.match(String(version), /^\d+\.\d+\.\d+$/, `${name} is not pinned`);
  }
});

test("the extension's version follows the server's", () => {
  const cargo = fs.readFileSync(path.join(repo, "Cargo.toml"), "utf8");
  const version = /^version = "([^"]+)"/m.exec(cargo);
  assert.ok(version);
  assert.equal(manifest.version, version[1]);
});
