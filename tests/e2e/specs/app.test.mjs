// The real app, built as it ships, on an empty store: the welcome screen, then the built-in demo.
// Run by tests/e2e/run, which provides a WebDriver endpoint (tauri-driver), the app and an output dir.
//
// Optional: E2E_DEMO_WORKSPACE / E2E_DEMO_ORG name a workspace / organization of the demo scenario
// that must be visible once the demo has synced.
import { describe, before, after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Session, waitFor, xpathLiteral } from "../lib/webdriver.mjs";
import { APP, DRIVER, screenshot, visibleText } from "../lib/app.mjs";

describe("Towerdesk on an empty store", () => {
  let session;

  before(async () => {
    session = await Session.start(DRIVER, APP, { timeoutMs: 90_000 });
  });

  after(async () => {
    if (session) await session.delete().catch((err) => console.error(`closing the session: ${err.message}`));
  });

  test("opens on the welcome screen offering the demo and adding an account", async () => {
    await visibleText(session, "Open the demo", 60_000);
    await visibleText(session, "Add an account");
    const body = await session.bodyText();
    assert.match(body, /Open the demo/);
    assert.match(body, /Add an account/);
    await screenshot(session, "welcome.png");
  });

  test("Open the demo syncs a demo organization and shows its workspace", async () => {
    const button = await session.waitForDisplayed(
      `//button[contains(normalize-space(.), ${xpathLiteral("Open the demo")})]`,
      { what: 'button "Open the demo"' },
    );
    await session.click(button);

    // The effect, not the click's reply: the shell with its sections replaces the welcome screen.
    await visibleText(session, "Launchpad", 60_000);

    // The status bar says the demo account is online or when it last synced ("Not synced yet" is not enough).
    const status = await waitFor(
      async () => {
        for (const el of await session.findAll("//*[@data-testid='status-bar']")) {
          if (!(await session.isDisplayed(el))) continue;
          const text = await session.text(el);
          if (/\bOnline\b/.test(text) || /(?<!\b(?:not|never) )\bsynced\b/i.test(text)) return text;
        }
        return null;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the status bar to say "Online" or "synced …"' },
    );
    console.log(`status bar: ${status.replace(/\s+/g, " ").trim()}`);

    // A workspace is selected and its name is on screen.
    const workspace = await waitFor(
      async () => {
        for (const opt of await session.findAll("//select[@data-testid='pick-workspace']/option")) {
          if (await session.read("GET", `/element/${opt}/selected`)) {
            const name = (await session.text(opt)).trim();
            if (name) return name;
          }
        }
        return null;
      },
      { timeoutMs: 30_000, what: "a selected workspace in the workspace picker" },
    );
    console.log(`workspace: ${workspace}`);
    for (const expected of [process.env.E2E_DEMO_ORG, process.env.E2E_DEMO_WORKSPACE].filter(Boolean)) {
      await visibleText(session, expected);
    }

    await screenshot(session, "demo.png");
  });

  test("a workspace added in the window reaches the server once; shared pipelines show only with the filter", async () => {
    // Organization picker → genomics-core (the demo's organization the user owns): its Workspaces tab.
    const org = await session.waitForDisplayed("//select[@data-testid='pick-org']/option[normalize-space(.)='genomics-core']", {
      what: "the genomics-core organization in the picker",
    });
    await session.click(org);
    await visibleText(session, "shared-pipelines");
    await visibleText(session, "Add Workspace");

    const add = await session.waitForDisplayed(`//button[normalize-space(.)='Add Workspace']`, { what: "Add Workspace" });
    await session.click(add);
    const name = await session.waitForDisplayed("//dialog//label[normalize-space(.)='Name']/following::input[1]", { what: "the Name field" });
    await session.type(name, "e2e-added");
    const full = await session.waitForDisplayed("//dialog//label[normalize-space(.)='Full name']/following::input[1]", { what: "the Full name field" });
    await session.type(full, "Added by the e2e test");
    await session.click(await session.waitForDisplayed("//dialog//button[normalize-space(.)='Add']", { what: "the Add button" }));

    // Shown at once, then sent: the status bar settles on "no changes waiting".
    await visibleText(session, "Added by the e2e test");
    await waitFor(
      async () => {
        const [bar] = await session.findAll("//*[@data-testid='status-bar']");
        return bar && /no changes waiting/.test(await session.text(bar)) ? true : null;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'the status bar to say "no changes waiting"' },
    );
    // What the server received: the demo server keeps its state in the data directory.
    const stateFile = join(process.env.TOWERDESK_DATA_DIR, "demo-platform.json");
    const state = readFileSync(stateFile, "utf8");
    assert.equal(state.split('"e2e-added"').length - 1, 1, `one workspace named e2e-added in ${stateFile}`);

    // A workspace of the organization: its own pipelines, then with the shared ones.
    const ws = await session.waitForDisplayed("//select[@data-testid='pick-workspace']/option[starts-with(normalize-space(.), 'production')]", {
      what: "the production workspace in the picker",
    });
    await session.click(ws);
    await visibleText(session, "Pipelines from:");
    await visibleText(session, "rnaseq-prod");
    // The source of a shared pipeline is shown cut short by CSS; its full ref is the element's title.
    const sharedRefs = "//*[@data-testid='shared-badge']//*[@title='genomics-core/shared-pipelines']";
    assert.equal((await session.findAll("//*[@data-testid='shared-badge']")).length, 0, "no shared pipeline under This workspace");
    const shared = await session.waitForDisplayed("//option[normalize-space(.)='This and shared workspaces']", {
      what: "This and shared workspaces",
    });
    await session.click(shared);
    try {
      // Present, not "displayed": WebKitWebDriver calls text clipped by an ellipsis not displayed.
      // The screenshot below is the check that it shows.
      await waitFor(async () => ((await session.findAll(sharedRefs)).length >= 2 ? true : null), {
        timeoutMs: 30_000,
        what: "pipelines shared from genomics-core/shared-pipelines",
      });
    } catch (err) {
      await screenshot(session, "launchpad-shared-failed.png").catch(() => undefined);
      throw err;
    }
    assert.match(await session.bodyText(), /nf-core-sarek/);
    await screenshot(session, "launchpad-shared.png");
  });

  test("Ctrl+K, the name of a pipeline in another organization, Enter: its workspace's Launchpad shows it", async () => {
    // fusion-calling lives in tumor-atlas/analysis; the window is on genomics-core/production.
    await session.cmd("POST", "/actions", {
      actions: [
        {
          type: "key",
          id: "keyboard",
          actions: [
            { type: "keyDown", value: "\uE009" },
            { type: "keyDown", value: "k" },
            { type: "keyUp", value: "k" },
            { type: "keyUp", value: "\uE009" },
          ],
        },
      ],
    });
    await session.cmd("DELETE", "/actions").catch(() => undefined);
    const box = await session.waitForDisplayed("//input[@id='search-everything']", { what: "the search box Ctrl+K opens" });
    await session.type(box, "fusion-calling");
    await session.waitForDisplayed("//li[@data-testid='search-result'][contains(normalize-space(.), 'fusion-calling')]", {
      what: "fusion-calling among the results",
    });
    await screenshot(session, "search.png");
    await session.type(box, "\uE007");

    const chosen = async (picker) => {
      for (const opt of await session.findAll(`//select[@data-testid='${picker}']/option`)) {
        if (await session.read("GET", `/element/${opt}/selected`)) return (await session.text(opt)).trim();
      }
      return null;
    };
    await waitFor(async () => ((await chosen("pick-org")) === "tumor-atlas" ? true : null), {
      what: "tumor-atlas chosen in the organization picker",
    });
    assert.match((await chosen("pick-workspace")) ?? "", /^analysis\b/);
    await session.waitForDisplayed("//*[@data-testid='pipeline-card']//h3[normalize-space(.)='fusion-calling']", {
      what: "the fusion-calling card in analysis's Launchpad",
    });
    await screenshot(session, "search-opened.png");
  });

  test("Settings shows the Credits section first, with the rates and the workspace's spend", async () => {
    // tumor-atlas/analysis, where the previous test left the window.
    await session.click(await session.waitForDisplayed("//nav//button[normalize-space(.)='Settings']", { what: "Settings in the sidebar" }));
    const card = await session.waitForDisplayed("//section[@data-testid='credits-card']", { timeoutMs: 60_000, what: "the Credits section" });
    const text = (await session.text(card)).replace(/\s+/g, " ");
    for (const words of ["0.1 credits per CPU-hour", "0.025 credits per GiB-hour of memory", "0.025 credits per GB-month of storage", "Credits spent in this workspace"])
      assert.ok(text.includes(words), `"${words}" in the Credits section: ${text}`);
    const spentAll = await session.waitForDisplayed("//*[@data-testid='spent-all']", { what: "the all-time spend" });
    assert.match(await session.text(spentAll), /^[\d,]+\.\d\d credits/);
    await screenshot(session, "settings-credits.png");
  });
});
