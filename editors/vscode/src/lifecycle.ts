// Starting the server, and telling the user clearly when it cannot start. The VS Code
// calls come in through `StartDeps`, so node tests drive this with fakes.

import type { Discovery } from "./discovery";
import { SHOW_LOGS } from "./commands";

export interface StartDeps {
  discover(): Discovery;
  /** Appends a line to the flaskguard output channel. */
  log(line: string): void;
  /** `window.showErrorMessage`: resolves to the chosen action, if any. */
  showError(message: string, ...actions: string[]): PromiseLike<string | undefined>;
  /** Reveals the output channel. */
  showLogs(): void;
  /** Starts the language client on `command` with `args`. */
  start(command: string, args: string[]): Promise<void>;
}

export type StartResult = { started: true; path: string } | { started: false; message: string };

export async function startServer(deps: StartDeps, args: string[]): Promise<StartResult> {
  const discovery = deps.discover();
  if (!discovery.found) {
    deps.log(discovery.message);
    for (const candidate of discovery.tried) {
      deps.log(`  looked for: ${candidate}`);
    }
    offerLogs(deps, discovery.message);
    return { started: false, message: discovery.message };
  }
  deps.log(`starting ${discovery.path} ${args.join(" ")} (found via ${describe(discovery.source)})`);
  try {
    await deps.start(discovery.path, args);
    return { started: true, path: discovery.path };
  } catch (error) {
    const message = `flaskguard: the server ${discovery.path} could not start: ${errorText(error)}`;
    deps.log(message);
    offerLogs(deps, message);
    return { started: false, message };
  }
}

function offerLogs(deps: StartDeps, message: string): void {
  void Promise.resolve(deps.showError(message, SHOW_LOGS)).then((choice) => {
    if (choice === SHOW_LOGS) {
      deps.showLogs();
    }
  });
}

function describe(source: "setting" | "bundled" | "PATH"): string {
  switch (source) {
    case "setting":
      return "the flaskguard.path setting";
    case "bundled":
      return "the binary bundled with the extension";
    case "PATH":
      return "PATH";
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
