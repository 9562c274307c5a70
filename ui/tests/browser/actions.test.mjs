// The Actions section: the workspace's pipeline actions with their pipeline, event source (in the
// Platform's words) and status, reached from the sidebar; an empty state that says where to add
// them; a sync that brings one redraws the list.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openApp, calls, expectText, eventually } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(workspace) {
  const opened = await openApp(browser, server.url, { accounts: "demo" });
  const { page } = opened;
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: workspace });
  await page.getByRole("navigation", { name: "Sections" }).getByRole("button", { name: "Actions", exact: true }).click();
  await page.getByTestId("actions").waitFor();
  return opened;
}

const rowTexts = async (page) => (await page.getByTestId("action-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());

test("Actions, from the sidebar after Runs, lists name, pipeline, event source, status and last event", async () => {
  const { page, errors } = await open("analysis · Private · owner");
  const nav = page.getByRole("navigation", { name: "Sections" });
  const items = (await nav.locator("ul").nth(1).locator("button").allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(items.slice(0, 3), ["Launchpad", "Runs", "Actions"]);
  assert.equal(await nav.locator("[aria-current='page']").innerText(), "Actions");
  await expectText(page.getByTestId("action-row").nth(0), "fusion-on-push");
  const head = (await page.getByTestId("actions-table").locator("thead th").allTextContents()).map((t) => t.trim());
  assert.deepEqual(head, ["Name", "Pipeline", "Event source", "Status", "Last event"]);
  assert.deepEqual(await rowTexts(page), [
    "fusion-on-push https://github.com/nf-core/rnafusion GitHub webhook Error 3 days ago",
    "nightly-qc-hook https://github.com/nf-core/chipseq Tower launch hook Paused yesterday",
    "scrna-hook https://github.com/nf-core/scrnaseq Tower launch hook Creating never",
    "somatic-on-push https://github.com/nf-core/sarek GitHub webhook Active 2 h ago",
  ]);
  // Each status has its dot, coloured as the Runs list colours its statuses.
  const dots = await page.getByTestId("action-row").locator(".dot").evaluateAll((els) => els.map((e) => ["ok", "busy", "warn", "error", "muted"].find((t) => e.classList.contains(t))));
  assert.deepEqual(dots, ["error", "warn", "busy", "ok"]);
  assert.equal((await calls(page, "list_actions")).at(-1).args.workspaceId, 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a workspace without actions says they are added on the Platform", async () => {
  const { page, errors } = await open("shared-pipelines · Shared · admin");
  await expectText(page.getByTestId("actions"), "No actions");
  await expectText(page.getByTestId("actions"), "Add them in the Platform (Actions → Add action), then sync with ⟳.");
  assert.equal(await page.getByTestId("actions-table").count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a sync that brings an action redraws the list, an unknown event source as its text", async () => {
  const { page } = await open("analysis · Private · owner");
  await expectText(page.getByTestId("action-row").nth(0), "fusion-on-push");
  const before = (await calls(page, "list_actions")).length;
  await page.evaluate(() => /** @type {any} */ (window).__fake.serverAction(2, "ampliseq-drop"));
  await eventually(async () => (await calls(page, "list_actions")).length > before, "the section reloads");
  await expectText(page.getByTestId("action-row").nth(0), "ampliseq-drop");
  assert.equal((await rowTexts(page))[0], "ampliseq-drop https://github.com/nf-core/ampliseq bucket Active never");
  await page.close();
});
