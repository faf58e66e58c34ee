import assert from "node:assert/strict";
import { test } from "node:test";

import { SHOW_LOGS } from "../src/commands";
import type { Discovery } from "../src/discovery";
import { startServer, type StartDeps } from "../src/lifecycle";

/** Fakes for the VS Code side; `choice` is what the user clicks on the error message. */
function fakes(discovery: Discovery, choice?: string, startError?: Error) {
  const calls = {
    log: [] as string[],
    errors: [] as { message: string; actions: string[] }[],
    logsShown: 0,
    started: [] as { command: string; args: string[] }[],
  };
  let answered: Promise<void> = Promise.resolve();
  const deps: StartDeps = {
    discover: () => discovery,
    log: (line) => calls.log.push(line),
    showError: (message, ...actions) => {
      calls.errors.push({ message, actions });
      const answer = Promise.resolve(choice);
      answered = answer.then(() => new Promise((resolve) => setImmediate(resolve)));
      return answer;
    },
    showLogs: () => {
      calls.logsShown += 1;
    },
    start: async (command, args) => {
      if (startError) throw startError;
      calls.started.push({ command, args });
    },
  };
  return { deps, calls, settled: () => answered };
}

test("a found binary is started with the server arguments", async () => {
  const { deps, calls } = fakes({ found: true, path: "/ext/bin/flaskguard", source: "bundled" });
  const result = await startServer(deps, ["server"]);
  assert.deepEqual(result, { started: true, path: "/ext/bin/flaskguard" });
  assert.deepEqual(calls.started, [{ command: "/ext/bin/flaskguard", args: ["server"] }]);
  assert.deepEqual(calls.errors, []);
  assert.match(calls.log.join("\n"), /starting \/ext\/bin\/flaskguard server \(found via the binary bundled/);
});

test("no binary: an error message with a Show logs action that opens the output channel", async () => {
  const message = "flaskguard: no flaskguard binary found";
  const { deps, calls, settled } = fakes({ found: false, message, tried: ["/ext/bin/flaskguard", "/usr/bin/flaskguard"] }, SHOW_LOGS);
  const result = await startServer(deps, ["server"]);
  await settled();
  assert.deepEqual(result, { started: false, message });
  assert.deepEqual(calls.started, []);
  assert.deepEqual(calls.errors, [{ message, actions: ["Show logs"] }]);
  assert.equal(calls.logsShown, 1);
  assert.deepEqual(calls.log, [message, "  looked for: /ext/bin/flaskguard", "  looked for: /usr/bin/flaskguard"]);
});

test("dismissing the error message does not open the logs", async () => {
  const { deps, calls, settled } = fakes({ found: false, message: "none", tried: [] }, undefined);
  await startServer(deps, ["server"]);
  await settled();
  assert.equal(calls.errors.length, 1);
  assert.equal(calls.logsShown, 0);
});

test("a binary that fails to start is reported the same way, naming the binary", async () => {
  const { deps, calls, settled } = fakes(
    { found: true, path: "/usr/bin/flaskguard", source: "PATH" },
    SHOW_LOGS,
    new Error("spawn EACCES"),
  );
  const result = await startServer(deps, ["server"]);
  await settled();
  assert.equal(result.started, false);
  assert.equal(calls.errors.length, 1);
  assert.match(calls.errors[0].message, /\/usr\/bin\/flaskguard could not start: spawn EACCES/);
  assert.deepEqual(calls.errors[0].actions, ["Show logs"]);
  assert.equal(calls.logsShown, 1);
  assert.match(calls.log.join("\n"), /could not start: spawn EACCES/);
});
