// Bundles the extension into dist/extension.js with esbuild.
// `--tests` bundles test/*.test.ts into dist/test/ instead, for `node --test`.
// `--production` minifies and drops the source map (used by scripts/package.mjs).
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const production = args.has("--production");

const common = {
  bundle: true,
  platform: "node",
  target: "node18",
  format: "cjs",
  logLevel: "warning",
  absWorkingDir: root,
};

if (args.has("--tests")) {
  rmSync(join(root, "dist", "test"), { recursive: true, force: true });
  const entryPoints = readdirSync(join(root, "test"))
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => join("test", name));
  await esbuild.build({
    ...common,
    entryPoints,
    outdir: "dist/test",
    // Tests load the protocol libraries from node_modules, as a client would; the
    // extension's glue runs against fakes of the modules only VS Code provides.
    packages: "external",
    alias: {
      vscode: "./test/fakes/vscode.ts",
      "vscode-languageclient/node": "./test/fakes/languageclient.ts",
    },
    sourcemap: "inline",
  });
} else {
  await esbuild.build({
    ...common,
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    // Provided by VS Code at run time.
    external: ["vscode"],
    minify: production,
    sourcemap: !production,
  });
}
