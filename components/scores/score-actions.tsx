import "server-only";
import { roleAtLeast } from "@/lib/auth/roles";
import { signedInUser } from "@/lib/server/auth/session";
import { scoreFormOptions } from "@/lib/server/scores/form-options";
import { LinkButton } from "@/components/ui/button";
import { FitForm } from "./fit-form";

// For the score charts' pages: the two ways to add scores from the browser, for reviewers (viewers
// see nothing): a scoring run against a SCORER endpoint, and a Bradley-Terry fit to soft labels.
// `open` unfolds it, for a chart with nothing to show.

export async function ScoreActions({ datasetId, open = false }: { datasetId?: number; open?: boolean }) {
  const user = await signedInUser();
  if (!roleAtLeast(user?.role, "REVIEWER")) return null;
  const options = await scoreFormOptions();
  const scoreRun = `/runs/new-score?${new URLSearchParams({ ...(datasetId ? { dataset: String(datasetId) } : {}), over: "chains" })}`;
  return (
    <details open={open} className="mb-6 rounded-lg border border-stone-200 bg-white p-4">
      <summary className="cursor-pointer font-medium text-stone-900">Add scores</summary>
      <div className="mt-3 space-y-5">
        <section aria-labelledby="score-run-heading" className="space-y-2">
          <h2 id="score-run-heading" className="font-semibold text-stone-900">
            From a preference model
          </h2>
          <p className="text-sm text-stone-700">
            A scoring run sends every answer of the chains to a scoring endpoint (a reward model served over HTTP) and stores its scores under a name, by default{" "}
            <span className="font-mono">pm:&lt;endpoint&gt;</span>.{options.endpoints.length === 0 && " There is no scoring endpoint yet: add one of kind SCORER in Settings first."}
          </p>
          <LinkButton href={scoreRun} variant="secondary">
            New scoring run
          </LinkButton>
        </section>
        <section aria-labelledby="fit-heading" className="space-y-2">
          <h2 id="fit-heading" className="font-semibold text-stone-900">
            From soft labels: Bradley-Terry and Elo
          </h2>
          <p className="text-sm text-stone-700">
            Fits a strength to every compared response, prompt by prompt, from a labeling run&apos;s P(A) and/or people&apos;s answers, stored as <span className="font-mono">bt:…</span>{" "}
            (BRADLEY_TERRY and ELO). Fitting again replaces the scores of that name.
          </p>
          <FitForm options={options} datasetId={datasetId} />
        </section>
      </div>
    </details>
  );
}
