import { Section } from "@/components/ui/section";
import { RELIABLE_ITEMS } from "@/lib/cai/agreement-intervals";
import type { Interval } from "@/lib/cai/bootstrap";
import type { AgreementReport, AgreementScore } from "@/lib/server/agreement/report";

// Numbers with what they are out of: an accuracy of 1.00 over 2 answers says little. Every figure
// shows its n (pairs) and a 95% interval from a seeded bootstrap over pairs; below RELIABLE_ITEMS
// pairs it says the figure is unreliable; the answers a figure leaves out are counted and explained.

export function AgreementView({ report }: { report: AgreementReport }) {
  const { aiVsHuman, humanVsHuman } = report;
  const { leftOut } = aiVsHuman;
  return (
    <>
      <Section title="The AI against people" id="ai">
        <p className="mb-3 max-w-3xl text-sm text-stone-700">
          Each AI verdict (P(A) above 0.5 means it prefers A) against each person's A or B answer on the same pair. Cohen's kappa corrects the share of agreement for what chance alone would
          give: 0 is chance, 1 is perfect. Brackets hold a 95% interval: a percentile bootstrap over pairs ({aiVsHuman.overall.resamples} resamples, seeded, so the same data gives the same
          interval). A figure over fewer than {RELIABLE_ITEMS} pairs is marked unreliable.
        </p>
        <ScoreTable rows={[{ label: "All verdicts", ...aiVsHuman.overall }]} />
        <p className="mt-3 max-w-3xl text-sm text-stone-700" data-testid="ai-left-out">
          Left out: {count(leftOut.ties, "tie")} and {count(leftOut.skips, "skip")} (no side to agree with), {count(leftOut.flags, "flag")} (the pair itself is in question),{" "}
          {count(leftOut.aiUndecided, "answer")} on pairs where the AI said exactly 0.5 (no side), and {count(leftOut.notJudged, "answer")} on pairs the AI has no verdict on.
        </p>
      </Section>
      <Section title="Is the AI right more often when it is confident?" id="confidence">
        <p className="mb-3 max-w-3xl text-sm text-stone-700">
          Confidence is |P(A) − 0.5|: 0 is a coin toss, 0.5 certainty. A well-calibrated judge agrees with people more in the higher bins.
        </p>
        <ScoreTable rows={aiVsHuman.byConfidence.map((bin) => ({ label: `${bin.low.toFixed(1)}–${bin.high.toFixed(1)}`, ...bin }))} first="Confidence" />
      </Section>
      <Section title="Per principle" id="principles">
        <ScoreTable rows={aiVsHuman.byPrinciple.map((p) => ({ label: p.key, ...p }))} empty="No principle's labels on pairs people answered." />
      </Section>
      <Section title="Per endpoint" id="endpoints">
        <ScoreTable rows={aiVsHuman.byEndpoint.map((e) => ({ label: e.name, ...e }))} empty="No verdicts on pairs people answered." />
      </Section>
      <Section title="People against each other" id="people">
        <p className="mb-3 max-w-3xl text-sm text-stone-700">
          Krippendorff's alpha over everyone ({humanVsHuman.raters} people, n = {humanVsHuman.units} pairs with two or more answers):{" "}
          <strong>{humanVsHuman.alpha === null ? "not defined yet" : humanVsHuman.alpha.toFixed(3)}</strong> <IntervalText interval={humanVsHuman.alphaInterval} />
          {humanVsHuman.units > 0 && !humanVsHuman.reliable && (
            <>
              {" "}
              <Unreliable items={humanVsHuman.units} />
            </>
          )}
          . Ties count as answers here. Cohen's kappa for each two people who answered the same pairs:
        </p>
        {humanVsHuman.pairs.length === 0 ? (
          <p className="text-stone-600">No two people have answered the same pair yet.</p>
        ) : (
          <table className="w-full max-w-4xl text-sm">
            <thead className="text-left text-stone-700">
              <tr>
                <th className="py-1 font-medium">People</th>
                <th className="py-1 font-medium">Pairs</th>
                <th className="py-1 font-medium">Same answer</th>
                <th className="py-1 font-medium">Kappa</th>
              </tr>
            </thead>
            <tbody>
              {humanVsHuman.pairs.map((p) => (
                <tr key={`${p.raterA}|${p.raterB}`} className="border-t border-stone-100">
                  <td className="py-1.5">
                    {p.raterA} · {p.raterB}
                  </td>
                  <td className="py-1.5">
                    {p.n}
                    {!p.reliable && (
                      <>
                        {" "}
                        <Unreliable items={p.n} />
                      </>
                    )}
                  </td>
                  <td className="py-1.5">
                    {(p.observed * 100).toFixed(0)}% <IntervalText interval={p.observedInterval} percent />
                  </td>
                  <td className="py-1.5">
                    {p.kappa === null ? "—" : p.kappa.toFixed(3)} <IntervalText interval={p.kappaInterval} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="mt-3 max-w-3xl text-sm text-stone-700" data-testid="people-left-out">
          Left out: {count(humanVsHuman.leftOut.skips, "skip")} and {count(humanVsHuman.leftOut.flags, "flag")} (not an answer about which is better), and{" "}
          {count(humanVsHuman.leftOut.oneRater, "answer")} on pairs only one person answered (nobody to agree with).
        </p>
      </Section>
    </>
  );
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function ScoreTable({ rows, empty, first = "" }: { rows: (AgreementScore & { label: string })[]; empty?: string; first?: string }) {
  if (rows.length === 0) return <p className="text-stone-600">{empty}</p>;
  return (
    <table className="w-full max-w-4xl text-sm">
      <thead className="text-left text-stone-700">
        <tr>
          <th className="py-1 font-medium">{first}</th>
          <th className="py-1 font-medium">Pairs</th>
          <th className="py-1 font-medium">Answers</th>
          <th className="py-1 font-medium">Agree</th>
          <th className="py-1 font-medium">Accuracy</th>
          <th className="py-1 font-medium">Kappa</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} className="border-t border-stone-100">
            <td className="py-1.5 font-medium">{r.label}</td>
            <td className="py-1.5">
              {r.items}
              {r.items > 0 && !r.reliable && (
                <>
                  {" "}
                  <Unreliable items={r.items} />
                </>
              )}
            </td>
            <td className="py-1.5">{r.n}</td>
            <td className="py-1.5">{r.agree}</td>
            <td className="py-1.5">
              <Bar value={r.accuracy} /> <IntervalText interval={r.accuracyInterval} />
            </td>
            <td className="py-1.5">
              {r.kappa === null ? "—" : r.kappa.toFixed(3)} <IntervalText interval={r.kappaInterval} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function IntervalText({ interval, percent = false }: { interval: Interval | null; percent?: boolean }) {
  if (interval === null) return null;
  const show = (v: number) => (percent ? `${(v * 100).toFixed(0)}%` : v.toFixed(2));
  return (
    <span className="text-stone-600" title="95% interval: percentile bootstrap over pairs">
      [{show(interval.low)}, {show(interval.high)}]
    </span>
  );
}

function Unreliable({ items }: { items: number }) {
  return (
    <span
      className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900"
      title={`Fewer than ${RELIABLE_ITEMS} pairs: the interval is wide and the figure may move a lot with more answers.`}
    >
      unreliable: {items} {items === 1 ? "pair" : "pairs"} &lt; {RELIABLE_ITEMS}
    </span>
  );
}

function Bar({ value }: { value: number | null }) {
  if (value === null) return <span className="text-stone-500">—</span>;
  return (
    <span className="inline-flex items-center gap-2">
      <span className="inline-block h-2 w-24 rounded bg-stone-200" aria-hidden>
        <span className="block h-2 rounded bg-blue-700" style={{ width: `${Math.round(value * 100)}%` }} />
      </span>
      {value.toFixed(2)}
    </span>
  );
}
