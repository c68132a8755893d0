import Link from "next/link";
import { SchemaView, typeWords } from "@/components/api-reference/schema-view";
import { PageHeader } from "@/components/ui/page-header";
import { roleName, type Role } from "@/lib/auth/roles";
import { Section } from "@/components/ui/section";
import { requirePageUser } from "@/lib/server/auth/session";
import { openApiDocument } from "@/lib/server/api/openapi";

// The API reference: /api/openapi.json as a page, one section per part of the studio, each route
// with who may call it, what it takes and what it answers. Built from the same document scripts read.

export const dynamic = "force-dynamic";
export const metadata = { title: "API reference" };

type Json = { [key: string]: unknown };
interface Operation extends Json {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: { name: string; in: string; required: boolean; schema: Json }[];
  requestBody?: { content: Record<string, { schema?: Json }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: Json }> }>;
  "x-minimum-role"?: Role;
}

export default async function ApiReferencePage() {
  await requirePageUser();
  const document = openApiDocument() as { paths: Record<string, Record<string, Operation>>; servers: { url: string }[] };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
  const tags = [...new Set(operations.map(({ operation }) => operation.tags[0]!))].sort();
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            Every route of the studio&apos;s API. Call it from a script with a personal token from <Link href="/settings#api-tokens">Settings → API tokens</Link> as{" "}
            <code>Authorization: Bearer &lt;token&gt;</code>. Errors answer <code>{"{error, fields: [{path, message}]}"}</code>. The machine-readable document is{" "}
            <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3.1).
          </>
        }
      />
      <nav aria-label="Parts of the API" className="mb-6 flex flex-wrap gap-2 text-sm">
        {tags.map((tag) => (
          <a key={tag} href={`#${tag}`} className="rounded border border-stone-300 bg-white px-2 py-1">
            {tag}
          </a>
        ))}
      </nav>
      {tags.map((tag) => (
        <Section key={tag} id={tag} title={tag}>
          <div className="space-y-4">
            {operations
              .filter(({ operation }) => operation.tags[0] === tag)
              .map(({ path, method, operation }) => (
                <OperationCard key={operation.operationId} path={path} method={method} operation={operation} />
              ))}
          </div>
        </Section>
      ))}
    </>
  );
}

function OperationCard({ path, method, operation }: { path: string; method: string; operation: Operation }) {
  const [success, answer] = Object.entries(operation.responses)[0]!;
  const body = operation.requestBody && Object.entries(operation.requestBody.content)[0];
  const answerContent = answer.content && Object.entries(answer.content)[0];
  return (
    <article id={operation.operationId} className="rounded-lg border border-stone-200 bg-white p-4">
      <h3 className="font-mono text-base">
        <span className="mr-2 rounded bg-stone-800 px-1.5 py-0.5 text-xs font-semibold text-white uppercase">{method}</span> {path}
      </h3>
      <p className="mt-1 text-sm text-stone-600">{operation["x-minimum-role"] ? `Needs the ${roleName(operation["x-minimum-role"])} role or above.` : "Used signed out."}</p>
      <p className="mt-2 max-w-4xl text-stone-800">{operation.description}</p>
      {operation.parameters.length > 0 && (
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {operation.parameters.map((parameter) => (
            <div key={`${parameter.in}-${parameter.name}`} className="contents">
              <dt className="font-mono">
                {parameter.name}
                {!parameter.required && "?"} <span className="text-stone-500">({parameter.in})</span>
              </dt>
              <dd className="font-mono text-stone-600">{typeWords(parameter.schema)}</dd>
            </div>
          ))}
        </dl>
      )}
      {body && (
        <div className="mt-3">
          <h4 className="text-sm font-semibold text-stone-700">Body ({body[0]})</h4>
          {body[1].schema && <SchemaView schema={body[1].schema} />}
        </div>
      )}
      <div className="mt-3">
        <h4 className="text-sm font-semibold text-stone-700">
          Answers {success}
          {answerContent ? ` (${answerContent[0]})` : ""}
        </h4>
        {answerContent?.[1].schema ? <SchemaView schema={answerContent[1].schema} /> : <p className="text-sm text-stone-600">{answer.description}</p>}
      </div>
    </article>
  );
}
