import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/imports/route";
import { GET as listPrompts } from "@/app/api/prompts/route";
import type { ImportEvent } from "@/lib/schemas/import";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { datasetCounts, FIXTURES, tempFile, uniqueName } from "../imports/helpers";
import { gzipBomb, parquetClaimingRows } from "../imports/hostile";
import { sessionFor, signedInRequests } from "../auth/sessions";

// Issue 12, findings 1, 2 and 4 through POST /api/imports: the import runs in a child process with
// a memory cap, so a file that exhausts memory kills the child alone and the studio keeps answering
// (the event loop of the server, here the test process, is never held up by the parse); hostile
// files are refused within seconds; a person may run two imports at once, the studio four; a
// reviewer may not import a constitution.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const savedEnv = { ...process.env };
afterEach(() => {
  for (const name of ["CAI_IMPORT_MEMORY_MB", "CAI_IMPORT_MAX_CONSTITUTION_MB", "CAI_IMPORT_MAX_PER_PERSON", "CAI_IMPORT_MAX_RUNNING"]) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

const admin = signedInRequests("ADMIN");
const reviewer = signedInRequests("REVIEWER");

type RequestMaker = (input: string | URL, init?: RequestInit) => Request;

function post(as: RequestMaker, body: ReadableStream<Uint8Array>, fields: Record<string, string>) {
  const url = `http://studio.test/api/imports?${new URLSearchParams(fields)}`;
  return POST(as(url, { method: "POST", body, duplex: "half" } as RequestInit));
}

const fileBody = (file: string) => Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;

async function lastEvent(response: Response): Promise<ImportEvent> {
  const lines = (await response.text()).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as ImportEvent;
}

/** The longest the event loop went without running a timer while `work` ran, in ms. */
async function longestStall<T>(work: Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    return { result: await work, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe("hostile uploads", () => {
  it.each([
    [
      "a gzip bomb taken for a constitution",
      "principles.json.gz",
      () => gzipBomb('{\n  "harm": {"prompt": ["Say why."], "edit_request": "Rewrite it."},\n  "pad": "', " ", 1000),
      /CAI_IMPORT_MAX_CONSTITUTION_MB/,
    ],
    ["a gzip bomb of rows", "rows.jsonl.gz", () => gzipBomb("", '{"prompt": "Tell me a joke."}\n', 1000), /CAI_IMPORT_MAX_GZIP_RATIO/],
    ["a Parquet file claiming 120 million rows", "bomb.parquet", () => parquetClaimingRows(), /CAI_IMPORT_MAX_ROWS/],
    ["a flood of blank lines", "blank.jsonl", () => Buffer.from(`{"prompt": "one"}\n${"\n".repeat(3_000_000)}`), /CAI_IMPORT_MAX_BLANK_LINES/],
  ])("refuses %s within seconds, and the server is never held up", async (_, fileName, content, limit) => {
    const file = tempFile(fileName, content());
    const started = Date.now();
    const rssBefore = process.memoryUsage().rss;
    const { result, stallMs } = await longestStall(post(admin, fileBody(file), { fileName, dataset: uniqueName("hostile") }).then(lastEvent));
    expect(result).toMatchObject({ type: "error", message: expect.stringMatching(limit) });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(stallMs).toBeLessThan(500);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it("turns an import process that runs out of memory into the import's error; the studio answers meanwhile and after", async () => {
    // a constitution limit raised past what a small heap can parse: the child dies, not the server
    process.env.CAI_IMPORT_MAX_CONSTITUTION_MB = "100";
    process.env.CAI_IMPORT_MEMORY_MB = "96";
    const file = tempFile(
      "many-principles.json",
      JSON.stringify(
        Array.from({ length: 900_000 }, (_, i) => `\nWhich answer is less harmful? ${i}`),
        null,
        1,
      ),
    );
    const importing = post(admin, fileBody(file), { fileName: "many-principles.json", constitution: uniqueName("oom") }).then(lastEvent);
    const answer = await listPrompts(admin("http://studio.test/api/prompts"));
    expect(answer.status).toBe(200);
    const { result, stallMs } = await longestStall(importing);
    expect(result).toMatchObject({
      type: "error",
      message: "many-principles.json: the import ran out of memory (the import process may use 96 MB: CAI_IMPORT_MEMORY_MB sets this limit). Nothing was imported.",
      importId: expect.any(Number),
    });
    expect(stallMs).toBeLessThan(500);
    const failed = await prisma.import.findUniqueOrThrow({ where: { id: (result as { importId: number }).importId } });
    expect(failed).toMatchObject({ status: "FAILED", format: "CONSTITUTION", fileName: "many-principles.json" });

    // the next import works as ever
    const dataset = uniqueName("after-oom");
    const next = await lastEvent(await post(admin, fileBody(path.join(FIXTURES, "prompts.jsonl")), { fileName: "prompts.jsonl", dataset }));
    expect(next.type).toBe("done");
    expect((await datasetCounts(dataset)).prompts).toBeGreaterThan(0);
  });
});

describe("how many imports run at once", () => {
  /**
   * A request body that sends nothing until `finish` is called, then a small valid file; `reading`
   * resolves once the server starts reading it, which it does only after taking a slot.
   */
  function heldBody() {
    let finish!: () => void;
    let startedReading!: () => void;
    const reading = new Promise<void>((resolve) => (startedReading = resolve));
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          finish = () => {
            controller.enqueue(Buffer.from('{"prompt": "held"}\n'));
            controller.close();
          };
        },
        pull: () => startedReading(),
      },
      { highWaterMark: 0 },
    );
    return { body, reading, finish: () => finish() };
  }

  it("refuses a person's third import at once with 429, and the studio's fourth with 429 too", async () => {
    process.env.CAI_IMPORT_MAX_RUNNING = "3";
    const fields = () => ({ fileName: "held.jsonl", dataset: uniqueName("held") });
    const held = [heldBody(), heldBody(), heldBody()];
    const first = post(admin, held[0].body, fields());
    const second = post(admin, held[1].body, fields());
    await Promise.all([held[0].reading, held[1].reading]);

    const third = await post(admin, heldBody().body, fields());
    expect(third.status).toBe(429);
    expect(await third.json()).toEqual({ error: expect.stringMatching(/^You have 2 imports running.*CAI_IMPORT_MAX_PER_PERSON=2/), fields: [] });

    const other = await sessionFor("REVIEWER");
    const { requestWithSession } = await import("../auth/sessions");
    const asOther: RequestMaker = (input, init) => requestWithSession(other.cookie, input, init);
    const theirs = post(asOther, held[2].body, fields());
    await held[2].reading;
    const overall = await post(asOther, heldBody().body, fields());
    expect(overall.status).toBe(429);
    expect(await overall.json()).toEqual({ error: expect.stringMatching(/^The studio is running 3 imports.*CAI_IMPORT_MAX_RUNNING=3/), fields: [] });

    held.forEach((h) => h.finish());
    for (const response of await Promise.all([first, second, theirs])) expect((await lastEvent(response)).type).toBe("done");
    // the slots were given back
    const again = await post(admin, fileBody(path.join(FIXTURES, "prompts.jsonl")), { fileName: "prompts.jsonl", dataset: uniqueName("again") });
    expect((await lastEvent(again)).type).toBe("done");
  });
});

describe("constitutions are admin-only", () => {
  it("refuses a reviewer's constitution file, detected or named, and writes nothing", async () => {
    const name = uniqueName("reviewer");
    const file = tempFile("principles.json", JSON.stringify({ harm: { prompt: ["Say why it is harmful."], edit_request: "Rewrite it." } }));
    const detected = await lastEvent(await post(reviewer, fileBody(file), { fileName: "principles.json", constitution: name }));
    expect(detected).toEqual({ type: "error", message: "principles.json: this file is a constitution, and only an admin may import constitutions (you are a reviewer)" });
    const named = await post(reviewer, fileBody(file), { fileName: "principles.json", constitution: name, format: "constitution" });
    expect(named.status).toBe(403);
    expect(await prisma.constitution.count({ where: { name } })).toBe(0);

    const byAdmin = await lastEvent(await post(admin, fileBody(file), { fileName: "principles.json", constitution: name }));
    expect(byAdmin).toMatchObject({ type: "done", summary: { constitution: { name, version: 1 } } });
  });
});
