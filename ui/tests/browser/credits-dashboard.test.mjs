// The credits dashboard: credits (Seqera Compute) and cloud cost (USD) apart, a scope named in the
// user's terms, breakdowns as charts and sortable tables, budgets with the core's forecast and its
// warning, and the export of the table shown. Bad input changes nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openWorkspace, calls, eventually, expectText } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openCredits() {
  const opened = await openWorkspace(browser, server.url);
  await opened.page.getByRole("button", { name: "Credits" }).click();
  await opened.page.getByTestId("credits-totals").waitFor();
  return opened;
}

test("opens on the open workspace: credits and cloud cost told apart, the scope and the last sync said", async () => {
  const { page, errors } = await openCredits();
  await expectText(page.getByTestId("credits-total"), "18.40 credits");
  await expectText(page.getByTestId("credits-total-estimated"), "1.20 of it estimated");
  await expectText(page.getByTestId("cloud-total"), "7.24 USD");
  await expectText(page.getByTestId("credits-scope-line"), "Spend in workspace seqera-demo / analysis");
  await expectText(page.getByTestId("credits-scope-line"), "as of the last sync");
  const report = (await calls(page, "credits_report")).at(-1).args;
  assert.deepEqual(report.scope, { workspace: 2, accountId: null, orgId: null });
  assert.match(report.from, /^\d{4}-\d\d-01$/, "This month starts on the 1st");
  assert.equal(typeof report.timeZone, "string");
  const overTime = (await calls(page, "credits_report")).find((c) => c.args.by === "day");
  assert.ok(overTime, "the chart over time asks for days");
  await expectText(page.getByTestId("credit-rates"), "0.1 credits per CPU-hour");
  assert.deepEqual(errors, []);
  await page.close();
});

test("everything, by pipeline: the table sorts by a column, both ways", async () => {
  const { page, errors } = await openCredits();
  await page.getByTestId("credits-scope").selectOption("all");
  await page.getByTestId("by-pipeline").click();
  await eventually(async () => (await calls(page, "credits_report")).some((c) => c.args.by === "pipeline" && c.args.scope.workspace === null), "a report by pipeline of everything");
  const keys = async () => page.getByTestId("credits-row").locator("td.key").allTextContents();
  await eventually(async () => (await keys()).length === 2, "two pipelines");
  assert.deepEqual(await keys(), ["nf-core/rnaseq", "nf-core/sarek"], "highest spend first, as the core ordered them");
  // The column's heading is a button (its name gains ▲ or ▼ once sorted).
  const creditsColumn = page.getByTestId("credits-table").getByRole("button", { name: /^Credits/ });
  await creditsColumn.click();
  await eventually(async () => (await keys())[0] === "nf-core/rnaseq", "most credits first");
  assert.equal(await page.locator("th[aria-sort='descending']").count(), 1);
  await creditsColumn.click();
  await eventually(async () => (await keys())[0] === "nf-core/sarek", "fewest credits first");
  assert.equal(await page.locator("th[aria-sort='ascending']").count(), 1);
  // The chart's table (for screen readers) names each pipeline whole.
  const table = (await page.getByTestId("chart-breakdown-table").textContent()) ?? "";
  assert.ok(table.includes("nf-core/rnaseq") && table.includes("nf-core/sarek"), table);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a budget the forecast crosses shows its warning; bad input changes nothing; removing asks first", async () => {
  const { page, errors } = await openCredits();
  await expectText(page.getByTestId("no-budget"), "No budget for workspace seqera-demo / analysis yet.");
  const form = page.getByTestId("budget-form");
  await form.getByLabel("Monthly budget").fill("lots");
  await form.getByRole("button", { name: "Set budget" }).click();
  await expectText(form.getByRole("alert"), "Enter the monthly budget: a number, 0 or more.");
  assert.equal((await calls(page, "set_budget")).length, 0, "nothing was saved");

  await form.getByLabel("Monthly budget").fill("10");
  await form.getByRole("button", { name: "Set budget" }).click();
  const budget = page.getByTestId("budget");
  await budget.waitFor();
  const set = (await calls(page, "set_budget")).at(-1).args;
  assert.deepEqual([set.scope.workspace, set.unit, set.monthlyAmount], [2, "credits", 10]);
  // The fake's core: 14.20 credits in 29 of 30 days → 14.69 by the month's end.
  await expectText(budget.getByTestId("budget-spent"), "14.20 credits");
  await expectText(budget.getByTestId("budget-forecast"), "14.69 credits");
  await expectText(
    budget.getByTestId("budget-warning"),
    "At this pace the month ends at 14.69 credits, over the budget of 10.00 credits: it is reached on 2026-11-29.",
  );

  await budget.getByRole("button", { name: /Remove the budget/ }).click();
  await expectText(budget, "Remove this budget?");
  await budget.getByRole("button", { name: "Keep" }).click();
  assert.equal((await calls(page, "remove_budget")).length, 0, "kept");
  await budget.getByRole("button", { name: /Remove the budget/ }).click();
  await budget.getByRole("button", { name: "Remove", exact: true }).click();
  await page.getByTestId("no-budget").waitFor();
  assert.equal((await calls(page, "remove_budget")).length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Export CSV exports the table shown (its breakdown and dates) through the app's save dialog", async () => {
  const { page, errors } = await openCredits();
  await page.getByTestId("credits-range").selectOption("all-time");
  await page.getByTestId("by-user").click();
  await page.getByTestId("export-csv").click();
  await expectText(page.getByTestId("exported"), "Saved /home/demo/credits-by-user-start-to-now.csv");
  const e = (await calls(page, "export_credits_csv")).at(-1).args;
  assert.deepEqual([e.by, e.from, e.to, e.scope.workspace], ["user", null, null, 2]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("spend whose compute environment is not known yet is said apart, and looked up on request", async () => {
  const { page, errors } = await openCredits();
  await expectText(page.getByTestId("unknown-total"), "2.50");
  await page.getByTestId("locate-runs").click();
  await expectText(page.getByTestId("located"), "Read 3 runs from the server.");
  const call = (await calls(page, "locate_runs")).at(-1).args;
  assert.deepEqual([call.scope.workspace, call.limit], [2, 200]);
  // The report is read again (the core said credits changed): nothing is unknown any more.
  await eventually(async () => (await page.getByTestId("unknown-total").count()) === 0, "the unknown figure gone");
  assert.deepEqual(errors, []);
  await page.close();
});
