// Shared plumbing for the browser tests: a static server for the built UI (ui/dist), Debian's
// chromium driven by playwright-core, and a page whose backend is the fake (fake-backend.ts,
// bundled to .build/fake-backend.js) installed before the app's own scripts run.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { mkdtempSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const uiRoot = join(here, "..", "..");
const distDir = join(uiRoot, "dist");
const fakeBundle = join(here, ".build", "fake-backend.js");
export const resultsDir = join(uiRoot, "test-results");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

/** Serves ui/dist on a free loopback port. */
export async function serveDist() {
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      let file = normalize(join(distDir, path));
      if (!file.startsWith(distDir)) throw new Error("outside dist");
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const addr = server.address();
  if (!addr || typeof addr === "string") throw new Error("no address");
  return { url: `http://127.0.0.1:${addr.port}/`, close: () => new Promise((r) => server.close(() => r(undefined))) };
}

/** Starts the system chromium with a fresh profile. */
export async function startBrowser() {
  const userDataDir = mkdtempSync(join(tmpdir(), "towerdesk-ui-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 800 },
  });
  // The persistent context opens one blank page; tests make their own.
  for (const p of context.pages()) await p.close();
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the app with the fake backend in the given scenario. Every page gets a fresh fake, so
 * tests do not see each other's state. Page errors fail the test that reads them. `clock`
 * installs fake timers first (page.clock), so a test can move time on.
 */
export async function openApp(browser, baseUrl, scenario = {}, { colorScheme = "light", clock = false } = {}) {
  const page = await browser.context.newPage();
  await page.emulateMedia({ colorScheme });
  // Playwright's fake timers (for the whole browser context): time flows until a test moves it.
  if (clock) await page.clock.install();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.addInitScript((s) => {
    // @ts-ignore: set for fake-backend.ts
    window.__FAKE_SCENARIO__ = s;
  }, scenario);
  await page.addInitScript({ path: fakeBundle });
  await page.goto(baseUrl);
  return { page, errors };
}

/**
 * Opens the app on the demo account, in seqera-demo's `workspace` (its label in the picker), and
 * waits for that workspace's Launchpad.
 */
export async function openWorkspace(browser, baseUrl, workspace = "analysis · Private · owner", scenario = {}) {
  const opened = await openApp(browser, baseUrl, { accounts: "demo", ...scenario });
  await opened.page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await opened.page.getByLabel("Workspace", { exact: true }).selectOption({ label: workspace });
  await opened.page.getByTestId("launchpad").waitFor();
  return opened;
}

/** The commands the UI sent to the fake backend (get_app_state omitted: see stateReads). */
export async function calls(page, cmd) {
  /** @type {{cmd: string, args: any}[]} */
  const all = await page.evaluate(() => /** @type {any} */ (window).__fake.calls);
  return cmd ? all.filter((c) => c.cmd === cmd) : all;
}

/** Polls until fn() returns a truthy value, or fails with the last value seen. */
export async function eventually(fn, what, timeout = 5000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the locator's text contains (or equals, with exact) the expected text. */
export async function expectText(locator, expected, { exact = false, timeout = 5000 } = {}) {
  let seen = "";
  await eventually(
    async () => {
      seen = ((await locator.first().innerText({ timeout: 200 })) ?? "").replace(/\s+/g, " ").trim();
      return exact ? seen === expected : seen.includes(expected);
    },
    `text ${JSON.stringify(expected)} (saw ${JSON.stringify(seen)})`,
    timeout,
  );
}

export async function screenshot(page, name) {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, name);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The visible reason (tooltip) a disabled control points to with aria-describedby. */
export async function reasonOf(page, control) {
  const id = await control.getAttribute("aria-describedby");
  if (!id) return null;
  const tip = page.locator(`[id="${id}"]`);
  if (!(await tip.isVisible())) return null;
  return (await tip.innerText()).trim();
}

/** How many times the UI asked the fake backend for get_app_state. */
export async function stateReads(page) {
  return page.evaluate(() => /** @type {any} */ (window).__fake.stateReads);
}
