// First start: the welcome screen, the demo, adding an account, and a database that cannot open.
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

test("welcome → Open the demo shows progress, then the shell with the demo's workspaces", async () => {
  const { page, errors } = await openApp(browser, server.url, { accounts: "none", demoSyncSteps: 4 });
  await page.getByRole("heading", { name: "Welcome to Towerdesk" }).waitFor();
  await page.getByRole("button", { name: "Open the demo" }).waitFor();
  await page.getByRole("button", { name: "Add an account" }).waitFor();

  await page.getByRole("button", { name: "Open the demo" }).click();
  assert.equal((await calls(page, "open_demo")).length, 1);

  // While the first sync runs the status bar says so, with what and how far.
  await expectText(page.getByTestId("status-connection"), "Syncing");
  await expectText(page.getByTestId("status-progress"), "workspaces,");

  await expectText(page.getByTestId("content"), "Syncing Demo…");
  // The sync runs to its end; the window learns of it from the core's events.
  await page.evaluate(() => /** @type {any} */ (window).__fake.finishSync());

  // When it ends, the first workspace (the personal one) opens, and the pickers hold the demo's
  // organizations and workspaces.
  await expectText(page.getByTestId("status-connection"), "Online", { timeout: 8000 });
  await page.getByTestId("launchpad").waitFor();
  assert.equal(
    await page.getByLabel("Workspace", { exact: true }).locator("option:checked").innerText(),
    "demo-user · Private · owner",
  );
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  const options = await eventually(async () => {
    const o = await page.getByLabel("Workspace", { exact: true }).locator("option").allTextContents();
    return o.length >= 4 ? o : null;
  }, "workspace options");
  assert.deepEqual(
    options.map((t) => t.trim()),
    ["Organization page", "analysis · Private · owner", "shared-pipelines · Shared · admin", "sandbox · Private · view"],
  );
  await page.getByTestId("org-page").getByRole("cell", { name: "Analysis Team" }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("Add an account shows the server's error and keeps what was typed", async () => {
  const { page } = await openApp(browser, server.url, {
    accounts: "none",
    addAccountError: "The server refused the token (401 Unauthorized). Check it in Settings → Your tokens.",
  });
  await page.getByRole("button", { name: "Add an account" }).click();
  const url = page.getByLabel("Server URL");
  assert.equal(await url.inputValue(), "https://api.cloud.seqera.io");
  await url.fill("https://tower.example.org/api");
  await page.getByLabel("Access token").fill("not-a-real-token");
  assert.equal(await page.getByLabel("Access token").getAttribute("type"), "password");
  await page.getByLabel("Access token").press("Enter");

  await expectText(page.getByRole("alert"), "The server refused the token (401 Unauthorized).");
  const sent = await calls(page, "add_account");
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].args, { serverUrl: "https://tower.example.org/api", token: "not-a-real-token" });
  assert.equal(await url.inputValue(), "https://tower.example.org/api");
  assert.equal(await page.getByLabel("Access token").inputValue(), "not-a-real-token");
  await page.getByTestId("welcome").waitFor();
  await page.close();
});

test("a database written by a newer Towerdesk shows only the error and what to do", async () => {
  const message =
    "The database /home/u/.local/share/towerdesk/towerdesk.db was written by a newer Towerdesk (schema 7; this version knows 3).";
  const { page } = await openApp(browser, server.url, { storeError: { kind: "store_too_new", message } });
  await page.getByRole("heading", { name: "Towerdesk cannot open its database" }).waitFor();
  await expectText(page.getByTestId("store-error-message"), message, { exact: true });
  await expectText(page.getByTestId("store-error"), "Install the newer version of Towerdesk");
  // Nothing else: no pickers, no welcome, no status bar.
  assert.equal(await page.getByTestId("welcome").count(), 0);
  assert.equal(await page.getByLabel("Account", { exact: true }).count(), 0);
  assert.equal(await page.getByTestId("status-bar").count(), 0);
  await page.close();
});

test("the account picker opens Add an account over the shell; Esc closes it", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo" });
  const picker = page.getByLabel("Account", { exact: true });
  await expectText(picker.locator("option").first(), "Demo · demo-user");
  await picker.selectOption({ label: "Add an account…" });
  const dialog = page.getByRole("dialog", { name: "Add an account" });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("Server URL").inputValue(), "https://api.cloud.seqera.io");
  // The picker still shows the current account, not the action.
  assert.equal(await picker.inputValue(), "1");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal((await calls(page, "add_account")).length, 0);
  await page.close();
});
