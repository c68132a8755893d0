import { formatCount } from "@/components/ui/format";
import { buttonClass } from "@/components/ui/button";
import { wordDiff } from "@/lib/text/word-diff";
import { DiffText } from "./diff-text";

// Any two versions of a chain's answer, diffed: the initial response against the final revision
// by default, or whichever two the reader picks. A plain GET form, so the choice is in the address
// (a link to "revision 1 against revision 3" can be shared) and the diff is worked out on the server.

export interface ChainVersion {
  /** 0 is the initial response, n revision n */
  index: number;
  text: string;
}

export function versionName(index: number): string {
  return index === 0 ? "Initial response" : `Revision ${index}`;
}

export function RevisionDiff({ versions, from, to }: { versions: ChainVersion[]; from: number; to: number }) {
  const older = versions.find((v) => v.index === from) ?? versions[0];
  const newer = versions.find((v) => v.index === to) ?? versions.at(-1)!;
  const diff = wordDiff(older.text, newer.text);
  return (
    <div className="space-y-3">
      <form method="get" action="#compare" className="flex flex-wrap items-end gap-3" aria-label="Pick two versions to compare">
        <VersionSelect label="Compare" name="from" versions={versions} value={older.index} />
        <VersionSelect label="with" name="to" versions={versions} value={newer.index} />
        <button type="submit" className={buttonClass("secondary")}>
          Show the difference
        </button>
      </form>
      <div role="region" aria-label={`${versionName(older.index)} against ${versionName(newer.index)}`} className="rounded-lg border border-stone-200 bg-white px-4 py-3">
        <p className="mb-2 text-sm text-stone-600 tabular-nums">
          {older.index === newer.index ? (
            `${versionName(older.index)} against itself: no difference.`
          ) : (
            <>
              {versionName(older.index)} → {versionName(newer.index)}: −{formatCount(diff.deletedWords)} +{formatCount(diff.insertedWords)} words;{" "}
              <del className="bg-red-50 text-red-900 decoration-red-800 decoration-2 line-through">deleted</del> and{" "}
              <ins className="bg-green-50 text-green-950 underline decoration-green-800 decoration-2 underline-offset-2">inserted</ins> words marked
              {diff.coarse && " (too long to align word by word: shown as replaced)"}.
            </>
          )}
        </p>
        <div className="text-sm leading-relaxed break-words whitespace-pre-wrap text-stone-900">
          <DiffText pieces={diff.pieces} />
        </div>
      </div>
    </div>
  );
}

function VersionSelect({ label, name, versions, value }: { label: string; name: string; versions: ChainVersion[]; value: number }) {
  return (
    <label className="text-sm font-medium">
      {label}
      <select name={name} defaultValue={value} className="mt-1 block rounded-md border border-stone-300 bg-white px-2 py-1.5 text-stone-900">
        {versions.map((v) => (
          <option key={v.index} value={v.index}>
            {versionName(v.index)}
          </option>
        ))}
      </select>
    </label>
  );
}
