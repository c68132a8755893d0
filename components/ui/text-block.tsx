import type { ReactNode } from "react";

// Model and user text is untrusted: it is only ever rendered as React text (escaped), never as
// HTML or markdown. Whitespace and newlines are the data, so they are kept as written.

export function TextBlock({ text, className = "", mono = false }: { text: string; className?: string; mono?: boolean }) {
  return <div className={`whitespace-pre-wrap break-words ${mono ? "font-mono text-[13px]" : ""} ${className}`}>{text}</div>;
}

/** A labelled piece of text, e.g. "Critique" above the critique itself. */
export function LabelledText({ label, text, tone = "plain" }: { label: ReactNode; text: string; tone?: "plain" | "muted" }) {
  return (
    <div>
      <div className="text-xs font-semibold tracking-wide text-stone-500 uppercase">{label}</div>
      <TextBlock text={text} className={tone === "muted" ? "text-stone-600" : "text-stone-900"} />
    </div>
  );
}
