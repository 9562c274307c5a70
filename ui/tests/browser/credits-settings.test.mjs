// Settings → Credits: the rates, the credits spent in the workspace, and the organization's
// balance from the credits entered here (the API has none); bad input changes nothing.
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

async function openSettings() {
  const opened = await openWorkspace(browser, server.url);
  const { page } = opened;
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByTestId("credits-card").waitFor();
  return opened;
}

test("Settings shows Credits first: the rates and the credits spent in this workspace", async () => {
  const { page, errors } = await openSettings();
  const first = await page.locator("[data-testid='settings'] .cards > section").first().getAttribute("data-testid");
  assert.equal(first, "credits-card", "Credits comes first, as on the Platform");
  const rates = page.getByTestId("credits-rates");
  await expectText(rates, "0.1 credits per CPU-hour");
  await expectText(rates, "0.025 credits per GiB-hour of memory");
  await expectText(rates, "0.025 credits per GB-month of storage");
  await expectText(page.getByTestId("spent-month"), "14.20 credits");
  await expectText(page.getByTestId("spent-all"), "18.40 credits");
  const call = (await calls(page, "workspace_credits")).at(-1).args;
  assert.equal(call.workspaceId, 2);
  assert.equal(typeof call.timeZone, "string", "the window's time zone is sent");
  await expectText(page.getByTestId("credits-balance-unknown"), "The Platform's API does not give the organization's balance.");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the credits the organization bought, entered here, give the balance left; bad input changes nothing", async () => {
  const { page, errors } = await openSettings();
  await page.getByTestId("enter-credits").click();
  const field = page.getByLabel("Credits the organization bought");
  await field.fill("lots");
  await page.getByTestId("credits-card").getByRole("button", { name: "Save" }).click();
  await expectText(page.getByTestId("credits-card").getByRole("alert"), "Enter the credits the organization bought: a number, 0 or more.");
  assert.equal((await calls(page, "set_org_credits")).length, 0, "nothing was saved");

  await field.fill("100");
  await page.getByTestId("credits-card").getByRole("button", { name: "Save" }).click();
  await eventually(async () => (await page.getByTestId("credits-balance").count()) === 1, "the balance");
  const sent = (await calls(page, "set_org_credits")).at(-1).args;
  assert.deepEqual({ accountId: sent.accountId, orgId: sent.orgId, credits: sent.credits }, { accountId: 1, orgId: 101, credits: 100 });
  await expectText(page.getByTestId("balance-bought"), "100.00 credits");
  await expectText(page.getByTestId("balance-left"), "81.60 credits");

  await page.getByRole("button", { name: "Forget" }).click();
  await page.getByTestId("credits-balance-unknown").waitFor();
  assert.equal((await calls(page, "clear_org_credits")).length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Contact us to upgrade asks the app to open Seqera's contact page (the window opens nothing itself)", async () => {
  const { page, errors } = await openSettings();
  await page.getByTestId("contact-us").click();
  await eventually(async () => (await calls(page, "open_link")).length === 1, "one open_link");
  assert.deepEqual((await calls(page, "open_link"))[0].args, { link: "contactUs" });
  assert.deepEqual(errors, []);
  await page.close();
});
