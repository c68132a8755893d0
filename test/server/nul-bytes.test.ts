import { afterAll, describe, expect, it } from "vitest";
import { POST as createConstitution } from "@/app/api/constitutions/route";
import { GET as listPrompts } from "@/app/api/prompts/route";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { signedInRequests } from "../auth/sessions";

// A NUL byte (U+0000) cannot be stored in Postgres text, so one in a query string or a JSON body
// reached the database and came back as a 500. It is the caller's mistake: a 400 naming the field.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const asAdmin = signedInRequests("ADMIN");

async function errorOf(response: Response): Promise<{ status: number; error: string }> {
  return { status: response.status, error: ((await response.json()) as { error: string }).error };
}

describe("NUL bytes in input", () => {
  it("in a query string: 400 naming the parameter", async () => {
    const response = await listPrompts(asAdmin("http://localhost:3000/api/prompts?q=knife%00drop"));
    expect(await errorOf(response)).toEqual({ status: 400, error: "q: must not contain a NUL byte (\\u0000)" });
  });

  it("in a JSON body: 400 naming the field, and nothing is written", async () => {
    const name = `nul-${Date.now()}\u0000`;
    const response = await createConstitution(
      asAdmin("http://localhost:3000/api/constitutions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, description: "fine" }) }),
    );
    expect(await errorOf(response)).toEqual({ status: 400, error: "name: must not contain a NUL byte (\\u0000)" });
    expect(await prisma.constitution.count({ where: { name: { startsWith: name.slice(0, -1) } } })).toBe(0);
  });

  it("in a JSON key or a nested value: 400 naming where", async () => {
    const nestedKey = await createConstitution(
      asAdmin("http://localhost:3000/api/constitutions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "ok", extra: { "bad\u0000key": 1 } }),
      }),
    );
    expect(await errorOf(nestedKey)).toEqual({ status: 400, error: "extra.bad\\u0000key: a field name must not contain a NUL byte (\\u0000)" });
    const inArray = await createConstitution(
      asAdmin("http://localhost:3000/api/constitutions", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "ok", list: ["fine", "not\u0000fine"] }),
      }),
    );
    expect(await errorOf(inArray)).toEqual({ status: 400, error: "list.1: must not contain a NUL byte (\\u0000)" });
  });
});
