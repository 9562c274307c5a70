// Launchpad: Filter > Pipelines from, search, and the choice remembered per workspace.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, calls, eventually, expectText, openWorkspace, screenshot } from "./harness.mjs";

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

// A big workspace (scenario.manyPipelines): the cards are rendered only around what is on screen.

/** Scrolls the content area to its end until `locator` is there and wholly on screen. */
async function scrollToEndUntil(page, locator, what) {
  const content = page.getByTestId("content");
  await eventually(
    async () => {
      // Again each time: rows measured as they come in change the list's height.
      await content.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      if ((await locator.count()) !== 1) return false;
      return locator.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const c = /** @type {HTMLElement} */ (document.querySelector("[data-testid=content]")).getBoundingClientRect();
        return r.height > 0 && r.top >= c.top && r.bottom <= c.bottom;
      });
    },
    what,
    15000,
  );
}

/** The rendered cards' boxes, in the list's order. */
const cardBoxes = (page) =>
  page.getByTestId("pipeline-card").evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { name: el.querySelector("h3")?.textContent ?? "", top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    }),
  );

/** Cards side by side share a top, never overlap, and rows are one gap (16px) apart. */
function assertGrid(boxes) {
  assert.ok(boxes.length > 0, "some cards");
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
      assert.ok(apart, `${a.name} and ${b.name} overlap: ${JSON.stringify([a, b])}`);
    }
  const tops = [...new Set(boxes.map((b) => Math.round(b.top)))].sort((x, y) => x - y);
  for (let k = 1; k < tops.length; k++) {
    const above = boxes.filter((b) => Math.round(b.top) === tops[k - 1]);
    const below = boxes.filter((b) => Math.round(b.top) === tops[k]);
    // A row's cards are as tall as the row: one bottom.
    assert.equal(new Set(above.map((b) => Math.round(b.bottom))).size, 1, `one bottom in the row ${JSON.stringify(above)}`);
    const gap = tops[k] - above[0].bottom;
    assert.ok(gap > 14 && gap < 18, `rows ${gap}px apart (${above[0].name} / ${below[0].name})`);
  }
}

test("3,000 pipelines: only the cards on screen are in the page, in the grid, and the last is reached by scrolling", async () => {
  const { page, errors } = await openWorkspace(browser, server.url, undefined, { manyPipelines: 3000 });
  await page.getByLabel("Pipelines from:").selectOption("this_and_shared");
  const cards = page.getByTestId("pipeline-card");
  await eventually(async () => (await cards.filter({ hasText: "bulk-0001" }).count()) === 1, "the list with shared pipelines");
  const rendered = await cards.count();
  assert.ok(rendered < 200, `${rendered} cards in the page, not 3,003`);
  assert.equal(await cards.first().locator("h3").innerText(), "nf-core-rnaseq");
  // Each card says its place in the whole list (aria-posinset of aria-setsize).
  assert.equal(await cards.first().getAttribute("aria-setsize"), "3003");
  const last = cards.filter({ has: page.locator("h3", { hasText: /^bulk-3000$/ }) });
  assert.equal(await last.count(), 0, "the last card is not rendered before it is near");
  // Three columns at 1280×800, as the grid's auto-fill gave.
  const top = await cardBoxes(page);
  assert.equal(top.filter((b) => Math.round(b.top) === Math.round(top[0].top)).length, 3, JSON.stringify(top));
  assertGrid(top);
  await screenshot(page, "launchpad-many.png");

  await scrollToEndUntil(page, last, "the last pipeline's card on screen");
  await expectText(last.getByTestId("shared-badge"), "Shared from seqera-demo/shared-pipelines", { exact: true });
  assert.equal(await last.getAttribute("aria-posinset"), "3003");
  assert.ok((await cards.count()) < 200, `${await cards.count()} cards in the page at the end`);
  assert.equal(await cards.filter({ hasText: "nf-core-rnaseq" }).count(), 0, "the first card is gone from the page");
  const end = await cardBoxes(page);
  assertGrid(end);
  // The last row: bulk-2998, bulk-2999, bulk-3000 side by side, at the bottom of the list.
  assert.deepEqual(end.slice(-3).map((b) => b.name), ["bulk-2998", "bulk-2999", "bulk-3000"]);
  assert.equal(new Set(end.slice(-3).map((b) => Math.round(b.top))).size, 1);
  await screenshot(page, "launchpad-many-end.png");

  // Back at the top, the first cards are there again.
  await page.getByTestId("content").evaluate((el) => el.scrollTo(0, 0));
  await expectText(cards.first().locator("h3"), "nf-core-rnaseq", { exact: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("3,000 pipelines: Tab goes through the cards in order, on past the first screen", async () => {
  const { page, errors } = await openWorkspace(browser, server.url, undefined, { manyPipelines: 3000 });
  const cards = page.getByTestId("pipeline-card");
  await eventually(async () => (await cards.count()) > 0, "cards");
  const firstScreen = await cards.count();
  await page.getByLabel("Search").focus();
  /** The focused control: its test id and the place of its card in the list. */
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      const card = el?.closest("[data-testid=pipeline-card]");
      return { testid: el?.getAttribute("data-testid") ?? null, at: Number(card?.getAttribute("aria-posinset") ?? 0) };
    });
  await page.keyboard.press("Tab");
  assert.deepEqual(await focused(), { testid: "edit-pipeline", at: 1 });
  await page.keyboard.press("Tab");
  assert.deepEqual(await focused(), { testid: "delete-pipeline", at: 1 });
  await page.keyboard.press("Tab");
  assert.deepEqual(await focused(), { testid: "launch-pipeline", at: 1 });
  let at = 1;
  // Each own card has Edit, Delete and Launch: 3 stops a card, card after card.
  for (let i = 0; i < 3 * (firstScreen + 6); i++) {
    await page.keyboard.press("Tab");
    const now = await focused();
    assert.ok(now.at === at || now.at === at + 1, `Tab ${i + 4} went from card ${at} to ${JSON.stringify(now)}`);
    at = now.at;
  }
  assert.ok(at > firstScreen + 3, `Tab reached card ${at}, past the ${firstScreen} rendered at first`);
  assert.ok((await cards.count()) < 200);
  // The focused card is on screen (the browser scrolled to it) and Shift+Tab goes back.
  assert.ok(await page.locator(":focus").isVisible());
  const before = (await focused()).at;
  for (let i = 0; i < 6; i++) await page.keyboard.press("Shift+Tab");
  const back = (await focused()).at;
  assert.ok(back < before && back >= before - 3, `Shift+Tab went back from card ${before} to ${back}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("3,000 pipelines: a focused card stays in the page while the list scrolls away, so the focus is not lost", async () => {
  const { page, errors } = await openWorkspace(browser, server.url, undefined, { manyPipelines: 3000 });
  const cards = page.getByTestId("pipeline-card");
  await eventually(async () => (await cards.count()) > 0, "cards");
  const second = cards.nth(1);
  await expectText(second.locator("h3"), "nf-core-sarek", { exact: true });
  await second.getByTestId("delete-pipeline").focus();
  const last = cards.filter({ has: page.locator("h3", { hasText: /^bulk-2999$/ }) });
  await scrollToEndUntil(page, last, "the last own pipeline's card on screen");
  const focus = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return `${el?.closest("[data-testid=pipeline-card]")?.querySelector("h3")?.textContent} ${el?.getAttribute("data-testid")}`;
    });
  assert.equal(await focus(), "nf-core-sarek delete-pipeline");
  assert.ok((await cards.count()) < 200);
  // Tab goes on from there (the browser brings it back on screen), not to the end of the page.
  await page.keyboard.press("Tab");
  assert.equal(await focus(), "nf-core-sarek launch-pipeline");
  await page.keyboard.press("Tab");
  assert.equal(await focus(), "bulk-0001 edit-pipeline");
  assert.ok(await page.locator(":focus").isVisible());
  assert.deepEqual(errors, []);
  await page.close();
});
