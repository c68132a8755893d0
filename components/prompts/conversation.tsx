import { TextBlock } from "@/components/ui/text-block";
import type { Turn } from "@/lib/formats/records";

const ROLE_LABELS: Record<Turn["role"], string> = { system: "System", user: "Human", assistant: "Assistant" };
const ROLE_STYLES: Record<Turn["role"], string> = {
  system: "border-stone-300 bg-stone-100",
  user: "border-blue-200 bg-blue-50",
  assistant: "border-stone-200 bg-white",
};

export function Conversation({ turns }: { turns: Turn[] }) {
  return (
    <ol className="space-y-3" aria-label="Conversation">
      {turns.map((turn, i) => (
        <li key={i} className={`rounded-lg border px-4 py-3 ${ROLE_STYLES[turn.role]}`}>
          <div className="mb-1 text-xs font-semibold tracking-wide text-stone-600 uppercase">
            {ROLE_LABELS[turn.role]} · turn {i + 1}
          </div>
          <TextBlock text={turn.content} />
        </li>
      ))}
    </ol>
  );
}
