"use client";

import { useEffect, useId, useState, type DragEvent } from "react";
import { formatBytes } from "@/components/ui/format";

/** A file input that also takes a file dropped anywhere on it. */
export function FileDrop({ file, onFile, disabled }: { file: File | null; onFile: (file: File | null) => void; disabled?: boolean }) {
  const inputId = useId();
  const [over, setOver] = useState(false);
  // A file dropped just outside the zone would make the browser open it and lose the form.
  useEffect(() => {
    const ignore = (event: globalThis.DragEvent) => event.preventDefault();
    window.addEventListener("dragover", ignore);
    window.addEventListener("drop", ignore);
    return () => {
      window.removeEventListener("dragover", ignore);
      window.removeEventListener("drop", ignore);
    };
  }, []);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (!disabled && event.dataTransfer.files.length > 0) onFile(event.dataTransfer.files[0]);
  };
  return (
    <div
      onDragOver={(event) => {
        event.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={`rounded-lg border-2 border-dashed px-4 py-6 text-center ${over ? "border-blue-700 bg-blue-50" : "border-stone-300 bg-white"}`}
    >
      <label htmlFor={inputId} className="block font-medium text-stone-800">
        File
      </label>
      <p className="mb-3 text-sm text-stone-600">Drop a file here or choose one. JSONL, CSV or JSON, optionally gzipped.</p>
      <input
        id={inputId}
        type="file"
        disabled={disabled}
        onChange={(event) => onFile(event.target.files?.[0] ?? null)}
        className="mx-auto block text-sm file:mr-3 file:rounded-md file:border file:border-stone-300 file:bg-stone-50 file:px-3 file:py-1.5"
      />
      {file && (
        <p className="mt-3 text-sm text-stone-700">
          <span className="font-medium break-all">{file.name}</span> · {formatBytes(file.size)}
        </p>
      )}
    </div>
  );
}
