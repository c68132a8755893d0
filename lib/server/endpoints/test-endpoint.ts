import "server-only";
import { callWithRetry, completeWithRetry, createModelClient, LlmError, type EndpointConfig } from "@/lib/llm";
import { ScorerClient } from "@/lib/llm/scorer";
import { abortableSleep } from "@/lib/llm/abortable-sleep";
import { redactSecret } from "@/lib/llm/redact";
import type { EndpointDraftTestInput, EndpointTestResult, LogprobAvailability } from "@/lib/schemas/endpoints";
import { prisma } from "../db";
import { NotFoundError, UserError } from "../errors";
import { draftEndpointConfig, endpointConfig } from "./config";

// The settings page's Test button: one short call through the same client and retry layer a run
// uses, so a passing test means a run can reach the endpoint. It asks for log-probs because RL-CAI
// labels need them, and the answer tells the page whether they came back.

export const TEST_PROMPT = "Reply with one short sentence.";
// A person is waiting: a couple of tries with a short timeout, never a minute-long Retry-After
const TEST_TIMEOUT_MS = 20_000;
const TEST_MAX_ATTEMPTS = 2;
const TEST_MAX_WAIT_MS = 3_000;
const TEST_MAX_TOKENS = 100;

/**
 * Tests a saved endpoint and records the outcome (passed or failed, and when), and whether it
 * returns log-probs when the call got far enough to tell: a failed test is "failed", not "untested".
 */
export async function testEndpoint(id: number): Promise<EndpointTestResult> {
  let result: EndpointTestResult;
  try {
    result = await runTest((await endpointConfig(id)).config);
  } catch (error) {
    result = configProblem(error, await configuredModel(id));
  }
  await prisma.modelEndpoint.update({
    where: { id },
    data: { lastTestOk: result.error === undefined, lastTestedAt: new Date(), ...(result.logprobs ? { supportsLogprobs: result.logprobs === "available" } : {}) },
  });
  return result;
}

/** Tests the settings form as it stands, without saving anything. */
export async function testEndpointDraft(draft: EndpointDraftTestInput): Promise<EndpointTestResult> {
  let config: EndpointConfig;
  try {
    config = await draftEndpointConfig(draft);
  } catch (error) {
    return configProblem(error, draft.model);
  }
  return runTest(config);
}

async function runTest(config: EndpointConfig): Promise<EndpointTestResult> {
  if (config.kind === "SCORER") return runScorerTest(config);
  const client = createModelClient(config);
  const startedAt = performance.now();
  let lastError: LlmError | undefined;
  try {
    const completion = await completeWithRetry(
      client,
      {
        messages: [{ role: "user", content: TEST_PROMPT }],
        // Anthropic has no log-probs: asking would only be ignored
        topLogprobs: client.supportsLogprobs === false ? undefined : 5,
        maxTokens: Math.min(config.params.maxTokens ?? TEST_MAX_TOKENS, TEST_MAX_TOKENS),
        timeoutMs: Math.min(config.params.timeoutMs ?? TEST_TIMEOUT_MS, TEST_TIMEOUT_MS),
      },
      {
        maxAttempts: TEST_MAX_ATTEMPTS,
        baseDelayMs: 500,
        maxDelayMs: TEST_MAX_WAIT_MS,
        onRetry: (error) => (lastError = error),
        // A server asking for a long wait fails the test now, with its own message
        sleep: (ms, signal) => (ms > TEST_MAX_WAIT_MS && lastError ? Promise.reject(lastError) : abortableSleep(ms, signal)),
      },
    );
    const logprobs: LogprobAvailability = client.supportsLogprobs === false ? "not supported by this API" : completion.logprobs?.length ? "available" : "not returned";
    return { answer: completion.text.trim(), latencyMs: Math.round(completion.latencyMs), model: completion.model, logprobs };
  } catch (error) {
    if (!(error instanceof LlmError)) throw error;
    return failedTest(error, config, startedAt, client.supportsLogprobs === false ? "not supported by this API" : null);
  }
}

/** A scoring endpoint: one short exchange scored, through the same client and retries a scoring run uses. */
async function runScorerTest(config: EndpointConfig): Promise<EndpointTestResult> {
  const startedAt = performance.now();
  const timeoutMs = Math.min(config.params.timeoutMs ?? TEST_TIMEOUT_MS, TEST_TIMEOUT_MS);
  try {
    const scorer = new ScorerClient({ ...config, params: { ...config.params, timeoutMs } });
    const result = await callWithRetry(() => scorer.score({ messages: [{ role: "user", content: TEST_PROMPT }], response: "Hello." }), undefined, {
      maxAttempts: TEST_MAX_ATTEMPTS,
      baseDelayMs: 500,
      maxDelayMs: TEST_MAX_WAIT_MS,
    });
    return { answer: `score ${result.value}`, latencyMs: Math.round(result.latencyMs), model: result.model, logprobs: "not supported by this API" };
  } catch (error) {
    if (!(error instanceof LlmError)) throw error;
    return failedTest(error, config, startedAt, "not supported by this API");
  }
}

/** A test that ended in an error: what the settings page shows, the key redacted once more. */
function failedTest(error: LlmError, config: EndpointConfig, startedAt: number, logprobs: LogprobAvailability | null): EndpointTestResult {
  return {
    answer: null,
    latencyMs: Math.round(performance.now() - startedAt),
    model: config.model,
    logprobs,
    // lib/llm already redacts; this is the last gate before the browser
    error: redactSecret(describeFailure(error), config.apiKey),
  };
}

function describeFailure(error: LlmError): string {
  const tries = error.attempts && error.attempts > 1 ? ` (after ${error.attempts} attempts)` : "";
  return `${error.message}${tries}`;
}

function configProblem(error: unknown, model: string): EndpointTestResult {
  if (!(error instanceof UserError) || error instanceof NotFoundError) throw error;
  return { answer: null, latencyMs: 0, model, logprobs: null, error: error.message };
}

async function configuredModel(id: number): Promise<string> {
  const row = await prisma.modelEndpoint.findUnique({ where: { id }, select: { model: true } });
  return row?.model ?? "";
}
