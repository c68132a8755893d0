"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { postJson } from "@/components/ui/fetch-json";
import { serverErrorsByField } from "@/components/ui/form-errors";
import { createConstitutionSchema, fieldErrors } from "@/lib/schemas/constitutions";
import { TextField } from "./text-field";

export interface VersionChoice {
  id: number;
  label: string;
}

function create(body: unknown) {
  return postJson("/api/constitutions", body, {
    unreachable: "The studio's server could not be reached, so nothing was made.",
    failed: (status) => `The server answered ${status}.`,
  });
}

/** A new constitution: empty, or starting as a copy of any version; it opens in the editor. */
export function NewConstitutionForm({ versions, initialCopyFrom }: { versions: VersionChoice[]; initialCopyFrom?: number }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [copyFrom, setCopyFrom] = useState(initialCopyFrom ? String(initialCopyFrom) : "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = useMutation({
    mutationFn: create,
    onSuccess: ({ versionId }) => router.push(`/constitutions/versions/${versionId}/edit`),
    onError: (error) => {
      const { name } = serverErrorsByField(error, ["name"]).fields;
      setErrors(name ? { name } : { form: error.message });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = createConstitutionSchema.safeParse({ name, description, copyFromVersionId: copyFrom ? Number(copyFrom) : undefined });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    submit.mutate(parsed.data);
  };

  return (
    <form onSubmit={onSubmit} aria-label="New constitution" className="max-w-2xl space-y-4 rounded-lg border border-stone-200 bg-white p-5" noValidate>
      <fieldset disabled={submit.isPending} className="space-y-4">
        <TextField
          label="Name"
          value={name}
          onChange={(value) => {
            setName(value);
            setErrors(({ name: _, ...rest }) => rest);
          }}
          error={errors.name}
        />
        <TextField
          label="Description (optional)"
          value={description}
          onChange={(value) => {
            setDescription(value);
            setErrors(({ description: _, ...rest }) => rest);
          }}
          rows={2}
          error={errors.description}
        />
        <label className="block text-sm font-medium text-stone-800">
          Start from
          <select
            value={copyFrom}
            onChange={(e) => setCopyFrom(e.target.value)}
            className="mt-1 block w-full rounded-md border border-stone-300 bg-white px-3 py-2 font-normal text-stone-900"
          >
            <option value="">An empty constitution</option>
            {versions.map((version) => (
              <option key={version.id} value={version.id}>
                A copy of {version.label}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      {errors.form && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-900">
          {errors.form}
        </p>
      )}
      <Button type="submit" disabled={submit.isPending}>
        {submit.isPending ? "Making it…" : "Make it and edit v1"}
      </Button>
    </form>
  );
}
