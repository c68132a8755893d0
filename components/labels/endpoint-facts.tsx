import Link from "next/link";

export interface EndpointOption {
  id: number;
  name: string;
  kind: "OPENAI_COMPATIBLE" | "ANTHROPIC";
  model: string;
  supportsLogprobs: boolean | null;
}

const KIND_LABELS: Record<EndpointOption["kind"], string> = { OPENAI_COMPATIBLE: "OpenAI-compatible", ANTHROPIC: "Anthropic Messages" };

/** Whether the endpoint gives token log-probs: what the paper's labels are read from. */
export function logprobSupport(endpoint: EndpointOption): "yes" | "no" | "untested" {
  if (endpoint.kind === "ANTHROPIC") return "no";
  return endpoint.supportsLogprobs === null ? "untested" : endpoint.supportsLogprobs ? "yes" : "no";
}

export function EndpointFacts({ endpoint }: { endpoint: EndpointOption }) {
  const support = logprobSupport(endpoint);
  return (
    <>
      Model <span className="font-mono">{endpoint.model}</span> · {KIND_LABELS[endpoint.kind]} · log-probs:{" "}
      <span className="font-medium text-stone-900">{support === "untested" ? "not tested yet" : support}</span>
      {support === "untested" && <> (<Link href="/settings">test it in Settings</Link>)</>}
    </>
  );
}
