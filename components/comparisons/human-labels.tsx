import { formatDateTime } from "@/components/ui/format";
import { TextBlock } from "@/components/ui/text-block";

export interface HumanLabelItem {
  id: number;
  choice: "A" | "B" | "TIE" | "SKIP" | "FLAG";
  source: "IMPORTED" | "REVIEW";
  sourceName: string | null;
  note: string | null;
  supersededAt: string | Date | null;
  createdAt: string | Date;
  user: { name: string | null; email: string } | null;
}

/** People's answers (imported or from review); a superseded answer stays, struck through. */
export function HumanLabels({ labels }: { labels: HumanLabelItem[] }) {
  if (labels.length === 0) return <p className="text-stone-600">No human labels yet.</p>;
  return (
    <ul className="space-y-1" aria-label="Human labels">
      {labels.map((label) => (
        <li key={label.id} className={label.supersededAt ? "text-stone-500 line-through" : ""}>
          <span className="font-medium">{choiceText(label.choice)}</span> ·{" "}
          {label.source === "IMPORTED" ? `imported from ${label.sourceName ?? "a file"}` : `reviewed by ${label.user?.name ?? label.user?.email ?? "someone"}`} ·{" "}
          {formatDateTime(label.createdAt)}
          {label.supersededAt && <span className="sr-only"> (superseded)</span>}
          {label.note && <TextBlock text={label.note} className="text-stone-700" />}
        </li>
      ))}
    </ul>
  );
}

export function choiceText(choice: HumanLabelItem["choice"]): string {
  if (choice === "A" || choice === "B") return `prefers ${choice}`;
  return choice.toLowerCase();
}
