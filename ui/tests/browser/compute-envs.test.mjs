// The Compute environments section: name, platform, status and work directory of each, the
// primary one marked first; a work directory the server did not send is said to be unknown.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openWorkspace, expectText } from "./harness.mjs";

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
  await expectText(cards.nth(1), "seqeracompute-platform");
  await expectText(cards.nth(1), "CREATING");
  await expectText(cards.nth(1).getByTestId("ce-work-dir"), "Work directory: unknown");
  assert.equal(await cards.count(), 2);
  assert.deepEqual(errors, []);
  await page.close();
});
