"use client";

import { useState, type FormEvent } from "react";
import { FormError } from "@/components/auth/form-error";
import { Field, INPUT_CLASS } from "@/components/endpoints/field";
import { Button } from "@/components/ui/button";
import { fetchJson, postJson, sendJson, type FailureWords } from "@/components/ui/fetch-json";
import { clearChangedField, serverErrorsWithForm } from "@/components/ui/form-errors";
import { formatCount, formatDateTime } from "@/components/ui/format";
import { Table } from "@/components/ui/table";
import { roleAtLeast, roleName, ROLES, type Role } from "@/lib/auth/roles";
import { newApiTokenSchema, TOKEN_LIFETIMES_DAYS } from "@/lib/schemas/api-tokens";
import type { ApiGet } from "@/lib/schemas/responses";

// Settings' API tokens: make one (its secret shown once, with a command to try it), see each
// token's last use and uses per route, revoke one. The server checks every rule again.

type Token = ApiGet["/api/tokens"][number];
type Errors = Partial<Record<"name" | "role" | "expiresInDays" | "form", string>>;

const WORDS: FailureWords = {
  unreachable: "The studio's server could not be reached. Is it still running?",
  failed: (status) => `The server answered ${status}.`,
};

export function ApiTokens({ initialTokens, role, userId, origin }: { initialTokens: Token[]; role: Role; userId: string; origin: string }) {
  const [tokens, setTokens] = useState(initialTokens);
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);

  const reload = async () => setTokens(await fetchJson("/api/tokens", WORDS));

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = newApiTokenSchema.safeParse(Object.fromEntries(new FormData(form)));
    if (!parsed.success) return setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message])));
    setPending(true);
    setErrors({});
    setSecret(null);
    try {
      const created = await postJson("/api/tokens", parsed.data, WORDS);
      setSecret({ name: created.token.name, value: created.secret });
      form.reset();
      await reload();
    } catch (error) {
      setErrors(serverErrorsWithForm(error as Error, ["name", "role", "expiresInDays"]));
    }
    setPending(false);
  }

  async function revoke(token: Token) {
    if (!window.confirm(`Revoke "${token.name}"? Scripts using it stop working at once.`)) return;
    try {
      await sendJson("DELETE", `/api/tokens/${token.id}`, undefined, WORDS);
      await reload();
    } catch (error) {
      setErrors({ form: (error as Error).message });
    }
  }

  return (
    <div className="space-y-4">
      <p className="max-w-3xl text-stone-700">
        A token lets a script or a notebook call the studio&apos;s API as you: send it as <code>Authorization: Bearer &lt;token&gt;</code>. Its role can be lower than yours, never higher.
        The API is described at{" "}
        <a className="underline" href="/api-reference">
          API reference
        </a>
        .
      </p>
      <form onChange={clearChangedField(setErrors)} onSubmit={create} noValidate aria-label="New API token" className="grid max-w-3xl gap-4 md:grid-cols-3">
        <Field label="Token name" error={errors.name} hint="What uses it, e.g. “nightly labeling notebook”.">
          {(props) => <input {...props} name="name" autoComplete="off" className={INPUT_CLASS} />}
        </Field>
        <Field label="Token role" error={errors.role}>
          {(props) => (
            <select {...props} name="role" defaultValue="VIEWER" className={INPUT_CLASS}>
              {ROLES.filter((r) => roleAtLeast(role, r)).map((r) => (
                <option key={r} value={r}>
                  {roleName(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Expires after" error={errors.expiresInDays}>
          {(props) => (
            <select {...props} name="expiresInDays" defaultValue="30" className={INPUT_CLASS}>
              {TOKEN_LIFETIMES_DAYS.map((days) => (
                <option key={days} value={days}>
                  {days} days
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="space-y-2 md:col-span-3">
          <FormError message={errors.form ?? null} />
          <Button type="submit" disabled={pending}>
            {pending ? "Creating..." : "Create token"}
          </Button>
        </div>
      </form>
      {secret && (
        <div role="status" className="max-w-3xl rounded-lg border border-green-300 bg-green-50 p-4">
          <p className="font-medium text-green-900">Token “{secret.name}” made. Copy it now: it is not shown again.</p>
          <input readOnly aria-label="New token" value={secret.value} onFocus={(event) => event.currentTarget.select()} className={`${INPUT_CLASS} font-mono`} />
          <p className="mt-2 text-sm text-stone-700">Try it:</p>
          <pre className="mt-1 overflow-x-auto rounded bg-white p-2 text-sm">{`curl -H "Authorization: Bearer ${secret.value}" ${origin}/api/runs`}</pre>
        </div>
      )}
      {tokens.length === 0 ? (
        <p className="text-stone-600">No API tokens yet. Make one above to call the API from a script.</p>
      ) : (
        <Table
          label="API tokens"
          columns={[{ header: "Name" }, { header: "Role" }, { header: "Made" }, { header: "Expires" }, { header: "Last used" }, { header: "Uses by route" }, { header: "" }]}
        >
          {tokens.map((token) => (
            <TokenRow key={token.id} token={token} mine={token.owner.id === userId} onRevoke={() => void revoke(token)} />
          ))}
        </Table>
      )}
    </div>
  );
}

function TokenRow({ token, mine, onRevoke }: { token: Token; mine: boolean; onRevoke: () => void }) {
  const state = token.revokedAt ? `revoked ${formatDateTime(token.revokedAt)}` : token.expired ? "expired" : null;
  return (
    <tr className="border-t border-stone-200 align-top">
      <td className="px-3 py-2">
        <span className="font-medium text-stone-900">{token.name}</span>
        <span className="ml-2 font-mono text-xs text-stone-600">{token.prefix}…</span>
        {!mine && <div className="text-xs text-stone-600">{token.owner.email}</div>}
        {state && <div className="text-xs font-medium text-red-800">{state}</div>}
      </td>
      <td className="px-3 py-2">{roleName(token.role)}</td>
      <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(token.createdAt)}</td>
      <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(token.expiresAt)}</td>
      <td className="px-3 py-2 whitespace-nowrap">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : "never"}</td>
      <td className="px-3 py-2">
        {token.uses.length === 0 ? (
          "none"
        ) : (
          <ul className="space-y-0.5 font-mono text-xs">
            {token.uses.map((use) => (
              <li key={use.route}>
                {use.route} × {formatCount(use.count)}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="px-3 py-2">
        {!token.revokedAt && (
          <Button variant="secondary" onClick={onRevoke} aria-label={`Revoke ${token.name}`}>
            Revoke
          </Button>
        )}
      </td>
    </tr>
  );
}
