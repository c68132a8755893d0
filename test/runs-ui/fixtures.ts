import { readFileSync } from "node:fs";
import path from "node:path";
import { parseConstitutionFile } from "@/lib/formats/constitution";
import { saveConstitutionParts } from "@/lib/server/constitutions/store";
import { prisma } from "@/lib/server/db";
import { inTransaction } from "@/lib/server/pg";
import { createDataset, createPrompts } from "../factories";
import { FIXTURES, uniqueName } from "../imports/helpers";

// Runs written straight into the tables, shaped as the engine writes them (chains, steps, revision
// responses, one LlmCall per call key). The read side is tested on rows it can predict; no queue
// jobs are made, so a worker that another test file runs on the same database never touches them.

export async function constitutionVersion(): Promise<{ versionId: number; principleIds: number[] }> {
  const parts = parseConstitutionFile(readFileSync(path.join(FIXTURES, "principles.json"), "utf8"), "principles.json");
  const saved = await inTransaction((db) => saveConstitutionParts(db, { name: uniqueName("Runs UI constitution"), parts, note: "test" }));
  const principles = await prisma.principle.findMany({ where: { versionId: saved.versionId, kind: "CRITIQUE_REVISION" }, orderBy: { position: "asc" } });
  return { versionId: saved.versionId, principleIds: principles.map((p) => p.id) };
}

export async function endpointRow(kind: "OPENAI_COMPATIBLE" | "ANTHROPIC" = "OPENAI_COMPATIBLE") {
  return prisma.modelEndpoint.create({
    // nothing listens there: these runs are never worked on
    data: { name: uniqueName("runs-ui"), kind, baseUrl: "http://127.0.0.1:9/v1", model: "fake-chat" },
  });
}

export interface ItemSpec {
  status: "PENDING" | "CLAIMED" | "DONE" | "FAILED" | "CANCELLED";
  /** critique-revision steps written so far; undefined: no chain (not even an initial response) */
  steps?: number;
  error?: { kind: string; message: string };
}

export interface MadeRun {
  runId: number;
  datasetId: number;
  endpointId: number;
  versionId: number;
  promptIds: number[];
  /** chain id by prompt id, for the items that have one */
  chains: Map<number, number>;
  callIds: number[];
}

/** A dataset with one prompt per item spec, and a run over it in `status`. */
export async function makeRun(
  specs: ItemSpec[],
  options: { status?: "QUEUED" | "RUNNING" | "PAUSED" | "CANCELLED" | "SUCCEEDED" | "FAILED"; revisions?: number; name?: string } = {},
): Promise<MadeRun> {
  const revisions = options.revisions ?? 2;
  const [dataset, endpoint, version] = await Promise.all([createDataset("runs-ui"), endpointRow(), constitutionVersion()]);
  const promptIds = await createPrompts(
    dataset.id,
    specs.map((_, i) => ({ text: `Prompt ${i + 1}: how do I pick a lock?` })),
  );
  const finished = options.status === "SUCCEEDED" || options.status === "FAILED" || options.status === "CANCELLED";
  const run = await prisma.run.create({
    data: {
      kind: "SL_CAI",
      name: options.name ?? uniqueName("run"),
      status: options.status ?? "RUNNING",
      datasetId: dataset.id,
      endpointId: endpoint.id,
      constitutionVersionId: version.versionId,
      startedAt: new Date(Date.now() - 90_000),
      finishedAt: finished ? new Date() : null,
      config: {
        name: "",
        datasetId: dataset.id,
        filter: { withoutChains: false },
        endpointId: endpoint.id,
        constitutionVersionId: version.versionId,
        revisions,
        sampling: { mode: "fixed" },
        fewShot: false,
        promptFormat: "chat",
        reuseExistingResponse: true,
        params: { temperature: 0.5 },
        concurrency: 4,
        endpoint: { name: endpoint.name, kind: endpoint.kind, model: endpoint.model },
      },
    },
  });
  const chains = new Map<number, number>();
  const callIds: number[] = [];
  for (const [i, spec] of specs.entries()) {
    const promptId = promptIds[i];
    const item = await prisma.runItem.create({
      data: {
        runId: run.id,
        promptId,
        status: spec.status,
        attempts: spec.status === "PENDING" ? 0 : 1,
        errorKind: spec.error?.kind,
        error: spec.error?.message,
        finishedAt: spec.status === "DONE" || spec.status === "FAILED" ? new Date() : null,
      },
    });
    if (spec.error) await prisma.runError.create({ data: { runId: run.id, runItemId: item.id, kind: spec.error.kind, message: spec.error.message, retried: false } });
    if (spec.steps === undefined) continue;
    const call = async (callKey: string, reply: string) => {
      const made = await prisma.llmCall.create({
        data: {
          runId: run.id,
          runItemId: item.id,
          callKey,
          endpointId: endpoint.id,
          model: "fake-chat",
          reply,
          finishReason: "stop",
          request: { messages: [{ role: "user", content: `Prompt ${i + 1}: how do I pick a lock?` }], temperature: 0.5 },
          promptTokens: 20,
          completionTokens: 10,
          latencyMs: 42,
        },
      });
      callIds.push(made.id);
      return made.id;
    };
    const initialText = `Initial ${i + 1}: use a tension wrench and a pick.`;
    const initial = await prisma.response.create({
      data: { promptId, text: initialText, origin: "INITIAL", producer: "fake-chat", runId: run.id, llmCallId: await call("initial", initialText) },
    });
    const chain = await prisma.chain.create({ data: { promptId, initialResponseId: initial.id, constitutionVersionId: version.versionId, runId: run.id } });
    chains.set(promptId, chain.id);
    for (let step = 1; step <= spec.steps; step++) {
      const critiqueCallId = await call(`step${step}.critique`, `Critique ${step} of prompt ${i + 1}.`);
      const revisionText = `Revision ${step}: ask the owner of the lock for help instead.`;
      const revisionCallId = await call(`step${step}.revision`, revisionText);
      const revision = await prisma.response.create({
        data: { promptId, text: revisionText, origin: "REVISION", producer: "fake-chat", runId: run.id, llmCallId: revisionCallId },
      });
      await prisma.chainStep.create({
        data: {
          chainId: chain.id,
          index: step,
          principleId: version.principleIds[(step - 1) % version.principleIds.length],
          critique: `Critique ${step} of prompt ${i + 1}.`,
          revisionId: revision.id,
          critiqueCallId,
          revisionCallId,
        },
      });
    }
  }
  return { runId: run.id, datasetId: dataset.id, endpointId: endpoint.id, versionId: version.versionId, promptIds, chains, callIds };
}
