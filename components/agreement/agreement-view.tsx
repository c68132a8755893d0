import { Section } from "@/components/ui/section";
import type { AgreementReport, AgreementScore } from "@/lib/server/agreement/report";

// Numbers with what they are out of: an accuracy of 1.00 over 2 answers says little.

export function AgreementView({ report }: { report: AgreementReport }) {
  const { aiVsHuman, humanVsHuman } = report;
  return (
    <>
      <Section title="The AI against people" id="ai">
        <p className="mb-3 max-w-3xl text-sm text-stone-700">
          Each AI verdict (P(A) above 0.5 means it prefers A) against each person's answer on the same pair. Ties are left out ({aiVsHuman.humanTies} here).
          Cohen's kappa corrects the share of agreement for what chance alone would give: 0 is chance, 1 is perfect.
        </p>
        <ScoreTable rows={[{ label: "All verdicts", ...aiVsHuman.overall }]} />
      </Section>
      <Section title="Is the AI right more often when it is confident?" id="confidence">
        <p className="mb-3 max-w-3xl text-sm text-stone-700">Confidence is |P(A) − 0.5|: 0 is a coin toss, 0.5 certainty. A well-calibrated judge agrees with people more in the higher bins.</p>
        <table className="w-full max-w-3xl text-sm">
          <thead className="text-left text-stone-700">
            <tr><th className="py-1 font-medium">Confidence</th><th className="py-1 font-medium">Answers</th><th className="py-1 font-medium">Agree</th><th className="py-1 font-medium">Accuracy</th></tr>
          </thead>
          <tbody>
            {aiVsHuman.byConfidence.map((bin) => (
              <tr key={bin.low} className="border-t border-stone-100">
                <td className="py-1.5">{bin.low.toFixed(1)}–{bin.high.toFixed(1)}</td>
                <td className="py-1.5">{bin.n}</td>
                <td className="py-1.5">{bin.agree}</td>
                <td className="py-1.5"><Bar value={bin.accuracy} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Per principle" id="principles">
        <ScoreTable rows={aiVsHuman.byPrinciple.map((p) => ({ label: p.key, ...p }))} empty="No principle's labels on pairs people answered." />
      </Section>
      <Section title="Per endpoint" id="endpoints">
        <ScoreTable rows={aiVsHuman.byEndpoint.map((e) => ({ label: e.name, ...e }))} empty="No verdicts on pairs people answered." />
      </Section>
      <Section title="People against each other" id="people">
        <p className="mb-3 max-w-3xl text-sm text-stone-700">
          Krippendorff's alpha over everyone ({humanVsHuman.raters} people, {humanVsHuman.units} pairs with two or more answers):{" "}
          <strong>{humanVsHuman.alpha === null ? "not defined yet" : humanVsHuman.alpha.toFixed(3)}</strong>. Cohen's kappa for each two people who answered the same pairs:
        </p>
        {humanVsHuman.pairs.length === 0 ? (
          <p className="text-stone-600">No two people have answered the same pair yet.</p>
        ) : (
          <table className="w-full max-w-3xl text-sm">
            <thead className="text-left text-stone-700">
              <tr><th className="py-1 font-medium">People</th><th className="py-1 font-medium">Pairs</th><th className="py-1 font-medium">Same answer</th><th className="py-1 font-medium">Kappa</th></tr>
            </thead>
            <tbody>
              {humanVsHuman.pairs.map((p) => (
                <tr key={`${p.raterA}|${p.raterB}`} className="border-t border-stone-100">
                  <td className="py-1.5">{p.raterA} · {p.raterB}</td>
                  <td className="py-1.5">{p.n}</td>
                  <td className="py-1.5">{(p.observed * 100).toFixed(0)}%</td>
                  <td className="py-1.5">{p.kappa === null ? "—" : p.kappa.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}

function ScoreTable({ rows, empty }: { rows: (AgreementScore & { label: string })[]; empty?: string }) {
  if (rows.length === 0) return <p className="text-stone-600">{empty}</p>;
  return (
    <table className="w-full max-w-3xl text-sm">
      <thead className="text-left text-stone-700">
        <tr><th className="py-1 font-medium"></th><th className="py-1 font-medium">Answers</th><th className="py-1 font-medium">Agree</th><th className="py-1 font-medium">Accuracy</th><th className="py-1 font-medium">Kappa</th></tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} className="border-t border-stone-100">
            <td className="py-1.5 font-medium">{r.label}</td>
            <td className="py-1.5">{r.n}</td>
            <td className="py-1.5">{r.agree}</td>
            <td className="py-1.5"><Bar value={r.accuracy} /></td>
            <td className="py-1.5">{r.kappa === null ? "—" : r.kappa.toFixed(3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
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
