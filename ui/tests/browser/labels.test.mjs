// Settings: labels (Add label checked as you type, Edit, Delete with a confirmation naming the
// label) and the Studios session lifespan (Save), each shown at once as waiting; roles disable
// what they may not use, with the reason.
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

async function openSettings(workspaceLabel = "analysis · Private · owner", scenario = {}) {
  const opened = await openApp(browser, server.url, { accounts: "demo", ...scenario });
  const { page } = opened;
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: workspaceLabel });
  await page.getByRole("button", { name: "Settings" }).click();
  await page.getByTestId("settings").waitFor();
  return opened;
}

async function labelRows(page) {
  return (await page.getByTestId("label-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
}

test("Add label refuses a bad name as you type, then adds a resource label shown as waiting", async () => {
  const { page, errors } = await openSettings();
  await eventually(async () => (await labelRows(page)).length === 2, "the two labels");
  await page.getByRole("button", { name: "Add label" }).click();
  const dialog = page.getByRole("dialog", { name: "Add label" });
  await dialog.waitFor();
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    await dialog.getByLabel("Name", { exact: true }).getAttribute("id"),
    "focus starts on Name",
  );
  await dialog.getByLabel("Name", { exact: true }).fill("-bad");
  await expectText(dialog.getByTestId("error-name"), "Name must be 2 to 39 characters long.");
  assert.ok(await dialog.getByRole("button", { name: "Add", exact: true }).isDisabled());
  // An existing label's name is taken.
  await dialog.getByLabel("Name", { exact: true }).fill("Production");
  await expectText(dialog.getByTestId("error-name"), "A label named 'Production' already exists in this workspace.");

  await dialog.getByLabel("Resource label").check();
  await dialog.getByLabel("Name", { exact: true }).fill("env");
  await dialog.getByLabel("Value", { exact: true }).fill("prod");
  await dialog.getByLabel("Use as default in compute environment form").check();
  const add = dialog.getByRole("button", { name: "Add", exact: true });
  await eventually(async () => !(await add.isDisabled()), "Add enabled");
  await dialog.getByLabel("Value", { exact: true }).press("Enter");
  await eventually(async () => (await page.getByRole("dialog").count()) === 0, "the dialog closed");

  const created = await calls(page, "create_label");
  assert.equal(created.length, 1);
  assert.deepEqual(created[0].args, {
    workspaceId: 2,
    input: { name: "env", value: "prod", resource: true, isDefault: true },
  });
  const row = page.getByTestId("label-row").filter({ hasText: "env=prod" });
  await expectText(row, "resource label · default in the compute environment form");
  await expectText(row.getByTestId("change-badge"), "waiting");
  // The badge opens the Changes panel, which lists the queued change in words.
  await row.getByTestId("change-badge").click();
  await expectText(page.getByTestId("changes-panel"), "Add label env=prod to analysis");
  assert.deepEqual(errors, []);
  await page.close();
});

test("Edit label sends the new value for the label's local id", async () => {
  const { page } = await openSettings();
  const row = page.getByTestId("label-row").filter({ hasText: "team=analysis" });
  await row.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit label" });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("Name", { exact: true }).inputValue(), "team");
  assert.equal(await dialog.getByLabel("Value", { exact: true }).inputValue(), "analysis");
  assert.ok(await dialog.getByLabel("Use as default in compute environment form").isChecked());
  assert.equal(await dialog.getByLabel("Resource label").count(), 0, "the type cannot change");
  await dialog.getByLabel("Value", { exact: true }).fill("genomics");
  await dialog.getByLabel("Use as default in compute environment form").uncheck();
  const update = dialog.getByRole("button", { name: "Update" });
  await eventually(async () => !(await update.isDisabled()), "Update enabled");
  await update.click();
  await eventually(async () => (await calls(page, "update_label")).length === 1, "update_label sent");
  assert.deepEqual((await calls(page, "update_label"))[0].args, {
    labelId: 2,
    input: { name: "team", value: "genomics", resource: true, isDefault: false },
  });
  await expectText(page.getByTestId("label-row").filter({ hasText: "team=genomics" }).getByTestId("change-badge"), "waiting");
  await page.close();
});

test("Delete asks first, naming the label and what deleting it does on the Platform", async () => {
  const { page } = await openSettings();
  const row = page.getByTestId("label-row").filter({ hasText: "production" });
  await row.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete label" });
  await dialog.waitFor();
  await expectText(
    dialog.getByTestId("delete-label-text"),
    "Delete the label production from analysis? On the Platform this also removes it from every pipeline, action and run that uses it. This cannot be undone.",
  );
  // Focus starts on Cancel, and Esc closes without sending anything.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "Cancel");
  await page.keyboard.press("Escape");
  await eventually(async () => (await page.getByRole("dialog").count()) === 0, "closed");
  assert.equal((await calls(page, "delete_label")).length, 0);
  assert.equal((await labelRows(page)).length, 2);

  await row.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete label" }).getByRole("button", { name: "Delete label" }).click();
  await eventually(async () => (await calls(page, "delete_label")).length === 1, "delete_label sent");
  assert.deepEqual((await calls(page, "delete_label"))[0].args, { labelId: 1 });
  await eventually(async () => (await labelRows(page)).length === 1, "the label is gone from the list");
  await page.close();
});

test("the Studios session lifespan is saved, checked first, and shown as waiting", async () => {
  const { page } = await openSettings();
  await expectText(page.getByTestId("studios-lifespan"), "8 hours", { exact: true });
  const hours = page.getByLabel("Session lifespan in hours");
  assert.equal(await hours.inputValue(), "8");
  await hours.fill("200");
  await page.getByRole("button", { name: "Save" }).click();
  await expectText(page.getByTestId("lifespan-error"), "The session lifespan must be between 1 and 120 hours.");
  assert.equal(await hours.getAttribute("aria-invalid"), "true");
  assert.equal((await calls(page, "update_studios_settings")).length, 0);

  await hours.fill("24");
  await hours.press("Enter");
  await eventually(async () => (await calls(page, "update_studios_settings")).length === 1, "sent");
  assert.deepEqual((await calls(page, "update_studios_settings"))[0].args, {
    workspaceId: 2,
    input: { lifespanHours: 24, privateStudioByDefault: false, containerRepository: "", nameStrategy: "tagPrefix" },
  });
  await expectText(page.getByTestId("studios-lifespan"), "24 hours", { exact: true });
  await expectText(page.getByTestId("studios-card").getByTestId("change-badge"), "waiting");

  await page.getByLabel("Always keep the session running").check();
  await page.getByRole("button", { name: "Save" }).click();
  await eventually(async () => (await calls(page, "update_studios_settings")).length === 2, "sent again");
  assert.equal((await calls(page, "update_studios_settings"))[1].args.input.lifespanHours, 0, "the API's no limit");
  await expectText(page.getByTestId("studios-lifespan"), "Always keep the session running", { exact: true });
  await page.close();
});

test("a viewer sees label and lifespan controls disabled, with the reason", async () => {
  const { page } = await openSettings("sandbox · Private · view", { orgRole: "member" });
  const add = page.getByRole("button", { name: "Add label" });
  assert.equal(await add.getAttribute("aria-disabled"), "true");
  await add.click({ force: true });
  await page.waitForTimeout(200);
  assert.equal(await page.getByRole("dialog").count(), 0);
  await add.focus();
  assert.equal(
    await eventually(() => reasonOf(page, add), "the reason on focus"),
    "Adding, editing and deleting labels needs the owner, admin or maintain role in the workspace (your role: view).",
  );
  const save = page.getByRole("button", { name: "Save" });
  assert.equal(await save.getAttribute("aria-disabled"), "true");
  assert.ok(await page.getByLabel("Session lifespan in hours").isDisabled());
  assert.ok(await page.getByLabel("Container repository").isDisabled());
  assert.ok(await page.getByLabel("Private").isDisabled());
  await save.focus();
  assert.equal(
    await eventually(() => reasonOf(page, save), "the reason on focus"),
    "Changing the Studios settings needs the owner or admin role in the workspace (your role: view).",
  );
  await save.click({ force: true });
  await page.waitForTimeout(200);
  assert.equal((await calls(page, "update_studios_settings")).length, 0);
  await page.close();
});
