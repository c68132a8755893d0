import Link from "next/link";

export interface EndpointOption {
  id: number;
  name: string;
  kind: "OPENAI_COMPATIBLE" | "ANTHROPIC";
  model: string;
  supportsLogprobs: boolean | null;
  /** the last Test's outcome; null when never tested */
  lastTestOk?: boolean | null;
}

const KIND_LABELS: Record<EndpointOption["kind"], string> = { OPENAI_COMPATIBLE: "OpenAI-compatible", ANTHROPIC: "Anthropic Messages" };

/**
 * Whether the endpoint gives token log-probs: what the paper's labels are read from. Not known
 * either when it was never tested or when its last test failed before it could tell: "failed".
 */
export function logprobSupport(endpoint: Pick<EndpointOption, "supportsLogprobs" | "lastTestOk"> & { kind: string }): "yes" | "no" | "untested" | "failed" {
  if (endpoint.kind === "ANTHROPIC") return "no";
  if (endpoint.supportsLogprobs === null) return endpoint.lastTestOk === false ? "failed" : "untested";
  return endpoint.supportsLogprobs ? "yes" : "no";
}

/** The words for logprobSupport's answer. */
export const LOGPROB_SUPPORT_TEXT: Record<ReturnType<typeof logprobSupport>, string> = {
  yes: "yes",
  no: "no",
  untested: "not tested yet",
  failed: "unknown, the last test failed",
};

export function EndpointFacts({ endpoint }: { endpoint: EndpointOption }) {
  const support = logprobSupport(endpoint);
  return (
    <>
      Model <span className="font-mono">{endpoint.model}</span> · {KIND_LABELS[endpoint.kind]} · log-probs:{" "}
      <span className="font-medium text-stone-900">{LOGPROB_SUPPORT_TEXT[support]}</span>
      {(support === "untested" || support === "failed") && (
        <>
          {" "}
          (<Link href="/settings">test it in Settings</Link>)
        </>
      )}
    </>
  );
}
