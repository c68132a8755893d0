import type { FewShotInput, VersionContentInput } from "@/lib/schemas/constitutions";
import type { ConstitutionVersionDetail } from "@/lib/server/constitutions/queries";

// The version editor's state: the version's lists with a stable id per item (so React keeps each
// text box's cursor when items move), few-shot answer lists as one line each.

export type Row<T> = T & { uid: number };

export interface PairDraft {
  key: string;
  critiqueRequest: string;
  revisionRequest: string;
}

export interface PreferenceDraft {
  key: string;
  text: string;
}

export type FewShotDraft = { kind: "CRITIQUE_REVISION" | "PREFERENCE_COT"; transcript: string } | { kind: "PREFERENCE"; prompt: string; corrects: string; incorrects: string };

export interface EditorState {
  critiqueRevision: Row<PairDraft>[];
  preference: Row<PreferenceDraft>[];
  fewShots: Row<FewShotDraft>[];
}

let nextUid = 1;
export const withUid = <T>(item: T): Row<T> => ({ ...item, uid: nextUid++ });

type VersionData = Pick<ConstitutionVersionDetail, "principles" | "fewShots">;

export function editorStateFrom(version: VersionData): EditorState {
  return {
    critiqueRevision: version.principles
      .filter((p) => p.kind === "CRITIQUE_REVISION")
      .map((p) => withUid({ key: p.key, critiqueRequest: p.critiqueRequest ?? "", revisionRequest: p.revisionRequest ?? "" })),
    preference: version.principles.filter((p) => p.kind === "PREFERENCE").map((p) => withUid({ key: p.key, text: p.text ?? "" })),
    fewShots: version.fewShots.map((f) => withUid(fewShotDraft(f.kind, f.content))),
  };
}

function fewShotDraft(kind: string, content: unknown): FewShotDraft {
  const fields = (content ?? {}) as Record<string, unknown>;
  if (kind === "PREFERENCE") {
    const lines = (value: unknown) => (Array.isArray(value) ? value.map(String).join("\n") : "");
    return { kind, prompt: String(fields.prompt ?? ""), corrects: lines(fields.corrects), incorrects: lines(fields.incorrects) };
  }
  return { kind: kind === "PREFERENCE_COT" ? "PREFERENCE_COT" : "CRITIQUE_REVISION", transcript: String(fields.transcript ?? "") };
}

/** The state as the API's content: ids dropped, answer lines split back into lists. */
export function contentFromState(state: EditorState): VersionContentInput {
  return {
    critiqueRevision: state.critiqueRevision.map(({ key, critiqueRequest, revisionRequest }) => ({ key, critiqueRequest, revisionRequest })),
    preference: state.preference.map(({ key, text }) => ({ key, text })),
    fewShots: state.fewShots.map((f): FewShotInput => {
      if (f.kind === "PREFERENCE") {
        const list = (text: string) => text.split("\n").filter((line) => line.trim() !== "");
        return { kind: "PREFERENCE", content: { prompt: f.prompt, corrects: list(f.corrects), incorrects: list(f.incorrects) } };
      }
      return { kind: f.kind, content: { transcript: f.transcript } };
    }),
  };
}

/** Moves item `index` by `step` (-1 up, +1 down); out of range leaves the list as it is. */
export function moved<T>(list: T[], index: number, step: number): T[] {
  const target = index + step;
  if (target < 0 || target >= list.length) return list;
  const copy = [...list];
  [copy[index], copy[target]] = [copy[target], copy[index]];
  return copy;
}
