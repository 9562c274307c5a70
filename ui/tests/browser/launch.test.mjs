// The launch form: Launch on a Launchpad pipeline opens it in the Platform's sections, says which
// compute environment the run will use and why, renders the schema's run parameters, checks them
// as they are typed, launches, and offline offers "Launch when back online" instead.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveDist, startBrowser, calls, eventually, expectText, openWorkspace } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serveDist();
  browser = await startBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const openAnalysis = (scenario = {}) => openWorkspace(browser, server.url, "analysis · Private · owner", scenario);

async function openLaunch(page, name) {
  const card = page.getByTestId("pipeline-card").filter({ hasText: name });
  await card.getByTestId("launch-pipeline").click();
  const dialog = page.getByTestId("launch-dialog");
  await dialog.getByLabel("Workflow run name").waitFor();
  return dialog;
}

test("what is typed in the launch form stays while a sync brings the workspaces again", async () => {
  const { page, errors } = await openAnalysis();
  const dialog = await openLaunch(page, "nf-core-rnaseq");
  const runName = dialog.getByLabel("Workflow run name");
  assert.equal(await runName.inputValue(), "grave_williams");
  await runName.fill("my_typed_name");
  const loads = (await calls(page, "launch_form")).length;
  const listed = (await calls(page, "list_workspaces")).length;
  // A sync wrote the account's workspaces: the window reads them again (new objects, same ids).
  await page.evaluate(() => /** @type {any} */ (window).__fake.emit({ kind: "dataChanged", accountId: 1, workspaceId: null, section: "workspaces" }));
  await eventually(async () => (await calls(page, "list_workspaces")).length > listed, "the workspaces are read again");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal((await calls(page, "launch_form")).length, loads, "the form is not loaded again");
  assert.equal(await runName.inputValue(), "my_typed_name");
  assert.deepEqual(errors, []);
  await page.close();
});

test("Launch opens the form with its sections, the compute environment and why, and launches", async () => {
  const { page, errors } = await openAnalysis();
  const dialog = await openLaunch(page, "nf-core-rnaseq");
  for (const section of ["General config", "Run parameters", "Advanced settings", "Summary"])
    await expectText(dialog, section);
  assert.equal(await dialog.getByLabel("Workflow run name").inputValue(), "grave_williams");
  assert.equal(await dialog.getByLabel("Pipeline to launch").inputValue(), "https://github.com/nf-core/rnaseq");
  await expectText(
    dialog.getByTestId("ce-reason"),
    "nf-core-rnaseq has no compute environment: the run uses aws-batch-eu, the primary compute environment of analysis.",
  );
  // The schema's section, in the input form view; the required parameters are asked for.
  await expectText(dialog.getByTestId("param-group"), "Input/output options");
  await eventually(async () => (await dialog.getByTestId("param-issues").count()) === 1, "the missing parameters are said");
  await expectText(dialog.getByTestId("param-issues"), '"input" is a required property');
  await dialog.getByLabel("input *").fill("samples.csv");
  await dialog.getByLabel("outdir *").fill("s3://bucket/results");
  await eventually(async () => (await dialog.getByTestId("param-issues").count()) === 0, "the parameters fit the schema");
  // The draft keeps itself.
  await eventually(async () => (await calls(page, "save_launch_draft")).length > 0, "the draft is saved");

  await dialog.getByTestId("launch-submit").click();
  await expectText(dialog.getByTestId("launch-done"), "grave_williams was launched on aws-batch-eu.");
  const sent = (await calls(page, "launch")).at(-1).args;
  assert.equal(sent.whenOnline, false);
  assert.equal(sent.workspaceId, 2);
  assert.deepEqual(JSON.parse(sent.input.paramsText), {
    input: "samples.csv",
    outdir: "s3://bucket/results",
    aligner: "star_salmon",
  });
  assert.deepEqual(errors, []);
  await page.close();
});

test("Labels on the launch form are sent with the launch; a label the workspace lacks is refused in the core's words", async () => {
  const { page, errors } = await openAnalysis();
  const dialog = await openLaunch(page, "nf-core-rnaseq");
  await dialog.getByLabel("input *").fill("samples.csv");
  await dialog.getByLabel("outdir *").fill("s3://bucket/results");
  await dialog.getByLabel("Labels").fill("production, nope");
  await dialog.getByTestId("launch-submit").click();
  await expectText(
    dialog.getByTestId("launch-error"),
    "Label 'nope' is not one of the labels of analysis: add it in Settings → Labels, or remove it.",
  );
  assert.deepEqual((await calls(page, "launch")).at(-1).args.input.labels, ["production", "nope"]);
  assert.equal(await dialog.getByTestId("launch-done").count(), 0, "nothing was launched");

  await dialog.getByLabel("Labels").fill("production, team=analysis");
  await dialog.getByTestId("launch-submit").click();
  await expectText(dialog.getByTestId("launch-done"), "grave_williams was launched on aws-batch-eu.");
  assert.deepEqual((await calls(page, "launch")).at(-1).args.input.labels, ["production", "team=analysis"]);
  assert.deepEqual(errors, []);
  await page.close();
});

test("A shared pipeline's compute environment is used by default and said before launch", async () => {
  const { page, errors } = await openAnalysis();
  await page.getByLabel("Pipelines from:").selectOption({ label: "This and shared workspaces" });
  const dialog = await openLaunch(page, "nf-core-viralrecon");
  await expectText(
    dialog.getByTestId("ce-reason"),
    "nf-core-viralrecon is shared from seqera-demo/shared-pipelines with its compute environment shared-batch: the run uses it by default.",
  );
  await expectText(dialog.getByTestId("launch-summary"), "shared-batch");
  // No schema: the params text, checked by the core as typed.
  await dialog.getByLabel("Pipeline parameters (JSON or YAML)").fill("input: a.csv\n");
  await dialog.getByTestId("launch-submit").click();
  await expectText(dialog.getByTestId("launch-done"), "was launched on shared-batch.");
  assert.equal((await calls(page, "launch")).at(-1).args.input.computeEnvId, "shared-ce");
  assert.deepEqual(errors, []);
  await page.close();
});

test("Offline the form offers Launch when back online, and only that queues the launch", async () => {
  const { page, errors } = await openAnalysis({ launchOffline: true });
  const dialog = await openLaunch(page, "nf-core-rnaseq");
  await expectText(dialog, "The server could not be reached: type the run parameters as JSON or YAML.");
  const button = dialog.getByTestId("launch-submit");
  await expectText(button, "Launch when back online", { exact: true });
  await dialog.getByLabel("Pipeline parameters (JSON or YAML)").fill("input: a.csv\noutdir: /r\n");
  await button.click();
  await expectText(dialog.getByTestId("launch-done"), "grave_williams is queued: it will be launched once, when the server answers.");
  assert.equal((await calls(page, "launch")).at(-1).args.whenOnline, true);
  assert.deepEqual(errors, []);
  await page.close();
});
