import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";

import { findServer, isExecutableFile, pathCandidates, type DiscoveryInput } from "../src/discovery";

/** Discovery on a made-up file system where only `executables` exist. */
function discover(executables: string[], input: Partial<DiscoveryInput> = {}) {
  return findServer({
    configuredPath: undefined,
    extensionPath: "/ext",
    envPath: "/usr/local/bin:/usr/bin",
    platform: "linux",
    homeDir: "/home/dev",
    isExecutable: (file) => executables.includes(file),
    ...input,
  });
}

test("the flaskguard.path setting wins over the bundled binary and PATH", () => {
  const result = discover(["/opt/fg/flaskguard", "/ext/bin/flaskguard", "/usr/bin/flaskguard"], {
    configuredPath: "/opt/fg/flaskguard",
  });
  assert.deepEqual(result, { found: true, path: "/opt/fg/flaskguard", source: "setting" });
});

test("the bundled binary is used when the setting is unset, before PATH", () => {
  for (const configuredPath of [undefined, null, "", "   "]) {
    const result = discover(["/ext/bin/flaskguard", "/usr/bin/flaskguard"], { configuredPath });
    assert.deepEqual(result, { found: true, path: "/ext/bin/flaskguard", source: "bundled" });
  }
});

test("PATH is searched in order when nothing is bundled", () => {
  const result = discover(["/usr/bin/flaskguard"], {
    envPath: "/nope::/usr/local/bin:/usr/bin",
  });
  assert.deepEqual(result, { found: true, path: "/usr/bin/flaskguard", source: "PATH" });
  const first = discover(["/usr/local/bin/flaskguard", "/usr/bin/flaskguard"]);
  assert.deepEqual(first, { found: true, path: "/usr/local/bin/flaskguard", source: "PATH" });
});

test("nothing found: a message that says what to do and every place looked at", () => {
  const result = discover([]);
  assert.equal(result.found, false);
  if (result.found) return;
  assert.match(result.message, /no flaskguard binary found/);
  assert.match(result.message, /flaskguard\.path/);
  assert.match(result.message, /PATH/);
  assert.deepEqual(result.tried, ["/ext/bin/flaskguard", "/usr/local/bin/flaskguard", "/usr/bin/flaskguard"]);
  assert.deepEqual(discover([], { envPath: undefined }).found, false);
});

test("a wrong flaskguard.path is an error naming it, not a silent fallback", () => {
  const result = discover(["/ext/bin/flaskguard"], { configuredPath: "/opt/missing/flaskguard" });
  assert.equal(result.found, false);
  if (result.found) return;
  assert.match(result.message, /flaskguard\.path setting points to \/opt\/missing\/flaskguard/);
  assert.deepEqual(result.tried, ["/opt/missing/flaskguard"]);
});

test("flaskguard.path expands ~ and ${workspaceFolder} and resolves relative paths in the workspace", () => {
  const home = discover(["/home/dev/.cargo/bin/flaskguard"], { configuredPath: "~/.cargo/bin/flaskguard" });
  assert.deepEqual(home, { found: true, path: "/home/dev/.cargo/bin/flaskguard", source: "setting" });
  const folder = discover(["/work/app/target/debug/flaskguard"], {
    configuredPath: "${workspaceFolder}/target/debug/flaskguard",
    workspaceFolder: "/work/app",
  });
  assert.deepEqual(folder, { found: true, path: "/work/app/target/debug/flaskguard", source: "setting" });
  const relative = discover(["/work/app/tools/flaskguard"], {
    configuredPath: "tools/flaskguard",
    workspaceFolder: "/work/app",
  });
  assert.deepEqual(relative, { found: true, path: "/work/app/tools/flaskguard", source: "setting" });
});

test("on Windows the binary is flaskguard.exe and PATH uses ; and PATHEXT", () => {
  const result = findServer({
    configuredPath: undefined,
    extensionPath: "C:\\ext",
    envPath: "C:\\tools;C:\\bin",
    envPathExt: ".COM;.EXE",
    platform: "win32",
    isExecutable: (file) => file === "C:\\bin\\flaskguard.exe",
  });
  assert.deepEqual(result, { found: true, path: "C:\\bin\\flaskguard.exe", source: "PATH" });
  assert.deepEqual(pathCandidates("C:\\a", "win32", ".EXE;.CMD"), ["C:\\a\\flaskguard.exe", "C:\\a\\flaskguard.cmd"]);
});

test("on a real file system only executable files count", { skip: process.platform === "win32" }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fg-discovery-"));
  try {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    const binary = path.join(bin, "flaskguard");
    fs.writeFileSync(binary, "#!/bin/sh\n", { mode: 0o644 });
    assert.equal(isExecutableFile(binary), false, "a file without the x bit is not a server");
    assert.equal(findServer({ configuredPath: undefined, extensionPath: dir, envPath: "", platform: "linux" }).found, false);
    fs.chmodSync(binary, 0o755);
    assert.equal(isExecutableFile(binary), true);
    assert.equal(isExecutableFile(bin), false, "a folder is not a server");
    assert.deepEqual(findServer({ configuredPath: undefined, extensionPath: dir, envPath: "", platform: "linux" }), {
      found: true,
      path: binary,
      source: "bundled",
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
