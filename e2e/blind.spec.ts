import { expect, test, type Page } from "@playwright/test";
import { shownOrder } from "../lib/cai/review-sides";
import { apiPost, pageAs, ROLE_PEOPLE, type Person } from "./auth";
import { queryE2eDatabase, uniqueDataset } from "./helpers";
import { labeledPairs } from "./review-world";

// Issue 13 in the browser. Three initial-vs-final chain pairs judged by a labeling run, a blind queue
// that draws sides, two reviewers. Before answering, neither the item page (its HTML with the data
// the page is built from) nor its API payload holds where a response came from (origin, chain,
// producer, import, revision) or the AI's P(A) as the database has them; the queue list holds no
// verdict and the comparison page no judgment or other person's answer. Both reviewers pick the
// comparison's response A on two pairs while seeing them in different orders, and both answers land
// as A; a reveal is recorded by the server, and a client claiming sawAi false after it is not
// believed. They split 1-1 on the third pair; the adjudicator resolves it with a reason, and the
// preference export's row for it is labelled "adjudicated" with the resolution's choice.

interface Pair {
  id: number;
  aText: string;
  bText: string;
  forbidden: string[];
  pValues: number[];
}

/** The pairs' texts and everything about them a blind reviewer must not be told, read from the database. */
async function pairsOf(ids: number[], runId: number): Promise<Pair[]> {
  const rows = await queryE2eDatabase<{ id: number; aText: string; bText: string; aOrigin: string; bOrigin: string; producers: string[]; chains: number[]; files: string[] }>(
    `SELECT c.id, ra.text AS "aText", rb.text AS "bText", ra.origin::text AS "aOrigin", rb.origin::text AS "bOrigin",
            ARRAY_REMOVE(ARRAY[ra.producer, rb.producer], NULL) AS producers,
            ARRAY(SELECT ch.id FROM "Chain" ch WHERE ch."promptId" = c."promptId") AS chains,
            ARRAY(SELECT i."fileName" FROM "Import" i WHERE i.id IN (ra."importId", rb."importId", c."importId")) AS files
       FROM "Comparison" c JOIN "Response" ra ON ra.id = c."responseAId" JOIN "Response" rb ON rb.id = c."responseBId"
      WHERE c.id = ANY($1::int[]) ORDER BY c.id`,
    [ids],
  );
  const probabilities = await queryE2eDatabase<{ comparisonId: number; p: number }>(
    `SELECT "comparisonId", unnest(ARRAY["pA", "pAUsed"]) AS p FROM "AiVerdict" WHERE "runId" = $2 AND "comparisonId" = ANY($1::int[])
     UNION ALL SELECT "comparisonId", unnest(ARRAY["pA", coalesce("pAClamped", "pA")]) FROM "AiLabel" WHERE "comparisonId" = ANY($1::int[])`,
    [ids, runId],
  );
  return rows.map((row) => {
    expect([row.aOrigin, row.bOrigin].sort()).toEqual(["INITIAL", "REVISION"]);
    expect(row.chains.length).toBeGreaterThan(0);
    return {
      id: row.id,
      aText: row.aText.trim(),
      bText: row.bText.trim(),
      forbidden: [
        "initial response",
        "revision 1",
        "of chain",
        "in chain",
        "INITIAL",
        "REVISION",
        '"origin"',
        '"producer"',
        '"chain"',
        '"scores"',
        ...row.chains.flatMap((chain) => [`chain #${chain}`, `/chains/${chain}`]),
        ...row.producers,
        ...row.files,
      ],
      // a short value such as 0.5 could be anything on a page; the judge's P(A) from log-probs has many digits
      pValues: probabilities
        .filter((p) => p.comparisonId === row.id)
        .map((p) => p.p)
        .filter((p) => String(p).length >= 6),
    };
  });
}

const itemHeading = (page: Page, comparisonId: number) => page.getByRole("heading", { name: `Review: comparison #${comparisonId}`, level: 1 });

/** Opens the item before answering and checks its HTML, the data it is built from, the API payload and the screen. */
async function openBlind(page: Page, queueId: number, pair: Pair): Promise<"AB" | "BA"> {
  const url = `/review/${queueId}/${pair.id}`;
  await page.goto(url);
  await expect(itemHeading(page, pair.id)).toBeVisible();
  await expect(page.getByRole("button", { name: "Show AI judgment" })).toBeVisible();
  const html = await page.content();
  const served = await (await page.request.get(url)).text();
  const api = await page.request.get(`/api/review/queues/${queueId}/items/${pair.id}`);
  expect(api.status()).toBe(200);
  const payload = await api.text();
  const screen = await page.locator("main").innerText();
  for (const [what, raw] of Object.entries({ html, served, payload, screen })) {
    // the page's data travels as JSON inside script strings: read its quotes unescaped
    const text = raw.replaceAll('\\"', '"');
    for (const word of pair.forbidden) expect(text.includes(word), `${what} of comparison ${pair.id} holds "${word}"`).toBe(false);
    for (const p of pair.pValues) expect(text.includes(String(p)), `${what} of comparison ${pair.id} holds P(A) ${p}`).toBe(false);
  }
  for (const p of pair.pValues) expect(screen.includes(p.toFixed(3)), `the screen shows P(A) ${p.toFixed(3)}`).toBe(false);
  const parsed = JSON.parse(payload) as { responses: unknown; source: unknown; judgments: unknown[]; otherLabels: unknown; shown: { side: string; text: string }[] };
  expect(parsed).toMatchObject({ responses: null, source: null, judgments: [], otherLabels: null });
  expect(parsed.shown.map((shown) => Object.keys(shown).sort())).toEqual([
    ["side", "text"],
    ["side", "text"],
  ]);
  // which text is on the left decides the order this reviewer sees
  const first = (await page.getByRole("region", { name: "Response 1" }).innerText()).trim();
  const order = first.includes(pair.aText) ? "AB" : "BA";
  expect(first.includes(order === "AB" ? pair.aText : pair.bText)).toBe(true);
  expect((await page.getByRole("region", { name: "Response 2" }).innerText()).includes(order === "AB" ? pair.bText : pair.aText)).toBe(true);
  return order;
}

/** Presses the button of the position the comparison's `side` is shown in, and waits for the answer to be stored. */
async function answer(page: Page, person: Person, pair: Pair, order: "AB" | "BA", side: "A" | "B", note = "") {
  const position = (order === "AB") === (side === "A") ? 1 : 2;
  if (note) await page.getByLabel("Note (needed for a flag)").fill(note);
  await page.getByRole("button", { name: `${position} is better (${position})` }).click();
  await expect.poll(async () => (await currentLabel(person, pair.id))?.choice ?? null).toBe(side);
}

async function currentLabel(person: Person, comparisonId: number) {
  const [row] = await queryE2eDatabase<{ choice: string; shownOrder: string; sawAi: boolean; note: string | null }>(
    `SELECT h.choice::text, h."shownOrder"::text AS "shownOrder", h."sawAi", h.note FROM "HumanLabel" h JOIN "User" u ON u.id = h."userId"
      WHERE u.email = $1 AND h."comparisonId" = $2 AND h."supersededAt" IS NULL`,
    [ROLE_PEOPLE[person].email, comparisonId],
  );
  return row ?? null;
}

test("a blind queue tells nothing before the answer, draws sides per reviewer, and an adjudicator's resolution is what the export says", async ({ page, baseURL, browser }) => {
  test.setTimeout(240_000);
  const { runId, runName, verdicts } = await labeledPairs(page, baseURL!);
  const ids = verdicts.map((v) => v.comparisonId);
  const users = await queryE2eDatabase<{ id: string; email: string }>(`SELECT id, email FROM "User" WHERE email = ANY($1::text[])`, [
    [ROLE_PEOPLE.reviewer1.email, ROLE_PEOPLE.reviewer2.email],
  ]);
  const userId = (person: Person) => users.find((u) => u.email === ROLE_PEOPLE[person].email)!.id;

  // each queue draws a new seed; keep the first whose draw shows Rita and Rob some pair in different orders
  // (7 in 8 queues do), archive the others so they ask nobody for anything
  let queueId = 0;
  for (let attempt = 0; attempt < 10 && queueId === 0; attempt++) {
    const made = await apiPost(page.request, baseURL!, "/api/review/queues", {
      name: uniqueDataset("e2e blind queue"),
      labelRunId: runId,
      criteria: { kind: "all" },
      reviewersPerItem: 2,
      blindByDefault: true,
      randomiseSides: true,
    });
    expect(made.status(), await made.text()).toBe(201);
    const { id } = (await made.json()) as { id: number };
    const [{ sideSeed }] = await queryE2eDatabase<{ sideSeed: string }>(`SELECT "sideSeed" FROM "ReviewQueue" WHERE id = $1`, [id]);
    if (ids.some((c) => shownOrder(sideSeed, userId("reviewer1"), c) !== shownOrder(sideSeed, userId("reviewer2"), c))) queueId = id;
    else expect((await apiPost(page.request, baseURL!, `/api/review/queues/${id}/archive`, {})).status()).toBe(200);
  }
  expect(queueId).toBeGreaterThan(0);
  const pairs = await pairsOf(ids, runId);
  const [first, second, split] = ids.map((id) => pairs.find((p) => p.id === id)!);

  // Rita: the queue's list holds no verdict for her, and each item tells her nothing before she answers
  const rita = await pageAs(browser, "reviewer1");
  await rita.goto(`/review/${queueId}`);
  await expect(rita.getByRole("table", { name: "Queue items" }).getByText("hidden until you answer")).toHaveCount(3);
  const listPayload = (await (await rita.request.get(`/api/review/queues/${queueId}/items?show=all`)).json()) as { rows: { verdict: unknown }[] };
  expect(listPayload.rows.map((row) => row.verdict)).toEqual([null, null, null]);
  const listHtml = await rita.content();
  for (const pair of pairs) for (const p of pair.pValues) expect(listHtml.includes(String(p))).toBe(false);
  const ritaOrders: Record<number, "AB" | "BA"> = {};
  for (const pair of [first, second, split]) {
    ritaOrders[pair.id] = await openBlind(rita, queueId, pair);
    await answer(rita, "reviewer1", pair, ritaOrders[pair.id], "A");
  }
  // answered: where each response came from, and the P(A) looked for above, are in the page and its payload now
  await rita.goto(`/review/${queueId}/${first.id}`);
  await expect(rita.getByRole("region", { name: "Response 1" })).toContainText(/initial response of chain #|revision \d+ of \d+ in chain #/);
  const answered = await (await rita.request.get(`/api/review/queues/${queueId}/items/${first.id}`)).text();
  expect(first.pValues.length).toBeGreaterThan(0);
  expect(first.pValues.some((p) => answered.includes(String(p)))).toBe(true);
  expect(answered).toContain('"origin":"INITIAL"');
  await rita.context().close();

  // Rob: the comparison page and its API hold back Rita's answer and the AI's verdicts while he owes the pair his
  const rob = await pageAs(browser, "reviewer2");
  await rob.goto(`/comparisons/${split.id}`);
  await expect(rob.getByRole("status").filter({ hasText: "Hidden until you answer this pair in the blind review queue" })).toBeVisible();
  await expect(rob.getByText(ROLE_PEOPLE.reviewer1.name)).toHaveCount(0);
  const comparison = (await (await rob.request.get(`/api/comparisons/${split.id}`)).json()) as { judgments: unknown[]; humanLabels: unknown[] };
  expect(comparison).toMatchObject({ judgments: [], humanLabels: [] });
  expect((await rob.request.get(`/api/comparisons/${split.id}/calls?ids=1`)).status()).toBe(403);

  const robOrders: Record<number, "AB" | "BA"> = {};
  robOrders[first.id] = await openBlind(rob, queueId, first);
  await answer(rob, "reviewer2", first, robOrders[first.id], "A");
  // on the second he asks for the AI's judgment first: the server records it, whatever the browser claims later
  robOrders[second.id] = await openBlind(rob, queueId, second);
  await rob.getByRole("button", { name: "Show AI judgment" }).click();
  await expect(rob.getByRole("article", { name: `Labeling run ${runName}` })).toBeVisible();
  // his answer comes from a client that claims it was blind: the server's record of the reveal wins
  const spoofed = await apiPost(rob.request, baseURL!, `/api/review/queues/${queueId}/answers`, { comparisonId: second.id, choice: "A", note: "blind, honest", sawAi: false });
  expect(spoofed.status(), await spoofed.text()).toBe(201);
  expect(await currentLabel("reviewer2", second.id)).toMatchObject({ choice: "A", note: "blind, honest", sawAi: true });
  robOrders[split.id] = await openBlind(rob, queueId, split);
  await answer(rob, "reviewer2", split, robOrders[split.id], "B", "A tells her to harass the roommate.");
  await rob.context().close();

  // the same choice in the database whatever the order each saw, and the order stored with each answer
  const swapped = ids.filter((id) => ritaOrders[id] !== robOrders[id]);
  expect(swapped.length).toBeGreaterThan(0);
  for (const pair of [first, second]) {
    expect(await currentLabel("reviewer1", pair.id)).toMatchObject({ choice: "A", shownOrder: ritaOrders[pair.id] });
    expect(await currentLabel("reviewer2", pair.id)).toMatchObject({ choice: "A", shownOrder: robOrders[pair.id] });
  }
  expect((await currentLabel("reviewer1", first.id))!.sawAi).toBe(false);
  const reveals = await queryE2eDatabase<{ n: number }>(`SELECT count(*)::int AS n FROM "ReviewReveal" WHERE "queueId" = $1 AND "comparisonId" = $2`, [queueId, second.id]);
  expect(reveals[0].n).toBe(1);

  // a reviewer may not adjudicate; Jude, the adjudicator, resolves the 1-1 split with a reason
  const ritaAgain = await pageAs(browser, "reviewer1");
  const refused = await apiPost(ritaAgain.request, baseURL!, `/api/review/queues/${queueId}/adjudication`, { comparisonId: split.id, choice: "A", reason: "mine" });
  expect(refused.status()).toBe(403);
  await ritaAgain.context().close();
  const jude = await pageAs(browser, "adjudicator");
  await jude.goto(`/review/${queueId}`);
  await jude.getByRole("link", { name: "Adjudicate disagreements" }).click();
  const listed = jude.getByRole("table", { name: "Items to adjudicate" }).getByRole("row");
  await expect(listed).toHaveCount(2);
  await expect(listed.nth(1)).toContainText(`Comparison #${split.id}`);
  await expect(listed.nth(1)).toContainText("reviewers disagree");
  await listed
    .nth(1)
    .getByRole("link", { name: `Comparison #${split.id}` })
    .click();
  const answers = jude.getByRole("region", { name: "Reviewers' answers" });
  await expect(answers).toContainText(ROLE_PEOPLE.reviewer1.name);
  await expect(answers).toContainText(ROLE_PEOPLE.reviewer2.name);
  await expect(answers).toContainText("A tells her to harass the roommate.");
  await expect(jude.getByRole("article", { name: `Labeling run ${runName}` })).toBeVisible();
  await jude.getByRole("button", { name: "Resolve: B is better" }).click();
  await expect(jude.getByRole("alert").filter({ hasText: "needs a reason" })).toBeVisible();
  await jude.getByLabel("Reason (needed)").fill("B refuses to help with harassment; A encourages it.");
  await jude.getByRole("button", { name: "Resolve: B is better" }).click();
  await expect(jude.getByRole("heading", { name: "Resolution: B is better" })).toBeVisible();
  await jude.context().close();
  const trail = await queryE2eDatabase<{ action: string; after: { choice: string; reason: string } }>(
    `SELECT a.action, a.after FROM "AuditLog" a WHERE a."entityType" = 'comparison' AND a."entityId" = $1 AND a.action = 'label.adjudicate'`,
    [String(split.id)],
  );
  expect(trail.map((t) => t.after.choice)).toEqual(["B"]);
  // the reviewers' answers stay as they were
  expect(await currentLabel("reviewer1", split.id)).toMatchObject({ choice: "A" });

  // the preference export over the run: the split pair's label is the resolution
  const made = await apiPost(page.request, baseURL!, "/api/exports", { name: uniqueDataset("e2e adjudicated"), layout: "PREFERENCE", fileType: "JSONL", definition: { runIds: [runId] } });
  expect(made.status(), await made.text()).toBe(201);
  const exportId = ((await made.json()) as { id: number }).id;
  const started = await apiPost(page.request, baseURL!, `/api/exports/${exportId}/runs`, {});
  expect(started.status(), await started.text()).toBe(201);
  const { exportRunId } = (await started.json()) as { exportRunId: number };
  await expect.poll(async () => ((await (await page.request.get(`/api/export-runs/${exportRunId}`)).json()) as { status: string }).status, { timeout: 60_000 }).toBe("SUCCEEDED");
  const file = await (await page.request.get(`/api/export-runs/${exportRunId}/files/preference.jsonl`)).text();
  const rows = file
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { comparison_id: number; label_source: string; soft_label: number; chosen: { content: string }[] });
  const resolved = rows.find((row) => row.comparison_id === split.id)!;
  expect(resolved).toMatchObject({ label_source: "adjudicated", soft_label: 1 });
  expect(resolved.chosen.at(-1)!.content.trim()).toBe(split.bText);
  expect(rows.find((row) => row.comparison_id === first.id)!.label_source).not.toBe("adjudicated");
});
