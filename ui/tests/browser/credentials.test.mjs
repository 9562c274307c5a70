// The Credentials section: the workspace's credentials with their provider and last use, or an
// empty state that says where to add them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openWorkspace, calls, expectText } from "./harness.mjs";

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
  const opened = await openWorkspace(browser, server.url, workspace);
  const { page } = opened;
  await page.getByRole("button", { name: "Credentials" }).click();
  await page.getByTestId("credentials").waitFor();
  return opened;
}

test("Credentials lists name, provider and last use; never a secret", async () => {
  const { page, errors } = await open("analysis · Private · owner");
  const rows = page.getByTestId("credential-row");
  await expectText(rows.nth(0), "aws-analysis");
  const text = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
  assert.deepEqual(text, ["aws-analysis aws yesterday", "github-token github never"]);
  assert.equal((await calls(page, "list_credentials")).at(-1).args.workspaceId, 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a workspace without credentials says where to add them", async () => {
  const { page } = await open("shared-pipelines · Shared · admin");
  await expectText(page.getByTestId("credentials"), "No credentials");
  await expectText(page.getByTestId("credentials"), "Add them in the Platform (Credentials → Add Credentials), then sync with ⟳.");
  await page.close();
});
