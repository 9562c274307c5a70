// axe-core (the accessibility engine) on every screen and dialog, light and dark: no serious or
// critical violation. Each failure names the rule, how many elements break it and the first one.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { serveDist, startBrowser, openApp, openWorkspace } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The serious and critical violations on the page as it is now, one line each. */
async function violations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const res = await /** @type {any} */ (window).axe.run(document, { resultTypes: ["violations"] });
    return res.violations
      .filter((/** @type {any} */ v) => v.impact === "serious" || v.impact === "critical")
      .map((/** @type {any} */ v) => `${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(" ")}: ${v.nodes[0].failureSummary}`);
  });
}

const menu = (page, action) => page.evaluate((a) => /** @type {any} */ (window).__fake.menu(a), action);

for (const scheme of /** @type {const} */ (["light", "dark"])) {
  test(`every section and dialog of a workspace passes axe in ${scheme}`, async () => {
    const { page, errors } = await openWorkspace(browser, server.url);
    await page.emulateMedia({ colorScheme: scheme });
    const found = {};
    for (const section of ["Launchpad", "Runs", "Actions", "Compute environments", "Credentials", "Participants", "Settings", "Credits"]) {
      await page.getByRole("button", { name: section, exact: true }).first().click();
      await page.locator("main h1").first().waitFor();
      found[section] = await violations(page);
    }
    await page.getByRole("button", { name: "Launchpad", exact: true }).first().click();
    await page.getByTestId("launch-pipeline").first().click();
    await page.getByRole("dialog").waitFor();
    found["Launch dialog"] = await violations(page);
    await page.keyboard.press("Escape");
    await menu(page, "search");
    await page.getByRole("dialog").waitFor();
    found["Search"] = await violations(page);
    await page.keyboard.press("Escape");
    await menu(page, "keyboardShortcuts");
    await page.getByRole("dialog").waitFor();
    found["Keyboard shortcuts"] = await violations(page);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Workspaces" }).click();
    // The organization page's tabs (seqera-demo lists all three).
    for (const tab of ["Members", "Teams", "Collaborators"]) {
      await page.getByRole("tab", { name: tab, exact: true }).click();
      await page.getByRole("tabpanel").getByTestId("people-table").waitFor();
      found[`Organization ${tab}`] = await violations(page);
    }
    await page.getByRole("tab", { name: "Workspaces", exact: true }).click();
    await page.getByRole("button", { name: "Add Workspace" }).click();
    await page.getByRole("dialog").waitFor();
    found["Add Workspace"] = await violations(page);
    await page.keyboard.press("Escape");
    const failing = Object.entries(found).filter(([, v]) => v.length > 0);
    assert.deepEqual(failing, [], JSON.stringify(failing, null, 2));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`the welcome screen and the add-account form pass axe in ${scheme}`, async () => {
    const { page } = await openApp(browser, server.url, { accounts: "none" }, { colorScheme: scheme });
    await page.getByRole("button", { name: "Add an account" }).waitFor();
    assert.deepEqual(await violations(page), []);
    await page.getByRole("button", { name: "Add an account" }).click();
    await page.getByLabel("Server URL").waitFor();
    assert.deepEqual(await violations(page), []);
    await page.close();
  });
}
