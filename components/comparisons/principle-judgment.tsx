import Link from "next/link";
import { formatProbability } from "@/components/ui/label-format";
import { FlipBadge } from "@/components/labels/flip-badge";
import { TextBlock } from "@/components/ui/text-block";
import type { PrincipleJudgment as PrincipleJudgmentData } from "@/lib/server/comparisons/detail";
import { OrderLabel } from "./order-label";

/** One preference principle's labels: its question, then the pair judged in each order. */
export function PrincipleJudgment({ comparisonId, judgment, clamp }: { comparisonId: number; judgment: PrincipleJudgmentData; clamp: { low: number; high: number } | null }) {
  const { principle } = judgment;
  const name = principle?.key ?? "principle not recorded";
  return (
    <li aria-label={`Principle ${name}`} className="rounded-lg border border-stone-200 bg-stone-50 p-3">
      <h4 className="flex flex-wrap items-center gap-2 font-semibold text-stone-900">
        <span>
          Principle{" "}
          {principle ? (
            <Link href={`/constitutions/versions/${principle.versionId}#preference-${encodeURIComponent(principle.key)}`} className="font-mono">
              {principle.key}
            </Link>
          ) : (
            <span className="text-stone-600">{name}</span>
          )}
        </span>
        {judgment.flip === true && <FlipBadge />}
        {judgment.flip === false && <span className="text-sm font-normal text-stone-600">both orders agree</span>}
        {judgment.flip === null && <span className="text-sm font-normal text-stone-600">judged in one order only</span>}
        <span className="text-sm font-normal text-stone-700 tabular-nums">
          · order-averaged P(A) {formatProbability(judgment.pA)}
          {judgment.pAUsed !== judgment.pA && <>, used (clamped) {formatProbability(judgment.pAUsed)}</>}
        </span>
      </h4>
      {principle?.text && <TextBlock text={principle.text.trim()} className="mt-1 text-stone-700" />}
      {judgment.flip === true && (
        <p className="mt-1 text-sm font-medium text-amber-950">
          The order flipped the verdict: in order (A, B) the judge preferred response {judgment.orders[0].pA > 0.5 ? "A" : "B"}, in order (B, A) response{" "}
          {judgment.orders[1].pA > 0.5 ? "A" : "B"}.
        </p>
      )}
      <div className="mt-3 grid gap-3 lg:grid-cols-2">
        {judgment.orders.map((label) => (
          <OrderLabel key={label.id} comparisonId={comparisonId} label={label} clamp={clamp} />
        ))}
      </div>
    </li>
  );
}
