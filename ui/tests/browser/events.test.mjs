// The window learns what changed from the core's events: a section reloads when an event names
// its section (and its workspace, or none), and not for another section, workspace or account.
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

/** Sends events as the core would, then lets the page run everything they started. */
async function emit(page, ...events) {
  await page.evaluate(async (es) => {
    for (const e of es) /** @type {any} */ (window).__fake.emit(e);
    // A macrotask after the events: their listeners, Svelte's effects and the commands those
    // send have all run by then (they are microtasks), so calls made for them are recorded.
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
  }, events);
}

const changed = (accountId, workspaceId, section) => ({ kind: "dataChanged", accountId, workspaceId, section });

test("Runs shows a run a sync brought, and reloads only for its own section and workspace", async () => {
  const { page, errors } = await openApp(browser, server.url, { accounts: "demo" });
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: "analysis · Private · owner" });
  await page.getByRole("button", { name: "Runs" }).click();
  await eventually(async () => (await page.getByTestId("run-row").count()) === 5, "five runs");
  const loads = async () => (await calls(page, "list_runs")).length;
  const first = await loads();

  // Another workspace's runs, another section of this workspace, another account's runs.
  await emit(page, changed(1, 3, "runs"), changed(1, 2, "computeEnvs"), changed(1, 2, "participants"), changed(2, null, "runs"));
  assert.equal(await loads(), first, "no reload for what Runs does not show");

  // A sync brought a run to this workspace: it shows, after one reload.
  await page.evaluate(() => /** @type {any} */ (window).__fake.serverRun(2, "fresh_darwin"));
  await expectText(page.getByTestId("run-row").first(), "fresh_darwin");
  await emit(page);
  assert.equal(await loads(), first + 1);

  // Runs of the whole account (no workspace named) include this one.
  await emit(page, changed(1, null, "runs"));
  assert.equal(await loads(), first + 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the org page and the pickers follow a workspaces event; sections keep their data", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo" });
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByTestId("org-page").getByRole("cell", { name: "Analysis Team" }).waitFor();
  const lists = async () => (await calls(page, "list_workspaces")).length;
  const first = await lists();

  await emit(page, changed(1, 2, "runs"), changed(1, null, "credits"));
  assert.equal(await lists(), first, "no list reload for runs or credits");

  await emit(page, changed(1, null, "workspaces"));
  assert.equal(await lists(), first + 1);
  await page.close();
});

test("the status bar follows the core: a change counted, a sync started and ended", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "none", demoSyncSteps: 3 });
  await page.getByRole("button", { name: "Open the demo" }).click();
  await expectText(page.getByTestId("status-connection"), "Syncing");
  await expectText(page.getByTestId("status-progress"), "workspaces, 0/5");
  // A progress event is drawn from its own payload.
  await page.evaluate(() => /** @type {any} */ (window).__fake.syncStep());
  await expectText(page.getByTestId("status-progress"), "workspaces, 2/5");
  await page.evaluate(() => /** @type {any} */ (window).__fake.finishSync());
  await expectText(page.getByTestId("status-connection"), "Online");
  await page.getByTestId("launchpad").waitFor();
  await page.close();
});
