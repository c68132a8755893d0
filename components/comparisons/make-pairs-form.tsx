"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import type { EndpointOption } from "@/components/labels/endpoint-facts";
import { SampleRunForm } from "@/components/labels/sample-run-form";
import { fetchJson, postJson } from "@/components/ui/fetch-json";
import { Field, Fieldset, INPUT } from "@/components/ui/form-fields";
import { Button } from "@/components/ui/button";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { IDENTICAL_ANSWERS_WHY } from "@/lib/cai/answer-text";
import { pairRequestSchema, type PairResult } from "@/lib/schemas/labels";

type Mode = "chain" | "samples" | "fresh";

const MODES: { mode: Mode; label: string; hint: string }[] = [
  { mode: "chain", label: "From critique-revision chains", hint: "Two points of each chain: what the model first said against what it wrote after revising." },
  { mode: "samples", label: "From stored samples", hint: "Samples already stored for a prompt (e.g. the CAI paper's RL samples), paired in order: 1 with 2, 3 with 4…" },
  { mode: "fresh", label: "Sample fresh pairs", hint: "A sampling run: an endpoint answers each prompt twice at a temperature above 0; the two answers become a pair." },
];

/**
 * Makes comparison pairs for a dataset. Pairs from chains or stored samples are made at once and
 * the answer says how many are new and how many were there already (making pairs twice adds
 * nothing); fresh samples need model calls, so they start a sampling run.
 */
export function MakePairsForm({ datasets, endpoints, initialDatasetId }: { datasets: { id: number; name: string }[]; endpoints: EndpointOption[]; initialDatasetId?: number }) {
  const id = useId();
  const [mode, setMode] = useState<Mode>("chain");
  const [datasetId, setDatasetId] = useState(initialDatasetId ? String(initialDatasetId) : datasets.length === 1 ? String(datasets[0].id) : "");
  const [points, setPoints] = useState<"initial-final" | "consecutive">("initial-final");
  const [runId, setRunId] = useState("");
  const [producer, setProducer] = useState("");
  const [error, setError] = useState<string | null>(null);

  const sources = useQuery({
    queryKey: ["pair-sources", datasetId],
    queryFn: () => fetchJson(`/api/pairs/sources?datasetId=${datasetId}`),
    enabled: datasetId !== "",
    staleTime: 5_000,
  });
  // what "Make pairs" would do with the form as it stands, asked before anyone presses it
  const previewParams = new URLSearchParams(Object.entries(mode === "chain" ? { mode, datasetId, points, runId } : { mode, datasetId, producer }).filter(([, v]) => v !== "")).toString();
  const preview = useQuery({
    queryKey: ["pair-preview", previewParams],
    queryFn: () => fetchJson(`/api/pairs/preview?${previewParams}`),
    enabled: datasetId !== "" && mode !== "fresh",
    staleTime: 5_000,
    retry: false,
  });
  const make = useMutation({
    mutationFn: (request: unknown) => postJson("/api/pairs", request),
    onError: (e) => setError(e.message),
    onSuccess: () => {
      void sources.refetch();
      void preview.refetch();
    },
  });
  const [made, setMade] = useState<{ request: { datasetId: number; source: "CHAIN" | "SAMPLES" }; result: PairResult } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMade(null);
    const input =
      mode === "chain" ? { mode, datasetId: datasetId || undefined, points, runId: runId || undefined } : { mode, datasetId: datasetId || undefined, producer: producer || undefined };
    const parsed = pairRequestSchema.safeParse(input);
    if (!parsed.success) {
      setError(datasetId === "" ? "Choose a dataset." : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
      return;
    }
    make.mutate(parsed.data, {
      onSuccess: (result) => setMade({ request: { datasetId: parsed.data.datasetId, source: mode === "chain" ? "CHAIN" : "SAMPLES" }, result }),
    });
  };

  const data = sources.data;
  const noneToPair = data && (mode === "chain" ? data.chains === 0 : mode === "samples" ? data.producers.length === 0 : false);

  return (
    <div className="max-w-3xl space-y-6">
      <Fieldset legend="Pairs from">
        <div className="space-y-2" role="radiogroup" aria-label="How to make pairs">
          {MODES.map((m) => (
            <label key={m.mode} className="flex items-start gap-2">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === m.mode}
                onChange={() => {
                  setMode(m.mode);
                  setMade(null);
                  setError(null);
                }}
                className="mt-1 accent-blue-800"
              />
              <span>
                <span className="font-medium text-stone-900">{m.label}</span>
                <span className="block text-sm text-stone-600">{m.hint}</span>
              </span>
            </label>
          ))}
        </div>
        <Field id={`${id}-dataset`} label="Dataset">
          <select
            id={`${id}-dataset`}
            value={datasetId}
            onChange={(e) => {
              setDatasetId(e.target.value);
              setRunId("");
              setProducer("");
              setMade(null);
            }}
            className={INPUT}
          >
            <option value="">Choose a dataset…</option>
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        {data && (
          <p className="text-sm text-stone-700">
            This dataset has {formatCount(data.chains)} {data.chains === 1 ? "chain" : "chains"} ({formatCount(data.importedChains)} imported),{" "}
            {formatCount(data.producers.reduce((n, p) => n + p.samples, 0))} stored samples and {formatCount(data.comparisons)} {data.comparisons === 1 ? "comparison" : "comparisons"}{" "}
            already.
          </p>
        )}
      </Fieldset>

      {mode === "fresh" ? (
        datasetId === "" ? (
          <p className="text-stone-700">Choose a dataset to sample pairs for.</p>
        ) : (
          <SampleRunForm key={datasetId} datasets={datasets} endpoints={endpoints} initialDatasetId={Number(datasetId)} datasetLocked />
        )
      ) : (
        <form onSubmit={submit} aria-label="Make pairs" noValidate className="space-y-6">
          {mode === "chain" ? (
            <Fieldset legend="Chains">
              <fieldset>
                <legend className="font-medium text-stone-900">Which two points of each chain</legend>
                <div className="mt-1 space-y-1">
                  <label className="flex items-center gap-2">
                    <input type="radio" name={`${id}-points`} checked={points === "initial-final"} onChange={() => setPoints("initial-final")} className="accent-blue-800" />
                    Initial response against the final revision (one pair per chain)
                  </label>
                  <label className="flex items-center gap-2">
                    <input type="radio" name={`${id}-points`} checked={points === "consecutive"} onChange={() => setPoints("consecutive")} className="accent-blue-800" />
                    Each revision against the one before (N pairs per chain of N steps)
                  </label>
                </div>
              </fieldset>
              <Field
                id={`${id}-run`}
                label="Chains of"
                hint="Which response is (A) is decided per pair by a hash, half the time each way, so a single-order label cannot favour the revision by position."
              >
                <select id={`${id}-run`} aria-describedby={`${id}-run-hint`} value={runId} onChange={(e) => setRunId(e.target.value)} className={INPUT}>
                  <option value="">Every chain of the dataset{data ? ` (${formatCount(data.chains)})` : ""}</option>
                  {data?.chainRuns.map((r) => (
                    <option key={r.id} value={r.id}>
                      SL-CAI run {r.name || `#${r.id}`} · {formatCount(r.chains)} chains · {formatDateTime(r.createdAt)}
                    </option>
                  ))}
                </select>
              </Field>
            </Fieldset>
          ) : (
            <Fieldset legend="Samples">
              <Field id={`${id}-producer`} label="Samples of">
                <select id={`${id}-producer`} value={producer} onChange={(e) => setProducer(e.target.value)} className={INPUT}>
                  <option value="">Every producer (each paired with its own)</option>
                  {data?.producers
                    .filter((p) => p.producer !== null)
                    .map((p) => (
                      <option key={p.producer} value={p.producer!}>
                        {p.producer} · {formatCount(p.samples)} samples
                      </option>
                    ))}
                </select>
              </Field>
            </Fieldset>
          )}
          {noneToPair && (
            <p className="rounded bg-amber-100 px-3 py-2 text-sm text-amber-950">
              {mode === "chain" ? (
                <>
                  This dataset has no chains yet: import the paper&apos;s SL-CAI chains, or <Link href={`/runs/new?dataset=${datasetId}`}>start an SL-CAI run</Link>.
                </>
              ) : (
                <>This dataset has no stored samples: import RL samples, or choose &quot;Sample fresh pairs&quot;.</>
              )}
            </p>
          )}
          {datasetId !== "" && <PairsPreview preview={preview.data} error={preview.error?.message} />}
          {error && (
            <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
              {error}
            </p>
          )}
          <Button type="submit" disabled={make.isPending}>
            {make.isPending ? "Making pairs…" : "Make pairs"}
          </Button>
        </form>
      )}

      {made && mode !== "fresh" && <PairsMade datasetId={made.request.datasetId} source={made.request.source} result={made.result} />}
    </div>
  );
}

function PairsPreview({ preview, error }: { preview?: PairResult; error?: string }) {
  let message: string;
  if (error) message = `The pairs could not be counted: ${error}`;
  else if (!preview) message = "Counting the pairs…";
  else if (preview.created + preview.existing === 0) message = "Nothing to pair: no chain or sample matches.";
  else {
    const { created, existing } = preview;
    message = `This will make ${formatCount(created)} new ${created === 1 ? "pair" : "pairs"}`;
    message += existing > 0 ? ` (${formatCount(existing)} of the ${formatCount(created + existing)} it covers ${existing === 1 ? "exists" : "exist"} already).` : ".";
  }
  return (
    <p role="status" aria-label="Pairs to make" className="rounded bg-stone-100 px-3 py-2 text-sm text-stone-800">
      {message}
    </p>
  );
}

function PairsMade({ datasetId, source, result }: { datasetId: number; source: "CHAIN" | "SAMPLES"; result: PairResult }) {
  const list = `/comparisons?dataset=${datasetId}&source=${source}`;
  return (
    <section role="status" aria-label="Pairs made" className="rounded-lg border border-green-300 bg-green-50 px-4 py-3 text-green-950">
      <p className="font-medium">
        {result.created === 0 && result.existing === 0
          ? "Nothing to pair: no chain or sample matched."
          : `${formatCount(result.created)} new ${result.created === 1 ? "pair" : "pairs"} made; ${formatCount(result.existing)} ${result.existing === 1 ? "was" : "were"} already there.`}
      </p>
      {result.identical > 0 && (
        <p className="mt-1 text-sm">
          {formatCount(result.identical)} {result.identical === 1 ? "pair was" : "pairs were"} not made: the two answers are the same text, and {IDENTICAL_ANSWERS_WHY}.
        </p>
      )}
      {result.created + result.existing > 0 && (
        <p className="mt-1 text-sm">
          <Link href={list}>See them in Comparisons</Link> · <Link href={`/runs/new-label?dataset=${datasetId}&source=${source}&unjudged=true`}>Label these pairs</Link>
        </p>
      )}
    </section>
  );
}
