import Link from "next/link";
import { formatDateTime } from "@/components/ui/format";
import type { SaveOutcome, VersionEditState } from "@/lib/schemas/constitutions";
import type { VersionRuns } from "@/lib/server/constitutions/queries";

/** Whether the version is frozen and why, and the runs that used it. */
export function VersionStatus({ version, state, runs }: { version: number; state: VersionEditState; runs: VersionRuns }) {
  return (
    <section aria-label="Version status" className="mb-8 max-w-5xl rounded-lg border border-stone-200 bg-white px-4 py-3">
      <p>
        {state.frozen ? (
          <>
            <span className="mr-2 rounded bg-amber-100 px-1.5 py-0.5 text-sm font-semibold text-amber-950">Frozen</span>
            {capitalised(state.reasons.join("; "))}. Editing it makes v{state.latestVersion + 1}; v{version} stays exactly as it is.
          </>
        ) : (
          <>
            <span className="mr-2 rounded bg-blue-100 px-1.5 py-0.5 text-sm font-semibold text-blue-950">Not used yet</span>
            {state.isLatest
              ? `No run, chain or label uses v${version}: it can be edited in place.`
              : `No run, chain or label uses v${version}, but it is not the latest version: editing it makes v${state.latestVersion + 1}.`}
          </>
        )}
      </p>
      {runs.total > 0 && (
        <div className="mt-3">
          <h2 className="text-sm font-semibold text-stone-700">
            Runs that used v{version} ({runs.total.toLocaleString("en-US")})
          </h2>
          <ul className="mt-1 space-y-0.5 text-sm">
            {runs.runs.map((run) => (
              <li key={run.id}>
                <Link href={`/runs/${run.id}`}>
                  Run #{run.id}
                  {run.name ? ` · ${run.name}` : ""}
                </Link>{" "}
                <span className="text-stone-600">
                  {run.kind} · {run.status.toLowerCase()} · {formatDateTime(run.createdAt)}
                </span>
              </li>
            ))}
          </ul>
          {runs.total > runs.runs.length && <p className="mt-1 text-sm text-stone-600">and {(runs.total - runs.runs.length).toLocaleString("en-US")} older runs.</p>}
        </div>
      )}
    </section>
  );
}

const SAVE_MESSAGES: Record<SaveOutcome, (version: number, from: number | undefined) => string> = {
  "in-place": (version) => `Saved: v${version} was changed in place (nothing used it yet).`,
  "new-version": (version, from) => `Saved as v${version}.${from ? ` v${from} is frozen and stays as it was.` : ""}`,
  unchanged: (version) => `Nothing changed: v${version} already held these texts.`,
};

/** The message after a save, from the page's ?saved=...&from=... */
export function SaveNotice({ outcome, version, from }: { outcome: string | undefined; version: number; from: number | undefined }) {
  if (!outcome || !(outcome in SAVE_MESSAGES)) return null;
  return (
    <p role="status" className="mb-6 max-w-5xl rounded-md bg-green-50 px-3 py-2 font-medium text-green-950">
      {SAVE_MESSAGES[outcome as SaveOutcome](version, from)}
    </p>
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
