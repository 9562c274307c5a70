// npm run test:browser: build the UI as it ships and the fake backend, then run every
// *.test.mjs here with the Node test runner, one file at a time.
import { spawnSync } from "node:child_process";
import { readdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ui = join(here, "..", "..");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`${chromium} not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ui, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const vite = join(ui, "node_modules", "vite", "bin", "vite.js");
run(process.execPath, [vite, "build", "--logLevel", "warn"]);
run(process.execPath, [vite, "build", "--config", "vite.fake.config.ts"]);

const files = readdirSync(here)
  .filter((f) => f.endsWith(".test.mjs"))
  .sort()
  .map((f) => join(here, f));
run(process.execPath, ["--test", "--test-concurrency=1", ...files]);
