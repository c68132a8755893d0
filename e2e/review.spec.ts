import { expect, test, type Page } from "@playwright/test";
import { apiPost, pageAs, ROLE_PEOPLE } from "./auth";
import { queryE2eDatabase, uniqueDataset } from "./helpers";
import { labeledPairs } from "./review-world";

// Issue 5 in the browser: three pairs labeled by a run on the fake provider, a blind queue over
// them that two reviewers must each answer, made through the form. Rita and Rob answer from the
// keyboard alone (1 A, 2 B, 3 tie, j/k to walk), blind first and after asking for the AI's
// judgment; Rita changes an answer and keeps both in her history; Vic, a viewer, reads the same
// item without answer buttons and is refused by the API. Then the queue is done, the audit trail
// names both reviewers, and the agreement page's kappa between them is the one worked out below.

const itemHeading = (page: Page, comparisonId: number) => page.getByRole("heading", { name: `Review: comparison #${comparisonId}`, level: 1 });

/** Waits until the item is on screen and its keys are live, then presses `key`. */
async function press(page: Page, comparisonId: number, key: string) {
  await expect(itemHeading(page, comparisonId)).toBeVisible();
  await expect(page.getByText(/^Keys: 1 A, 2 B, 3 tie/)).toBeVisible();
  await page.keyboard.press(key);
}

const judgmentOf = (page: Page, runName: string) => page.getByRole("article", { name: `Labeling run ${runName}` });

test("two reviewers answer a blind queue from the keyboard, a viewer only reads it, and the trail and agreement show their answers", async ({ page, baseURL, browser }) => {
  test.setTimeout(180_000);
  const { dataset, datasetId, runId, runName, verdicts } = await labeledPairs(page, baseURL!);
  const items = verdicts.map((v) => v.comparisonId);

  // the admin makes the queue from the run's page; the form says what is missing beside the fields
  await page.goto(`/runs/${runId}`);
  await page.getByRole("link", { name: "Review this run" }).click();
  const form = page.getByRole("form", { name: "New review queue" });
  const runPicker = form.getByLabel("Labeling run", { exact: true });
  await expect(runPicker.locator("option:checked")).toHaveText(`${runName} · ${dataset} · 3 verdicts · succeeded`);
  await runPicker.selectOption({ label: "Choose a labeling run…" });
  await form.getByRole("button", { name: "Create queue" }).click();
  await expect(form.getByText("a queue needs a name", { exact: true })).toBeVisible();
  await expect(form.getByText("choose a labeling run", { exact: true })).toBeVisible();
  const queueSize = form.getByRole("status", { name: "Queue size" });
  await expect(queueSize).toHaveText("Choose the pairs to see how many the queue will hold.");
  const queueName = uniqueDataset("e2e queue");
  // fixing a field takes its message down at once
  await form.getByLabel("Name", { exact: true }).fill(queueName);
  await expect(form.getByText("a queue needs a name", { exact: true })).toHaveCount(0);
  await runPicker.selectOption({ label: `${runName} · ${dataset} · 3 verdicts · succeeded` });
  await expect(form.getByText("choose a labeling run", { exact: true })).toHaveCount(0);
  await form.getByLabel("Criterion").selectOption({ label: "All pairs" });
  await form.getByLabel("Reviewers per item").fill("2");
  // how big the queue will be, before it is made
  await expect(queueSize).toHaveText("This queue will hold 3 pairs: 6 answers to complete it.");
  await expect(form.getByLabel(/^Blind/)).toBeChecked();
  // this walk pins which answer lands as A or B: sides stay put (blind.spec.ts draws them)
  await expect(form.getByLabel(/^Randomise sides/)).toBeChecked();
  await form.getByLabel(/^Randomise sides/).uncheck();
  await form.getByRole("button", { name: "Create queue" }).click();
  await expect(page.getByRole("heading", { name: queueName, level: 1 })).toBeVisible();
  const queueId = Number(new URL(page.url()).pathname.split("/").at(-1));
  await expect(page.getByRole("progressbar", { name: "Queue progress" })).toHaveAttribute("aria-valuenow", "0");
  await expect(page.getByText("0 of 3 done")).toBeVisible();
  await expect(page.getByRole("table", { name: "Queue items" }).getByRole("row")).toHaveCount(4);
  await page.goto("/review");
  const listed = page.getByRole("table", { name: "Review queues" }).getByRole("row").filter({ hasText: queueName });
  await expect(listed).toContainText("All pairs");
  await expect(listed).toContainText("blind");
  await expect(listed).toContainText(ROLE_PEOPLE.admin.name);
  await expect(listed.getByRole("link", { name: runName })).toHaveAttribute("href", `/runs/${runId}`);

  // Rita: blind on the first item, asks for the AI's judgment on the second, ties the third
  const rita = await pageAs(browser, "reviewer1");
  await rita.goto(`/review/${queueId}`);
  await rita.getByRole("link", { name: "Start reviewing" }).click();
  await expect(rita.getByText("Item 1 of 3 · done 0/3")).toBeVisible();
  await expect(rita.getByRole("button", { name: "Show AI judgment" })).toBeVisible();
  await expect(judgmentOf(rita, runName)).toHaveCount(0);
  await press(rita, items[0], "1");
  await expect(rita).toHaveURL(new RegExp(`/review/${queueId}/${items[1]}$`));
  await expect(itemHeading(rita, items[1])).toBeVisible();
  await rita.getByRole("button", { name: "Show AI judgment" }).click();
  const verdict = judgmentOf(rita, runName).getByRole("region", { name: `Verdict of Labeling run ${runName}` });
  await expect(verdict.getByRole("img", { name: new RegExp(`^P\\(A\\) used ${verdicts[1].pAUsed.toFixed(3)}`) })).toBeVisible();
  await press(rita, items[1], "2");
  await expect(rita).toHaveURL(new RegExp(`/review/${queueId}/${items[2]}$`));
  await press(rita, items[2], "3");
  await expect(rita.getByRole("heading", { name: "Your answer: Tie" })).toBeVisible();
  await expect(rita.getByRole("status").filter({ hasText: "No more items after this one" })).toBeVisible();
  // answered, so the judgment is on screen now
  await expect(judgmentOf(rita, runName)).toBeVisible();

  // back with k, forward with j, and the tie changed to A: both answers stay in her history
  await press(rita, items[2], "k");
  await expect(itemHeading(rita, items[1])).toBeVisible();
  await expect(rita.getByRole("heading", { name: "Your answer: B is better" })).toBeVisible();
  await press(rita, items[1], "j");
  await press(rita, items[2], "1");
  await expect(rita.getByRole("heading", { name: "Your answer: A is better" })).toBeVisible();
  const history = rita.getByRole("list", { name: "Your answers" }).getByRole("listitem");
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText(/A is better · .* · after seeing the AI's judgment · current/);
  await expect(history.nth(1)).toContainText(/Tie · .* · blind · replaced/);
  await rita.context().close();

  // what was stored: blind, then after the reveal, then the change after seeing the judgment
  const ritaLabels = await queryE2eDatabase<{ comparisonId: number; choice: string; sawAi: boolean; superseded: boolean }>(
    `SELECT h."comparisonId", h.choice::text, h."sawAi", h."supersededAt" IS NOT NULL AS superseded FROM "HumanLabel" h JOIN "User" u ON u.id = h."userId"
      WHERE u.email = $1 AND h."queueId" = $2 ORDER BY h.id`,
    [ROLE_PEOPLE.reviewer1.email, queueId],
  );
  expect(ritaLabels).toEqual([
    { comparisonId: items[0], choice: "A", sawAi: false, superseded: false },
    { comparisonId: items[1], choice: "B", sawAi: true, superseded: false },
    { comparisonId: items[2], choice: "TIE", sawAi: false, superseded: true },
    { comparisonId: items[2], choice: "A", sawAi: true, superseded: false },
  ]);

  // Rob: A on the first, walks j then k, B on the second blind, B on the third after the reveal
  const rob = await pageAs(browser, "reviewer2");
  await rob.goto(`/review/${queueId}`);
  await rob.getByRole("link", { name: "Start reviewing" }).click();
  await expect(rob.getByRole("button", { name: "Show AI judgment" })).toBeVisible();
  await press(rob, items[0], "1");
  await press(rob, items[1], "j");
  await press(rob, items[2], "k");
  await press(rob, items[1], "2");
  await expect(itemHeading(rob, items[2])).toBeVisible();
  await rob.getByRole("button", { name: "Show AI judgment" }).click();
  await expect(judgmentOf(rob, runName)).toBeVisible();
  await press(rob, items[2], "2");
  await expect(rob.getByRole("status").filter({ hasText: "The queue is done: all 3 items have 2 answers." })).toBeVisible();
  await expect(rob.getByText("Item 3 of 3 · done 3/3")).toBeVisible();
  await rob.context().close();

  // Vic reads the first item: the AI's judgment, no answer buttons, and the API refuses an answer
  const vic = await pageAs(browser, "viewer");
  await vic.goto(`/review/${queueId}/${items[0]}`);
  await expect(itemHeading(vic, items[0])).toBeVisible();
  await expect(vic.getByText("Read only: reviewers answer here.")).toBeVisible();
  await expect(judgmentOf(vic, runName)).toBeVisible();
  await expect(vic.getByRole("group", { name: "Answers" })).toHaveCount(0);
  await expect(vic.getByRole("button", { name: /^(A is better|B is better|Tie|Skip|Flag) \(/ })).toHaveCount(0);
  const refused = await apiPost(vic.request, baseURL!, `/api/review/queues/${queueId}/answers`, { comparisonId: items[0], choice: "A", sawAi: true });
  expect(refused.status()).toBe(403);
  await vic.goto("/review");
  await expect(vic.getByRole("button", { name: "New queue" })).toHaveCount(0);
  await vic.context().close();

  // the queue is done
  await page.goto(`/review/${queueId}`);
  await expect(page.getByRole("progressbar", { name: "Queue progress" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByText("3 of 3 done")).toBeVisible();
  await expect(page.getByText("Nothing left in this list.")).toBeVisible();

  // the trail: each pair answered by Rita and by Rob, and Rita's change on the third
  for (const [i, comparisonId] of items.entries()) {
    await page.goto(`/audit?action=label.&entityType=comparison&entityId=${comparisonId}`);
    const trail = page.getByRole("row").filter({ has: page.getByRole("link", { name: `comparison #${comparisonId}` }) });
    await expect(trail.filter({ hasText: ROLE_PEOPLE.reviewer1.email }).filter({ hasText: "label.answer" })).toHaveCount(1);
    await expect(trail.filter({ hasText: ROLE_PEOPLE.reviewer2.email }).filter({ hasText: "label.answer" })).toHaveCount(1);
    await expect(trail.filter({ hasText: ROLE_PEOPLE.reviewer1.email }).filter({ hasText: "label.change" })).toHaveCount(i === 2 ? 1 : 0);
  }

  // agreement between them, by hand: answers (A, A), (B, B), (A, B) on the three pairs
  const ritaAnswers = ["A", "B", "A"];
  const robAnswers = ["A", "B", "B"];
  const n = ritaAnswers.length;
  const observed = ritaAnswers.filter((answer, i) => answer === robAnswers[i]).length / n; // 2/3
  const share = (answers: string[], choice: string) => answers.filter((answer) => answer === choice).length / n;
  const chance = ["A", "B"].reduce((sum, choice) => sum + share(ritaAnswers, choice) * share(robAnswers, choice), 0); // 2/3·1/3 + 1/3·2/3 = 4/9
  const kappa = (observed - chance) / (1 - chance); // (2/9) / (5/9) = 0.4
  expect(kappa).toBeCloseTo(0.4, 12);
  await page.goto(`/agreement?datasetId=${datasetId}&humans=REVIEW`);
  const people = page.getByRole("region", { name: "People against each other" });
  // each figure with its n, a bootstrap interval, and the warning that 3 pairs are too few to rely on
  const cells = people
    .getByRole("row")
    .filter({ hasText: `${ROLE_PEOPLE.reviewer1.email} · ${ROLE_PEOPLE.reviewer2.email}` })
    .getByRole("cell");
  await expect(cells.nth(1)).toHaveText("3 unreliable: 3 pairs < 30");
  await expect(cells.nth(2)).toHaveText(new RegExp(`^${(observed * 100).toFixed(0)}% \\[\\d+%, \\d+%\\]$`));
  await expect(cells.nth(3)).toHaveText(new RegExp(`^${kappa.toFixed(3)} \\[-?\\d\\.\\d\\d, -?\\d\\.\\d\\d\\]$`));
  await expect(people.getByTestId("people-left-out")).toContainText("0 skips and 0 flags");
});
