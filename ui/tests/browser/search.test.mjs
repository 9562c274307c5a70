// Search across everything (Ctrl/Cmd+K): results from every organization and workspace in the
// core's order, moved through with the arrow keys, opened with Enter where they live.
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

const results = async (page) =>
  (await page.getByTestId("search-result").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());

test("Ctrl+K, a pipeline of another organization, Enter: its workspace's Launchpad shows it", async () => {
  const { page, errors } = await openAnalysis();
  await page.keyboard.press("Control+k");
  const box = page.getByLabel("Search everything");
  await box.waitFor();
  assert.equal(await box.evaluate((el) => el === document.activeElement), true, "the search box has the focus");
  await box.pressSequentially("hello");
  await eventually(async () => (await results(page)).length === 1, "one result");
  assert.deepEqual(await results(page), ["Pipeline hello https://github.com/nextflow-io/hello community/showcase"]);
  assert.equal((await calls(page, "search")).at(-1).args.query, "hello");
  await page.keyboard.press("Enter");

  await eventually(async () => (await page.getByTestId("search-palette").count()) === 0, "the search closes");
  assert.equal(await page.getByLabel("Organization", { exact: true }).inputValue(), "202");
  await expectText(page.getByLabel("Workspace", { exact: true }).locator("option:checked"), "showcase");
  assert.equal(await page.getByLabel("Search", { exact: true }).inputValue(), "hello");
  await eventually(async () => (await page.getByTestId("pipeline-card").count()) === 1, "one pipeline card");
  await expectText(page.getByTestId("pipeline-card"), "hello");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the arrow keys choose among results; a run opens on its page; nothing found says so", async () => {
  const { page, errors } = await openAnalysis();
  await page.getByTestId("open-search").click();
  const box = page.getByLabel("Search everything");
  await box.pressSequentially("nf-core-");
  await eventually(async () => (await results(page)).length === 3, "three results");
  assert.deepEqual(await results(page), [
    "Pipeline nf-core-rnaseq https://github.com/nf-core/rnaseq seqera-demo/analysis",
    "Pipeline nf-core-sarek https://github.com/nf-core/sarek seqera-demo/analysis",
    "Pipeline nf-core-viralrecon https://github.com/nf-core/viralrecon seqera-demo/shared-pipelines",
  ]);
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.getByTestId("search-result").nth(1).getAttribute("aria-selected"), "true");
  assert.equal(await box.getAttribute("aria-activedescendant"), "search-option-1");
  await page.keyboard.press("Enter");
  await eventually(async () => (await page.getByLabel("Search", { exact: true }).inputValue()) === "nf-core-sarek", "the Launchpad searches for it");

  // A run: found by its name, opened on its page.
  await page.keyboard.press("Control+k");
  await page.getByLabel("Search everything").pressSequentially("curie");
  await eventually(async () => (await results(page)).length === 1, "one result");
  assert.deepEqual(await results(page), ["Run sleepy_curie succeeded · nf-core/sarek seqera-demo/analysis"]);
  await page.keyboard.press("Enter");
  await expectText(page.getByTestId("run-title"), "sleepy_curie");

  await page.keyboard.press("Control+k");
  await page.getByLabel("Search everything").pressSequentially("no-such-thing");
  await expectText(page.getByTestId("search-none"), "Nothing here matches “no-such-thing”.");
  await page.keyboard.press("Escape");
  await eventually(async () => (await page.getByTestId("search-palette").count()) === 0, "Esc closes the search");
  assert.deepEqual(errors, []);
  await page.close();
});
