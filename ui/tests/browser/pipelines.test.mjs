// Launchpad: Add pipeline (the Platform's fields, each with its label), errors under their fields
// from the core's check, the draft saved through the core after typing stops and reopened as it
// was typed, Add queuing the pipeline (waiting, also offline), a server refusal shown with its
// words, Edit and Delete (with a confirmation), and roles that may not, with the reason.
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

async function openLaunchpad(workspaceLabel = "analysis · Private · owner", scenario = {}) {
  const opened = await openApp(browser, server.url, { accounts: "demo", ...scenario });
  const { page } = opened;
  await page.getByLabel("Organization", { exact: true }).selectOption({ label: "seqera-demo" });
  await page.getByLabel("Workspace", { exact: true }).selectOption({ label: workspaceLabel });
  await page.getByTestId("launchpad").waitFor();
  return opened;
}

const FIELDS = [
  "Name",
  "Description",
  "Labels",
  "Compute environment",
  "Pipeline to launch",
  "Revision",
  "Config profiles",
  "Work directory",
  "Pipeline parameters",
  "Pre-run script",
  "Post-run script",
  "Nextflow config file",
];

test("Add pipeline: every field has its label, a valid form is saved as a draft and queued as waiting", async () => {
  const { page, errors } = await openLaunchpad();
  await page.getByRole("button", { name: "Add pipeline" }).click();
  const dialog = page.getByRole("dialog", { name: "Add pipeline" });
  await dialog.waitFor();
  for (const f of FIELDS) assert.equal(await dialog.getByLabel(f, { exact: true }).count(), 1, `${f} is labelled`);
  await dialog.getByLabel("Name", { exact: true }).fill("my-rnaseq");
  await dialog.getByLabel("Pipeline to launch", { exact: true }).fill("https://github.com/nf-core/rnaseq");
  await dialog.getByLabel("Revision", { exact: true }).fill("3.14.0");
  await dialog.getByLabel("Config profiles", { exact: true }).fill("test, docker");
  // Saved through the core within a second of typing stopping, with what was typed.
  await eventually(async () => (await calls(page, "save_pipeline_draft")).length > 0, "the draft saved", 1500);
  const saved = (await calls(page, "save_pipeline_draft")).at(-1).args;
  assert.equal(saved.workspaceId, 2);
  assert.equal(saved.form.name, "my-rnaseq");
  assert.deepEqual(saved.form.configProfiles, ["test", "docker"]);
  const add = dialog.getByRole("button", { name: "Add", exact: true });
  await eventually(async () => !(await add.isDisabled()), "Add enabled");
  await add.click();
  await eventually(async () => (await page.getByRole("dialog").count()) === 0, "the dialog closed");
  const published = await calls(page, "publish_pipeline_draft");
  assert.equal(published.length, 1);
  const card = page.getByTestId("pipeline-card").filter({ hasText: "my-rnaseq" });
  await expectText(card.getByTestId("pipeline-change"), "waiting");
  const draft = page.getByTestId("draft-row").filter({ hasText: "my-rnaseq" });
  await expectText(draft.getByTestId("draft-state"), "waiting");
  assert.deepEqual(errors, []);
  await page.close();
});

test("an invalid form shows the core's errors under their fields and publishes nothing", async () => {
  const { page } = await openLaunchpad();
  await page.getByRole("button", { name: "Add pipeline" }).click();
  const dialog = page.getByRole("dialog", { name: "Add pipeline" });
  await dialog.getByLabel("Name", { exact: true }).fill("nf-core-rnaseq");
  await expectText(dialog.getByTestId("error-name"), "A pipeline named 'nf-core-rnaseq' already exists in this workspace.");
  await dialog.getByLabel("Pipeline to launch", { exact: true }).fill("nf-core/rnaseq");
  await expectText(dialog.getByTestId("error-pipeline"), "Pipeline to launch must be a Git URL starting with https://");
  await dialog.getByLabel("Post-run script", { exact: true }).fill("x".repeat(1025));
  await expectText(dialog.getByTestId("error-postRunScript"), "Post-run script must be at most 1 KB");
  assert.ok(await dialog.getByRole("button", { name: "Add", exact: true }).isDisabled());
  assert.equal((await calls(page, "publish_pipeline_draft")).length, 0);
  await page.close();
});

test("a draft kept by the core is listed with its state and reopens exactly as it was typed", async () => {
  const form = {
    name: "half-typed",
    description: "",
    labels: [],
    computeEnvId: "",
    pipeline: "https://github.com/nf-c",
    revision: "",
    configProfiles: [],
    workDir: "",
    paramsText: "input: s3://bucket/samples.csv\nouter:\n  inner: 1",
    preRunScript: "",
    postRunScript: "",
    configText: "",
  };
  const draft = (id, state, title, message = null) => ({
    id,
    accountId: 1,
    workspaceId: 2,
    workspaceRef: "seqera-demo/analysis",
    kind: "pipeline",
    title,
    body: JSON.stringify({ ...form, name: title }),
    state,
    message,
    pipelineLocalId: null,
    changeId: null,
    updatedAt: "2026-12-02T05:00:00.000Z",
    form: { ...form, name: title },
  });
  const { page, errors } = await openLaunchpad(undefined, {
    pipelineDrafts: [
      draft(1, "draft", "half-typed"),
      draft(2, "rejected", "refused-one", "The workspace has reached its limit of 100 pipelines"),
    ],
  });
  const rows = page.getByTestId("draft-row");
  await eventually(async () => (await rows.count()) === 2, "two drafts listed");
  const refused = rows.filter({ hasText: "refused-one" });
  await expectText(refused.getByTestId("draft-state"), "rejected");
  await expectText(refused.getByTestId("draft-message"), "The workspace has reached its limit of 100 pipelines");
  await rows.filter({ hasText: "half-typed" }).getByRole("button", { name: "Open" }).click();
  const dialog = page.getByRole("dialog", { name: "Add pipeline" });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("Name", { exact: true }).inputValue(), "half-typed");
  assert.equal(await dialog.getByLabel("Pipeline to launch", { exact: true }).inputValue(), "https://github.com/nf-c");
  assert.equal(await dialog.getByLabel("Pipeline parameters", { exact: true }).inputValue(), form.paramsText);
  // Typing again saves into the same draft.
  await dialog.getByLabel("Pipeline to launch", { exact: true }).fill("https://github.com/nf-core/rnaseq");
  await eventually(async () => (await calls(page, "save_pipeline_draft")).length > 0, "saved", 1500);
  assert.equal((await calls(page, "save_pipeline_draft")).at(-1).args.draftId, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test("offline, Add still queues the pipeline: it waits for the server", async () => {
  const { page } = await openLaunchpad(undefined, { connection: "offline" });
  await page.getByRole("button", { name: "Add pipeline" }).click();
  const dialog = page.getByRole("dialog", { name: "Add pipeline" });
  await dialog.getByLabel("Name", { exact: true }).fill("on-the-train");
  await dialog.getByLabel("Pipeline to launch", { exact: true }).fill("https://github.com/nextflow-io/hello");
  const add = dialog.getByRole("button", { name: "Add", exact: true });
  await eventually(async () => !(await add.isDisabled()), "Add enabled");
  await add.click();
  await eventually(async () => (await page.getByRole("dialog").count()) === 0, "the dialog closed");
  await expectText(page.getByTestId("draft-row").filter({ hasText: "on-the-train" }).getByTestId("draft-state"), "waiting");
  await expectText(page.getByTestId("pipeline-card").filter({ hasText: "on-the-train" }), "waiting");
  await page.close();
});

test("Edit opens the pipeline's form and Update queues the edit; Delete asks first", async () => {
  const { page } = await openLaunchpad();
  const card = page.getByTestId("pipeline-card").filter({ hasText: "nf-core-sarek" });
  await card.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit pipeline" });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("Name", { exact: true }).inputValue(), "nf-core-sarek");
  await dialog.getByLabel("Description", { exact: true }).fill("Edited here");
  const update = dialog.getByRole("button", { name: "Update", exact: true });
  await eventually(async () => !(await update.isDisabled()), "Update enabled");
  await update.click();
  await eventually(async () => (await page.getByRole("dialog").count()) === 0, "the dialog closed");
  await expectText(card.getByTestId("pipeline-change"), "waiting");

  await card.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete pipeline" });
  await expectText(confirm, "nf-core-sarek");
  await confirm.getByRole("button", { name: "Delete", exact: true }).click();
  await eventually(async () => (await page.getByTestId("pipeline-card").filter({ hasText: "nf-core-sarek" }).count()) === 0, "gone");
  assert.equal((await calls(page, "delete_pipeline")).length, 1);
  await page.close();
});

test("a view role sees Add pipeline disabled with the core's reason", async () => {
  const { page } = await openLaunchpad("sandbox · Private · view", { orgRole: "member" });
  const add = page.getByRole("button", { name: "Add pipeline" });
  assert.equal(await add.getAttribute("aria-disabled"), "true");
  await add.focus();
  assert.equal(
    await eventually(() => reasonOf(page, add), "the reason on focus"),
    "Adding pipelines needs the owner, admin or maintain role in the workspace (your role: view).",
  );
  const calls = await page.evaluate(() => /** @type {any} */ (window).__fake.calls.length);
  await add.click({ force: true });
  // The click's handler and Svelte's updates are microtasks: after a macrotask a dialog would be
  // open, and the form's first command (the draft's check) would have been sent.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
  assert.equal(await page.getByRole("dialog").count(), 0);
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).__fake.calls.length), calls, "nothing was asked of the core");
  await page.close();
});
