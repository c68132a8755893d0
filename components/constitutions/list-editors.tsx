"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { moved, withUid, type FewShotDraft, type PairDraft, type PreferenceDraft, type Row } from "./editor-state";
import { ItemControls } from "./item-controls";
import { TextField } from "./text-field";

// The three lists of a version, each edited the same way: items in order, each with move and
// remove, and an Add button at the end. `errors` are keyed by the schema's path, e.g.
// "content.critiqueRevision.2.key".

type Errors = Record<string, string>;

interface ListProps<T> {
  items: Row<T>[];
  onChange: (items: Row<T>[]) => void;
  errors: Errors;
}

function EditableList<T>({
  items,
  onChange,
  noun,
  blank,
  addLabel,
  render,
}: Omit<ListProps<T>, "errors"> & { noun: string; blank: T; addLabel: string; render: (item: Row<T>, update: (patch: Partial<T>) => void, index: number) => ReactNode }) {
  return (
    <div className="space-y-3">
      {items.length === 0 && <p className="text-stone-600">None yet.</p>}
      <ol className="space-y-3">
        {items.map((item, index) => {
          const label = `${noun} ${index + 1}`;
          const update = (patch: Partial<T>) => onChange(items.map((other) => (other.uid === item.uid ? { ...other, ...patch } : other)));
          return (
            <li key={item.uid}>
              {/* aria-label, not a legend: a legend must be the fieldset's first child, and the controls sit beside it */}
              <fieldset aria-label={capitalised(label)} className="rounded-lg border border-stone-200 bg-white px-4 py-3">
                <div className="flex items-center justify-between gap-3">
                  <h3 className="font-semibold text-stone-900">{capitalised(label)}</h3>
                  <ItemControls
                    label={label}
                    index={index}
                    count={items.length}
                    onMove={(step) => onChange(moved(items, index, step))}
                    onRemove={() => onChange(items.filter((other) => other.uid !== item.uid))}
                  />
                </div>
                <div className="mt-2 space-y-3">{render(item, update, index)}</div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <Button variant="secondary" onClick={() => onChange([...items, withUid(blank)])}>
        {addLabel}
      </Button>
    </div>
  );
}

export function PairsEditor({ items, onChange, errors }: ListProps<PairDraft>) {
  const at = (index: number, field: string) => errors[`content.critiqueRevision.${index}.${field}`];
  return (
    <EditableList
      items={items}
      onChange={onChange}
      noun="critique-revision pair"
      blank={{ key: "", critiqueRequest: "", revisionRequest: "" }}
      addLabel="Add a critique-revision pair"
      render={(item, update, index) => (
        <>
          <div className="max-w-xs">
            <TextField label="Key" value={item.key} onChange={(key) => update({ key })} error={at(index, "key")} mono />
          </div>
          <div className="grid gap-3 md:grid-cols-2">
            <TextField label="Critique request" rows={4} value={item.critiqueRequest} onChange={(critiqueRequest) => update({ critiqueRequest })} error={at(index, "critiqueRequest")} />
            <TextField label="Revision request" rows={4} value={item.revisionRequest} onChange={(revisionRequest) => update({ revisionRequest })} error={at(index, "revisionRequest")} />
          </div>
        </>
      )}
    />
  );
}

export function PreferenceEditor({ items, onChange, errors }: ListProps<PreferenceDraft>) {
  const at = (index: number, field: string) => errors[`content.preference.${index}.${field}`];
  return (
    <EditableList
      items={items}
      onChange={onChange}
      noun="preference principle"
      blank={{ key: "", text: "" }}
      addLabel="Add a preference principle"
      render={(item, update, index) => (
        <>
          <div className="max-w-xs">
            <TextField label="Key" value={item.key} onChange={(key) => update({ key })} error={at(index, "key")} mono />
          </div>
          <TextField label="Question" rows={3} value={item.text} onChange={(text) => update({ text })} error={at(index, "text")} />
        </>
      )}
    />
  );
}

const FEW_SHOT_KIND_LABELS: Record<FewShotDraft["kind"], string> = {
  CRITIQUE_REVISION: "Critique-revision transcript",
  PREFERENCE: "Preference question",
  PREFERENCE_COT: "Chain-of-thought preference transcript",
};

export function FewShotsEditor({ items, onChange, errors }: ListProps<FewShotDraft>) {
  const at = (index: number, field: string) => errors[`content.fewShots.${index}.content.${field}`];
  return (
    <EditableList
      items={items}
      onChange={onChange}
      noun="few-shot example"
      blank={{ kind: "CRITIQUE_REVISION", transcript: "" }}
      addLabel="Add a few-shot example"
      render={(item, update, index) => (
        <>
          <label className="block max-w-sm text-sm font-medium text-stone-800">
            Kind
            <select
              value={item.kind}
              onChange={(e) => {
                const kind = e.target.value as FewShotDraft["kind"];
                // switching between the two transcript kinds keeps the text; the question form starts empty
                const next: FewShotDraft = kind === "PREFERENCE" ? { kind, prompt: "", corrects: "", incorrects: "" } : { kind, transcript: "transcript" in item ? item.transcript : "" };
                onChange(items.map((other) => (other.uid === item.uid ? { ...next, uid: item.uid } : other)));
              }}
              className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 font-normal text-stone-900"
            >
              {Object.entries(FEW_SHOT_KIND_LABELS).map(([kind, label]) => (
                <option key={kind} value={kind}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          {item.kind === "PREFERENCE" ? (
            <>
              <TextField label="Question and options" rows={5} value={item.prompt} onChange={(prompt) => update({ prompt } as Partial<FewShotDraft>)} error={at(index, "prompt")} mono />
              <div className="grid gap-3 md:grid-cols-2">
                <TextField label="Correct answers (one per line)" rows={2} value={item.corrects} onChange={(corrects) => update({ corrects } as Partial<FewShotDraft>)} mono />
                <TextField label="Incorrect answers (one per line)" rows={2} value={item.incorrects} onChange={(incorrects) => update({ incorrects } as Partial<FewShotDraft>)} mono />
              </div>
            </>
          ) : (
            <TextField label="Transcript" rows={8} value={item.transcript} onChange={(transcript) => update({ transcript } as Partial<FewShotDraft>)} error={at(index, "transcript")} mono />
          )}
        </>
      )}
    />
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
