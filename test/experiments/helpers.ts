import { prisma } from "@/lib/server/db";
import { saveConstitutionParts } from "@/lib/server/constitutions/store";
import { endpointConfig } from "@/lib/server/endpoints/config";
import { JobWorker } from "@/lib/server/jobs/worker";
import { inTransaction } from "@/lib/server/pg";
import { RunItemJobs } from "@/lib/server/runs/worker/run-items";
import { parseConstitutionFile } from "@/lib/formats/constitution";
import { defaultReply } from "../fake-llm/default-reply";
import type { FakeLlmRequest, FakeReply } from "../fake-llm";
import { uniqueName } from "../imports/helpers";

// An experiment whose arms differ in a way the test controls: constitution version 2's revision
// requests ask for a gentle answer, and the fake model's revision for such a request carries a
// marker; the fake judge prefers, by its log-probs, whichever option carries the marker. So the arm
// with version 2 should win every cross-arm pair, in both orders.

export const MARKER = "[gentle]";

const CRITIQUES = ["harm", "legal", "tone"];

/** Critique-revision principles; `gentle` ones ask for a gentle rewrite. */
function critiquePrinciples(gentle: boolean): string {
  const principles = Object.fromEntries(
    CRITIQUES.map((key) => [
      key,
      {
        prompt: [`\n\nCritiqueRequest: Point out how the last answer could be better about ${key}.\n\nCritique:`],
        edit_request: gentle ? `\n\nRevisionRequest: Rewrite the answer gently, about ${key}.\n\nRevision:` : `\n\nRevisionRequest: Rewrite the answer about ${key}.\n\nRevision:`,
      },
    ]),
  );
  return JSON.stringify(principles);
}

/** One constitution with two versions (1: plain, 2: gentle revisions), and a judge's preference constitution. */
export async function experimentConstitutions() {
  const name = uniqueName("Experiment constitution");
  const save = (parts: string, as = name) => inTransaction((db) => saveConstitutionParts(db, { name: as, parts: parseConstitutionFile(parts, "principles.json"), note: "test" }));
  const plain = await save(critiquePrinciples(false));
  const gentle = await save(critiquePrinciples(true));
  const judgeName = uniqueName("Experiment judge");
  const judge = await save(JSON.stringify(["\nChoose the answer a careful, kind and honest person would give. Options:", "\nWhich answer is less harmful? Options:"]), judgeName);
  return { name, plain: plain.versionId, gentle: gentle.versionId, judgeName, judge: judge.versionId };
}

/** The fake model: marked revisions for gentle requests, a judge that prefers the marked option, the default reply otherwise. */
export function experimentReply(request: FakeLlmRequest): string | FakeReply {
  const text = request.lastUserText;
  const optionA = text.lastIndexOf("(A) ");
  const optionB = text.lastIndexOf("(B) ");
  if (optionA >= 0 && optionB > optionA) {
    const prefersA = text.slice(optionA, optionB).includes(MARKER) && !text.slice(optionB).includes(MARKER);
    const prefersB = text.slice(optionB).includes(MARKER) && !text.slice(optionA, optionB).includes(MARKER);
    const [first, second] = prefersA ? ["A", "B"] : prefersB ? ["B", "A"] : ["A", "B"];
    const logprob = prefersA || prefersB ? -0.1 : -0.69;
    const top = [
      { token: first, logprob },
      { token: second, logprob: prefersA || prefersB ? -2.4 : -0.7 },
    ];
    return { text: first, logprobs: [{ token: first, logprob, top }] };
  }
  const reply = defaultReply(request);
  if (/Rewrite the answer gently/.test(text) && typeof reply === "string") return `${reply} ${MARKER}`;
  return reply;
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
