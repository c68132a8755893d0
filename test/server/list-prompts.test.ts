import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db";
import { countPrompts, listPrompts } from "@/lib/server/prompts/list";
import type { PromptListQuery } from "@/lib/schemas/prompts";
import { createDataset, createPrompts } from "../factories";
import { importedDataset } from "../runs/harness";

afterAll(() => prisma.$disconnect());

const WORDS = ["roommate", "landlord", "chemistry", "coworker", "recipe"];
let datasetId: number;
let ids: number[];

// 130 prompts: prompt i mentions WORDS[i % 5], is tagged "even" or "odd", has a chain every third, a label every fourth.
beforeAll(async () => {
  const dataset = await createDataset("list");
  datasetId = dataset.id;
  ids = await createPrompts(
    datasetId,
    Array.from({ length: 130 }, (_, i) => ({
      text: `Prompt number ${i} about my ${WORDS[i % WORDS.length]} and the weather`,
      tags: [i % 2 === 0 ? "even" : "odd"],
      chainCount: i % 3 === 0 ? 1 : 0,
      labelCount: i % 4 === 0 ? 2 : 0,
    })),
  );
});

/** Follows "Next" from the first page to the end and returns every id seen, in order. */
async function walkForward(query: PromptListQuery, searchWindow?: number): Promise<{ ids: number[]; pages: number }> {
  const seen: number[] = [];
  let before: number | undefined;
  let pages = 0;
  do {
    const page = await listPrompts({ ...query, before }, { searchWindow });
    seen.push(...page.rows.map((row) => row.id));
    before = page.nextBefore;
    pages++;
  } while (before !== undefined && pages < 100);
  return { ids: seen, pages };
}

const newestFirst = (list: number[]) => [...list].sort((a, b) => b - a);
const idsWhere = (keep: (i: number) => boolean) => ids.filter((_, i) => keep(i));

describe("listPrompts", () => {
  it("pages through a dataset by id, newest first, with no row twice and none missed", async () => {
    const walk = await walkForward({ dataset: datasetId, limit: 25 });
    expect(walk.ids).toEqual(newestFirst(ids));
    expect(walk.pages).toBe(6); // 25 * 5 + 5
  });

  it("an exact multiple of the page size ends without an empty page", async () => {
    const walk = await walkForward({ dataset: datasetId, limit: 26 });
    expect(walk.ids).toEqual(newestFirst(ids));
    expect(walk.pages).toBe(5);
  });

  it("goes back with Previous to exactly the pages it came through", async () => {
    const first = await listPrompts({ dataset: datasetId, limit: 20 });
    const second = await listPrompts({ dataset: datasetId, limit: 20, before: first.nextBefore });
    const third = await listPrompts({ dataset: datasetId, limit: 20, before: second.nextBefore });
    expect(first.prevAfter).toBeUndefined();
    const backToSecond = await listPrompts({ dataset: datasetId, limit: 20, after: third.prevAfter });
    expect(backToSecond.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    const backToFirst = await listPrompts({ dataset: datasetId, limit: 20, after: backToSecond.prevAfter });
    expect(backToFirst.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(backToFirst.prevAfter).toBeUndefined();
    expect(backToFirst.nextBefore).toBe(first.nextBefore);
  });

  it("applies tag, has-chains and has-labels filters, alone and together", async () => {
    expect((await walkForward({ dataset: datasetId, tag: "even", limit: 30 })).ids).toEqual(newestFirst(idsWhere((i) => i % 2 === 0)));
    expect((await walkForward({ dataset: datasetId, hasChains: true, limit: 30 })).ids).toEqual(newestFirst(idsWhere((i) => i % 3 === 0)));
    expect((await walkForward({ dataset: datasetId, hasLabels: true, limit: 30 })).ids).toEqual(newestFirst(idsWhere((i) => i % 4 === 0)));
    expect((await walkForward({ dataset: datasetId, tag: "odd", hasChains: true, limit: 7 })).ids).toEqual(newestFirst(idsWhere((i) => i % 2 === 1 && i % 3 === 0)));
  });

  it("searches every word as a prefix, with stemming, combined with filters and paging", async () => {
    const roommates = newestFirst(idsWhere((i) => i % 5 === 0));
    expect((await walkForward({ dataset: datasetId, q: "roommate", limit: 10 })).ids).toEqual(roommates);
    expect((await walkForward({ dataset: datasetId, q: "ROOMM", limit: 10 })).ids).toEqual(roommates);
    expect((await walkForward({ dataset: datasetId, q: "roommates weather", limit: 10 })).ids).toEqual(roommates);
    expect((await walkForward({ dataset: datasetId, q: "roommate chemistry", limit: 10 })).ids).toEqual([]);
    expect((await walkForward({ dataset: datasetId, q: "roommate", tag: "even", limit: 4 })).ids).toEqual(newestFirst(idsWhere((i) => i % 10 === 0)));
  });

  it("finds the same rows when a search window splits a page between its id walk and the index", async () => {
    // windows smaller than a page, and of sizes that fall on, before and after page edges
    for (const searchWindow of [1, 7, 26, 40]) {
      expect((await walkForward({ dataset: datasetId, q: "roommate", limit: 6 }, searchWindow)).ids).toEqual(newestFirst(idsWhere((i) => i % 5 === 0)));
      expect((await walkForward({ dataset: datasetId, q: "weather", limit: 11 }, searchWindow)).ids).toEqual(newestFirst(ids));
    }
  });

  it("goes back through a split search to the pages it came through", async () => {
    const options = { searchWindow: 9 };
    const query = { dataset: datasetId, q: "landlord", limit: 4 };
    const pages = [await listPrompts(query, options)];
    while (pages.at(-1)!.nextBefore !== undefined) pages.push(await listPrompts({ ...query, before: pages.at(-1)!.nextBefore }, options));
    expect(pages.flatMap((page) => page.rows.map((row) => row.id))).toEqual(newestFirst(idsWhere((i) => i % 5 === 1)));
    let page = pages.at(-1)!;
    for (let i = pages.length - 2; i >= 0; i--) {
      page = await listPrompts({ ...query, after: page.prevAfter }, options);
      expect(page.rows.map((row) => row.id)).toEqual(pages[i].rows.map((row) => row.id));
    }
    expect(page.prevAfter).toBeUndefined();
  });

  it("treats search text as words only, never as SQL or tsquery syntax", async () => {
    for (const q of ['\'; DROP TABLE "Prompt"; --', "roommate & !landlord | (", "roommate:* <-> x", "\\'"]) {
      const page = await listPrompts({ dataset: datasetId, q });
      expect(Array.isArray(page.rows)).toBe(true);
    }
    expect((await listPrompts({ dataset: datasetId, q: "roommate & !landlord | (" })).rows.length).toBe(0);
    expect((await listPrompts({ dataset: datasetId, q: "!!! ???" })).rows).toEqual([]);
    expect(await prisma.prompt.count({ where: { datasetId } })).toBe(130);
  });

  it("returns the columns the table shows", async () => {
    const [row] = (await listPrompts({ dataset: datasetId, limit: 1 })).rows;
    const dataset = await prisma.dataset.findUniqueOrThrow({ where: { id: datasetId } });
    expect(row).toMatchObject({
      id: ids.at(-1),
      preview: "Prompt number 129 about my recipe and the weather",
      datasetId,
      datasetName: dataset.name,
      tags: ["odd"],
      turns: 1,
      chains: 1,
      labels: 0,
    });
    expect(new Date(row.createdAt).getTime()).not.toBeNaN();
  });

  it("previews the last user turn of a multi-turn conversation", async () => {
    const dataset = await createDataset("turns");
    const prompt = await prisma.prompt.create({
      data: {
        datasetId: dataset.id,
        turns: [
          { role: "user", content: "first question" },
          { role: "assistant", content: "an answer" },
          { role: "user", content: "the follow-up" },
        ],
        text: "first question\n\nan answer\n\nthe follow-up",
        contentHash: `multi-${dataset.id}`,
      },
    });
    const page = await listPrompts({ dataset: dataset.id });
    expect(page.rows).toMatchObject([{ id: prompt.id, preview: "the follow-up", turns: 3 }]);
  });

  it("finds words in answers, revisions and critiques too when asked, and in prompts alone by default", async () => {
    // the fixture's first chain: "unpleasant" only in its initial answer, "tenancy" only in a
    // revision, "harassment" only in a critique; none is in any prompt
    const chains = await importedDataset("sl-chains.jsonl");
    for (const q of ["unpleasant", "tenancy", "harassment"]) {
      for (const searchWindow of [undefined, 1]) {
        const page = await listPrompts({ dataset: chains.id, q, in: "all" }, { searchWindow });
        expect(
          page.rows.map((row) => row.preview),
          `${q}, window ${searchWindow}`,
        ).toEqual(["How can I make my roommate move out without telling her?"]);
      }
      expect((await listPrompts({ dataset: chains.id, q })).rows).toEqual([]);
      expect((await listPrompts({ dataset: chains.id, q, in: "prompts" })).rows).toEqual([]);
      expect(await countPrompts({ dataset: chains.id, q, in: "all" })).toEqual({ count: 1 });
      expect(await countPrompts({ dataset: chains.id, q })).toEqual({ count: 0 });
    }
  });

  it("counts what a query matches, whatever page it is on", async () => {
    expect(await countPrompts({ dataset: datasetId })).toEqual({ count: 130 });
    expect(await countPrompts({ dataset: datasetId, q: "roommate", before: ids[100] })).toEqual({ count: 26 });
    expect(await countPrompts({ dataset: datasetId, tag: "even", hasChains: true })).toEqual({ count: idsWhere((i) => i % 6 === 0).length });
    expect(await countPrompts({ dataset: datasetId, q: "!!!" })).toEqual({ count: 0 });
  });
});
