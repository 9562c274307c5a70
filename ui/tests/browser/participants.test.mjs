// Participants: Add participant (picker, typed name when offline, refusals), role change per row,
// Remove with a confirmation naming who and where, and controls disabled with the reason.
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

async function openParticipants(workspaceLabel = "analysis · Private · owner", scenario = {}) {
  const opened = await openApp(browser, server.url, { accounts: "demo", ...scenario });
  const { page } = opened;
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: workspaceLabel });
  await page.getByRole("button", { name: "Participants" }).click();
  await page.getByTestId("participants").waitFor();
  return opened;
}

async function rows(page) {
  await page.getByTestId("participants-table").waitFor();
  return (await page.getByTestId("participant-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
}

function row(page, name) {
  return page.getByTestId("participant-row").filter({ hasText: name });
}

test("Add participant picks an organization member with a role and shows them as waiting", async () => {
  const { page, errors } = await openParticipants();
  assert.equal((await rows(page)).length, 3);
  await page.getByRole("button", { name: "Add participant" }).click();
  const dialog = page.getByRole("dialog", { name: "Add participant" });
  await dialog.waitFor();
  // Focus starts on the first choice of the form.
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("value")), "pick");
  const picker = dialog.getByLabel("Name", { exact: true });
  await picker.waitFor();
  // Who is already in the workspace is listed but cannot be picked.
  const options = await picker.locator("option").evaluateAll((os) =>
    os.map((o) => [o.textContent?.trim(), /** @type {HTMLOptionElement} */ (o).disabled]),
  );
  assert.deepEqual(options, [
    ["Choose a member or team", true],
    ["bioinformatics: already a participant", true],
    ["sequencing-ops", false],
    ["Demo User (demo@example.org): already a participant", true],
    ["Ben Okafor (ben@lab.org)", false],
    ["Jane Doe (jane@partner.org): already a participant", true],
  ]);
  // Nothing chosen: a message, nothing sent.
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await expectText(dialog.getByTestId("add-participant-error"), "Choose a member or team of the organization.");
  assert.equal((await calls(page, "add_participant")).length, 0);

  await picker.selectOption({ label: "Ben Okafor (ben@lab.org)" });
  await dialog.getByLabel("Role").selectOption({ label: "Maintain" });
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  assert.deepEqual((await calls(page, "add_participant"))[0].args, {
    workspaceId: 2,
    input: { memberId: 32, teamId: null, userNameOrEmail: null, name: "Ben Okafor", email: "ben@lab.org", role: "maintain" },
  });
  await eventually(async () => (await rows(page)).length === 4, "four participants");
  const ben = row(page, "Ben Okafor");
  await expectText(ben.getByTestId("change-badge"), "waiting");
  assert.equal(await ben.getByLabel("Role of Ben Okafor").inputValue(), "maintain");
  // Focus went back to Add participant when the dialog closed.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Add participant");

  // The Changes panel says what is queued, in the Platform's words.
  await ben.getByTestId("change-badge").click();
  await expectText(page.getByTestId("changes-panel"), "Add participant Ben Okafor as maintain");
  assert.deepEqual(errors, []);
  await page.close();
});

test("offline, Add participant takes a typed user name or email and shows the backend's refusals", async () => {
  const { page, errors } = await openParticipants(undefined, { participantsOffline: true });
  await page.getByRole("button", { name: "Add participant" }).click();
  const dialog = page.getByRole("dialog", { name: "Add participant" });
  await expectText(
    dialog.getByTestId("candidates-error"),
    "The organization's members and teams cannot be listed while the server is unreachable.",
  );
  const typed = dialog.getByLabel("User name or email", { exact: true });
  // The choice that had focus cannot be used offline: focus moved on to the field.
  const typedId = await typed.getAttribute("id");
  await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === typedId, "focus on the field");
  assert.ok(await dialog.getByRole("radio", { name: /A member or team/ }).isDisabled());
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await expectText(dialog.getByTestId("add-participant-error"), "Enter a user name or email.");
  assert.equal((await calls(page, "add_participant")).length, 0);

  await typed.fill("JANE@partner.org");
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await expectText(dialog.getByTestId("add-participant-error"), "'jane-doe' is already a participant of workspace 'analysis'.");
  assert.equal(await typed.inputValue(), "JANE@partner.org", "what was typed stays");

  await typed.fill("new.person@lab.org");
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  await dialog.waitFor({ state: "detached" });
  assert.deepEqual((await calls(page, "add_participant")).at(-1).args.input, {
    memberId: null,
    teamId: null,
    userNameOrEmail: "new.person@lab.org",
    name: null,
    email: null,
    role: "launch",
  });
  await expectText(row(page, "new.person@lab.org").getByTestId("change-badge"), "waiting");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a role is changed from the row; the last owner can be neither demoted nor removed", async () => {
  const { page, errors } = await openParticipants();
  const jane = row(page, "jane-doe");
  await jane.getByLabel("Role of jane-doe").selectOption("view");
  await eventually(async () => (await calls(page, "change_participant_role")).length === 1, "role change sent");
  assert.deepEqual((await calls(page, "change_participant_role"))[0].args, { participantId: 3, role: "view" });
  await expectText(jane.getByTestId("change-badge"), "waiting");

  const me = row(page, "demo-user");
  const select = me.getByLabel("Role of demo-user");
  const disabled = await select.locator("option").evaluateAll((os) =>
    os.filter((o) => /** @type {HTMLOptionElement} */ (o).disabled).map((o) => o.textContent?.trim()),
  );
  assert.deepEqual(disabled, ["Admin", "Maintain", "Launch", "Connect", "View"]);
  await select.focus();
  assert.equal(await eventually(() => reasonOf(page, select), "the reason on focus"), "demo-user is the last owner: make someone else an owner first.");
  const remove = me.getByRole("button", { name: "Remove" });
  assert.equal(await remove.getAttribute("aria-disabled"), "true");
  await remove.focus();
  assert.equal(
    await eventually(() => reasonOf(page, remove), "the reason on focus"),
    "demo-user is the last owner and cannot be removed: make someone else an owner first.",
  );
  await remove.click({ force: true });
  await page.waitForTimeout(200);
  assert.equal(await page.getByRole("dialog", { name: "Remove participant" }).count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Remove asks first, naming who and from which workspace", async () => {
  const { page, errors } = await openParticipants();
  const team = row(page, "bioinformatics");
  await team.getByRole("button", { name: "Remove" }).click();
  const dialog = page.getByRole("dialog", { name: "Remove participant" });
  await expectText(dialog.getByTestId("remove-participant-text"), "Remove the team bioinformatics from analysis?");
  // Focus starts on Cancel; Cancel sends nothing.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Cancel");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.equal((await calls(page, "remove_participant")).length, 0);
  assert.equal((await rows(page)).length, 3);

  await team.getByRole("button", { name: "Remove" }).click();
  await dialog.getByRole("button", { name: "Remove participant" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.deepEqual((await calls(page, "remove_participant"))[0].args, { participantId: 2 });
  await eventually(async () => !(await rows(page)).some((r) => r.includes("bioinformatics")), "the team is gone");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a role that cannot manage participants sees the controls disabled with the reason", async () => {
  const { page, errors } = await openParticipants("sandbox · Private · view", { orgRole: "member" });
  const add = page.getByRole("button", { name: "Add participant" });
  assert.equal(await add.getAttribute("aria-disabled"), "true");
  await add.focus();
  assert.equal(
    await eventually(() => reasonOf(page, add), "the reason on focus"),
    "Managing participants needs the owner or admin role in the workspace (your role: view).",
  );
  await add.click({ force: true });
  await page.waitForTimeout(200);
  assert.equal(await page.getByRole("dialog", { name: "Add participant" }).count(), 0);
  const me = row(page, "demo-user");
  assert.equal(await me.getByRole("combobox").count(), 0, "no role select");
  assert.equal(await me.getByRole("button", { name: "Remove" }).getAttribute("aria-disabled"), "true");
  assert.deepEqual(errors, []);
  await page.close();
});
