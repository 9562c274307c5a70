// The organization page: list, Add Workspace (checked as you type), Edit, roles, Delete, keyboard.
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

async function openOrgPage(scenario = {}) {
  const opened = await openApp(browser, server.url, { accounts: "demo", ...scenario });
  const { page } = opened;
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByTestId("org-page").waitFor();
  return opened;
}

async function rows(page) {
  const table = page.getByTestId("workspace-table");
  await table.waitFor();
  return (await table.locator("tbody tr").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
}

test("the org page lists the organization's workspaces with visibility and my role", async () => {
  const { page, errors } = await openOrgPage();
  await page.getByRole("tab", { name: "Workspaces" }).waitFor();
  const r = await rows(page);
  assert.equal(r.length, 3);
  assert.match(r[0], /^analysis Analysis Team Private owner Edit$/);
  assert.match(r[1], /^shared-pipelines Shared Pipelines Shared admin Edit$/);
  assert.match(r[2], /^sandbox Sandbox Private view Edit$/);
  // The organization's owner may edit every workspace, even one where they only view.
  const edit = page.getByTestId("workspace-row").nth(2).getByRole("button", { name: "Edit" });
  assert.equal(await edit.getAttribute("aria-disabled"), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Add Workspace with an invalid name shows the message and submits nothing", async () => {
  const { page } = await openOrgPage();
  await page.getByRole("button", { name: "Add Workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Add Workspace" });
  await dialog.waitFor();
  // Focus moved into the dialog, on its first field.
  assert.equal(await page.evaluate(() => document.activeElement?.id), await dialog.getByLabel("Name", { exact: true }).getAttribute("id"));

  await dialog.getByLabel("Name", { exact: true }).fill("-bad name");
  await dialog.getByLabel("Full name").fill("Bad workspace");
  await expectText(
    dialog.getByTestId("error-name"),
    "Name must be 2 to 39 letters or digits, with single - or _ between them, not at the ends.",
  );
  assert.equal(await dialog.getByLabel("Name", { exact: true }).getAttribute("aria-invalid"), "true");
  assert.ok(await dialog.getByRole("button", { name: "Add", exact: true }).isDisabled());

  // Enter does not submit either.
  await dialog.getByLabel("Full name").press("Enter");
  await page.waitForTimeout(300);
  assert.equal((await calls(page, "create_workspace")).length, 0);
  const checks = await calls(page, "check_workspace_input");
  assert.deepEqual(checks.at(-1).args, {
    accountId: 1,
    orgId: 101,
    input: { name: "-bad name", fullName: "Bad workspace", description: null, visibility: "PRIVATE" },
    workspaceId: null,
  });

  // A name already used in the organization is refused too.
  await dialog.getByLabel("Name", { exact: true }).fill("analysis");
  await expectText(dialog.getByTestId("error-name"), "A workspace named analysis already exists in seqera-demo.");
  await page.close();
});

test("a valid Add Workspace sends the typed values and shows the workspace as waiting", async () => {
  const { page } = await openOrgPage();
  await page.getByRole("button", { name: "Add Workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Add Workspace" });
  await dialog.getByLabel("Name", { exact: true }).fill("rnaseq-2026");
  await dialog.getByLabel("Full name").fill("RNA-seq 2026");
  await dialog.getByLabel("Description").fill("Bulk RNA-seq for the 2026 cohort");
  await dialog.getByLabel("Shared").check();
  const add = dialog.getByRole("button", { name: "Add", exact: true });
  await eventually(async () => !(await add.isDisabled()), "Add to be enabled");
  await add.click();

  await dialog.waitFor({ state: "detached" });
  const sent = await calls(page, "create_workspace");
  assert.equal(sent.length, 1);
  assert.deepEqual(sent[0].args, {
    accountId: 1,
    orgId: 101,
    input: {
      name: "rnaseq-2026",
      fullName: "RNA-seq 2026",
      description: "Bulk RNA-seq for the 2026 cohort",
      visibility: "SHARED",
    },
  });
  const row = page.getByTestId("workspace-row").filter({ hasText: "rnaseq-2026" });
  await expectText(row, "RNA-seq 2026 Shared owner");
  await expectText(row.getByTestId("change-badge"), "waiting", { exact: true });
  // The status bar counts it.
  await expectText(page.getByTestId("status-bar"), "1 change waiting");
  await page.close();
});

test("a refused create shows the server's message and keeps the input", async () => {
  const { page } = await openOrgPage({
    createError: { kind: "forbidden", message: "Forbidden: only organization owners can create workspaces." },
  });
  await page.getByRole("button", { name: "Add Workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Add Workspace" });
  await dialog.getByLabel("Name", { exact: true }).fill("new-ws");
  await dialog.getByLabel("Full name").fill("New workspace");
  const add = dialog.getByRole("button", { name: "Add", exact: true });
  await eventually(async () => !(await add.isDisabled()), "Add to be enabled");
  await dialog.getByLabel("Full name").press("Enter");
  await expectText(dialog.getByTestId("workspace-submit-error"), "Forbidden: only organization owners can create workspaces.");
  assert.equal(await dialog.getByLabel("Name", { exact: true }).inputValue(), "new-ws");
  assert.equal(await dialog.getByLabel("Full name").inputValue(), "New workspace");
  await page.close();
});

test("Esc closes the dialog and focus returns to Add Workspace", async () => {
  const { page } = await openOrgPage();
  const addButton = page.getByRole("button", { name: "Add Workspace" });
  await addButton.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Add Workspace" });
  await dialog.waitFor();
  await dialog.getByLabel("Name", { exact: true }).fill("typed");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  await eventually(
    () => page.evaluate(() => document.activeElement?.textContent?.trim() === "Add Workspace"),
    "focus back on Add Workspace",
  );
  assert.equal((await calls(page, "create_workspace")).length, 0);
  await page.close();
});

test("Add Workspace is disabled, with the reason, for an organization member", async () => {
  const { page } = await openOrgPage({ orgRole: "member" });
  const add = page.getByRole("button", { name: "Add Workspace" });
  assert.equal(await add.getAttribute("aria-disabled"), "true");
  await add.click({ force: true });
  await page.waitForTimeout(200);
  assert.equal(await page.getByRole("dialog").count(), 0);
  // A viewer of a workspace may not edit it either, when not the organization's owner.
  const edit = page.getByTestId("workspace-row").filter({ hasText: "sandbox" }).getByRole("button", { name: "Edit" });
  assert.equal(await edit.getAttribute("aria-disabled"), "true");
  await edit.focus();
  assert.equal(
    await eventually(() => reasonOf(page, edit), "the reason on focus"),
    "Editing the workspace needs the owner or admin role in it (your role: view).",
  );
  await add.focus();
  assert.equal(
    await eventually(() => reasonOf(page, add), "the reason on focus"),
    "Adding a workspace needs the owner or admin role in the organization (your role: member).",
  );
  await page.close();
});

test("Edit from the list sends updateWorkspace with the workspace's local id", async () => {
  const { page } = await openOrgPage();
  await page.getByTestId("workspace-row").filter({ hasText: "shared-pipelines" }).getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit workspace" });
  assert.equal(await dialog.getByLabel("Name", { exact: true }).inputValue(), "shared-pipelines");
  assert.ok(await dialog.getByLabel("Shared").isChecked());
  await dialog.getByLabel("Full name").fill("Shared Pipelines (curated)");
  const update = dialog.getByRole("button", { name: "Update" });
  await eventually(async () => !(await update.isDisabled()), "Update enabled");
  await update.click();
  await dialog.waitFor({ state: "detached" });
  const sent = await calls(page, "update_workspace");
  assert.deepEqual(sent.map((c) => c.args), [
    {
      workspaceId: 3,
      input: {
        name: "shared-pipelines",
        fullName: "Shared Pipelines (curated)",
        description: "Curated pipelines for the lab",
        visibility: "SHARED",
      },
    },
  ]);
  await expectText(page.getByTestId("workspace-row").filter({ hasText: "shared-pipelines" }), "Shared Pipelines (curated)");
  await page.close();
});

test("Delete workspace asks for the typed name before deleting", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo" });
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: "analysis · Private · owner" });
  await page.getByRole("button", { name: "Settings" }).click();
  await expectText(page.getByTestId("studios-lifespan"), "8 hours");
  await page.getByRole("button", { name: "Delete workspace" }).click();

  const dialog = page.getByRole("dialog", { name: "Delete workspace" });
  await dialog.waitFor();
  const confirm = dialog.getByTestId("delete-submit");
  assert.ok(await confirm.isDisabled());
  await dialog.getByLabel("Type analysis to confirm").fill("Analysis Team");
  assert.ok(await confirm.isDisabled());
  await dialog.getByLabel("Type analysis to confirm").press("Enter");
  await page.waitForTimeout(200);
  assert.equal((await calls(page, "delete_workspace")).length, 0);

  await dialog.getByLabel("Type analysis to confirm").fill("analysis");
  assert.ok(!(await confirm.isDisabled()));
  await confirm.click();
  await dialog.waitFor({ state: "detached" });
  assert.deepEqual((await calls(page, "delete_workspace")).map((c) => c.args), [{ workspaceId: 2 }]);
  // Gone from the org page, where the app lands.
  await page.getByTestId("org-page").waitFor();
  const names = await page.getByTestId("workspace-row").allInnerTexts();
  assert.ok(!names.some((n) => n.startsWith("analysis")), names.join("|"));
  await page.close();
});

test("Delete workspace is disabled for an admin, with the reason", async () => {
  const { page } = await openApp(browser, server.url, { accounts: "demo", orgRole: "member" });
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: "shared-pipelines · Shared · admin" });
  await page.getByRole("button", { name: "Settings" }).click();
  await expectText(page.getByTestId("studios-lifespan"), "Always keep the session running");
  const del = page.getByRole("button", { name: "Delete workspace" });
  assert.equal(await del.getAttribute("aria-disabled"), "true");
  assert.equal(await page.getByRole("button", { name: "Edit workspace" }).getAttribute("aria-disabled"), null);
  await del.focus();
  assert.equal(
    await eventually(() => reasonOf(page, del), "the reason on focus"),
    "Only an owner of the workspace can delete it (your role: admin).",
  );
  await page.close();
});

test("what no server response said is shown as unknown, and an edit asks for it", async () => {
  const { page, errors } = await openOrgPage({ unknownDetails: true, orgRole: "member" });
  const r = await rows(page);
  assert.match(r[2], /^sandbox unknown unknown unknown Edit$/);
  const edit = page.getByTestId("workspace-row").nth(2).getByRole("button", { name: "Edit" });
  assert.equal(await edit.getAttribute("aria-disabled"), "true");
  await edit.focus();
  assert.equal(
    await eventually(() => reasonOf(page, edit), "the reason on focus"),
    "Editing the workspace needs the owner or admin role in it (your role in it is unknown: the server has not said it).",
  );
  // The workspace picker says the same, never "Private".
  const option = page.getByTestId("pick-workspace").locator("option", { hasText: "sandbox" });
  assert.equal((await option.innerText()).trim(), "sandbox · visibility unknown · role unknown");
  assert.deepEqual(errors, []);
  await page.close();

  // An organization owner may edit it: the form starts with no visibility chosen and will not
  // send until one is.
  const owner = await openOrgPage({ unknownDetails: true, orgRole: "owner" });
  await owner.page.getByTestId("workspace-row").nth(2).getByRole("button", { name: "Edit" }).click();
  const dialog = owner.page.getByRole("dialog");
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("Full name").inputValue(), "");
  await dialog.getByLabel("Full name").fill("Sandbox");
  await expectText(
    dialog.getByTestId("error-visibility"),
    "Choose Private or Shared: the server has not said which this workspace is.",
  );
  const submit = dialog.getByTestId("workspace-submit");
  assert.ok(await submit.isDisabled());
  await dialog.getByRole("radio", { name: /Private/ }).check();
  await eventually(async () => !(await submit.isDisabled()) || null, "submit enabled once a visibility is chosen");
  await submit.click();
  const sent = await eventually(
    async () => (await calls(owner.page)).find((c) => c.cmd === "update_workspace") ?? null,
    "the update was sent",
  );
  assert.equal(sent.args.input.visibility, "PRIVATE");
  assert.equal(sent.args.input.fullName, "Sandbox");
  await owner.page.close();
});
