"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { EndpointView } from "@/lib/schemas/endpoints";
import { fetchEndpoints } from "./api";
import { EndpointCard } from "./endpoint-card";
import { EndpointForm } from "./endpoint-form";
import { useRoleAtLeast } from "@/components/auth/session-user";

type Editing = { mode: "closed" } | { mode: "new" } | { mode: "edit"; endpoint: EndpointView };

/** The settings page's endpoints section: the list, and the form to add or edit one. */
export function EndpointsManager({ initialEndpoints, secretKey }: { initialEndpoints: EndpointView[]; secretKey: "set" | "missing" | "invalid" }) {
  const queryClient = useQueryClient();
  const { data: endpoints = initialEndpoints, error } = useQuery({ queryKey: ["endpoints"], queryFn: fetchEndpoints, initialData: initialEndpoints });
  const [editing, setEditing] = useState<Editing>({ mode: "closed" });
  const [status, setStatus] = useState("");
  // endpoints are admins' business; everyone else may read them
  const mayEdit = useRoleAtLeast("ADMIN");

  const saved = (endpoint: EndpointView) => {
    setEditing({ mode: "closed" });
    setStatus(`Saved ${endpoint.name}. Press Test to check that it answers.`);
    void queryClient.invalidateQueries({ queryKey: ["endpoints"] });
  };

  return (
    <section aria-labelledby="endpoints-title" className="mb-8 space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h2 id="endpoints-title" className="text-lg font-semibold text-stone-900">
          Model endpoints
        </h2>
        {mayEdit && editing.mode === "closed" && (
          <Button
            onClick={() => {
              setStatus("");
              setEditing({ mode: "new" });
            }}
          >
            Add an endpoint
          </Button>
        )}
      </div>
      <p role="status" className="min-h-5 text-sm text-stone-700">
        {status}
      </p>
      {error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-900">
          The endpoints could not be loaded: {error.message}
        </p>
      )}
      {editing.mode !== "closed" && (
        <EndpointForm
          key={editing.mode === "edit" ? editing.endpoint.id : "new"}
          endpoint={editing.mode === "edit" ? editing.endpoint : undefined}
          secretKey={secretKey}
          onSaved={saved}
          onCancel={() => setEditing({ mode: "closed" })}
        />
      )}
      {endpoints.length === 0 && editing.mode === "closed" ? (
        <EmptyState title="No endpoints yet">
          <p>
            An endpoint is a model server the studio calls for runs: an OpenAI-compatible chat-completions API (OpenAI, vLLM, Ollama, llama.cpp server, TGI, Together...) or Anthropic&apos;s
            Messages API. It has a base URL, a model name and, usually, an API key, which stays on the server.
          </p>
          <p>
            For example, a local vLLM at <code>http://127.0.0.1:8000/v1</code>, or Ollama at <code>http://127.0.0.1:11434/v1</code> with the model <code>llama3.1</code> and no key. Endpoints
            can also be defined in the <code>CAI_ENDPOINTS</code> environment variable.
          </p>
        </EmptyState>
      ) : (
        <ul className="space-y-3" aria-label="Endpoints">
          {endpoints.map((endpoint) => (
            <li key={endpoint.id}>
              <EndpointCard
                endpoint={endpoint}
                onEdit={() => {
                  setStatus("");
                  setEditing({ mode: "edit", endpoint });
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
