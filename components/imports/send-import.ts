import type { ImportEvent } from "@/lib/schemas/import";
import { createNdjsonReader } from "./ndjson";

// Sends a file to POST /api/imports with XMLHttpRequest, the one browser API that reports upload
// progress, and reads the NDJSON events the server streams back on the same response.

export interface ImportCallbacks {
  onUpload(sent: number, total: number): void;
  onEvent(event: ImportEvent): void;
  /** the request failed before the server answered with events */
  onFailure(message: string): void;
}

export function sendImport(file: File, params: URLSearchParams, callbacks: ImportCallbacks): () => void {
  const xhr = new XMLHttpRequest();
  const reader = createNdjsonReader<ImportEvent>();
  let finished = false;
  const deliver = (final: boolean) => {
    if (xhr.status !== 200) return;
    try {
      for (const event of reader.read(xhr.responseText, final)) {
        if (event.type !== "progress") finished = true;
        callbacks.onEvent(event);
      }
    } catch {
      finished = true;
      callbacks.onFailure("The server's answer could not be read. The import may still have run: check the import history.");
    }
  };

  xhr.open("POST", `/api/imports?${params}`);
  xhr.setRequestHeader("content-type", "application/octet-stream");
  xhr.upload.onprogress = (event) => callbacks.onUpload(event.loaded, event.lengthComputable ? event.total : file.size);
  xhr.upload.onload = () => callbacks.onUpload(file.size, file.size);
  xhr.onprogress = () => deliver(false);
  xhr.onload = () => {
    if (xhr.status !== 200) return callbacks.onFailure(errorMessage(xhr));
    deliver(true);
    if (!finished) callbacks.onFailure("The connection closed before the import reported its result. Check the import history.");
  };
  xhr.onerror = () => callbacks.onFailure("The upload failed: the server could not be reached or closed the connection.");
  xhr.onabort = () => callbacks.onFailure("The upload was cancelled. Nothing was imported.");
  xhr.send(file);
  return () => xhr.abort();
}

function errorMessage(xhr: XMLHttpRequest): string {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: string };
    if (body.error) return body.error;
  } catch {
    // not JSON: fall through to the status line
  }
  return `The server answered ${xhr.status} ${xhr.statusText}.`;
}
