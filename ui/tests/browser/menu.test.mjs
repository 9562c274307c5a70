// The native menu's actions and their shortcuts do what the window's own buttons do: sections,
// Search, Sync Now (once, however many times it is asked while one runs), Add Workspace, Add
// Account, and Help → Keyboard Shortcuts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openApp, calls, eventually, expectText, openWorkspace } from "./harness.mjs";

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

const menu = (page, action) => page.evaluate((a) => /** @type {any} */ (window).__fake.menu(a), action);
const current = (page) => page.locator("nav [aria-current='page']").innerText();

test("View's sections from the menu and from Ctrl+1…7, the workspace's sections in the sidebar's order", async () => {
  const { page, errors } = await openAnalysis();
  await menu(page, "runs");
  await page.getByTestId("runs").waitFor();
  assert.equal(await current(page), "Runs");
  await menu(page, "credentials");
  await page.getByTestId("credentials").waitFor();
  await menu(page, "actions");
  await page.getByTestId("actions").waitFor();
  const sidebar = (await page.locator("nav.sidebar ul").nth(1).locator("button").allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(sidebar, ["Launchpad", "Runs", "Actions", "Compute environments", "Credentials", "Participants", "Settings"]);
  for (const [n, name] of sidebar.entries()) {
    await page.keyboard.press(`Control+${n + 1}`);
    await expectText(page.locator("nav [aria-current='page']"), name);
  }
  await page.keyboard.press("Control+3");
  await page.getByTestId("actions").waitFor();
  await page.keyboard.press("Control+4");
  await page.getByTestId("compute-envs").waitFor();
  await page.keyboard.press("Control+8");
  assert.equal(await current(page), "Compute environments", "no eighth number");
  await menu(page, "credits");
  await page.getByTestId("credits").waitFor();
  await page.keyboard.press("Control+1");
  await page.getByTestId("launchpad").waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("Participants and Settings are not opened in a user workspace, as the sidebar does not offer them", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo" });
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "User workspace" });
  await page.getByTestId("launchpad").waitFor();
  await page.keyboard.press("Control+6");
  await page.keyboard.press("Control+2");
  await page.getByTestId("runs").waitFor();
  await menu(page, "settings");
  assert.equal(await current(page), "Runs", "still Runs: a user workspace has no Settings here");
  await page.close();
});

test("Ctrl+R heard twice at once (the menu's accelerator and the window) syncs once; Search and Add Account open their dialogs", async () => {
  const { page, errors } = await openAnalysis();
  const before = (await calls(page, "sync_account")).length;
  await page.evaluate(() => {
    window.dispatchEvent(new KeyboardEvent("keydown", { key: "r", ctrlKey: true, bubbles: true }));
    /** @type {any} */ (window).__fake.menu("syncNow");
  });
  await eventually(async () => (await calls(page, "sync_account")).length > before, "a sync");
  assert.equal((await calls(page, "sync_account")).length, before + 1, "one sync for two asks");

  await menu(page, "search");
  await page.getByLabel("Search everything").waitFor();
  await page.keyboard.press("Escape");
  await menu(page, "addAccount");
  await page.getByTestId("add-account-form").waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("File → Add Workspace opens the organization's Add Workspace form", async () => {
  const { page } = await openAnalysis();
  await menu(page, "addWorkspace");
  await expectText(page.locator("dialog"), "Add Workspace");
  await page.getByLabel("Name", { exact: true }).waitFor();
  await page.close();
});

test("Help → Keyboard Shortcuts (F1) lists every shortcut", async () => {
  const { page } = await openAnalysis();
  await page.keyboard.press("F1");
  const table = page.getByTestId("shortcuts");
  await expectText(table, "Ctrl+K");
  const rows = (await table.locator("tbody tr").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
  for (const row of ["Ctrl+K Search everything", "Ctrl+R Sync now", "Ctrl+1 Launchpad", "Ctrl+3 Actions", "Ctrl+7 Settings", "Esc Close a dialog"])
    assert.ok(rows.includes(row), `${row} in ${JSON.stringify(rows)}`);
  await page.getByTestId("shortcuts-dialog").locator(".actions button").click();
  await eventually(async () => (await page.getByTestId("shortcuts-dialog").count()) === 0, "the list closes");
  await page.close();
});

test("View → Theme: Dark and Light override the system, System follows it again; the choice is kept in prefs.json", async () => {
  const { page, errors } = await openApp(browser, server.url, { accounts: "demo" }, { colorScheme: "light" });
  const shown = () => page.evaluate(() => [document.documentElement.dataset.theme, getComputedStyle(document.body).backgroundColor]);
  await eventually(async () => (await shown())[0] === "light", "the system's light palette at first");
  await menu(page, "themeDark");
  await eventually(async () => JSON.stringify(await shown()) === JSON.stringify(["dark", "rgb(20, 22, 26)"]), "dark");
  const sets = (await calls(page, "plugin:store|set")).map((c) => c.args);
  assert.ok(sets.some((a) => a.key === "theme" && a.value === "dark"), JSON.stringify(sets));
  await menu(page, "themeSystem");
  await eventually(async () => (await shown())[0] === "light", "the system's again");
  await page.emulateMedia({ colorScheme: "dark" });
  await eventually(async () => (await shown())[0] === "dark", "System follows the OS as it changes");
  await menu(page, "themeLight");
  await eventually(async () => JSON.stringify(await shown()) === JSON.stringify(["light", "rgb(246, 247, 249)"]), "light on a dark OS");
  assert.deepEqual(errors, []);
  await page.close();
});
