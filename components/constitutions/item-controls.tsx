import { Button } from "@/components/ui/button";

/** Move up, move down and remove for item `label` (e.g. "pair 3") of an edited list. */
export function ItemControls({ label, index, count, onMove, onRemove }: { label: string; index: number; count: number; onMove: (step: number) => void; onRemove: () => void }) {
  const small = "px-2 py-1 text-xs";
  return (
    <div className="flex gap-1">
      <Button variant="secondary" className={small} onClick={() => onMove(-1)} disabled={index === 0} aria-label={`Move ${label} up`}>
        ↑
      </Button>
      <Button variant="secondary" className={small} onClick={() => onMove(1)} disabled={index === count - 1} aria-label={`Move ${label} down`}>
        ↓
      </Button>
      <Button variant="secondary" className={small} onClick={onRemove} aria-label={`Remove ${label}`}>
        Remove
      </Button>
    </div>
  );
}
