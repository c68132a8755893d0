import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { takesImportedAnswers } from "@/lib/cai/exports/imported-answers";
import type { ExportDefinition, ExportLayoutName } from "@/lib/schemas/exports";
import type { DefinitionNames } from "@/lib/server/exports/views";

// A saved definition in words, every filter listed (those its layout does not read said so), each
// id linked to its item. Phrases are user text: shown as text.

export function DefinitionSummary({ layout, definition: d, names }: { layout: ExportLayoutName; definition: ExportDefinition; names: DefinitionNames }) {
  const answer = layout !== "PREFERENCE";
  const pairs = layout !== "SFT";
  const unused = <span className="text-stone-500"> (not read by this layout)</span>;
  const rows: [string, ReactNode][] = [
    [
      "Datasets",
      d.datasetIds.length === 0
        ? "every dataset"
        : list(
            d.datasetIds.map((id) => (
              <Link key={id} href={`/prompts?dataset=${id}`}>
                {names.datasets.get(id) ?? `#${id} (deleted)`}
              </Link>
            )),
          ),
    ],
    [
      "Runs",
      d.runIds.length === 0
        ? "every run and import"
        : list(
            d.runIds.map((id) => (
              <Link key={id} href={`/runs/${id}`}>
                {names.runs.get(id) ?? `#${id} (deleted)`}
              </Link>
            )),
          ),
    ],
    [
      "Constitution version",
      d.constitutionVersionId ? <Link href={`/constitutions/versions/${d.constitutionVersionId}`}>{names.version ?? `#${d.constitutionVersionId} (deleted)`}</Link> : "any",
    ],
    ["Endpoint", d.endpointId ? (names.endpoint ?? `#${d.endpointId} (deleted)`) : "any"],
    ["Principles", d.principleKeys.length === 0 ? "any" : list(d.principleKeys.map((key) => <code key={key}>{key}</code>))],
    [
      "Answer",
      <>
        {d.revision === "final"
          ? "the final revision"
          : d.revision === "all"
            ? "every revision (one row per step)"
            : d.revision === 0
              ? "the initial answer (revision 0)"
              : `revision ${d.revision}`}
        {!answer && unused}
      </>,
    ],
    [
      "Answers that came with imported prompts",
      <>
        {yesNo(d.importedAnswers)}
        {d.importedAnswers && layout === "SFT" && !takesImportedAnswers(d) && <span className="text-stone-500"> (not read: a filter only chains meet is set)</span>}
        {layout !== "SFT" && unused}
      </>,
    ],
    [
      "Minimum confidence |P(A) − 0.5|",
      <>
        {d.minConfidence}
        {!pairs && unused}
      </>,
    ],
    [
      "Only pairs a person answered",
      <>
        {yesNo(d.humanReviewedOnly)}
        {!pairs && unused}
      </>,
    ],
    [
      "A person's answer wins",
      <>
        {yesNo(d.humanWins)}
        {!pairs && unused}
      </>,
    ],
    [
      "Leave out order flips",
      <>
        {yesNo(d.excludeFlips)}
        {!pairs && unused}
      </>,
    ],
    [
      "Leave out flagged pairs",
      <>
        {yesNo(d.excludeFlagged)}
        {!pairs && unused}
      </>,
    ],
    ["Leave out evasive answers", yesNo(d.excludeEvasive)],
    ["Leave out answers containing", d.excludePhrases.length === 0 ? "nothing" : list(d.excludePhrases.map((p) => <q key={p}>{p}</q>))],
    [
      "Test fraction and seed",
      <>
        {d.testFraction} · seed {d.seed}
        {layout !== "H4_CAI" && unused}
      </>,
    ],
  ];
  return (
    <dl className="grid max-w-4xl grid-cols-1 gap-x-6 gap-y-2 rounded-lg border border-stone-200 bg-white p-4 text-sm sm:grid-cols-[max-content_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-stone-700">{label}</dt>
          <dd className="text-stone-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function yesNo(value: boolean): string {
  return value ? "yes" : "no";
}

function list(items: ReactNode[]): ReactNode {
  return items.map((item, i) => (
    <Fragment key={i}>
      {i > 0 && ", "}
      {item}
    </Fragment>
  ));
}
