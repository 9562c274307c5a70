// Settings → Studios: the collaboration mode and the container repository are edited with the
// lifespan's Save, shown at once with the pending badge, and sent as one command with every
// field the server said; a refused value shows inline and what was typed stays; a field the
// server did not say shows as unknown, not as a default.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, openApp, calls, eventually, expectText } from "./harness.mjs";

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
  const opened = await openApp(browser, server.url, { accounts: "demo" });
  const { page } = opened;
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: "analysis · Private · owner" });
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByTestId("studios-card").waitFor();
  return opened;
}

test("the collaboration mode and container repository are saved and shown as waiting", async () => {
  const { page, errors } = await openSettings();
  const card = page.getByTestId("studios-card");
  await expectText(card.getByTestId("studios-collaboration"), "Collaborative", { exact: true });
  await expectText(card.getByTestId("studios-repository"), "Not set (the Platform's default)", { exact: true });
  await expectText(card.getByTestId("studios-strategy"), "tagPrefix", { exact: true });
  assert.ok(await card.getByLabel("Collaborative").isChecked());
  assert.equal(await card.getByLabel("Container naming strategy").inputValue(), "tagPrefix");
  assert.equal(await card.getByTestId("change-badge").count(), 0, "nothing pending yet");

  // A bad repository is refused inline; what was typed stays, nothing is queued.
  await card.getByLabel("Private").check();
  const repo = card.getByLabel("Container repository");
  await repo.fill("https://cr.example.org/studios");
  await card.getByRole("button", { name: "Save" }).click();
  await expectText(
    card.getByTestId("studios-error"),
    "Enter the container repository without a scheme, such as cr.seqera.io/my-org/studios.",
  );
  assert.equal(await repo.getAttribute("aria-invalid"), "true");
  assert.equal(await repo.inputValue(), "https://cr.example.org/studios");
  assert.ok(await card.getByLabel("Private").isChecked(), "the mode stays as chosen");
  assert.equal(await card.getByTestId("change-badge").count(), 0);
  const summaries = () => page.evaluate(() => /** @type {any} */ (window).__fake.changeSummaries());
  assert.deepEqual(await summaries(), [], "nothing queued");

  await repo.fill("cr.example.org/analysis/studios");
  await card.getByRole("button", { name: "Save" }).click();
  await eventually(async () => (await calls(page, "update_studios_settings")).length === 2, "sent again");
  assert.deepEqual((await calls(page, "update_studios_settings"))[1].args, {
    workspaceId: 2,
    input: {
      lifespanHours: 8,
      privateStudioByDefault: true,
      containerRepository: "cr.example.org/analysis/studios",
      nameStrategy: "tagPrefix",
    },
  });
  await expectText(card.getByTestId("studios-collaboration"), "Private", { exact: true });
  await expectText(card.getByTestId("studios-repository"), "cr.example.org/analysis/studios", { exact: true });
  await expectText(card.getByTestId("studios-lifespan"), "8 hours", { exact: true });
  await expectText(card.getByTestId("change-badge"), "waiting");
  assert.equal(await card.getByTestId("studios-error").count(), 0);
  assert.deepEqual(await summaries(), [
    "Set Studios settings of analysis: collaboration mode to Private, container repository to cr.example.org/analysis/studios",
  ]);
  assert.equal(await repo.inputValue(), "cr.example.org/analysis/studios");
  assert.ok(await card.getByLabel("Private").isChecked());
  assert.deepEqual(errors, []);
  await page.close();
});
