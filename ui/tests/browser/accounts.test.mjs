// Removing an account asks first, says what would be lost, and leaves the server alone.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openApp, calls, expectText } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("Remove this account asks first, warns about unsent changes, and Cancel keeps everything", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo", pending: 2 });
  await page.getByTestId("pick-account").selectOption({ label: "Remove this account…" });
  const dialog = page.getByTestId("remove-account-dialog");
  await expectText(dialog, "Nothing changes on the server.");
  await expectText(page.getByTestId("remove-account-unsent"), "2 changes made here have not reached the server and will be lost.");
  await page.keyboard.press("Escape");
  assert.equal(await dialog.count(), 0);
  assert.equal((await calls(page, "remove_account")).length, 0);
  await page.getByTestId("status-bar").waitFor();
  await page.close();
});

test("confirming removes the account and, with none left, shows the welcome screen", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo" });
  await page.getByTestId("pick-account").selectOption({ label: "Remove this account…" });
  assert.equal(await page.getByTestId("remove-account-unsent").count(), 0);
  await page.getByTestId("remove-account-submit").click();
  await expectText(page.locator("body"), "Open the demo");
  const sent = await calls(page, "remove_account");
  assert.equal(sent.length, 1);
  assert.equal(typeof sent[0].args.accountId, "number");
  await page.close();
});
