// What the specs share: the environment tests/e2e/run provides, screenshots of the app's window,
// waiting for text, starting the app on a data directory of the test's own, and killing it hard.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Session, xpathContainingText, xpathLiteral } from "./webdriver.mjs";
import { assertNotBlank } from "./png.mjs";

export const DRIVER = process.env.E2E_WEBDRIVER_URL;
export const APP = process.env.E2E_APP;
export const OUT = process.env.E2E_OUT ?? "target/e2e";
if (!DRIVER || !APP) throw new Error("run these specs through tests/e2e/run (E2E_WEBDRIVER_URL and E2E_APP are unset)");

/**
 * Saves a screenshot to OUT/name and checks that something is drawn on it. The picture is the
 * app's window as drawn on the virtual screen (ImageMagick's `import -window root`, cropped to the
 * window's rect): WebKitWebDriver's own
 * screenshot command (GET /session/{id}/screenshot) never answers under Xvfb here, with or without
 * compositing. E2E_WEBDRIVER_SCREENSHOT=1 tries it first (20 s timeout) where it works.
 */
export async function screenshot(session, name) {
  let png;
  let how = "X screen";
  if (process.env.E2E_WEBDRIVER_SCREENSHOT === "1") {
    try {
      png = Buffer.from(await session.cmd("GET", "/screenshot", undefined, { timeoutMs: 20_000 }), "base64");
      how = "WebDriver";
    } catch (err) {
      console.log(`WebDriver screenshot failed (${err.message}); using the X screen`);
    }
  }
  if (!png) {
    // Only the app's window, so that the black screen around it cannot make a blank window pass.
    const r = await session.read("GET", "/window/rect");
    const crop = `${r.width}x${r.height}+${Math.max(0, r.x)}+${Math.max(0, r.y)}`;
    png = execFileSync("import", ["-window", "root", "-crop", crop, "+repage", "png:-"], {
      timeout: 20_000,
      maxBuffer: 64 << 20,
    });
  }
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, name);
  writeFileSync(file, png);
  const stats = assertNotBlank(png, { name: file });
  console.log(`screenshot (${how}) ${file}: ${stats.width}x${stats.height}, ${stats.distinctColors} colors, std dev ${stats.stdDev.toFixed(1)}`);
  return stats;
}

/** Waits until `text` is shown on the page (an element containing it is displayed). */
export function visibleText(session, text, timeoutMs = 30_000) {
  return session.waitForDisplayed(xpathContainingText(text), { timeoutMs, what: `text "${text}"` });
}

/** A fresh data directory for one spec, so that it starts from an empty store of its own. */
export function freshDataDir(name) {
  return mkdtempSync(join(process.env.E2E_TMP ?? tmpdir(), `${name}-`));
}

/**
 * Starts the app on `dataDir` (its TOWERDESK_DATA_DIR). tests/e2e/run's E2E_APP_IN starts E2E_APP
 * with the data directory given as `--e2e-data-dir=DIR` (tauri-driver passes `tauri:options.args`).
 */
export function startApp(dataDir, { timeoutMs = 90_000 } = {}) {
  const launcher = process.env.E2E_APP_IN;
  if (!launcher) throw new Error("E2E_APP_IN is unset: run these specs through tests/e2e/run");
  return Session.start(DRIVER, launcher, { timeoutMs, args: [`--e2e-data-dir=${dataDir}`] });
}

/** Process ids of the app (E2E_APP) running on `dataDir`, read from /proc. */
export function appPids(dataDir) {
  const pids = [];
  const exe = realpathSync(APP);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/exe`) !== exe) continue;
      const env = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (env.includes(`TOWERDESK_DATA_DIR=${dataDir}`)) pids.push(Number(entry));
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
  return pids;
}

/** `kill -9` of the app on `dataDir`: no shutdown, no flush, as in a crash. Returns the pids killed. */
export function killApp(dataDir) {
  const pids = appPids(dataDir);
  if (pids.length === 0) throw new Error(`no app process runs on ${dataDir}`);
  for (const pid of pids) process.kill(pid, "SIGKILL");
  return pids;
}

/** Finds the first value under `key` anywhere in a JSON value. */
export function findKey(o, key) {
  if (!o || typeof o !== "object") return undefined;
  if (key in o) return o[key];
  for (const v of Object.values(o)) {
    const found = findKey(v, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A new user's first steps: Add an account with the server's URL and a token, then the shell. */
export async function addAccount(session, serverUrl, token) {
  const add = `//button[normalize-space(.)=${xpathLiteral("Add an account")}]`;
  await session.click(await session.waitForDisplayed(add, { timeoutMs: 60_000, what: "Add an account" }));
  const url = await session.waitForDisplayed("//label[normalize-space(.)='Server URL']/following::input[1]", { what: "Server URL" });
  await session.cmd("POST", `/element/${url}/clear`, {});
  await session.type(url, serverUrl);
  await session.type(await session.waitForDisplayed("//label[normalize-space(.)='Access token']/following::input[1]", { what: "Access token" }), token);
  await session.click(await session.waitForDisplayed("//form[@data-testid='add-account-form']//button[@type='submit']", { what: "Add" }));
  await visibleText(session, "Launchpad", 60_000);
}

/** Chooses an organization, then a workspace whose name starts with `workspace`, in the top bar's pickers. */
export async function pickWorkspace(session, org, workspace) {
  const o = await session.waitForDisplayed(`//select[@data-testid='pick-org']/option[normalize-space(.)=${xpathLiteral(org)}]`, {
    timeoutMs: 60_000,
    what: `the ${org} organization in the picker`,
  });
  await session.click(o);
  const w = await session.waitForDisplayed(
    `//select[@data-testid='pick-workspace']/option[starts-with(normalize-space(.), ${xpathLiteral(workspace)})]`,
    { what: `the ${workspace} workspace in the picker` },
  );
  await session.click(w);
  await visibleText(session, "Pipelines from:");
}
