// The window does not poll: with fake timers (Playwright's page.clock), ten minutes pass with no
// event from the core, and the window asks the backend for nothing, not even the state; its
// relative times still move on. Its own file: the fake clock is installed for the whole browser.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openApp, calls, eventually, expectText, stateReads } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("ten minutes without events: no getAppState, no other command, and the times still tick", async () => {
  const { page, errors } = await openApp(browser, server.url, { accounts: "demo", lastSyncMinutesAgo: 2 }, { clock: true });
  await expectText(page.getByTestId("status-bar"), "synced 2 min ago");
  // Loaded: the personal workspace's Launchpad has asked for its pipelines and shows none.
  await page.getByTestId("launchpad-empty").waitFor();
  await eventually(async () => (await calls(page, "list_pipelines")).length === 1, "the pipelines asked for");
  const reads = await stateReads(page);
  const sent = (await calls(page)).length;

  // Every timer due in the next ten minutes fires now, in order, in the page.
  await page.clock.runFor(10 * 60_000);

  assert.equal(await stateReads(page), reads, "getAppState was not asked again");
  assert.equal((await calls(page)).length, sent, "no other command either");
  await expectText(page.getByTestId("status-bar"), "synced 12 min ago");
  assert.deepEqual(errors, []);
  await page.close();
});
