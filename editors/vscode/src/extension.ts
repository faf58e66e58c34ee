// The VS Code glue: reads settings, finds the binary, runs `flaskguard server` through
// vscode-languageclient, and keeps the server's settings in step with VS Code's.
// The logic lives in discovery.ts, settings.ts and lifecycle.ts.

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";

import { COMMANDS } from "./commands";
import { findServer } from "./discovery";
import { startServer } from "./lifecycle";
import {
  RESTART_SETTINGS,
  configuredPath,
  serverArgs,
  toServerSettings,
  type SettingGetter,
} from "./settings";

const SECTION = "flaskguard";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;
let context: vscode.ExtensionContext | undefined;

export async function activate(ctx: vscode.ExtensionContext): Promise<void> {
  context = ctx;
  output = vscode.window.createOutputChannel("flaskguard");
  ctx.subscriptions.push(
    output,
    vscode.commands.registerCommand(COMMANDS.restart, restart),
    vscode.commands.registerCommand(COMMANDS.showLogs, () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

function settings(scope?: vscode.ConfigurationScope): SettingGetter {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return (key) => config.get(key);
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === "file")?.uri.fsPath;
}

async function start(): Promise<void> {
  const ctx = context;
  const channel = output;
  if (ctx === undefined || channel === undefined) {
    return;
  }
  const get = settings();
  await startServer(
    {
      discover: () =>
        findServer({
          configuredPath: configuredPath(get),
          extensionPath: ctx.extensionPath,
          workspaceFolder: workspaceFolder(),
          envPath: process.env.PATH,
          envPathExt: process.env.PATHEXT,
          platform: process.platform,
        }),
      log: (line) => channel.appendLine(line),
      showError: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
      showLogs: () => channel.show(true),
      start: async (command, args) => {
        const serverOptions: ServerOptions = {
          command,
          args,
          options: { cwd: workspaceFolder() },
        };
        const clientOptions: LanguageClientOptions = {
          documentSelector: [
            { scheme: "file", language: "python" },
            { scheme: "untitled", language: "python" },
          ],
          outputChannel: channel,
          initializationOptions: toServerSettings(get),
          middleware: {
            workspace: {
              // The server asks for section `flaskguard` when a didChangeConfiguration
              // carries no settings: answer with the server's keys, not VS Code's.
              configuration: (params, token, next) => {
                if (!params.items.some((item) => item.section === SECTION)) {
                  return next(params, token);
                }
                return params.items.map((item) => {
                  if (item.section !== SECTION) {
                    return null;
                  }
                  const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
                  return toServerSettings(settings(scope));
                });
              },
            },
          },
        };
        const next = new LanguageClient("flaskguard", "flaskguard", serverOptions, clientOptions);
        client = next;
        try {
          await next.start();
        } catch (error) {
          client = undefined;
          await next.dispose().catch(() => undefined);
          throw error;
        }
      },
    },
    serverArgs(get),
  );
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    try {
      await running.stop();
    } catch (error) {
      output?.appendLine(`flaskguard: stopping the server failed: ${String(error)}`);
    }
    await running.dispose().catch(() => undefined);
  }
}

async function restart(): Promise<void> {
  output?.appendLine("restarting the flaskguard server");
  await stop();
  await start();
}

async function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): Promise<void> {
  if (!event.affectsConfiguration(SECTION)) {
    return;
  }
  if (RESTART_SETTINGS.some((setting) => event.affectsConfiguration(setting))) {
    await restart();
    return;
  }
  // trace.server is applied by the language client itself.
  if (client?.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { [SECTION]: toServerSettings(settings()) },
    });
  }
}
