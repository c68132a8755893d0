import { isValidElement, type ReactNode } from "react";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as endpointRoute from "@/app/api/endpoints/[id]/route";
import * as testRoute from "@/app/api/endpoints/[id]/test/route";
import * as listRoute from "@/app/api/endpoints/route";
import * as draftRoute from "@/app/api/endpoints/test-draft/route";
import SettingsPage from "@/app/settings/page";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { startFakeLlmServer, type FakeLlmServer } from "../fake-llm";
import { uniqueName, useSecretKey } from "./helpers";
import { signedInJsonRequests } from "../auth/sessions";

// Keys never leave the server: every endpoint API answer (success and error), the settings page's
// props and everything logged meanwhile are searched for the key. The fake server also reports
// the key back in its 401 body ("Incorrect API key provided: ..."), as OpenAI does.

// the settings page reads who is asking from the request's headers: the admin's, in this test
let pageHeaders = new Headers();
vi.mock("next/headers", () => ({ headers: async () => pageHeaders }));

const KEY = "sk-leakcheck-7f3a9c1e5b2d8f4a6c0e";
let server: FakeLlmServer;
const logged: string[] = [];

beforeAll(async () => {
  server = await startFakeLlmServer({ reply: () => "Fine, thanks.", requireApiKey: KEY });
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  await server.close();
  await prisma.$disconnect();
  await pgPool().end();
});

const url = (path: string) => `http://studio.test${path}`;
// every request comes from a signed-in admin's page (routes refuse anyone else: test/auth/routes.test.ts)
const { request, json } = signedInJsonRequests("ADMIN");
const context = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });

/** Every string inside a React element tree's props: what a server page hands to the browser. */
function propsText(node: ReactNode, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (node === null || node === undefined || typeof node === "boolean") return out;
  if (typeof node !== "object") return (out.push(String(node)), out);
  if (seen.has(node)) return out;
  seen.add(node);
  if (Array.isArray(node)) node.forEach((child) => propsText(child, out, seen));
  else if (isValidElement(node)) propsText(node.props as ReactNode, out, seen);
  else for (const value of Object.values(node)) propsText(value as ReactNode, out, seen);
  return out;
}

describe("API keys never leave the server", () => {
  it("no endpoint answer, page prop or log line contains the key", async () => {
    useSecretKey();
    const bodies: string[] = [];
    const record = async (response: Response) => {
      bodies.push(await response.clone().text());
      return response;
    };
    const name = uniqueName("leak");
    const input = { name, kind: "OPENAI_COMPATIBLE", baseUrl: `${server.url}/v1`, model: "fake-chat", apiKey: { source: "stored", value: KEY } };

    const created = await record(await listRoute.POST(json("POST", "/api/endpoints", input)));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    await record(await listRoute.POST(json("POST", "/api/endpoints", input))); // 409: the name is taken
    await record(await listRoute.GET(json("GET", "/api/endpoints")));
    await record(await endpointRoute.GET(json("GET", `/api/endpoints/${id}`), context(id)));

    const passed = await record(await testRoute.POST(json("POST", `/api/endpoints/${id}/test`), context(id)));
    expect(await passed.json()).toMatchObject({ answer: "Fine, thanks.", logprobs: "available" });
    await record(await draftRoute.POST(json("POST", "/api/endpoints/test-draft", { ...input, apiKey: { source: "stored" }, id })));

    // a wrong key: the server's 401 body quotes it back, and the test result must not
    const wrong = `${KEY}-wrong`;
    await record(await endpointRoute.PUT(json("PUT", `/api/endpoints/${id}`, { ...input, apiKey: { source: "stored", value: wrong } }), context(id)));
    const failed = await record(await testRoute.POST(json("POST", `/api/endpoints/${id}/test`), context(id)));
    expect((await failed.json()) as { error: string }).toMatchObject({ error: expect.stringMatching(/401/) });
    await record(await draftRoute.POST(json("POST", "/api/endpoints/test-draft", { ...input, apiKey: { source: "stored", value: wrong } })));
    // a bad edit (Anthropic with a temperature) answers 400 with the field named
    const refused = await record(await endpointRoute.PUT(json("PUT", `/api/endpoints/${id}`, { ...input, kind: "ANTHROPIC", params: { temperature: 0.3 } }), context(id)));
    expect(refused.status).toBe(400);
    // storing without CAI_SECRET_KEY is refused with a message, not the key
    useSecretKey("");
    const noSecret = await record(await endpointRoute.PUT(json("PUT", `/api/endpoints/${id}`, input), context(id)));
    expect(noSecret.status).toBe(400);
    useSecretKey();

    pageHeaders = request(url("/settings")).headers;
    const page = propsText(await SettingsPage());
    expect(page.join("\n")).toContain(name);
    expect(page.join("\n")).toContain("stored");
    await record(await endpointRoute.DELETE(json("DELETE", `/api/endpoints/${id}`), context(id)));

    expect(bodies.length).toBe(12);
    for (const text of [...bodies, ...page, ...logged]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain("leakcheck");
    }
    // the fake server did receive the key: the check above is not vacuous
    expect(server.requests.some((request) => request.sentApiKey === KEY)).toBe(true);
  });
});
