import { LlmError } from "../../lib/llm/errors";

/** The LlmError a call against the fake server ended in; fails the test if it succeeded or threw anything else. */
export async function llmErrorFrom(call: Promise<unknown>): Promise<LlmError> {
  const outcome = await call.then(
    () => new Error("expected the call to fail, but it succeeded"),
    (caught: unknown) => caught,
  );
  if (!(outcome instanceof LlmError)) throw outcome instanceof Error ? outcome : new Error(String(outcome));
  return outcome;
}
