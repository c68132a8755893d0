import type { ConstitutionVersionDetail } from "@/lib/server/constitutions/queries";

type FewShot = ConstitutionVersionDetail["fewShots"][number];

const KIND_TITLES: Record<string, string> = {
  CRITIQUE_REVISION: "Critique-revision few-shot transcripts",
  PREFERENCE: "Preference few-shot examples",
  PREFERENCE_COT: "Chain-of-thought preference few-shot examples",
};

/** Few-shot examples as the model sees them: preformatted, exactly as stored. */
export function FewShotList({ fewShots }: { fewShots: FewShot[] }) {
  const kinds = [...new Set(fewShots.map((example) => example.kind))];
  return (
    <div className="space-y-6">
      {kinds.map((kind) => (
        <section key={kind} aria-label={KIND_TITLES[kind] ?? kind}>
          <h3 className="mb-2 font-semibold">{KIND_TITLES[kind] ?? kind}</h3>
          <ol className="space-y-3">
            {fewShots
              .filter((example) => example.kind === kind)
              .map((example) => (
                <li key={example.id}>
                  <div className="text-xs text-stone-500">Example {example.position + 1}</div>
                  <pre className="max-h-96 overflow-auto rounded-lg border border-stone-200 bg-white px-4 py-3 font-mono text-[13px] whitespace-pre-wrap break-words">
                    {fewShotText(example.content)}
                  </pre>
                </li>
              ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

function fewShotText(content: unknown): string {
  if (typeof content !== "object" || content === null) return String(content);
  const { transcript, prompt, corrects, incorrects } = content as Record<string, unknown>;
  if (typeof transcript === "string") return transcript.trim();
  if (typeof prompt === "string") {
    const list = (label: string, items: unknown) => (Array.isArray(items) && items.length > 0 ? `\n\n${label}:\n${items.map((item) => `  ${String(item).trim()}`).join("\n")}` : "");
    return `${prompt.trim()}${list("Correct answers", corrects)}${list("Incorrect answers", incorrects)}`;
  }
  return JSON.stringify(content, null, 2);
}
