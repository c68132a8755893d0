import { prisma } from "@/lib/server/db";
import { saveConstitutionParts } from "@/lib/server/constitutions/store";
import { endpointConfig } from "@/lib/server/endpoints/config";
import { JobWorker } from "@/lib/server/jobs/worker";
import { inTransaction } from "@/lib/server/pg";
import { RunItemJobs } from "@/lib/server/runs/worker/run-items";
import { parseConstitutionFile } from "@/lib/formats/constitution";
import { critiquePairs, JUDGE_QUESTIONS } from "../fake-llm/experiment-reply";
import { uniqueName } from "../imports/helpers";

/** The paper's principles file for these pairs (what the constitution import reads). */
function critiquePrinciples(gentle: boolean): string {
  const pairs = critiquePairs(gentle).map(({ key, critiqueRequest, revisionRequest }) => [
    key,
    { prompt: [`\n\nCritiqueRequest: ${critiqueRequest}\n\nCritique:`], edit_request: `\n\nRevisionRequest: ${revisionRequest}\n\nRevision:` },
  ]);
  return JSON.stringify(Object.fromEntries(pairs));
}

/** One constitution with two versions (1: plain, 2: gentle revisions), and a judge's preference constitution. */
export async function experimentConstitutions() {
  const name = uniqueName("Experiment constitution");
  const save = (parts: string, as = name) => inTransaction((db) => saveConstitutionParts(db, { name: as, parts: parseConstitutionFile(parts, "principles.json"), note: "test" }));
  const plain = await save(critiquePrinciples(false));
  const gentle = await save(critiquePrinciples(true));
  const judgeName = uniqueName("Experiment judge");
  const judge = await save(JSON.stringify(JUDGE_QUESTIONS.map((question) => `\n${question}`)), judgeName);
  return { name, plain: plain.versionId, gentle: gentle.versionId, judgeName, judge: judge.versionId };
}

export async function scorerEndpoint(url: string): Promise<{ id: number; name: string }> {
  return prisma.modelEndpoint.create({ data: { name: uniqueName("reward-model"), kind: "SCORER", baseUrl: url, model: "fake-rm", params: { scoreFormat: "vllm-pooling" } } });
}

/** A worker that works run items but takes no experiment steps: the test moves the experiment on itself. */
export async function itemsOnlyWorker(): Promise<JobWorker> {
  const worker = new JobWorker({
    pollMs: 50,
    heartbeatMs: 300,
    staleSeconds: 3,
    log: () => {},
    handlers: (basics) => [new RunItemJobs({ ...basics, resolveEndpoint: endpointConfig, slots: 16 })],
  });
  await worker.start();
  return worker;
}
