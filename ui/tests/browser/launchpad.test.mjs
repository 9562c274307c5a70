// Launchpad: Filter > Pipelines from, search, and the choice remembered per workspace.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, calls, eventually, expectText, openWorkspace } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const openAnalysis = () => openWorkspace(browser, server.url);

const cardNames = (page) => page.getByTestId("pipeline-card").locator("h3").allInnerTexts();

test("Pipelines from switches between This workspace and This and shared workspaces", async () => {
  const { page, errors } = await openAnalysis();
  const from = page.getByLabel("Pipelines from:");
  assert.equal(await from.inputValue(), "this_workspace");
  // Opening the workspace tells the backend, so the next sync brings it first.
  assert.deepEqual((await calls(page, "focus_workspace")).at(-1)?.args, { workspaceId: 2 });
  await eventually(async () => (await cardNames(page)).length === 2, "two own pipelines");
  assert.deepEqual(await cardNames(page), ["nf-core-rnaseq", "nf-core-sarek"]);
  assert.equal(await page.getByTestId("shared-badge").count(), 0);
  const first = page.getByTestId("pipeline-card").first();
  await expectText(first, "https://github.com/nf-core/rnaseq");
  await expectText(first, "aws-batch-eu");
  await expectText(first, "production");
  // nf-core-sarek has no compute environment: it launches on the workspace's primary one, named.
  await expectText(page.getByTestId("pipeline-card").nth(1).getByTestId("primary-ce"), "Primary: aws-batch-eu");

  await from.selectOption({ label: "This and shared workspaces" });
  await eventually(async () => (await cardNames(page)).length === 3, "three pipelines with shared");
  assert.deepEqual(await cardNames(page), ["nf-core-rnaseq", "nf-core-sarek", "nf-core-viralrecon"]);
  const shared = page.getByTestId("pipeline-card").filter({ hasText: "nf-core-viralrecon" });
  await expectText(shared.getByTestId("shared-badge"), "Shared from seqera-demo/shared-pipelines", { exact: true });
  // The community org's shared pipeline is not this organization's: never shown.
  assert.ok(!(await cardNames(page)).includes("hello"));

  const sent = (await calls(page, "list_pipelines")).map((c) => c.args).filter((a) => a.workspaceId === 2);
  assert.deepEqual(sent[0], { workspaceId: 2, from: "this_workspace", search: null });
  assert.deepEqual(sent.at(-1), { workspaceId: 2, from: "this_and_shared", search: null });

  // Back to This workspace: the shared one goes away again.
  await from.selectOption({ label: "This workspace" });
  await eventually(async () => (await cardNames(page)).length === 2, "back to two");
  assert.deepEqual((await calls(page, "list_pipelines")).at(-1).args, { workspaceId: 2, from: "this_workspace", search: null });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the filter is remembered per workspace (in prefs.json through the store plugin)", async () => {
  const { page } = await openAnalysis();
  await page.getByLabel("Pipelines from:").selectOption("this_and_shared");
  await eventually(async () => (await cardNames(page)).length === 3, "shared shown");
  const sets = (await calls(page, "plugin:store|set")).map((c) => c.args);
  assert.ok(
    sets.some((a) => a.key === "launchpad.pipelinesFrom.1:2" && a.value === "this_and_shared"),
    JSON.stringify(sets),
  );

  // Another workspace has its own setting ...
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: "sandbox · Private · view" });
  await eventually(async () => (await page.getByLabel("Pipelines from:").inputValue()) === "this_workspace", "sandbox default");
  await page.getByTestId("launchpad-empty").waitFor();
  // ... and coming back restores this one's.
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: "analysis · Private · owner" });
  await eventually(async () => (await page.getByLabel("Pipelines from:").inputValue()) === "this_and_shared", "restored");
  await eventually(async () => (await cardNames(page)).length === 3, "shared shown again");
  await page.close();
});

test("search narrows the list and says so when nothing matches", async () => {
  const { page } = await openAnalysis();
  await eventually(async () => (await cardNames(page)).length === 2, "loaded");
  await page.getByLabel("Search").fill("sarek");
  await eventually(async () => (await cardNames(page)).join() === "nf-core-sarek", "only sarek");
  assert.deepEqual((await calls(page, "list_pipelines")).at(-1).args, { workspaceId: 2, from: "this_workspace", search: "sarek" });
  await page.getByLabel("Search").fill("zzz");
  await expectText(page.getByTestId("launchpad-empty"), "No pipeline matches “zzz”");
  await page.close();
});
