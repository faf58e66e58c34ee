// Finds the flaskguard binary: the `flaskguard.path` setting, then the binary bundled in
// the extension's `bin/`, then `flaskguard` on PATH. No `vscode` import: node tests run it.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export type Source = "setting" | "bundled" | "PATH";

export type Discovery =
  | { found: true; path: string; source: Source }
  | { found: false; message: string; tried: string[] };

export interface DiscoveryInput {
  /** The `flaskguard.path` setting; empty or unset means "not set". */
  configuredPath: string | null | undefined;
  /** The folder the extension is installed in (holds `bin/`). */
  extensionPath: string;
  /** The first workspace folder, for a relative `flaskguard.path` and `${workspaceFolder}`. */
  workspaceFolder?: string;
  /** The PATH environment variable. */
  envPath: string | undefined;
  /** Windows' PATHEXT, used only when `platform` is `win32`. */
  envPathExt?: string;
  platform: NodeJS.Platform;
  /** True when `file` is a file this process may execute. */
  isExecutable?: (file: string) => boolean;
  homeDir?: string;
}

export function binaryName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "flaskguard.exe" : "flaskguard";
}

/** The bundled binary's path inside the installed extension. */
export function bundledPath(extensionPath: string, platform: NodeJS.Platform): string {
  return path.join(extensionPath, "bin", binaryName(platform));
}

export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** Expands `~` and `${workspaceFolder}`, and resolves a relative path against the workspace. */
export function expandConfiguredPath(
  configured: string,
  workspaceFolder: string | undefined,
  homeDir: string,
): string {
  let expanded = configured.trim();
  if (workspaceFolder !== undefined) {
    expanded = expanded.split("${workspaceFolder}").join(workspaceFolder);
  }
  if (expanded === "~" || expanded.startsWith("~/")) {
    expanded = path.join(homeDir, expanded.slice(1));
  }
  if (!path.isAbsolute(expanded) && workspaceFolder !== undefined) {
    expanded = path.join(workspaceFolder, expanded);
  }
  return expanded;
}

/** The candidates for `flaskguard` in each folder of PATH, in order. */
export function pathCandidates(
  envPath: string | undefined,
  platform: NodeJS.Platform,
  envPathExt?: string,
): string[] {
  if (!envPath) {
    return [];
  }
  const separator = platform === "win32" ? ";" : ":";
  const names =
    platform === "win32"
      ? (envPathExt ?? ".EXE;.CMD;.BAT")
          .split(";")
          .filter((ext) => ext.length > 0)
          .map((ext) => `flaskguard${ext.toLowerCase()}`)
      : ["flaskguard"];
  const join = platform === "win32" ? path.win32.join : path.posix.join;
  const candidates: string[] = [];
  for (const folder of envPath.split(separator)) {
    if (folder.length === 0) {
      continue;
    }
    for (const name of names) {
      candidates.push(join(folder, name));
    }
  }
  return candidates;
}

export function findServer(input: DiscoveryInput): Discovery {
  const isExecutable = input.isExecutable ?? isExecutableFile;
  const configured = input.configuredPath?.trim();
  if (configured) {
    const expanded = expandConfiguredPath(
      configured,
      input.workspaceFolder,
      input.homeDir ?? os.homedir(),
    );
    if (isExecutable(expanded)) {
      return { found: true, path: expanded, source: "setting" };
    }
    // A path the user set explicitly is not silently replaced by another binary.
    return {
      found: false,
      tried: [expanded],
      message:
        `flaskguard: the flaskguard.path setting points to ${expanded}, ` +
        "but there is no executable file there. Fix the setting or clear it to use the bundled binary.",
    };
  }
  const tried: string[] = [];
  const bundled = bundledPath(input.extensionPath, input.platform);
  tried.push(bundled);
  if (isExecutable(bundled)) {
    return { found: true, path: bundled, source: "bundled" };
  }
  for (const candidate of pathCandidates(input.envPath, input.platform, input.envPathExt)) {
    tried.push(candidate);
    if (isExecutable(candidate)) {
      return { found: true, path: candidate, source: "PATH" };
    }
  }
  return {
    found: false,
    tried,
    message:
      "flaskguard: no flaskguard binary found (none bundled with the extension, none on PATH). " +
      "Install flaskguard and put it on PATH, or set flaskguard.path to the binary.",
  };
}
