// Live status of running runs, on Playwright's fake clock (its own file: the fake clock is
// installed for the whole browser): the run page reads its run every few seconds while visible,
// slower while hidden, at once when visible again, and not at all once the run has finished;
// the Runs list reads the running runs and shows the cost so far moving. Nothing moves on the
// fake server unless the test moves it (window.__fake.serverProgress).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openApp, calls, eventually, expectText } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openRuns() {
  const opened = await openApp(browser, server.url, { accounts: "demo" }, { clock: true });
  const { page } = opened;
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: "analysis · Private · owner" });
  await page.getByRole("button", { name: "Runs" }).click();
  await page.getByTestId("runs-table").waitFor();
  return opened;
}

const progress = (page, id) => page.evaluate((i) => /** @type {any} */ (window).__fake.serverProgress(i), id);

/** Sets what document.visibilityState says and tells the page, as the browser does. */
const visibility = (page, state) =>
  page.evaluate((s) => {
    Object.defineProperty(document, "visibilityState", { value: s, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, state);

test("a running run's page shows its progress moving, reads slower while hidden and stops once finished", async () => {
  const { page, errors } = await openRuns();
  await page.getByTestId("run-open").filter({ hasText: "amazing_turing" }).click();
  await expectText(page.getByTestId("tile-succeeded").locator(".n"), "2", { exact: true });
  const reads = async () => (await calls(page, "refresh_run")).length;
  const opened = await reads();

  // The server moves; five seconds later the page has read it, without a sync.
  await progress(page, 1);
  await page.clock.runFor(5_000);
  await expectText(page.getByTestId("tile-succeeded").locator(".n"), "4", { exact: true });
  await expectText(page.getByTestId("run-page-cost"), "0.67");
  assert.equal(await reads(), opened + 1);
  assert.equal((await calls(page, "sync_account")).length, 0, "no sync was asked for");

  // Hidden: nothing for five seconds, one read within the minute; visible again: at once.
  await visibility(page, "hidden");
  const hidden = await reads();
  await page.clock.runFor(10_000);
  assert.equal(await reads(), hidden, "no read every few seconds while hidden");
  await page.clock.runFor(60_000);
  assert.equal(await reads(), hidden + 1, "one slower read while hidden");
  await progress(page, 1);
  await visibility(page, "visible");
  await eventually(async () => (await reads()) === hidden + 2, "a read on coming back");
  await expectText(page.getByTestId("tile-succeeded").locator(".n"), "6", { exact: true });

  // The run finishes: one more read shows it, and then none.
  await progress(page, 1);
  await progress(page, 1);
  await page.clock.runFor(5_000);
  await expectText(page.getByTestId("run-status"), "succeeded");
  const finished = await reads();
  await page.clock.runFor(10 * 60_000);
  assert.equal(await reads(), finished, "a finished run is not read again");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the Runs list reads its running runs and shows the cost so far moving", async () => {
  const { page, errors } = await openRuns();
  const running = page.getByTestId("run-row").filter({ hasText: "amazing_turing" });
  await expectText(running.getByTestId("run-cost"), "0.42 estimate");
  await progress(page, 1);
  await page.clock.runFor(5_000);
  await eventually(async () => (await calls(page, "refresh_active_runs")).length >= 1, "the running runs read");
  assert.deepEqual((await calls(page, "refresh_active_runs"))[0].args, { workspaceId: 2 });
  await expectText(running.getByTestId("run-cost"), "0.67 estimate");
  assert.deepEqual(errors, []);
  await page.close();
});
