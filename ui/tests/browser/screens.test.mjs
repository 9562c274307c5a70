// Screenshots of the main screens, light and dark, saved to ui/test-results/ for a person to look
// at; the assertions check each screen rendered its content in the right colour scheme.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openApp, eventually, expectText, screenshot } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const BG = { light: "rgb(246, 247, 249)", dark: "rgb(20, 22, 26)" };

for (const scheme of /** @type {const} */ (["light", "dark"])) {
  test(`main screens render in ${scheme}`, async () => {
    const { page, errors } = await openApp(
      browser,
      server.url,
      { accounts: "demo", pending: 2, conflicts: 1 },
      { colorScheme: scheme },
    );
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), BG[scheme]);

    await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
    await page.getByTestId("workspace-table").waitFor();
    await screenshot(page, `org-page-${scheme}.png`);

    await page.getByLabel("Workspace", { exact: true }).selectOption({ label: "analysis · Private · owner" });
    await page.getByLabel("Pipelines from:").selectOption("this_and_shared");
    await eventually(async () => (await page.getByTestId("pipeline-card").count()) === 3, "three pipelines");
    await screenshot(page, `main-launchpad-${scheme}.png`);

    await page.getByRole("button", { name: "Runs" }).click();
    await eventually(async () => (await page.getByTestId("run-row").count()) === 5, "five runs");
    await expectText(page.getByTestId("runs-table"), "estimate");
    await screenshot(page, `runs-${scheme}.png`);

    await page.getByRole("button", { name: "Credits" }).click();
    await page.getByTestId("credits-scope").selectOption("all");
    await expectText(page.getByTestId("credits-total"), "18.40 credits");
    await expectText(page.getByTestId("cloud-total"), "14.74 USD");
    await expectText(page.getByTestId("credit-rates"), "0.1 credits per CPU-hour");
    await expectText(page.getByTestId("credit-rates"), "0.025 credits per GiB-hour");
    await expectText(page.getByTestId("credit-rates"), "0.025 credits per GB-month");
    // The chart's names are never cut: the table beside it (for screen readers) has them whole.
    await eventually(async () => ((await page.getByTestId("chart-breakdown-table").textContent()) ?? "").includes("shared-pipelines"), "both workspaces");
    const table = (await page.getByTestId("chart-breakdown-table").textContent()) ?? "";
    assert.ok(table.includes("seqera-demo/analysis") && table.includes("seqera-demo/shared-pipelines"), table);
    await screenshot(page, `credits-${scheme}.png`);

    await page.getByRole("button", { name: "Settings" }).click();
    await expectText(page.getByTestId("studios-lifespan"), "8 hours");
    await screenshot(page, `settings-${scheme}.png`);

    await page.getByRole("button", { name: "Workspaces" }).click();
    await page.getByRole("button", { name: "Add Workspace" }).click();
    await page.getByRole("dialog").getByLabel("Name", { exact: true }).fill("Bad name!");
    await expectText(page.getByRole("dialog").getByTestId("error-name"), "Name must be 2 to 39 letters or digits");
    await screenshot(page, `add-workspace-${scheme}.png`);
    await page.keyboard.press("Escape");

    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("welcome screen", async () => {
  for (const scheme of /** @type {const} */ (["light", "dark"])) {
    const { page } = await openApp(browser, server.url, { accounts: "none" }, { colorScheme: scheme });
    await page.getByRole("button", { name: "Add an account" }).click();
    await page.getByLabel("Server URL").waitFor();
    await screenshot(page, `welcome-${scheme}.png`);
    await page.close();
  }
});
