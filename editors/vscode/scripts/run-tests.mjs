// Runs the bundled tests in dist/test with node's built-in test runner.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv.slice(2);
const files = readdirSync(join(root, "dist", "test"))
  .filter((name) => name.endsWith(".test.js"))
  .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
  .map((name) => join("dist", "test", name));
if (files.length === 0) {
  console.error("no test files found in dist/test (run `npm run build-tests` first)");
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--test", ...files], { cwd: root, stdio: "inherit" });
process.exit(result.status ?? 1);
