import { createReadStream, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/imports/route";
import type { ImportEvent } from "@/lib/schemas/import";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { datasetCounts, FIXTURES, tempFile, uniqueName } from "../imports/helpers";
import { signedInRequests } from "../auth/sessions";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

// every upload comes from a signed-in admin's page (routes refuse anyone else: test/auth/routes.test.ts)
const request = signedInRequests("ADMIN");

/** POSTs a file the way the browser does: raw bytes as a stream, the form's fields in the query. */
async function upload(file: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const url = `http://studio.test/api/imports?${new URLSearchParams(fields)}`;
  const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return POST(request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit));
}

async function events(response: Response): Promise<ImportEvent[]> {
  expect(response.headers.get("content-type")).toMatch(/application\/x-ndjson/);
  const text = await response.text();
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ImportEvent);
}

const uploadSpools = () => readdirSync(tmpdir()).filter((name) => name.startsWith("cai-upload-"));
const last = <T>(list: T[]) => list[list.length - 1];

describe("POST /api/imports", () => {
  it("imports a streamed file and reports progress, then the summary", async () => {
    const dataset = uniqueName("route");
    const spoolsBefore = uploadSpools();
    const response = await upload(path.join(FIXTURES, "sl-chains.jsonl"), { fileName: "sl-chains.jsonl", dataset, tags: "a, b" });
    expect(response.status).toBe(200);
    const all = await events(response);
    expect(all.slice(0, -1).every((event) => event.type === "progress")).toBe(true);
    const done = last(all);
    expect(done.type).toBe("done");
    if (done.type !== "done") return;
    expect(done.summary).toMatchObject({
      kind: "dataset",
      format: "CAI_SL_CHAINS",
      dataset: { name: dataset },
      stats: { promptsNew: 3, chains: 3, steps: 7 },
      problems: { count: 0 },
    });
    expect(done.summary.sameFileImportedBefore).toBeUndefined();
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 3, chains: 3, steps: 7 });
    expect(uploadSpools().filter((name) => !spoolsBefore.includes(name))).toEqual([]); // the temporary file is gone
    const tags = await prisma.prompt.findMany({ where: { dataset: { name: dataset } }, select: { tags: true } });
    expect(tags.every((row) => row.tags.includes("a") && row.tags.includes("b"))).toBe(true);

    const again = last(await events(await upload(path.join(FIXTURES, "sl-chains.jsonl"), { fileName: "sl-chains.jsonl", dataset })));
    expect(again.type === "done" && again.summary).toMatchObject({
      stats: { promptsNew: 0, promptsExisting: 3 },
      sameFileImportedBefore: { importId: done.summary.importId },
    });
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 3, chains: 3 });
  });

  it("ends with an error event naming file, line and field when the file is bad, and imports nothing", async () => {
    const dataset = uniqueName("route-bad");
    const file = tempFile("bad.jsonl", '{"prompt": "one"}\n{"prompt": "two",,}\n{"prompt": "three"}\n');
    const all = await events(await upload(file, { fileName: "bad.jsonl", dataset }));
    const error = last(all);
    expect(error.type).toBe("error");
    if (error.type !== "error") return;
    expect(error.message).toMatch(/bad\.jsonl, line 2/);
    expect(error.importId).toBeGreaterThan(0);
    expect(await datasetCounts(dataset)).toMatchObject({ prompts: 0 });
  });

  it("imports the rest and lists the skipped line with skipBadLines", async () => {
    const dataset = uniqueName("route-skip");
    const file = tempFile("bad.jsonl", '{"prompt": "one"}\n{"prompt": "two",,}\n{"prompt": "three"}\n');
    const done = last(await events(await upload(file, { fileName: "bad.jsonl", dataset, skipBadLines: "true" })));
    expect(done.type === "done" && done.summary).toMatchObject({ stats: { promptsNew: 2 }, problems: { count: 1, items: [{ line: 2 }] } });
  });

  it("answers 400 with the field when the query is invalid, before reading the body", async () => {
    const response = await upload(path.join(FIXTURES, "prompts.jsonl"), { dataset: "x", format: "docx" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(/fileName/);
    expect(body.error).toMatch(/format/);
  });

  it("answers 400 naming the field when a name holds a NUL character, which the database cannot store", async () => {
    const response = await upload(path.join(FIXTURES, "prompts.jsonl"), { fileName: "prompts.jsonl", dataset: "a\u0000b", tags: "x\u0000" });
    expect(response.status).toBe(400);
    // refused where every route parses its input (lib/server/http.ts), at the first field that has one
    expect(((await response.json()) as { error: string }).error).toBe("dataset: must not contain a NUL byte (\\u0000)");
  });

  it("answers 413 when the declared size is over the limit", async () => {
    const response = await upload(path.join(FIXTURES, "prompts.jsonl"), { fileName: "big.jsonl", dataset: "x" }, { "content-length": String(3 * 1024 ** 3) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toMatch(/npm run cai -- import/);
  });
});
