// The credits dashboard in the real app against an emulator this spec starts with a frozen clock:
// a workspace's total is what the server's runs cost (their `cost`, else the estimate at the
// credit rates), and it grows while a run is running, once the emulator's clock moves on. Run by
// tests/e2e/run (E2E_EMULATOR, E2E_APP_IN); the app gets a data directory of this spec's own.
import { describe, before, after, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { waitFor } from "../lib/webdriver.mjs";
import { addAccount, freshDataDir, pickWorkspace, screenshot, startApp } from "../lib/app.mjs";
import { Emulator, TOKEN, freePort } from "../lib/emulator.mjs";

const GIB = 1024 ** 3;

/**
 * What one listed run costs, as the credits report counts it (the CLI's test says the same in
 * Rust): its `cost`, else CPU-hours × 0.1 plus billed memory GiB-hours × 0.025 (requested memory,
 * else peak with a 2 GiB floor, per requested CPU).
 */
function serverSpend(item) {
  const load = item?.progress?.workflowProgress ?? {};
  if (typeof load.cost === "number") return load.cost;
  if (typeof load.cpuTime !== "number") return 0;
  const cpu = load.cpuTime / 3_600_000;
  let mem = 0;
  if (load.cpus > 0 && load.memoryReq > 0) mem = (cpu * load.memoryReq) / GIB / load.cpus;
  else if (load.cpus > 0) mem = (cpu * Math.max(load.peakMemory ?? 0, 2 * GIB)) / GIB / load.cpus;
  return cpu * 0.1 + mem * 0.025;
}

/** The sum of what the server's runs of a workspace cost, read page by page. */
async function serverTotal(emulator, workspaceId) {
  let items = [];
  for (;;) {
    const page = await emulator.get(`/workflow?workspaceId=${workspaceId}&max=100&offset=${items.length}&includeTotalSize=true`);
    items = items.concat(page.workflows);
    if (page.workflows.length === 0 || items.length >= page.totalSize) break;
  }
  return { total: items.reduce((s, i) => s + serverSpend(i), 0), runs: items.length, running: items.filter((i) => i.workflow.status === "RUNNING").length };
}

/** A figure as the dashboard shows it ("1,234.56 credits") as a number; 0 when it is not shown. */
async function figure(session, testid) {
  const [el] = await session.findAll(`//*[@data-testid='${testid}']`);
  if (!el) return 0;
  const m = (await session.text(el)).replace(/,/g, "").match(/-?\d+(\.\d+)?/);
  return m ? Number(m[0]) : 0;
}

/** The dashboard's whole spend: credits, cloud cost and what is not known yet, never summed on screen. */
async function shownTotal(session) {
  return (await figure(session, "credits-total")) + (await figure(session, "cloud-total")) + (await figure(session, "unknown-total"));
}

describe("the credits dashboard against an emulator", () => {
  let emulator;
  let session;
  let production;

  before(async () => {
    const dataDir = freshDataDir("credits");
    emulator = new Emulator({ port: await freePort(), stateFile: join(dataDir, "emulator-state.json"), frozenClock: "2026-11-20T12:00:00Z" });
    await emulator.start();
    const orgs = await emulator.get("/orgs");
    const org = orgs.organizations.find((o) => o.name === "genomics-core");
    const wss = await emulator.get(`/orgs/${org.orgId}/workspaces`);
    production = wss.workspaces.find((w) => w.name === "production").id;
    session = await startApp(dataDir);
    await addAccount(session, emulator.url, TOKEN);
  });

  after(async () => {
    if (session) await session.delete().catch((err) => console.error(`closing the session: ${err.message}`));
    await emulator?.stop();
  });

  test("a workspace's total is the sum of its runs' costs on the server, and grows while a run runs", async () => {
    await pickWorkspace(session, "genomics-core", "production");
    await session.click(await session.waitForDisplayed("//nav//button[normalize-space(.)='Credits']", { what: "Credits in the sidebar" }));
    await session.waitForDisplayed("//*[@data-testid='credits-totals']", { timeoutMs: 60_000, what: "the dashboard's totals" });
    await session.click(await session.waitForDisplayed("//select[@data-testid='credits-range']/option[@value='all-time']", { what: "All time" }));
    const scopeLine = await session.text(await session.waitForDisplayed("//*[@data-testid='credits-scope-line']", { what: "the scope line" }));
    assert.match(scopeLine, /Spend in workspace genomics-core \/ production/);

    const before = await serverTotal(emulator, production);
    assert.ok(before.runs > 100 && before.running > 0, `the demo's production has a history and running runs: ${JSON.stringify(before)}`);
    // Three figures on screen, each rounded to the cent.
    const shown = await waitFor(
      async () => {
        const t = await shownTotal(session);
        return Math.abs(t - before.total) <= 0.03 ? t : null;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `the dashboard's total to be the server's ${before.total.toFixed(2)}` },
    );
    console.log(`dashboard ${shown.toFixed(2)} = server ${before.total.toFixed(2)} over ${before.runs} runs`);
    await screenshot(session, "credits-dashboard.png");

    // Half an hour later on the server: its running runs have cost more, and the dashboard, which
    // follows the workspace's running runs while it is shown, says so without a sync.
    await emulator.advance(30 * 60);
    const later = await serverTotal(emulator, production);
    assert.ok(later.total > before.total, `the server's runs cost more: ${before.total} → ${later.total}`);
    const grown = await waitFor(
      async () => {
        const t = await shownTotal(session);
        return Math.abs(t - later.total) <= 0.03 ? t : null;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: `the dashboard's total to grow to the server's ${later.total.toFixed(2)}` },
    );
    assert.ok(grown > shown, `${shown} → ${grown}`);
    console.log(`after 30 min: dashboard ${grown.toFixed(2)} = server ${later.total.toFixed(2)}`);

    // A run list does not say where runs ran: "Look up where they ran" reads each run once, and
    // their spend moves into credits (Seqera Compute) and cloud cost, the whole unchanged.
    await session.click(await session.waitForDisplayed("//button[@data-testid='locate-runs']", { what: "Look up where they ran" }));
    await session.waitForDisplayed("//*[@data-testid='located']", { timeoutMs: 90_000, what: "how many runs were read" });
    await waitFor(async () => ((await session.findAll("//*[@data-testid='unknown-total']")).length === 0 ? true : null), {
      timeoutMs: 30_000,
      intervalMs: 500,
      what: "no spend left whose compute environment is unknown",
    });
    const credits = await figure(session, "credits-total");
    const cloud = await figure(session, "cloud-total");
    assert.ok(credits > 0 && cloud > 0, `credits ${credits} and cloud cost ${cloud} both known`);
    assert.ok(Math.abs(credits + cloud - later.total) <= 0.03, `${credits} + ${cloud} = ${later.total}`);
    console.log(`where they ran: ${credits.toFixed(2)} credits + ${cloud.toFixed(2)} USD cloud cost`);
    await screenshot(session, "credits-dashboard-located.png");
  });
});
