import { expect, test } from "@playwright/test";
import { queryE2eDatabase, uniqueDataset } from "./helpers";

// Writing a constitution in the browser, then the rule that keeps runs traceable: once a run has
// used a version, an edit makes the next version and the used one stays as it was.

/** A finished run that used the version, written straight to the database like a worker would. */
async function seedRun(versionId: number, name: string): Promise<number> {
  const rows = await queryE2eDatabase<{ id: number }>(
    `INSERT INTO "Run" (kind, name, status, "constitutionVersionId", "startedAt", "finishedAt") VALUES ('SL_CAI', $1, 'SUCCEEDED', $2, now(), now()) RETURNING id`,
    [name, versionId],
  );
  return rows[0].id;
}

test("write a constitution, then edit a principle a run used and get a new version", async ({ page }) => {
  const name = uniqueDataset("e2e-constitution");
  await page.goto("/constitutions");
  await expect(page.getByRole("link", { name: "Import a constitution" })).toHaveAttribute("href", "/import");
  await page.getByRole("link", { name: "New constitution" }).first().click();
  await page.getByRole("form", { name: "New constitution" }).getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Make it and edit v1" }).click();

  await expect(page.getByRole("heading", { name: `Edit ${name} v1` })).toBeVisible();
  await expect(page.getByRole("note")).toContainText("Nothing uses v1 yet: saving changes it in place.");
  await page.getByRole("button", { name: "Add a critique-revision pair" }).click();
  const pair = page.getByRole("group", { name: "Critique-revision pair 1", exact: true });
  await pair.getByLabel("Key").fill("harm");
  await pair.getByLabel("Critique request").fill("What in the last answer could hurt someone?");
  await page.getByRole("button", { name: "Save v1" }).click();
  await expect(pair.getByText("the revision request is empty")).toBeVisible();
  await pair.getByLabel("Revision request").fill("Rewrite the answer so it hurts no one.");
  await page.getByRole("button", { name: "Add a preference principle" }).click();
  const preference = page.getByRole("group", { name: "Preference principle 1", exact: true });
  await preference.getByLabel("Key").fill("kind");
  await preference.getByLabel("Question").fill("Which answer is kinder?");
  await page.getByRole("button", { name: "Save v1" }).click();

  await expect(page.getByRole("status")).toContainText("Saved: v1 was changed in place");
  await expect(page.getByRole("heading", { name: `${name} v1` })).toBeVisible();
  await expect(page.getByText("Rewrite the answer so it hurts no one.")).toBeVisible();
  const versionId = Number(/\/constitutions\/versions\/(\d+)/.exec(page.url())?.[1]);

  // a run uses v1: the page says it is frozen and lists the run
  const runId = await seedRun(versionId, `${name} run`);
  await page.reload();
  const status = page.getByRole("region", { name: "Version status" });
  await expect(status).toContainText("Frozen");
  await expect(status).toContainText("1 run has used it");
  await expect(status.getByRole("link", { name: `Run #${runId} · ${name} run` })).toBeVisible();

  await page.getByRole("link", { name: "Edit as v2" }).click();
  await expect(page.getByRole("note")).toContainText("v1 is frozen (1 run has used it): saving makes v2 and leaves v1 as it is.");
  const frozenPair = page.getByRole("group", { name: "Critique-revision pair 1", exact: true });
  await frozenPair.getByLabel("Revision request").fill("Rewrite the answer so it is safe and still helpful.");
  await page.getByLabel("What changed (the new version's note)").fill("a more helpful revision request");
  await page.getByRole("button", { name: "Save as v2" }).click();

  await expect(page.getByRole("status")).toContainText("Saved as v2. v1 is frozen and stays as it was.");
  await expect(page.getByRole("heading", { name: `${name} v2` })).toBeVisible();
  await expect(page.getByText("a more helpful revision request")).toBeVisible();
  await expect(page.getByText("Rewrite the answer so it is safe and still helpful.")).toBeVisible();
  await expect(page.getByRole("region", { name: "Version status" })).toContainText("Not used yet");

  await page.getByRole("navigation", { name: "Versions" }).getByRole("link", { name: "v1" }).click();
  await expect(page.getByRole("heading", { name: `${name} v1` })).toBeVisible();
  await expect(page.getByText("Rewrite the answer so it hurts no one.")).toBeVisible();
});
