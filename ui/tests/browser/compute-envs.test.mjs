// The Compute environments section: name, platform, status and work directory of each, the
// primary one marked first; a work directory the server did not send is said to be unknown.
// Make primary moves the mark at once, with the pending-change badge; Discard puts it back; a
// viewer sees the button disabled with the core's reason.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openWorkspace, expectText, calls, eventually, reasonOf } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("Compute environments lists each with its platform, status and work directory, the primary marked", async () => {
  const { page, errors } = await openWorkspace(browser, server.url);
  await page.getByRole("button", { name: "Compute environments" }).click();
  const cards = page.getByTestId("compute-env");
  await expectText(cards.nth(0), "aws-batch-eu");
  await expectText(cards.nth(0), "Primary");
  await expectText(cards.nth(0).getByTestId("ce-work-dir"), "Work directory: s3://seqera-demo-eu/work");
  await expectText(cards.nth(1), "aws-batch-gpu");
  await expectText(cards.nth(2), "seqeracompute-platform");
  await expectText(cards.nth(2), "CREATING");
  await expectText(cards.nth(2).getByTestId("ce-work-dir"), "Work directory: unknown");
  assert.equal(await cards.count(), 3);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Make primary moves the mark at once with the pending badge, and Discard puts it back", async () => {
  const { page, errors } = await openWorkspace(browser, server.url);
  await page.getByRole("button", { name: "Compute environments" }).click();
  const cards = page.getByTestId("compute-env");
  const card = (name) => cards.filter({ hasText: name });
  await expectText(cards.nth(0), "aws-batch-eu");
  // The primary one has no button; one that is not AVAILABLE says why it cannot be.
  assert.equal(await card("aws-batch-eu").getByTestId("make-primary").count(), 0);
  const creating = card("seqera-compute").getByTestId("make-primary");
  assert.equal(await creating.getAttribute("aria-disabled"), "true");
  await creating.focus();
  assert.equal(
    await reasonOf(page, creating),
    "Only an available compute environment can be made primary (this one is CREATING).",
  );

  await card("aws-batch-gpu").getByTestId("make-primary").click();
  // No confirmation: the mark moves at once, the former primary loses it, the change is pending.
  await expectText(cards.nth(0), "aws-batch-gpu");
  await expectText(card("aws-batch-gpu").getByTestId("primary-badge"), "Primary");
  await expectText(card("aws-batch-gpu").getByTestId("change-badge"), "waiting");
  assert.equal(await card("aws-batch-eu").getByTestId("primary-badge").count(), 0);
  assert.equal(await card("aws-batch-eu").getByTestId("change-badge").count(), 0);
  await expectText(card("aws-batch-eu").getByTestId("make-primary"), "Make primary");
  await expectText(page.getByTestId("make-primary-status"), "aws-batch-gpu is now the primary compute environment");
  assert.deepEqual((await calls(page, "make_primary_compute_env")).map((c) => c.args), [
    { workspaceId: 2, computeEnvId: "ce4" },
  ]);

  // The Changes panel has it; Discard (confirmed) puts the mark back on aws-batch-eu.
  await card("aws-batch-gpu").getByTestId("change-badge").click();
  const panel = page.getByRole("dialog", { name: "Changes not yet on the server" });
  const item = panel.getByTestId("change-item").filter({ hasText: "Make aws-batch-gpu the primary compute environment of analysis" });
  await item.getByRole("button", { name: "Discard" }).click();
  await item.getByRole("button", { name: "Discard" }).click();
  await eventually(async () => (await calls(page, "discard_change")).length === 1, "discarded");
  await page.keyboard.press("Escape");
  await expectText(cards.nth(0), "aws-batch-eu");
  await expectText(card("aws-batch-eu").getByTestId("primary-badge"), "Primary");
  await eventually(async () => (await card("aws-batch-gpu").getByTestId("primary-badge").count()) === 0, "gpu not primary");
  assert.equal(await card("aws-batch-gpu").getByTestId("change-badge").count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a viewer sees Make primary disabled with the reason, and nothing is sent", async () => {
  const { page, errors } = await openWorkspace(browser, server.url, "sandbox · Private · view", { orgRole: "member" });
  await page.getByRole("button", { name: "Compute environments" }).click();
  const cards = page.getByTestId("compute-env");
  await expectText(cards.nth(0), "sandbox-k8s");
  const button = cards.filter({ hasText: "sandbox-batch" }).getByTestId("make-primary");
  assert.equal(await button.getAttribute("aria-disabled"), "true");
  await button.focus();
  assert.equal(
    await reasonOf(page, button),
    "Making a compute environment primary needs the owner or admin role in the workspace (your role: view).",
  );
  await button.click({ force: true });
  assert.equal((await calls(page, "make_primary_compute_env")).length, 0);
  await expectText(cards.nth(0), "sandbox-k8s");
  assert.deepEqual(errors, []);
  await page.close();
});
