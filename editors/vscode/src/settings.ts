// Maps the extension's settings (`flaskguard.*`) to what the server reads: the
// `initializationOptions` object and `settings.flaskguard` of
// `workspace/didChangeConfiguration`, with the config files' kebab-case keys.
// No `vscode` import: node tests run it.

/** VS Code setting (under `flaskguard.`) → server key, for every setting the server reads. */
export const SERVER_KEYS = {
  select: "select",
  ignore: "ignore",
  severity: "severity",
  extraSecretNames: "extra-secret-names",
  allowedValues: "allowed-values",
  docsUrl: "docs-url",
} as const;

/** Settings only the extension reads (the server ignores them). */
export const CLIENT_SETTINGS = ["path", "args", "trace.server"] as const;

export const SEVERITIES = ["error", "warning", "information", "hint"] as const;

/** Reads one setting below `flaskguard.`, like `WorkspaceConfiguration.get`. */
export type SettingGetter = (key: string) => unknown;

/** A getter over a plain object of settings (`{ select: [...], "trace.server": "off" }`). */
export function getterOf(values: Record<string, unknown>): SettingGetter {
  return (key) => values[key];
}

export type ServerSettings = Record<string, unknown>;

/**
 * The server's settings object. Unset settings (`null`, `undefined`, an empty `docsUrl`) are
 * left out, so the server keeps the value from `pyproject.toml` / `flaskguard.toml`.
 */
export function toServerSettings(get: SettingGetter): ServerSettings {
  const out: ServerSettings = {};
  for (const [setting, key] of Object.entries(SERVER_KEYS)) {
    const value = get(setting);
    if (value === null || value === undefined) {
      continue;
    }
    if (typeof value === "string" && value.trim() === "") {
      continue;
    }
    out[key] = clone(value);
  }
  return out;
}

/** `flaskguard server` followed by the user's `flaskguard.args`. */
export function serverArgs(get: SettingGetter): string[] {
  const extra = get("args");
  const args = Array.isArray(extra) ? extra.filter((a): a is string => typeof a === "string") : [];
  return ["server", ...args];
}

/** The configured binary path, or undefined when unset. */
export function configuredPath(get: SettingGetter): string | undefined {
  const value = get("path");
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Settings whose change needs a server restart rather than a didChangeConfiguration. */
export const RESTART_SETTINGS = ["flaskguard.path", "flaskguard.args"] as const;

// VS Code hands out proxies of its configuration; send plain JSON.
function clone(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
