import { TextBlock } from "@/components/ui/text-block";
import type { EndpointTestResult } from "@/lib/schemas/endpoints";

/** What a Test press found: the answer, latency, model and log-prob support, or why it failed. */
export function TestResultView({ result, label }: { result: EndpointTestResult; label: string }) {
  if (result.error) {
    return (
      <div role="alert" aria-label={label} className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-900">
        <p className="font-semibold">Test failed</p>
        <TextBlock text={result.error} className="mt-1 text-sm" />
        {result.logprobs && <p className="mt-1 text-sm">log-probs {result.logprobs}</p>}
      </div>
    );
  }
  return (
    <section aria-label={label} className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-stone-900">
      <p className="text-sm font-semibold text-green-900">Test passed</p>
      <TextBlock text={result.answer ?? ""} className="mt-1" />
      <p className="mt-1 text-sm text-stone-700">
        {result.latencyMs.toLocaleString("en-US")} ms · model {result.model} ·{" "}
        <span className={result.logprobs === "available" ? "font-semibold text-green-900" : "font-semibold text-amber-900"}>log-probs {result.logprobs}</span>
      </p>
      {result.logprobs !== "available" && <p className="mt-1 text-sm text-stone-700">Preference labels from this endpoint will need the sampling fallback instead of log-probs.</p>}
    </section>
  );
}
