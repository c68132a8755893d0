"use client";

import Link from "next/link";
import { useId, useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FORMAT_CHOICES, type FormatChoice } from "@/lib/formats/choices";
import { importRequestSchema, type ImportProgress, type ImportSummary } from "@/lib/schemas/import";
import { FileDrop } from "./file-drop";
import { ImportRunProgress, UploadProgress } from "./import-progress";
import { ImportSummaryView } from "./import-summary";
import { sendImport } from "./send-import";

type Phase =
  | { name: "editing" }
  | { name: "uploading"; sent: number; total: number }
  | { name: "importing"; progress?: ImportProgress }
  | { name: "done"; summary: ImportSummary }
  /** uncertain: the connection broke while the server was importing, so it may have finished */
  | { name: "failed"; message: string; importId?: number; uncertain?: boolean };

const INPUT = "mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-stone-900";

/** `mayImportConstitutions`: admins only; the server refuses anyone else's constitution file too. */
export function ImportForm({ datasetNames, initialDataset = "", mayImportConstitutions }: { datasetNames: string[]; initialDataset?: string; mayImportConstitutions: boolean }) {
  const ids = { dataset: useId(), datasets: useId(), constitution: useId(), format: useId(), tags: useId() };
  const [file, setFile] = useState<File | null>(null);
  const [dataset, setDataset] = useState(initialDataset);
  const [constitution, setConstitution] = useState("");
  const [format, setFormat] = useState<FormatChoice>("auto");
  const [tags, setTags] = useState("");
  const [skipBadLines, setSkipBadLines] = useState(false);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [phase, setPhase] = useState<Phase>({ name: "editing" });
  const cancel = useRef<() => void>(undefined);

  const looksLikeConstitution = mayImportConstitutions && (format === "constitution" || (format === "auto" && /\.json(\.gz)?$/i.test(file?.name ?? "")));
  const formatChoices = Object.entries(FORMAT_CHOICES).filter(([value]) => mayImportConstitutions || value !== "constitution");
  const needsDataset = format !== "constitution" && !looksLikeConstitution;
  const busy = phase.name === "uploading" || phase.name === "importing";

  const start = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setInvalid(["Choose a file to import."]);
    if (needsDataset && !dataset.trim()) return setInvalid(["Name the dataset to import into (an existing one or a new one)."]);
    const fields = { fileName: file.name, dataset, constitution, format, skipBadLines: String(skipBadLines), tags };
    const parsed = importRequestSchema.safeParse(fields);
    if (!parsed.success) return setInvalid(parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
    setInvalid([]);
    const params = new URLSearchParams(Object.entries(fields).filter(([, value]) => value.trim() !== ""));
    setPhase({ name: "uploading", sent: 0, total: file.size });
    cancel.current = sendImport(file, params, {
      onUpload: (sent, total) => setPhase((current) => (current.name !== "uploading" ? current : sent >= total ? { name: "importing" } : { name: "uploading", sent, total })),
      onEvent: (importEvent) => {
        if (importEvent.type === "progress") setPhase({ name: "importing", progress: importEvent.progress });
        else if (importEvent.type === "done") setPhase({ name: "done", summary: importEvent.summary });
        else setPhase({ name: "failed", message: importEvent.message, importId: importEvent.importId });
      },
      onFailure: (message) => setPhase((current) => ({ name: "failed", message, uncertain: current.name === "importing" })),
    });
  };

  const reset = () => {
    setPhase({ name: "editing" });
    setFile(null);
  };

  return (
    <div className="max-w-3xl space-y-6">
      <form onSubmit={start} aria-label="Import a file" className="space-y-4">
        <fieldset disabled={busy || phase.name === "done"} className="space-y-4">
          <FileDrop file={file} onFile={setFile} disabled={busy} />
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label htmlFor={ids.format} className="font-medium">
                Format
              </label>
              <select id={ids.format} value={format} onChange={(event) => setFormat(event.target.value as FormatChoice)} className={INPUT}>
                {formatChoices.map(([value, choice]) => (
                  <option key={value} value={value}>
                    {choice.label}
                  </option>
                ))}
              </select>
            </div>
            {needsDataset ? (
              <div>
                <label htmlFor={ids.dataset} className="font-medium">
                  Dataset
                </label>
                <input
                  id={ids.dataset}
                  list={ids.datasets}
                  value={dataset}
                  onChange={(event) => setDataset(event.target.value)}
                  placeholder="an existing dataset or a new name"
                  className={INPUT}
                />
                <datalist id={ids.datasets}>
                  {datasetNames.map((name) => (
                    <option key={name} value={name} />
                  ))}
                </datalist>
              </div>
            ) : (
              <div>
                <label htmlFor={ids.constitution} className="font-medium">
                  Constitution name
                </label>
                <input
                  id={ids.constitution}
                  value={constitution}
                  onChange={(event) => setConstitution(event.target.value)}
                  placeholder={file ? file.name.replace(/\.json(\.gz)?$/i, "") : "default: the file's name"}
                  className={INPUT}
                />
              </div>
            )}
            <div>
              <label htmlFor={ids.tags} className="font-medium">
                Tags
              </label>
              <input id={ids.tags} value={tags} onChange={(event) => setTags(event.target.value)} placeholder="comma-separated, e.g. palms, red-team" className={INPUT} />
            </div>
            <div className="flex items-end pb-2">
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={skipBadLines} onChange={(event) => setSkipBadLines(event.target.checked)} className="size-4" />
                Skip bad lines (import the rest and list what was skipped)
              </label>
            </div>
          </div>
          {invalid.length > 0 && (
            <ul role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-900">
              {invalid.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          )}
          {phase.name === "editing" || phase.name === "failed" ? <Button type="submit">Import</Button> : null}
        </fieldset>
      </form>

      {phase.name === "uploading" && (
        <div className="space-y-3">
          <UploadProgress sent={phase.sent} total={phase.total} />
          <Button variant="secondary" onClick={() => cancel.current?.()}>
            Cancel upload
          </Button>
        </div>
      )}
      {phase.name === "importing" && (
        <div className="space-y-3">
          <UploadProgress sent={file?.size ?? 0} total={file?.size ?? 0} />
          <ImportRunProgress progress={phase.progress} />
        </div>
      )}
      {phase.name === "done" && (
        <div className="space-y-3">
          <ImportSummaryView summary={phase.summary} />
          <Button variant="secondary" onClick={reset}>
            Import another file
          </Button>
        </div>
      )}
      {phase.name === "failed" && (
        <section role="alert" aria-labelledby="import-failed-title" className="rounded-lg border border-red-300 bg-red-50 p-5 text-red-950">
          <h2 id="import-failed-title" className="text-lg font-semibold">
            {phase.uncertain ? "Lost touch with the import" : "Import failed: nothing was imported"}
          </h2>
          <p className="mt-2 whitespace-pre-wrap break-words">{phase.message}</p>
          {phase.importId !== undefined && (
            <p className="mt-2 text-sm">
              The failure is recorded as <Link href={`/imports/${phase.importId}`}>import #{phase.importId}</Link>.
            </p>
          )}
          {phase.uncertain ? (
            <p className="mt-2 text-sm">
              The server may still have finished it: see the <Link href="/datasets#imports">import history</Link> before importing again.
            </p>
          ) : (
            <p className="mt-2 text-sm">
              {/* skipping lines helps only when a line was at fault ("file, line 12: ..."), not a file that cannot be read at all */}
              {/, line \d/.test(phase.message) && !skipBadLines
                ? "Fix the file and import it again, or tick “Skip bad lines” to import the rest."
                : "Fix the file, or choose its format above, and import it again."}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
