// The window behaves like a desktop app's: its size and position survive a restart, even one
// after a crash (tauri-plugin-window-state; the app also saves shortly after a resize). On a data
// directory of this spec's own, so the other specs' windows keep the default size.
import { describe, after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "../lib/webdriver.mjs";
import { spawn } from "node:child_process";
import { APP, appPids, freshDataDir, killApp, screenshot, startApp, visibleText } from "../lib/app.mjs";

describe("the window", () => {
  let session;
  let dataDir;
  after(async () => {
    if (session) await session.delete().catch((err) => console.error(`closing the session: ${err.message}`));
  });

  test("its size survives a restart after kill -9", async () => {
    dataDir = freshDataDir("window");
    session = await startApp(dataDir);
    await visibleText(session, "Open the demo", 60_000);
    const before = await session.read("GET", "/window/rect");
    console.log(`window at first: ${JSON.stringify(before)}`);
    const wanted = { width: 1100, height: 720 };
    assert.notDeepEqual({ width: before.width, height: before.height }, wanted, "the test asks for a size the window does not have yet");
    await session.cmd("POST", "/window/rect", wanted);
    const resized = await session.read("GET", "/window/rect");
    assert.deepEqual({ width: resized.width, height: resized.height }, wanted, "the window took the size asked for");

    // Saved to the data directory shortly after the resize, before any exit.
    const file = join(dataDir, "window-state.json");
    await waitFor(
      async () => {
        if (!existsSync(file)) return null;
        const main = JSON.parse(readFileSync(file, "utf8")).main;
        return main && main.width > 0 && main.height > 0 ? main : null;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: `the window's state in ${file}` },
    );
    killApp(dataDir);
    await session.delete().catch(() => undefined);

    session = await startApp(dataDir);
    await visibleText(session, "Open the demo", 60_000);
    const after = await session.read("GET", "/window/rect");
    console.log(`window after the restart: ${JSON.stringify(after)}`);
    assert.deepEqual({ width: after.width, height: after.height }, wanted, "the window opens at the size it had");
    await screenshot(session, "window-restored.png");
  });

  test("a second start on the same data directory leaves the first window alone and exits", async () => {
    // An app of this test's own on a fresh data directory.
    if (session) await session.delete().catch(() => undefined);
    dataDir = freshDataDir("single");
    session = await startApp(dataDir);
    await visibleText(session, "Open the demo", 60_000);
    const before = await session.read("GET", "/window/rect");
    const first = appPids(dataDir);
    assert.equal(first.length, 1, `one app on ${dataDir}: ${first}`);
    const second = spawn(APP, [], { env: { ...process.env, TOWERDESK_DATA_DIR: dataDir }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    second.stderr.on("data", (d) => (stderr += String(d)));
    const code = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        second.kill("SIGKILL");
        reject(new Error(`the second start did not exit within 60 s; it said: ${stderr}`));
      }, 60_000);
      second.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 0, `the second start exits cleanly: ${stderr}`);
    assert.deepEqual(appPids(dataDir), first, "still the one app");
    // The first window still answers, as it was.
    const rect = await session.read("GET", "/window/rect");
    assert.deepEqual({ width: rect.width, height: rect.height }, { width: before.width, height: before.height });
    await visibleText(session, "Open the demo");
  });
});
