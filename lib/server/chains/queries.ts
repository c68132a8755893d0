import "server-only";
import { recordedFields } from "@/lib/schemas/run-config";
import { bothNeighbours, pastInDataset, type Neighbours } from "@/lib/server/prompts/dataset-walk";
import { readTurns } from "@/lib/server/prompts/turns";
import { db, prisma } from "../db";

// One critique-revision chain for the chain viewer, with its neighbours: a run's chains follow each
// other in prompt order (the (runId, promptId) unique index answers "the next one" directly), and
// imported chains, which belong to no run, follow each other within their prompt's dataset.

export async function findChainView(id: number) {
  const chain = await prisma.chain.findUnique({
    where: { id },
    select: {
      id: true,
      promptId: true,
      runId: true,
      createdAt: true,
      prompt: { select: { id: true, turns: true, datasetId: true, dataset: { select: { id: true, name: true } } } },
      initialResponse: { select: { id: true, text: true, producer: true, origin: true, llmCallId: true } },
      constitutionVersion: { select: { id: true, version: true, constitution: { select: { name: true } } } },
      run: { select: { id: true, name: true, status: true, config: true } },
      steps: {
        orderBy: { index: "asc" },
        select: {
          index: true,
          critique: true,
          critiqueCallId: true,
          revisionCallId: true,
          revision: { select: { id: true, text: true, producer: true } },
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
  });
  if (!chain) return null;
  const [neighbours, importInfo] = await Promise.all([
    chain.runId !== null ? runNeighbours(chain.runId, chain.promptId) : datasetNeighbours(chain.prompt.datasetId, chain.promptId, chain.id),
    chain.runId === null ? importOf(chain.id) : Promise.resolve(null),
  ]);
  const revisions = chain.run ? recordedFields("SL_CAI", chain.run.config).revisions : undefined;
  return {
    id: chain.id,
    createdAt: chain.createdAt.toISOString(),
    prompt: { id: chain.prompt.id, dataset: chain.prompt.dataset, turns: readTurns(chain.prompt.turns) },
    initialResponse: chain.initialResponse,
    constitutionVersion: chain.constitutionVersion,
    run: chain.run && { id: chain.run.id, name: chain.run.name, status: chain.run.status },
    import: importInfo,
    /** the steps the chain will have when done: the run's N, or what an imported chain holds */
    plannedSteps: revisions ?? chain.steps.length,
    steps: chain.steps,
    previousId: neighbours.previous,
    nextId: neighbours.next,
  };
}

export type ChainViewData = NonNullable<Awaited<ReturnType<typeof findChainView>>>;
export type ChainViewStep = ChainViewData["steps"][number];

async function runNeighbours(runId: number, promptId: number): Promise<Neighbours> {
  const step = (forward: boolean) =>
    db
      .selectFrom("Chain")
      .select("id")
      .where("runId", "=", runId)
      .where("promptId", forward ? ">" : "<", promptId)
      .orderBy("promptId", forward ? "asc" : "desc")
      .limit(1)
      .executeTakeFirst();
  return bothNeighbours(step);
}

/**
 * Imported chains of the same dataset, ordered by (prompt, chain): a prompt may hold several. The
 * walk along Chain's promptId index is bounded by the dataset's first and last prompt ids (one probe
 * each of the (datasetId, id) index), so the last chain of a small dataset does not scan the chains
 * of every dataset imported after it to learn that it has no next one.
 */
async function datasetNeighbours(datasetId: number, promptId: number, chainId: number): Promise<Neighbours> {
  const step = (forward: boolean) =>
    db
      .selectFrom("Chain as c")
      .innerJoin("Prompt as p", "p.id", "c.promptId")
      .select("c.id")
      .where("c.runId", "is", null)
      .where("p.datasetId", "=", datasetId)
      .where(pastInDataset({ datasetId, promptId, id: chainId }, forward))
      .orderBy("c.promptId", forward ? "asc" : "desc")
      .orderBy("c.id", forward ? "asc" : "desc")
      .limit(1)
      .executeTakeFirst();
  return bothNeighbours(step);
}

/** The import an imported chain came with (Chain.importId has no relation in the schema). */
async function importOf(chainId: number): Promise<{ id: number; fileName: string } | null> {
  const row = await db.selectFrom("Chain as c").innerJoin("Import as i", "i.id", "c.importId").select(["i.id", "i.fileName"]).where("c.id", "=", chainId).executeTakeFirst();
  return row ?? null;
}
