// Pipelines, launches and runs in the real app against an emulator this spec starts (and stops):
// a draft typed offline survives kill -9 and reaches the server exactly once; a shared pipeline
// launched from a private workspace runs on the shared compute environment; that run's page shows
// it moving without a manual sync. Run by tests/e2e/run (E2E_EMULATOR, E2E_APP_IN); the app gets a data
// directory of this spec's own, so nothing here depends on what other specs did.
import { describe, before, after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { waitFor, xpathLiteral } from "../lib/webdriver.mjs";
import { addAccount, findKey, freshDataDir, killApp, pickWorkspace, screenshot, startApp, visibleText } from "../lib/app.mjs";
import { Emulator, TOKEN, freePort } from "../lib/emulator.mjs";

const button = (text) => `//button[normalize-space(.)=${xpathLiteral(text)}]`;
const dialogField = (label) => `//dialog//label[normalize-space(.)=${xpathLiteral(label)}]/following::*[self::input or self::textarea][1]`;

/** What the emulator has, read from its state file (it saves it after every write). */
function serverState(emulator) {
  return existsSync(emulator.stateFile) ? JSON.parse(readFileSync(emulator.stateFile, "utf8")) : null;
}

/** The value of an input, as the page holds it. */
async function valueOf(session, el) {
  return session.read("GET", `/element/${el}/property/value`);
}

/** Waits for the status bar to say that nothing is waiting to be sent. */
function nothingWaiting(session, timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const [bar] = await session.findAll("//*[@data-testid='status-bar']");
      return bar && /no changes waiting/.test(await session.text(bar)) ? true : null;
    },
    { timeoutMs, intervalMs: 500, what: 'the status bar to say "no changes waiting"' },
  );
}

describe("pipelines, launches and runs against an emulator", () => {
  let emulator;
  let dataDir;
  let session;
  const emulatorLog = [];
  let launched = null;

  before(async () => {
    dataDir = freshDataDir("pipelines");
    emulator = new Emulator({
      port: await freePort(),
      stateFile: join(dataDir, "emulator-state.json"),
      log: (line) => emulatorLog.push(line),
    });
    await emulator.start();
    session = await startApp(dataDir);
    await addAccount(session, emulator.url, TOKEN);
  });

  after(async () => {
    if (session) await session.delete().catch((err) => console.error(`closing the session: ${err.message}`));
    if (emulator) await emulator.stop();
  });

  test("a pipeline drafted with the server down survives kill -9 and is published exactly once", async () => {
    await pickWorkspace(session, "genomics-core", "production");
    await emulator.stop();

    // Offline: Add pipeline, type a name and the Pipeline to launch.
    await session.click(await session.waitForDisplayed("//button[@data-testid='add-pipeline']", { what: "Add pipeline" }));
    await session.type(await session.waitForDisplayed(dialogField("Name"), { what: "the Name field" }), "e2e-offline-draft");
    await session.type(
      await session.waitForDisplayed(dialogField("Pipeline to launch"), { what: "the Pipeline to launch field" }),
      "https://github.com/nf-core/demo",
    );
    // The form says the draft is saved (into the app's database) a moment after typing stops.
    await visibleText(session, "Draft saved");
    await screenshot(session, "pipeline-form-offline.png");
    // Offline, the status bar's long error is cut, and "no changes waiting" stays on one line.
    const heights = await waitFor(
      async () => {
        const h = await session.execute(`
          const bar = document.querySelector("[data-testid='status-bar']");
          const count = document.querySelector("[data-testid='status-count']");
          const label = document.querySelector("[data-testid='status-connection']");
          if (!bar || !count || !label || label.textContent !== "Offline") return null;
          return { count: count.getBoundingClientRect().height, label: label.getBoundingClientRect().height };`);
        return h ?? null;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "the status bar to say Offline" },
    );
    assert.ok(heights.count <= heights.label * 1.2, `the status bar's count is on one line (${JSON.stringify(heights)})`);

    // A crash: no chance to save anything more.
    const killed = killApp(dataDir);
    console.log(`killed the app (pid ${killed.join(", ")})`);
    await session.delete().catch(() => undefined);
    session = await startApp(dataDir);

    // The draft is in the Launchpad's Drafts, and opens with what was typed.
    await pickWorkspace(session, "genomics-core", "production");
    const row = await session.waitForDisplayed("//li[@data-testid='draft-row'][contains(normalize-space(.), 'e2e-offline-draft')]", {
      timeoutMs: 60_000,
      what: "the draft e2e-offline-draft in Drafts",
    });
    assert.match(await session.text(row), /\bdraft\b/);
    await session.click(await session.waitForDisplayed("//li[@data-testid='draft-row'][contains(normalize-space(.), 'e2e-offline-draft')]//button[normalize-space(.)='Open']", { what: "Open" }));
    const name = await session.waitForDisplayed(dialogField("Name"), { what: "the Name field" });
    assert.equal(await valueOf(session, name), "e2e-offline-draft");
    const repo = await session.waitForDisplayed(dialogField("Pipeline to launch"), { what: "the Pipeline to launch field" });
    assert.equal(await valueOf(session, repo), "https://github.com/nf-core/demo");

    // Back online: Add publishes it; the server ends up with exactly one such pipeline.
    await emulator.start();
    await session.click(await session.waitForDisplayed("//dialog//button[@type='submit']", { what: "the Add button" }));
    await nothingWaiting(session, 120_000);
    const pipelines = await waitFor(
      async () => {
        const all = Object.values(findKey(serverState(emulator), "pipelines") ?? {});
        const named = all.filter((p) => p.name === "e2e-offline-draft");
        return named.length > 0 ? named : null;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "the pipeline on the server" },
    );
    assert.equal(pipelines.length, 1, "exactly one pipeline named e2e-offline-draft on the server");
    await visibleText(session, "e2e-offline-draft");
    await screenshot(session, "launchpad-published.png");
  });

  test("a shared pipeline launched from a private workspace runs on its compute environment, sent with sourceWorkspaceId", async () => {
    // production (private) with This and shared workspaces: nf-core-sarek is shared from
    // genomics-core/shared-pipelines with a compute environment of its own, shared-aws-batch.
    await pickWorkspace(session, "genomics-core", "production");
    await session.click(await session.waitForDisplayed("//option[normalize-space(.)='This and shared workspaces']", { what: "This and shared workspaces" }));
    // The Launchpad renders only the cards on screen: find it as a user would, by its name.
    await session.type(await session.waitForDisplayed("//input[@id='pipeline-search']", { what: "the Launchpad's Search" }), "nf-core-sarek");
    const launch = await session.waitForDisplayed(
      "//*[@data-testid='pipeline-card'][.//*[@data-testid='shared-badge']][.//h3[normalize-space(.)='nf-core-sarek']]//button[@data-testid='launch-pipeline']",
      { timeoutMs: 60_000, what: "Launch on the shared nf-core-sarek" },
    );
    await session.click(launch);
    // Before launch, the form says which compute environment the run will use, and why.
    const reason = await session.waitForDisplayed("//*[@data-testid='ce-reason']", { timeoutMs: 60_000, what: "the compute environment's reason" });
    const why = await session.text(reason);
    console.log(`launch form: ${why}`);
    assert.match(why, /shared-aws-batch/);
    const runName = await session.waitForDisplayed("//input[@id='launch-run-name']", { what: "Workflow run name" });
    assert.match(await valueOf(session, runName), /^[a-z]+_[a-z]+/, "a fresh random Workflow run name is filled in");
    await session.cmd("POST", `/element/${runName}/clear`, {});
    await session.type(runName, "e2e_shared_launch");
    await screenshot(session, "launch-form.png");
    await session.click(await session.waitForDisplayed("//button[@data-testid='launch-submit']", { what: "the Launch button" }));
    // Generous: on a loaded machine the launch waits behind the restarted app's first sync's push.
    try {
      const done = await session.waitForDisplayed("//*[@data-testid='launch-done']", { timeoutMs: 150_000, what: "the launch to be done" });
      console.log(`launch: ${await session.text(done)}`);
    } catch (err) {
      const [dialog] = await session.findAll("//dialog");
      console.log(`launch dialog when the wait ended: ${dialog ? (await session.text(dialog)).replace(/\s+/g, " ").slice(-600) : "none"}`);
      await screenshot(session, "launch-not-done.png").catch(() => undefined);
      throw err;
    }

    // What the server has: one run of that name, in production, on the shared compute environment.
    // The emulator refuses a shared pipeline's launch without sourceWorkspaceId (the Platform
    // answers 403 there), so the run's existence also says it was sent.
    const state = await waitFor(
      async () => {
        const st = serverState(emulator);
        return st && JSON.stringify(st.runs ?? []).includes("e2e_shared_launch") ? st : null;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "the run on the server" },
    ).catch((err) => {
      const writes = emulatorLog.join("").split("\n").filter((l) => /\b(POST|PUT|DELETE) /.test(l));
      console.log(`the emulator's last writes:\n${writes.slice(-10).join("\n")}`);
      throw err;
    });
    const runs = state.runs.filter((r) => r.run_name === "e2e_shared_launch");
    assert.equal(runs.length, 1, "exactly one run named e2e_shared_launch");
    const ce = Object.values(state.compute_envs).find((c) => c.name === "shared-aws-batch");
    const prod = Object.values(state.workspaces).find((w) => w.name === "production");
    assert.ok(ce && prod, "the shared compute environment and production are in the server's state");
    assert.equal(runs[0].compute_env_id, ce.id, "the run uses the shared pipeline's compute environment");
    assert.equal(runs[0].workspace_id, prod.id, "the run is in the launching workspace");
    const sarek = Object.values(state.pipelines).find((p) => p.name === "nf-core-sarek" && p.id === runs[0].pipeline_id);
    assert.ok(sarek, "the run is of the shared nf-core-sarek");
    assert.notEqual(sarek.workspace_id, prod.id, "nf-core-sarek lives in another workspace than the run");
    await session.click(await session.waitForDisplayed("//dialog//button[normalize-space(.)='Close']", { what: "Close" }));
    launched = runs[0];
  });

  test("a running run's page shows its progress moving without a manual sync", async () => {
    // The run the previous test launched: a fresh run queues for 15-45 s, then works for 3-12
    // minutes, its tasks finishing one by one (the emulator moves runs by its clock).
    assert.ok(launched, "the previous test launched e2e_shared_launch");
    await session.click(await session.waitForDisplayed("//nav//button[normalize-space(.)='Runs']", { what: "Runs in the sidebar" }));
    // Found, not waited for as displayed: WebKitWebDriver calls a name clipped by an ellipsis not displayed.
    const open = await waitFor(
      async () => (await session.findAll("//button[@data-testid='run-open'][normalize-space(.)='e2e_shared_launch']"))[0] ?? null,
      { timeoutMs: 60_000, intervalMs: 500, what: "e2e_shared_launch in the Runs list" },
    );
    await session.clickInPage(open);
    await session.waitForDisplayed("//*[@data-testid='run-title'][normalize-space(.)='e2e_shared_launch']", { what: "the run's page" });
    console.log(`document.visibilityState under this display: ${await session.execute("return document.visibilityState")}`);

    // What the page shows of the run's progress: status, task tiles, per-process counts, CPU time
    // (all read from the server; the wall time is left out as the page's own clock moves it).
    const progress = async () => {
      const parts = [];
      for (const id of ["run-status", "run-tiles", "run-processes", "run-cpu-time"]) {
        const [el] = await session.findAll(`//*[@data-testid='${id}']`);
        parts.push(el ? (await session.text(el)).replace(/\s+/g, " ") : "");
      }
      return parts.join(" | ");
    };
    // Only a run's page asks for `/workflow/{id}/progress` (a sync reads the runs list).
    const progressReads = () => emulatorLog.join("").split(`/workflow/${launched.id}/progress`).length - 1;
    // The page first shows what was stored, then what its first read of the server brought.
    const first = await waitFor(
      async () => {
        const [readAt] = await session.findAll("//*[@data-testid='run-read-at']");
        const read = readAt && /Read from the server/.test(await session.text(readAt));
        const now = read ? await progress() : "";
        return read && !now.includes("—") ? now : null;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: "the page's first read of the run from the server" },
    );
    console.log(`run page at first: ${first}`);
    await screenshot(session, "run-page.png");

    // Nobody clicks anything: the page reads the run again by itself and shows it moving.
    const moved = await waitFor(
      async () => {
        const now = await progress();
        return now !== first ? now : null;
      },
      { timeoutMs: 240_000, intervalMs: 1_000, what: "the run page to show the run's progress moving" },
    );
    console.log(`run page later: ${moved}`);
    assert.ok(progressReads() >= 2, `the page read the run's own progress endpoint again (${progressReads()} reads)`);
    await screenshot(session, "run-page-moved.png");
  });
});
