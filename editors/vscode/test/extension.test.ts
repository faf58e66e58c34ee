// src/extension.ts driven through fakes of `vscode` and `vscode-languageclient/node`
// (see test/fakes): what the glue registers, starts, sends and shows.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, test } from "node:test";

import { COMMANDS, SHOW_LOGS } from "../src/commands";
import { activate, deactivate } from "../src/extension";
import { clients, control } from "./fakes/languageclient";
import { fake } from "./fakes/vscode";

let dir: string;
let savedPath: string | undefined;

/** An extension folder, with an executable bin/flaskguard when `bundled`. */
function extensionFolder(bundled: boolean): string {
  const folder = fs.mkdtempSync(path.join(dir, "ext-"));
  if (bundled) {
    fs.mkdirSync(path.join(folder, "bin"));
    fs.writeFileSync(path.join(folder, "bin", "flaskguard"), "#!/bin/sh\n", { mode: 0o755 });
  }
  return folder;
}

function executable(name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o755 });
  return file;
}

async function activated(extensionPath: string): Promise<void> {
  await activate({ subscriptions: [], extensionPath } as never);
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fg-extension-"));
  fake.reset();
  clients.length = 0;
  control.startError = undefined;
  // No flaskguard on PATH unless a test puts one there.
  savedPath = process.env.PATH;
  process.env.PATH = path.join(dir, "empty");
});

afterEach(async () => {
  await deactivate();
  process.env.PATH = savedPath;
  fs.rmSync(dir, { recursive: true, force: true });
});

test("activation registers the commands and starts the bundled server with the mapped settings", async () => {
  const ext = extensionFolder(true);
  fake.settings = { select: ["FG1"], severity: { FG201: "error" }, path: null, args: ["--verbose"], "trace.server": "off" };
  await activated(ext);
  assert.deepEqual([...fake.commands.keys()].sort(), Object.values(COMMANDS).sort());
  assert.equal(clients.length, 1);
  const [client] = clients;
  assert.equal(client.id, "flaskguard");
  assert.equal(client.serverOptions.command, path.join(ext, "bin", "flaskguard"));
  assert.deepEqual(client.serverOptions.args, ["server", "--verbose"]);
  assert.deepEqual(client.clientOptions.documentSelector, [
    { scheme: "file", language: "python" },
    { scheme: "untitled", language: "python" },
  ]);
  assert.deepEqual(client.clientOptions.initializationOptions, { select: ["FG1"], severity: { FG201: "error" } });
  assert.equal(client.isRunning(), true);
  assert.match(fake.output.join("\n"), /starting .*bin\/flaskguard server --verbose/);
});

test("a rule setting change is sent live as didChangeConfiguration with the server's keys", async () => {
  await activated(extensionFolder(true));
  await fake.change({ ignore: ["FG104"], extraSecretNames: ["pin_code"] });
  assert.equal(clients.length, 1, "a rule setting must not restart the server");
  assert.deepEqual(clients[0].notifications, [
    {
      method: "workspace/didChangeConfiguration",
      params: { settings: { flaskguard: { ignore: ["FG104"], "extra-secret-names": ["pin_code"] } } },
    },
  ]);
});

test("the server's workspace/configuration pull is answered with the server's keys", async () => {
  fake.settings = { allowedValues: ["dev-.*"], docsUrl: "https://wiki.example.invalid/fg", path: "" };
  await activated(extensionFolder(true));
  const { configuration } = clients[0].clientOptions.middleware.workspace;
  let forwarded = 0;
  const next = () => {
    forwarded += 1;
    return ["from VS Code"];
  };
  assert.deepEqual(configuration({ items: [{ section: "flaskguard" }] }, undefined, next), [
    { "allowed-values": ["dev-.*"], "docs-url": "https://wiki.example.invalid/fg" },
  ]);
  assert.equal(forwarded, 0);
  assert.deepEqual(configuration({ items: [{ section: "python" }] }, undefined, next), ["from VS Code"]);
  assert.equal(forwarded, 1);
});

test("changing flaskguard.path restarts the server on the new binary", async () => {
  await activated(extensionFolder(true));
  const custom = executable("my-flaskguard");
  await fake.change({ path: custom });
  assert.equal(clients.length, 2);
  assert.equal(clients[0].stopped && clients[0].disposed, true, "the old server is stopped");
  assert.equal(clients[1].serverOptions.command, custom);
  assert.equal(clients[1].isRunning(), true);
  assert.deepEqual(clients[0].notifications, []);
});

test("no binary anywhere: an error with Show logs, and Restart Server recovers once one is installed", async () => {
  const ext = extensionFolder(false);
  fake.errorChoice = SHOW_LOGS;
  await activated(ext);
  await tick();
  assert.equal(clients.length, 0);
  assert.equal(fake.errors.length, 1);
  assert.match(fake.errors[0].message, /no flaskguard binary found/);
  assert.deepEqual(fake.errors[0].actions, ["Show logs"]);
  assert.equal(fake.outputShown, 1, "Show logs opens the output channel");
  assert.match(fake.output.join("\n"), new RegExp(`looked for: ${path.join(ext, "bin", "flaskguard")}`));
  assert.deepEqual([...fake.commands.keys()].sort(), Object.values(COMMANDS).sort());

  // The user installs flaskguard on PATH and runs "flaskguard: Restart Server".
  const onPath = path.join(dir, "path-bin");
  fs.mkdirSync(onPath);
  fs.writeFileSync(path.join(onPath, "flaskguard"), "#!/bin/sh\n", { mode: 0o755 });
  process.env.PATH = onPath;
  await fake.commands.get(COMMANDS.restart)!();
  assert.equal(clients.length, 1);
  assert.equal(clients[0].serverOptions.command, path.join(onPath, "flaskguard"));
  assert.match(fake.output.join("\n"), /found via PATH/);
});

test("a server that fails to start is reported with the binary's path and its client disposed", async () => {
  const ext = extensionFolder(true);
  control.startError = new Error("spawn EACCES");
  await activated(ext);
  await tick();
  assert.equal(fake.errors.length, 1);
  assert.match(fake.errors[0].message, /bin\/flaskguard could not start: spawn EACCES/);
  assert.equal(clients[0].disposed, true);
  // No client is left to receive settings.
  await fake.change({ select: ["FG2"] });
  assert.deepEqual(clients[0].notifications, []);
});

test("Show Logs opens the output channel; Restart Server replaces the running server", async () => {
  await activated(extensionFolder(true));
  await fake.commands.get(COMMANDS.showLogs)!();
  assert.equal(fake.outputShown, 1);
  await fake.commands.get(COMMANDS.restart)!();
  assert.equal(clients.length, 2);
  assert.equal(clients[0].stopped, true);
  assert.equal(clients[1].isRunning(), true);
});
