// The window behaves like a desktop app's: its size and position survive a restart, even one
// after a crash (tauri-plugin-window-state; the app also saves shortly after a resize). On a data
// directory of this spec's own, so the other specs' windows keep the default size.
import { describe, after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { waitFor } from "../lib/webdriver.mjs";
import { freshDataDir, killApp, screenshot, startApp, visibleText } from "../lib/app.mjs";

describe("the window", () => {
  let session;
  after(async () => {
    if (session) await session.delete().catch((err) => console.error(`closing the session: ${err.message}`));
  });

  test("its size survives a restart after kill -9", async () => {
    const dataDir = freshDataDir("window");
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
});
