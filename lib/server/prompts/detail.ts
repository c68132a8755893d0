import "server-only";
import { prisma } from "@/lib/server/db";
import { readTurns } from "@/lib/server/prompts/turns";

// Everything recorded about one prompt, for its page. Four independent reads run side by side, each
// a handful of indexed queries by promptId (Prisma batches each relation level into one IN query),
// so the cost does not grow with the number of chains or comparisons.

export async function findPromptDetail(id: number) {
  const [prompt, responses, chains, comparisons] = await Promise.all([
    prisma.prompt.findUnique({
      where: { id },
      select: {
        id: true,
        turns: true,
        tags: true,
        sourceLine: true,
        createdAt: true,
        chainCount: true,
        comparisonCount: true,
        labelCount: true,
        dataset: { select: { id: true, name: true } },
        import: { select: { id: true, fileName: true, format: true, createdAt: true } },
      },
    }),
    prisma.response.findMany({
      where: { promptId: id },
      orderBy: { id: "asc" },
      select: {
        id: true,
        text: true,
        origin: true,
        producer: true,
        importId: true,
        runId: true,
        createdAt: true,
        scores: { orderBy: { id: "asc" }, select: { id: true, name: true, value: true, source: true } },
      },
    }),
    prisma.chain.findMany({
      where: { promptId: id },
      orderBy: { id: "asc" },
      select: {
        id: true,
        initialResponseId: true,
        importId: true,
        runId: true,
        createdAt: true,
        steps: {
          orderBy: { index: "asc" },
          select: {
            index: true,
            critique: true,
            revisionId: true,
            principle: {
              select: {
                key: true,
                critiqueRequest: true,
                revisionRequest: true,
                versionId: true,
                version: { select: { version: true, constitution: { select: { name: true } } } },
              },
            },
          },
        },
      },
    }),
    prisma.comparison.findMany({
      where: { promptId: id },
      orderBy: { id: "asc" },
      select: {
        id: true,
        source: true,
        responseAId: true,
        responseBId: true,
        importId: true,
        runId: true,
        aiVerdicts: { orderBy: { id: "asc" }, select: { id: true, runId: true, pA: true, pAUsed: true, flips: true, principles: true, chainOfThought: true } },
        humanLabels: {
          orderBy: { id: "asc" },
          select: { id: true, choice: true, source: true, sourceName: true, note: true, supersededAt: true, createdAt: true, user: { select: { name: true, email: true } } },
        },
        aiLabels: {
          orderBy: { id: "asc" },
          select: { id: true, order: true, method: true, pA: true, pAClamped: true, reasoning: true, principle: { select: { key: true, versionId: true } } },
        },
      },
    }),
  ]);
  if (!prompt) return null;
  return { ...prompt, turns: readTurns(prompt.turns), responses, chains, comparisons };
}

export type PromptDetail = NonNullable<Awaited<ReturnType<typeof findPromptDetail>>>;
export type ResponseDetail = PromptDetail["responses"][number];
export type ChainDetail = PromptDetail["chains"][number];
export type ComparisonDetail = PromptDetail["comparisons"][number];
