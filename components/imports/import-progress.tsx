import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes, formatCount, formatDuration } from "@/components/ui/format";
import type { ImportProgress } from "@/lib/schemas/import";

export function UploadProgress({ sent, total }: { sent: number; total: number }) {
  return <ProgressBar label="Uploading" value={sent} max={total} detail={`${formatBytes(sent)} of ${formatBytes(total)}`} />;
}

/** The import's own progress: the file's bytes read against its size, with rate and time left. */
export function ImportRunProgress({ progress }: { progress?: ImportProgress }) {
  if (!progress) return <ProgressBar label="Importing" value={0} max={1} detail="starting…" />;
  const { fileBytes, fileBytesRead, records, problems, elapsedMs } = progress;
  const seconds = elapsedMs / 1000;
  // the file is read ahead in large chunks, so a rate from the first moments says little
  const bytesPerSecond = seconds >= 1 ? fileBytesRead / seconds : 0;
  const left = bytesPerSecond > 0 ? ((fileBytes - fileBytesRead) / bytesPerSecond) * 1000 : undefined;
  return (
    <div className="space-y-1">
      <ProgressBar label="Importing" value={fileBytesRead} max={fileBytes} detail={`${formatBytes(fileBytesRead)} of ${formatBytes(fileBytes)}`} />
      <p className="text-sm text-stone-600 tabular-nums">
        {plural(records, "record")} · {plural(problems, "problem")}
        {bytesPerSecond > 0 && ` · ${formatCount(Math.round(records / seconds))} records/s · ${formatBytes(bytesPerSecond)}/s`}
        {left !== undefined && left > 0 && ` · about ${formatDuration(left)} left`}
      </p>
    </div>
  );
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? "" : "s"}`;
}
