// The organization page's tabs, Workspaces, Members, Teams and Collaborators: real tabs (arrow
// keys move between them, Enter or Space selects, one is aria-selected), each a table in the
// Platform's words with a filter; a listing the server refused says so, never "no members"; no
// control promises adding or removing people, which Towerdesk does not do.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openApp, calls, expectText } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openOrgPage(org = "seqera-demo") {
  const opened = await openApp(browser, server.url, { accounts: "demo" });
  const { page } = opened;
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: org });
  await page.getByTestId("org-page").waitFor();
  return opened;
}

const tabNames = async (page) => (await page.getByRole("tab").allInnerTexts()).map((t) => t.trim());
const selected = async (page) => (await page.locator("[role=tab][aria-selected=true]").allInnerTexts()).map((t) => t.trim());
const focusedTab = (page) => page.evaluate(() => document.activeElement?.getAttribute("role") === "tab" ? document.activeElement.textContent?.trim() : null);
const rowTexts = async (page) => (await page.getByTestId("people-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
const heads = async (page) => (await page.getByTestId("people-table").locator("thead th").allTextContents()).map((t) => t.trim());

test("the tabs are the Platform's and are worked by keyboard: arrows move, Enter and Space select", async () => {
  const { page, errors } = await openOrgPage();
  assert.deepEqual(await tabNames(page), ["Workspaces", "Members", "Teams", "Collaborators"]);
  assert.deepEqual(await selected(page), ["Workspaces"]);
  await page.getByTestId("workspace-table").waitFor();

  await page.getByRole("tab", { name: "Workspaces" }).focus();
  await page.keyboard.press("ArrowRight");
  assert.equal(await focusedTab(page), "Members");
  assert.deepEqual(await selected(page), ["Workspaces"], "moving does not select");
  await page.keyboard.press("Enter");
  assert.deepEqual(await selected(page), ["Members"]);
  const panel = page.getByRole("tabpanel");
  assert.equal(await panel.getAttribute("aria-labelledby"), "org-tab-members");
  await panel.getByTestId("people-table").waitFor();

  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await focusedTab(page), "Collaborators", "wraps around");
  await page.keyboard.press("Space");
  assert.deepEqual(await selected(page), ["Collaborators"]);
  await page.keyboard.press("Home");
  assert.equal(await focusedTab(page), "Workspaces");
  await page.keyboard.press("End");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Enter");
  assert.deepEqual(await selected(page), ["Teams"]);
  // Only the selected tab is in the Tab order.
  assert.deepEqual(
    await page.locator("[role=tab]").evaluateAll((ts) => ts.map((t) => t.getAttribute("tabindex"))),
    ["-1", "-1", "0", "-1"],
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test("Members, Teams and Collaborators show the organization's rows; the filter narrows them; nothing offers to add or remove", async () => {
  const { page, errors } = await openOrgPage();
  await page.getByRole("tab", { name: "Members" }).click();
  await expectText(page.getByTestId("people-row").first(), "Alice Nakamura");
  assert.deepEqual(await heads(page), ["Name", "Email", "Role"]);
  assert.deepEqual(await rowTexts(page), [
    "Alice Nakamura alice-nakamura alice-nakamura@seqera-demo.example.org Owner",
    "Ben Okafor ben-okafor ben-okafor@seqera-demo.example.org Member",
    "Demo User demo-user demo-user@seqera-demo.example.org Owner",
    "jfernandez74 jfernandez74@gmail.com Member",
  ]);
  // The count and when the list was read, as words apart: "4 members · listed 3 min ago".
  await expectText(page.getByTestId("people-count"), "4 members · listed 3 min ago", { exact: true });
  await page.getByLabel("Search members").fill("GMAIL");
  assert.deepEqual(await rowTexts(page), ["jfernandez74 jfernandez74@gmail.com Member"]);
  await expectText(page.getByTestId("people-count"), "1 of 4 members");
  await page.getByLabel("Search members").fill("nobody-here");
  await expectText(page.getByTestId("people-none-match"), "No member matches “nobody-here”.");

  await page.getByRole("tab", { name: "Teams" }).click();
  await expectText(page.getByTestId("people-row").first(), "bioinformatics");
  assert.deepEqual(await heads(page), ["Name", "Description", "Members"]);
  assert.deepEqual(await rowTexts(page), ["bioinformatics Pipeline developers 3", "lab-ops — 1"]);
  // A sync that brings a team redraws the tab.
  await page.evaluate(() => /** @type {any} */ (window).__fake.serverTeam(1, "cryo-em"));
  await expectText(page.getByTestId("people-count"), "3 teams");
  assert.deepEqual(await rowTexts(page), ["bioinformatics Pipeline developers 3", "cryo-em — 0", "lab-ops — 1"]);

  await page.getByRole("tab", { name: "Collaborators" }).click();
  await expectText(page.getByTestId("people-row").first(), "Priya Shah");
  assert.deepEqual(await heads(page), ["Name", "Email"]);
  assert.deepEqual(await rowTexts(page), ["Priya Shah priya-shah priya@partner.example.com"]);

  const panelButtons = await page.getByRole("tabpanel").getByRole("button").allInnerTexts();
  assert.deepEqual(panelButtons, [], "no Add or Remove the app would not do");
  assert.deepEqual((await calls(page, "list_org_people")).map((c) => c.args), [{ organizationId: 1 }, { organizationId: 1 }]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a listing the server refused says this account may not list them, not that there are none", async () => {
  const { page, errors } = await openOrgPage("community");
  await page.getByRole("tab", { name: "Members" }).click();
  await expectText(
    page.getByTestId("people-refused"),
    "The server did not let this account list the members of community",
  );
  assert.equal(await page.getByTestId("people-empty").count(), 0, "no empty state: the list is not known");
  assert.equal(await page.getByTestId("people-row").count(), 0);
  assert.doesNotMatch(await page.getByRole("tabpanel").innerText(), /No members/);

  await page.getByRole("tab", { name: "Collaborators" }).click();
  await expectText(page.getByTestId("people-refused"), "list the collaborators of community");

  // Teams were listed and there are none: that is an empty state, with what to do on the Platform.
  await page.getByRole("tab", { name: "Teams" }).click();
  await expectText(page.getByTestId("people-empty"), "No teams");
  await expectText(page.getByTestId("people-empty"), "Teams tab → Add Team");
  assert.equal(await page.getByTestId("people-refused").count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
