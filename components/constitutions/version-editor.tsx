"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, LinkButton } from "@/components/ui/button";
import { sendJson } from "@/components/ui/fetch-json";
import { Section } from "@/components/ui/section";
import { fieldErrors, saveVersionSchema, type SaveVersionResult, type VersionEditState } from "@/lib/schemas/constitutions";
import type { ConstitutionVersionDetail } from "@/lib/server/constitutions/queries";
import { contentFromState, editorStateFrom, type EditorState } from "./editor-state";
import { FewShotsEditor, PairsEditor, PreferenceEditor } from "./list-editors";
import { TextField } from "./text-field";

function saveVersion(versionId: number, body: unknown): Promise<SaveVersionResult> {
  return sendJson("PUT", `/api/constitutions/versions/${versionId}`, body, {
    unreachable: "The studio's server could not be reached, so nothing was saved.",
    failed: (status) => `The server answered ${status}; nothing was saved.`,
  });
}

/** Edits one version's principles and few-shot examples; says beforehand whether saving makes a new version. */
export function VersionEditor({
  versionId,
  version,
  state: editState,
  principles,
  fewShots,
  cancelHref,
}: {
  versionId: number;
  version: number;
  state: VersionEditState;
  principles: ConstitutionVersionDetail["principles"];
  fewShots: ConstitutionVersionDetail["fewShots"];
  cancelHref: string;
}) {
  const router = useRouter();
  // made here, not on the server: item ids come from this tab's counter, so added items never clash
  const [state, setState] = useState(() => editorStateFrom({ principles, fewShots }));
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const change =
    <K extends keyof EditorState>(key: K) =>
    (items: EditorState[K]) => {
      setState((current) => ({ ...current, [key]: items }));
      // messages are keyed by position, which moves and removals change
      setErrors({});
    };

  const save = useMutation({
    mutationFn: (body: unknown) => saveVersion(versionId, body),
    onSuccess: (result) => {
      router.push(`/constitutions/versions/${result.versionId}?saved=${result.outcome}&from=${result.editedVersion}`);
      router.refresh();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = saveVersionSchema.safeParse({ note, content: contentFromState(state) });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    save.mutate(parsed.data);
  };

  const errorCount = Object.keys(errors).length;
  const makesNewVersion = editState.frozen || !editState.isLatest;
  return (
    <form onSubmit={submit} aria-label={`Edit v${version}`} className="max-w-5xl" noValidate>
      <p role="note" className={`mb-6 rounded-md px-3 py-2 ${makesNewVersion ? "bg-amber-50 text-amber-950" : "bg-blue-50 text-blue-950"}`}>
        {editState.frozen
          ? `v${version} is frozen (${editState.reasons.join("; ")}): saving makes v${editState.latestVersion + 1} and leaves v${version} as it is.`
          : !editState.isLatest
            ? `v${version} is not the latest version: saving makes v${editState.latestVersion + 1}.`
            : `Nothing uses v${version} yet: saving changes it in place. Once a run uses it, edits make a new version.`}
      </p>
      <fieldset disabled={save.isPending}>
        <Section title={`Critique-revision pairs (${state.critiqueRevision.length})`} id="edit-critique-revision">
          <PairsEditor items={state.critiqueRevision} onChange={change("critiqueRevision")} errors={errors} />
        </Section>
        <Section title={`Preference principles (${state.preference.length})`} id="edit-preference">
          <PreferenceEditor items={state.preference} onChange={change("preference")} errors={errors} />
        </Section>
        <Section title={`Few-shot examples (${state.fewShots.length})`} id="edit-few-shots">
          <FewShotsEditor items={state.fewShots} onChange={change("fewShots")} errors={errors} />
        </Section>
        <div className="max-w-2xl">
          <TextField label={makesNewVersion ? "What changed (the new version's note)" : "Note (optional; empty keeps the current one)"} value={note} onChange={setNote} error={errors.note} />
        </div>
      </fieldset>
      {errorCount > 0 && (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-red-900">
          {errorCount === 1 ? "One field needs" : `${errorCount} fields need`} a fix before saving: see the messages under them.
        </p>
      )}
      {save.error && (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-red-900">
          {save.error.message}
        </p>
      )}
      {/* the lists run long (16 pairs and more): the save bar stays in view */}
      <div className="sticky bottom-0 mt-4 flex gap-2 border-t border-stone-200 bg-stone-50 py-3">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : makesNewVersion ? `Save as v${editState.latestVersion + 1}` : `Save v${version}`}
        </Button>
        <LinkButton href={cancelHref} variant="secondary">
          Cancel
        </LinkButton>
      </div>
    </form>
  );
}
