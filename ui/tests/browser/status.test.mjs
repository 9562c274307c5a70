// The status bar tells the truth, and opens the list of changes with Retry and Discard.
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

const barText = async (page) => (await page.getByTestId("status-bar").innerText()).replace(/\s+/g, " ").trim();

test("pending changes and a conflict: Online · synced 2 min ago · 3 changes waiting · 1 conflict", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo", pending: 3, conflicts: 1, lastSyncMinutesAgo: 2 });
  await expectText(page.getByTestId("status-bar"), "Online · synced 2 min ago · 3 changes waiting · 1 conflict");
  const synced = page.getByTestId("status-synced");
  const title = await synced.getAttribute("title");
  assert.match(title ?? "", /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(UTC[+-]\d{2}:\d{2}\)$/);
  await page.close();
});

test("an expired token is said plainly, with what to do", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo", connection: "token_expired", pending: 1 });
  await expectText(page.getByTestId("status-connection"), "Token expired", { exact: true });
  const text = await barText(page);
  assert.ok(text.startsWith("Token expired · synced 2 min ago · 1 change waiting"), text);
  assert.ok(text.includes("Add the account again with a new token"), text);
  await page.close();
});

test("offline with rejected changes", async () => {
  const { page } = await openApp(browser, server.url, {
    accounts: "demo",
    connection: "offline",
    rejected: 2,
    lastError: "Could not reach http://127.0.0.1:8990",
  });
  await expectText(page.getByTestId("status-bar"), "Offline · synced 2 min ago · no changes waiting · 2 rejected");
  await expectText(page.getByTestId("status-bar"), "Could not reach http://127.0.0.1:8990");
  await page.close();
});

test("clicking the status bar lists the changes; Retry retries, Discard asks first", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo", pending: 1, conflicts: 1, rejected: 1 });
  await page.getByTestId("status-bar").click();
  const panel = page.getByRole("dialog", { name: "Changes not yet on the server" });
  await panel.waitFor();
  const items = panel.getByTestId("change-item");
  await eventually(async () => (await items.count()) === 3, "three changes");
  await expectText(items.nth(1), "conflict");
  await expectText(items.nth(1), "The workspace was also changed on the server.");
  // A conflict is resolved in the user's words: keep mine or take theirs.
  assert.equal(await items.nth(1).getByRole("button", { name: "Keep mine" }).count(), 1);
  await items.nth(1).getByRole("button", { name: "Take theirs" }).click();
  await expectText(items.nth(1), "Take the server's version? Your change will be lost.");
  await items.nth(1).getByRole("button", { name: "Keep it" }).click();
  assert.equal((await calls(page, "discard_change")).length, 0);
  await expectText(items.nth(2), "403 Forbidden: you are not allowed to create workspaces.");

  await items.nth(2).getByRole("button", { name: "Retry" }).click();
  await eventually(async () => (await calls(page, "retry_change")).length === 1, "retry sent");
  assert.deepEqual((await calls(page, "retry_change"))[0].args, { changeId: 3 });
  await expectText(items.nth(2), "waiting");

  await items.nth(0).getByRole("button", { name: "Discard" }).click();
  await expectText(items.nth(0), "Discard this change? It will be lost");
  assert.equal((await calls(page, "discard_change")).length, 0);
  await items.nth(0).getByRole("button", { name: "Keep it" }).click();
  assert.equal((await calls(page, "discard_change")).length, 0);

  await items.nth(0).getByRole("button", { name: "Discard" }).click();
  await items.nth(0).getByRole("button", { name: "Discard" }).click();
  await eventually(async () => (await items.count()) === 2, "one discarded");
  assert.deepEqual((await calls(page, "discard_change")).map((c) => c.args), [{ changeId: 1 }]);

  await page.keyboard.press("Escape");
  await panel.waitFor({ state: "detached" });
  await expectText(page.getByTestId("status-bar"), "Online · synced 2 min ago · 1 change waiting · 1 conflict");
  await page.close();
});

test("Edit in the changes panel opens the workspace form and changes what will be sent", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo", pending: 1, conflicts: 1 });
  await page.getByTestId("status-bar").click();
  const panel = page.getByRole("dialog", { name: "Changes not yet on the server" });
  await panel.waitFor();
  const items = panel.getByTestId("change-item");
  await eventually(async () => (await items.count()) === 2, "two changes");
  // A conflict is resolved first (Keep mine / Take theirs): no Edit there.
  assert.equal(await items.nth(1).getByRole("button", { name: "Edit" }).count(), 0);
  await items.nth(0).getByRole("button", { name: "Edit" }).click();
  const form = page.getByRole("dialog", { name: "Edit queued change" });
  await form.waitFor();
  assert.equal(await form.getByLabel("Name", { exact: true }).inputValue(), "sandbox");
  await form.getByLabel("Description").fill("Edited before it was sent");
  await form.getByRole("button", { name: "Save" }).click();
  await form.waitFor({ state: "detached" });
  const sent = await calls(page, "edit_change");
  assert.equal(sent.length, 1);
  assert.equal(sent[0].args.changeId, 1);
  assert.equal(sent[0].args.input.name, "sandbox");
  assert.equal(sent[0].args.input.description, "Edited before it was sent");
  assert.equal((await calls(page, "update_workspace")).length, 0, "no second change is queued");
  await expectText(items.nth(0), "Edit workspace sandbox");
  await page.close();
});
