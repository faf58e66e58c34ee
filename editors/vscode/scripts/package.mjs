// Packages the extension into a .vsix with the flaskguard binary in bin/.
//
//   node scripts/package.mjs            builds the release binary (cargo build --release)
//   FLASKGUARD_BINARY=path node ...     bundles that binary instead (tests use the debug build)
//   VSCE_TARGET=linux-arm64 node ...    the platform the .vsix is for (default: this machine's)
//   VSIX_OUT=path node ...              where to write the .vsix
//
// vsce runs with flags that keep it from prompting, so this works in CI.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(root, "..", "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const exe = process.platform === "win32" ? ".exe" : "";

function run(command, args, cwd) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit", shell: process.platform === "win32" });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    console.error(`${command} failed with exit status ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

function defaultTarget() {
  const platform = process.platform === "win32" ? "win32" : process.platform;
  return `${platform}-${process.arch}`;
}

let binary = process.env.FLASKGUARD_BINARY;
if (!binary) {
  run("cargo", ["build", "--release", "--locked"], repo);
  binary = join(repo, "target", "release", `flaskguard${exe}`);
}
binary = resolve(binary);
if (!existsSync(binary)) {
  console.error(`no flaskguard binary at ${binary}`);
  process.exit(1);
}

const bin = join(root, "bin");
rmSync(bin, { recursive: true, force: true });
mkdirSync(bin);
const bundled = join(bin, `flaskguard${exe}`);
copyFileSync(binary, bundled);
chmodSync(bundled, 0o755);
console.log(`bundled ${binary} as bin/flaskguard${exe}`);

run(process.execPath, [join(root, "scripts", "build.mjs"), "--production"], root);

const target = process.env.VSCE_TARGET || defaultTarget();
const out = resolve(process.env.VSIX_OUT || join(root, `${manifest.name}-${target}-${manifest.version}.vsix`));
run(
  process.execPath,
  [
    join(root, "node_modules", "@vscode", "vsce", "vsce"),
    "package",
    "--no-dependencies",
    "--allow-missing-repository",
    "--target",
    target,
    "--out",
    out,
  ],
  root,
);
console.log(`packaged ${out}`);
