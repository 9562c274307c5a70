// Runs: the list fits at 1280×800 with long names truncated (full text on hover), live cost
// marked estimate, rows open the run's page (mouse and keyboard), the search in the Platform's
// syntax, Cancel with its confirmation and its refusals, and a run's page offline.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openApp, calls, eventually, expectText, reasonOf } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openRuns(workspace = "analysis · Private · owner", scenario = { accounts: "demo" }) {
  const opened = await openApp(browser, server.url, scenario);
  const { page } = opened;
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: workspace });
  await page.getByRole("button", { name: "Runs" }).click();
  await page.getByTestId("runs-table").waitFor();
  return opened;
}

const rowNames = (page) => page.getByTestId("run-open").allInnerTexts();

test("the list fits at 1280×800: one line per cell, long text truncated with the full text on hover", async () => {
  const { page, errors } = await openRuns();
  await eventually(async () => (await page.getByTestId("run-row").count()) === 5, "five runs");
  const heads = await page.locator("[data-testid=runs-table] th").allInnerTexts();
  assert.deepEqual(
    heads.map((h) => h.trim().toLowerCase()),
    ["status", "run name", "pipeline", "user", "submitted", "duration", "cost (credits)"],
  );
  for (const text of ["nf-core/atacseq", "demo-user"]) {
    const cell = page.locator("[data-testid=runs-table] .cell", { hasText: text }).first();
    const { height, lineHeight, title } = await cell.evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.5,
      title: el.getAttribute("title"),
    }));
    assert.ok(height < lineHeight * 1.5, `${text} is on one line (${height}px, line ${lineHeight}px)`);
    assert.equal(title, text, "the full text on hover");
  }
  // The table does not overflow the window sideways.
  const { tableWidth, viewport } = await page.evaluate(() => ({
    tableWidth: document.querySelector("[data-testid=runs-table]").getBoundingClientRect().right,
    viewport: window.innerWidth,
  }));
  assert.ok(tableWidth <= viewport, `${tableWidth} <= ${viewport}`);
  // A running run shows its cost so far, marked estimate; a finished one the server's cost.
  const running = page.getByTestId("run-row").filter({ hasText: "amazing_turing" });
  await expectText(running.getByTestId("run-cost"), "0.42 estimate");
  const done = page.getByTestId("run-row").filter({ hasText: "sleepy_curie" });
  await expectText(done.getByTestId("run-cost"), "18.42", { exact: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a row opens the run's page with the mouse and with the keyboard", async () => {
  const { page, errors } = await openRuns();
  await page.getByTestId("run-row").filter({ hasText: "amazing_turing" }).locator("td").first().click();
  await expectText(page.getByTestId("run-title"), "amazing_turing", { exact: true });
  // Opening reads the run from the server: the tiles, processes, work directory and parameters.
  await eventually(async () => (await calls(page, "refresh_run")).length >= 1, "the run read");
  await expectText(page.getByTestId("tile-succeeded").locator(".n"), "2");
  await expectText(page.getByTestId("tile-running").locator(".n"), "2");
  await expectText(page.getByTestId("tile-pending").locator(".n"), "6");
  assert.deepEqual(
    (await page.getByTestId("run-tiles").locator(".l").allTextContents()).map((t) => t.trim()),
    ["Pending", "Submitted", "Running", "Cached", "Succeeded", "Failed", "Aborted"],
  );
  assert.equal(await page.getByTestId("process-row").count(), 2);
  await expectText(page.getByTestId("run-work-dir"), "s3://demo-bucket/work/wf1abc");
  await expectText(page.getByTestId("run-params"), '"input": "samplesheet.csv"');
  await expectText(page.getByTestId("run-page-cost"), "estimate so far");
  await expectText(page.getByTestId("run-read-at"), "Read from the server");

  await page.getByTestId("run-back").click();
  await page.getByTestId("runs-table").waitFor();
  await page.getByTestId("run-open").nth(1).focus();
  await page.keyboard.press("Enter");
  await expectText(page.getByTestId("run-title"), "sleepy_curie", { exact: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test("search in the Platform's syntax: keywords, free text, what is not applied, and a refusal that keeps the text", async () => {
  const { page, errors } = await openRuns();
  await eventually(async () => (await page.getByTestId("run-row").count()) === 5, "five runs");
  const box = page.getByLabel("Search runs");

  await box.fill("status:running");
  await eventually(async () => JSON.stringify(await rowNames(page)) === JSON.stringify(["amazing_turing"]), "only the running run");
  assert.equal((await calls(page, "list_runs")).at(-1).args.search, "status:running");

  await box.fill("label:prod");
  await eventually(async () => JSON.stringify(await rowNames(page)) === JSON.stringify(["amazing_turing"]), "the labelled run");

  await box.fill("sarek");
  await eventually(async () => JSON.stringify(await rowNames(page)) === JSON.stringify(["sleepy_curie", "bold_franklin"]), "free text");

  await box.fill("is:starred");
  await expectText(page.getByTestId("runs-not-applied"), "is:starred");
  await eventually(async () => (await page.getByTestId("run-row").count()) === 5, "nothing filtered by it");

  await box.fill("status:done");
  await expectText(page.getByTestId("runs-error"), "Unknown status 'done': use submitted, running, succeeded, failed, cancelled or unknown.");
  assert.equal(await box.inputValue(), "status:done", "what was typed stays");
  assert.equal(await page.getByTestId("run-row").count(), 5, "the list shown stays");

  await box.fill("nothing-like-this");
  await page.getByTestId("runs-none-match").waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("Cancel asks first; the run ends cancelled and Cancel then says why not", async () => {
  const { page, errors } = await openRuns();
  await page.getByTestId("run-open").filter({ hasText: "amazing_turing" }).click();
  await expectText(page.getByTestId("run-status"), "running");
  await page.getByTestId("run-cancel").click();
  const dialog = page.getByTestId("cancel-run-dialog");
  await expectText(dialog, "Cancel the run amazing_turing?");
  await dialog.getByRole("button", { name: "Keep running" }).click();
  await dialog.waitFor({ state: "hidden" });
  assert.equal((await calls(page, "cancel_run")).length, 0, "nothing sent without the confirmation");

  await page.getByTestId("run-cancel").click();
  await page.getByTestId("cancel-run-submit").click();
  await expectText(page.getByTestId("run-status"), "cancelled");
  assert.deepEqual((await calls(page, "cancel_run")).map((c) => c.args), [{ runId: 1 }]);
  const cancel = page.getByTestId("run-cancel");
  assert.equal(await cancel.getAttribute("aria-disabled"), "true");
  await cancel.focus();
  assert.equal(await reasonOf(page, cancel), "Only a submitted or running run can be cancelled (this one is cancelled).");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a viewer's Cancel is disabled with the core's reason", async () => {
  const { page, errors } = await openRuns("sandbox · Private · view");
  await page.getByTestId("run-open").filter({ hasText: "eager_pasteur" }).click();
  const cancel = page.getByTestId("run-cancel");
  await cancel.waitFor();
  assert.equal(await cancel.getAttribute("aria-disabled"), "true");
  await cancel.focus();
  assert.equal(
    await reasonOf(page, cancel),
    "Cancelling runs needs the owner, admin, maintain or launch role in the workspace (your role: view).",
  );
  await cancel.click({ force: true });
  assert.equal(await page.getByTestId("cancel-run-dialog").count(), 0, "a disabled Cancel opens nothing");
  assert.deepEqual(errors, []);
  await page.close();
});

test("offline, a run's page opens with what the sync brought and says it could not be read", async () => {
  const { page, errors } = await openRuns("analysis · Private · owner", { accounts: "demo", connection: "offline" });
  await page.getByTestId("run-open").filter({ hasText: "sleepy_curie" }).click();
  await expectText(page.getByTestId("run-read-at"), "Offline: this run's page has not been read yet");
  await expectText(page.getByTestId("run-title"), "sleepy_curie");
  assert.deepEqual(errors, []);
  await page.close();
});

test("Relaunch opens the launch form filled in from the run, with a fresh run name, and launches that pipeline", async () => {
  const { page, errors } = await openRuns();
  await page.getByTestId("run-open").filter({ hasText: "brave_hopper" }).click();
  await expectText(page.getByTestId("run-status"), "failed");
  const shownParams = (await page.getByTestId("run-params").innerText()).trim();
  assert.match(shownParams, /"input"/);
  await page.getByTestId("run-relaunch").click();
  const dialog = page.getByTestId("launch-dialog");
  await expectText(dialog.getByRole("heading", { name: "Relaunch" }), "Relaunch");
  assert.deepEqual((await calls(page, "relaunch_form")).map((c) => c.args), [{ runId: 3 }]);
  const runName = dialog.getByLabel("Workflow run name");
  assert.equal(await runName.inputValue(), "keen_hopper", "a fresh Workflow run name, not the run's own");
  assert.equal(await dialog.getByLabel("Revision").inputValue(), "3.18.0");
  assert.equal((await dialog.getByLabel("Pipeline parameters (JSON or YAML)").inputValue()).trim(), shownParams, "the run's parameters, as its page shows them");
  assert.equal(await dialog.getByLabel("Pipeline to launch").inputValue(), "https://github.com/nf-core/rnaseq");
  await dialog.getByTestId("launch-submit").click();
  await dialog.getByTestId("launch-done").waitFor();
  const [sent] = (await calls(page, "launch")).map((c) => c.args);
  assert.equal(sent.input.pipelineId, 1, "the run's pipeline is launched");
  assert.equal(sent.input.runName, "keen_hopper");
  assert.equal(sent.input.revision, "3.18.0");
  // The launch reloads the window's lists; the run's page stays open under the dialog.
  await dialog.getByText("Close", { exact: true }).click();
  await dialog.waitFor({ state: "hidden" });
  await expectText(page.getByTestId("run-title"), "brave_hopper");
  assert.deepEqual(errors, []);
  await page.close();
});

test("Relaunch of a run whose pipeline is not in the Launchpad says so; a viewer's Relaunch is disabled with the core's reason", async () => {
  const { page, errors } = await openRuns();
  await page.getByTestId("run-open").filter({ hasText: "quiet_lovelace" }).click();
  await page.getByTestId("run-relaunch").click();
  await expectText(
    page.getByTestId("launch-dialog").getByRole("alert"),
    "quiet_lovelace was launched from nf-core/atacseq, which is not in the Launchpad of analysis: add it there to relaunch.",
  );
  assert.equal((await calls(page, "launch")).length, 0);
  await page.close();

  const viewer = await openRuns("sandbox · Private · view");
  await viewer.page.getByTestId("run-open").filter({ hasText: "eager_pasteur" }).click();
  const relaunch = viewer.page.getByTestId("run-relaunch");
  await relaunch.waitFor();
  assert.equal(await relaunch.getAttribute("aria-disabled"), "true");
  await relaunch.focus();
  assert.equal(
    await reasonOf(viewer.page, relaunch),
    "Launching pipelines needs the owner, admin, maintain or launch role in the workspace (your role: view).",
  );
  assert.deepEqual([...errors, ...viewer.errors], []);
  await viewer.page.close();
});

test("500 runs: only the rows on screen are in the page, lined up under the header, and the last one opens", async () => {
  const { page, errors } = await openRuns(undefined, { accounts: "demo", manyRuns: 500 });
  const rows = page.getByTestId("run-row");
  const table = page.getByTestId("runs-table");
  await eventually(async () => (await rows.count()) > 0, "rows");
  assert.equal(await table.getAttribute("aria-rowcount"), "501", "500 runs and the header");
  assert.equal((await rowNames(page))[0], "amazing_turing");
  const rendered = await rows.count();
  assert.ok(rendered < 60, `${rendered} rows in the page, not 500`);
  assert.equal(await page.locator("[data-testid=runs-table] tbody[role=rowgroup]").count(), 1);
  const last = rows.filter({ hasText: "bulk_run_500" });
  assert.equal(await last.count(), 0, "the last row is not rendered before it is near");

  /** Every rendered row's cells start and end where their header cells do. */
  const assertColumns = async () => {
    const { heads, cells } = await table.evaluate((t) => ({
      heads: [...t.querySelectorAll("th")].map((th) => [th.getBoundingClientRect().left, th.getBoundingClientRect().right]),
      cells: [...t.querySelectorAll("tbody tr")].map((tr) =>
        [...tr.querySelectorAll("td")].map((td) => [td.getBoundingClientRect().left, td.getBoundingClientRect().right]),
      ),
    }));
    assert.equal(heads.length, 7);
    assert.ok(cells.length > 0);
    for (const row of cells) {
      assert.equal(row.length, 7);
      row.forEach(([l, r], i) => assert.ok(Math.abs(l - heads[i][0]) < 1 && Math.abs(r - heads[i][1]) < 1, `column ${i}: ${[l, r]} under ${heads[i]}`));
    }
  };
  await assertColumns();

  const content = page.getByTestId("content");
  await eventually(
    async () => {
      await content.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      return (await last.count()) === 1 && (await last.isVisible());
    },
    "the last run's row",
    15000,
  );
  assert.ok((await rows.count()) < 60, `${await rows.count()} rows in the page at the end`);
  assert.equal(await last.getAttribute("aria-rowindex"), "501");
  await assertColumns();
  // The header stays on screen, at the top of the scrolled area, over the rows.
  const { head, area } = await page.evaluate(() => ({
    head: document.querySelector("[data-testid=runs-table] thead")?.getBoundingClientRect().top,
    area: document.querySelector("[data-testid=content]")?.getBoundingClientRect().top,
  }));
  assert.ok(head !== undefined && area !== undefined && Math.abs(head - area) < 1, `header at ${head}, area at ${area}`);
  assert.ok(await table.locator("th", { hasText: "Run name" }).isVisible());

  // A click on the row (not its name) opens the run.
  await last.locator("td").nth(3).click();
  await expectText(page.getByTestId("run-title"), "bulk_run_500", { exact: true });
  assert.deepEqual(errors, []);
  await page.close();
});
