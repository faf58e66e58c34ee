// End to end over the protocol stack VS Code uses (vscode-jsonrpc and
// vscode-languageserver-protocol): spawns the built `flaskguard server` on stdio and
// talks to it as the extension's language client does, with the settings the extension
// builds. The binary is $FLASKGUARD_BIN, else target/debug/flaskguard in the repository.
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";

import {
  CodeActionRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type CodeAction,
  type ConfigurationParams,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type RegistrationParams,
  type TextDocumentEdit,
  type TextEdit,
} from "vscode-languageserver-protocol/node";

import { getterOf, serverArgs, toServerSettings } from "../src/settings";

const repo = path.resolve(__dirname, "..", "..", "..", "..");
const binary = process.env.FLASKGUARD_BIN ?? path.join(repo, "target", "debug", "flaskguard");
const WAIT_MS = 15_000;

const APP = `from flask import Flask

app = Flask(__name__)
SECRET_KEY = "FAKE-secret-value-0123456789"

if __name__ == "__main__":
    app.run(debug=True)
`;

interface Session {
  server: ChildProcessWithoutNullStreams;
  connection: ProtocolConnection;
  stderr: string[];
  logs: string[];
  published: PublishDiagnosticsParams[];
  configurationRequests: ConfigurationParams[];
  registrations: RegistrationParams[];
  /** What the fake editor answers to workspace/configuration. */
  pulledSettings: Record<string, unknown>;
  exited: Promise<number | null>;
}

let session: Session;
let dir: string;
let uri: string;

/** What a test reads from a publication: code, severity name, the text the range covers. */
function seen(text: string, diagnostics: Diagnostic[]): string[] {
  const names = ["", "error", "warning", "information", "hint"];
  return diagnostics
    .map((d) => `${d.code} ${names[d.severity ?? 0]} ${text.slice(offset(text, d.range.start), offset(text, d.range.end))}`)
    .sort();
}

/** A UTF-16 LSP position to a string offset (the test text is ASCII). */
function offset(text: string, position: { line: number; character: number }): number {
  const lines = text.split("\n");
  let at = 0;
  for (let line = 0; line < position.line; line++) {
    at += lines[line].length + 1;
  }
  return at + position.character;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offset(text, b.range.start) - offset(text, a.range.start));
  let out = text;
  for (const edit of sorted) {
    out = out.slice(0, offset(out, edit.range.start)) + edit.newText + out.slice(offset(out, edit.range.end));
  }
  return out;
}

/**
 * The first publication for `uri` from index `from` on that satisfies `accept`; fails
 * with everything published when none comes in time.
 */
async function diagnostics(
  from: number,
  text: string,
  accept: (seen: string[], params: PublishDiagnosticsParams) => boolean,
): Promise<{ seen: string[]; params: PublishDiagnosticsParams; next: number }> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    for (let i = from; i < session.published.length; i++) {
      const params = session.published[i];
      if (params.uri === uri && accept(seen(text, params.diagnostics), params)) {
        return { seen: seen(text, params.diagnostics), params, next: i + 1 };
      }
    }
    if (Date.now() > deadline) {
      const history = session.published
        .slice(from)
        .map((p) => `v${p.version}: ${JSON.stringify(seen(text, p.diagnostics))}`);
      assert.fail(
        `no matching diagnostics within ${WAIT_MS} ms; published since: ${history.join("; ") || "nothing"}\n` +
          `server stderr: ${session.stderr.join("")}\nserver logs: ${session.logs.join("\n")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

before(async () => {
  assert.ok(fs.existsSync(binary), `no server binary at ${binary}: build it with cargo build, or set FLASKGUARD_BIN`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fg-protocol-"));
  fs.writeFileSync(path.join(dir, "app.py"), APP);
  uri = pathToFileURL(path.join(dir, "app.py")).href;

  // The same arguments the extension passes.
  const server = spawn(binary, serverArgs(getterOf({ args: [] })), { cwd: dir, stdio: "pipe" });
  const connection = createProtocolConnection(
    new StreamMessageReader(server.stdout),
    new StreamMessageWriter(server.stdin),
  );
  session = {
    server,
    connection,
    stderr: [],
    logs: [],
    published: [],
    configurationRequests: [],
    registrations: [],
    pulledSettings: {},
    exited: new Promise((resolve) => server.on("exit", (code) => resolve(code))),
  };
  server.stderr.on("data", (chunk: Buffer) => session.stderr.push(chunk.toString()));
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    session.published.push(params);
  });
  connection.onNotification(LogMessageNotification.type, (params) => {
    session.logs.push(params.message);
  });
  connection.onRequest(ConfigurationRequest.type, (params) => {
    session.configurationRequests.push(params);
    return params.items.map((item) => (item.section === "flaskguard" ? session.pulledSettings : null));
  });
  connection.onRequest(RegistrationRequest.type, (params) => {
    session.registrations.push(params);
    return null;
  });
  connection.listen();
});

after(async () => {
  session?.connection.dispose();
  if (session && session.server.exitCode === null) {
    session.server.kill();
  }
  if (dir) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("an editing session through initialize, diagnostics, settings changes and a quick fix", async (t) => {
  const { connection } = session;
  let next = 0;

  await t.test("initialize: capabilities, with the extension's settings as initializationOptions", async () => {
    const initializationOptions = toServerSettings(getterOf({ severity: { FG201: "error" } }));
    assert.deepEqual(initializationOptions, { severity: { FG201: "error" } });
    const result: InitializeResult = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: "app" }],
      initializationOptions,
      capabilities: {
        general: { positionEncodings: ["utf-16"] },
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
        },
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source"] } },
            isPreferredSupport: true,
          },
        },
      },
    });
    assert.equal(result.serverInfo?.name, "flaskguard");
    const actions = result.capabilities.codeActionProvider;
    assert.ok(typeof actions === "object" && actions.codeActionKinds?.includes("quickfix"));
    assert.ok(actions.codeActionKinds?.includes("source.fixAll.flaskguard"));
    const sync = result.capabilities.textDocumentSync;
    assert.ok(typeof sync === "object" && sync.openClose === true && sync.change === 2);
    await connection.sendNotification(InitializedNotification.type, {});
  });

  await t.test("didOpen: diagnostics on the secret and on debug=True, FG201 raised to error", async () => {
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "python", version: 1, text: APP },
    });
    const first = await diagnostics(next, APP, (_, p) => p.version === 1);
    next = first.next;
    assert.deepEqual(first.seen, [
      'FG101 error "FAKE-secret-value-0123456789"',
      "FG201 error True",
    ]);
    for (const diagnostic of first.params.diagnostics) {
      assert.equal(diagnostic.source, "flaskguard");
      assert.ok(!diagnostic.message.includes("FAKE-secret-value-0123456789"), "a message shows the whole secret");
    }
    // The server watches the config files through the client.
    const watched = session.registrations.flatMap((r) => r.registrations).map((r) => r.method);
    assert.ok(watched.includes("workspace/didChangeWatchedFiles"), `registrations: ${watched}`);
  });

  await t.test("didChangeConfiguration with settings: ignore FG101, severity back to default", async () => {
    const settings = toServerSettings(getterOf({ ignore: ["FG101"] }));
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { flaskguard: settings } });
    const changed = await diagnostics(next, APP, (s) => !s.some((d) => d.startsWith("FG101")));
    next = changed.next;
    assert.deepEqual(changed.seen, ["FG201 warning True"]);
  });

  await t.test("didChangeConfiguration without settings: the server pulls section flaskguard", async () => {
    session.pulledSettings = toServerSettings(getterOf({ select: ["FG1"], path: "/ignored/by/server" }));
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    const pulled = await diagnostics(next, APP, (s) => !s.some((d) => d.startsWith("FG201")));
    next = pulled.next;
    assert.deepEqual(pulled.seen, ['FG101 error "FAKE-secret-value-0123456789"']);
    assert.deepEqual(
      session.configurationRequests.flatMap((r) => r.items.map((i) => i.section)),
      ["flaskguard"],
    );
  });

  await t.test("codeAction: the preferred quick fix moves the secret to os.environ", async () => {
    const current = session.published[next - 1].diagnostics;
    const secret = current.find((d) => d.code === "FG101");
    assert.ok(secret);
    const actions = (await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: secret.range,
      context: { diagnostics: [secret] },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Suppress FG101 on this line"), `titles: ${titles}`);
    assert.ok(titles.includes("Fix all auto-fixable flaskguard problems"), `titles: ${titles}`);
    const fix = actions.find((a) => a.title === 'Replace with os.environ["SECRET_KEY"]');
    assert.ok(fix, `titles: ${titles}`);
    assert.equal(fix.kind, "quickfix");
    assert.equal(fix.isPreferred, true);
    const changes = fix.edit?.documentChanges as TextDocumentEdit[] | undefined;
    assert.ok(changes && changes.length === 1, "the edit uses documentChanges, as VS Code asked");
    assert.equal(changes[0].textDocument.uri, uri);
    assert.equal(changes[0].textDocument.version, 1);
    const fixed = applyEdits(APP, changes[0].edits);
    assert.ok(fixed.includes('SECRET_KEY = os.environ["SECRET_KEY"]'), fixed);
    assert.match(fixed, /^import os$/m);
    assert.ok(!fixed.includes("FAKE-secret-value"), fixed);

    // The editor applies the edit; the server re-checks version 2: the finding is gone.
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    const after = await diagnostics(next, fixed, (_, p) => p.version === 2);
    next = after.next;
    assert.deepEqual(after.seen, []);
  });

  await t.test("a setting the server cannot use is logged, naming the key, and the session goes on", async () => {
    const logged = session.logs.length;
    const settings = toServerSettings(getterOf({ select: ["FG999"] }));
    await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { flaskguard: settings } });
    // The server's log redaction hides the quoted value; the key path names the setting.
    const about = (m: string) => m.includes("select[0]: unknown rule code or prefix");
    const deadline = Date.now() + WAIT_MS;
    while (!session.logs.slice(logged).some(about) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const message = session.logs.slice(logged).find(about);
    assert.ok(message, `no log message about select[0]; logs: ${session.logs.join("\n")}`);
    assert.match(message, /previous settings stay in force/);
    // The server still answers.
    const actions = await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.ok(Array.isArray(actions) || actions === null);
  });

  await t.test("shutdown and exit end the server cleanly", async () => {
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      session.exited,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve("still running"), WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
    assert.equal(code, 0);
    assert.ok(!session.stderr.join("").includes("panicked"), session.stderr.join(""));
  });
});
