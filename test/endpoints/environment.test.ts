import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { updateEndpointSchema } from "@/lib/schemas/endpoints";
import { prisma } from "@/lib/server/db";
import { parseEnvironmentEndpoints, syncEnvironmentEndpoints } from "@/lib/server/endpoints/environment";
import { deleteEndpoint, updateEndpoint } from "@/lib/server/endpoints/mutations";
import { getEndpoint } from "@/lib/server/endpoints/queries";
import { inTransaction, pgPool } from "@/lib/server/pg";
import { DEFAULT_CONSTITUTION_NAME, ensureDefaultConstitution } from "@/lib/server/setup/default-constitution";
import { prepareStudio } from "@/lib/server/setup/prepare";
import { uniqueName } from "./helpers";

// One file for everything that runs syncEnvironmentEndpoints (prepareStudio included): a sync
// deletes the env endpoints it does not list, so two files syncing at once in the shared test
// database would undo each other's.

afterEach(() => vi.unstubAllEnvs());
afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const sync = (value: unknown) => inTransaction((db) => syncEnvironmentEndpoints(db, JSON.stringify(value)));

function entry(overrides: Record<string, unknown> = {}) {
  return { name: uniqueName("env"), kind: "OPENAI_COMPATIBLE", baseUrl: "http://127.0.0.1:8000/v1", model: "llama", ...overrides };
}

describe("parseEnvironmentEndpoints", () => {
  it("reads nothing from an unset or empty variable", () => {
    expect(parseEnvironmentEndpoints(undefined)).toEqual([]);
    expect(parseEnvironmentEndpoints("  ")).toEqual([]);
  });

  it("names the index and the field of a bad entry", () => {
    const cases: [unknown, RegExp][] = [
      [[entry(), entry({ model: "" })], /^CAI_ENDPOINTS\[1\]\.model: name the model/],
      [[entry({ kind: "OLLAMA" })], /^CAI_ENDPOINTS\[0\]\.kind: must be one of OPENAI_COMPATIBLE, ANTHROPIC/],
      [[entry({ params: { temperature: 5 } })], /^CAI_ENDPOINTS\[0\]\.params\.temperature: must be 2 or less/],
      [[entry({ kind: "ANTHROPIC", params: { temperature: 0 } })], /^CAI_ENDPOINTS\[0\]\.params\.temperature: Anthropic's Messages API/],
      [[entry({ apiKeyEnv: "not a name" })], /^CAI_ENDPOINTS\[0\]\.apiKeyEnv: must be an environment variable name/],
      [[entry({ apiKey: "sk-123" })], /^CAI_ENDPOINTS\[0\]: .*apiKey.*naming its variable in apiKeyEnv/],
      [[entry({ name: "twice" }), entry({ name: "twice" })], /^CAI_ENDPOINTS\[1\]\.name: "twice" appears twice/],
      [{ name: "x" }, /^CAI_ENDPOINTS must be a JSON array/],
    ];
    for (const [value, message] of cases) expect(() => parseEnvironmentEndpoints(JSON.stringify(value))).toThrow(message);
    expect(() => parseEnvironmentEndpoints("[{name: 1}")).toThrow(/^CAI_ENDPOINTS is not valid JSON/);
  });

  it("does not echo a key someone put in the entry", () => {
    try {
      parseEnvironmentEndpoints(JSON.stringify([entry({ apiKey: "sk-live-abcdef123456" })]));
    } catch (error) {
      expect((error as Error).message).not.toContain("sk-live-abcdef123456");
      return;
    }
    throw new Error("expected an error");
  });
});

describe("syncEnvironmentEndpoints", () => {
  it("upserts by name as read-only endpoints, updates them, and removes or releases the ones no longer listed", async () => {
    const a = entry({ apiKeyEnv: "LOCAL_KEY", params: { temperature: 0.7 }, maxConcurrency: 16, requestsPerMinute: 600 });
    const b = entry({ kind: "ANTHROPIC", baseUrl: undefined, model: "claude" });
    const first = await sync([a, b]);
    expect(first.synced).toEqual([a.name, b.name]);
    const rowA = await prisma.modelEndpoint.findUniqueOrThrow({ where: { name: a.name } });
    expect(rowA).toMatchObject({ fromEnv: true, apiKeyEnv: "LOCAL_KEY", params: { temperature: 0.7 }, maxConcurrency: 16, requestsPerMinute: 600 });
    expect((await getEndpoint(rowA.id, "ADMIN")).key).toMatchObject({ source: "env", env: "LOCAL_KEY" });

    // a tested endpoint keeps its log-prob result while its server and model stay the same
    await prisma.modelEndpoint.update({ where: { id: rowA.id }, data: { supportsLogprobs: true } });
    await sync([{ ...a, maxConcurrency: 4 }, b]);
    expect(await prisma.modelEndpoint.findUniqueOrThrow({ where: { id: rowA.id } })).toMatchObject({ maxConcurrency: 4, supportsLogprobs: true });
    await sync([{ ...a, model: "other" }, b]);
    expect(await prisma.modelEndpoint.findUniqueOrThrow({ where: { id: rowA.id } })).toMatchObject({ model: "other", supportsLogprobs: null });

    // b leaves the list: unused, it goes; a leaves too, but a run used it, so it stays and becomes editable
    await prisma.run.create({ data: { kind: "SL_CAI", endpointId: rowA.id } });
    const last = await sync([]);
    expect(last.removed).toContain(b.name);
    expect(last.released).toContain(a.name);
    expect(await prisma.modelEndpoint.findUnique({ where: { name: b.name } })).toBeNull();
    expect(await prisma.modelEndpoint.findUniqueOrThrow({ where: { id: rowA.id } })).toMatchObject({ fromEnv: false });
  });

  it("leaves the environment's endpoints alone in a process started without CAI_ENDPOINTS", async () => {
    const a = entry();
    await sync([a]);
    const untouched = await inTransaction((db) => syncEnvironmentEndpoints(db, undefined));
    expect(untouched).toEqual({ synced: [], removed: [], released: [] });
    expect(await prisma.modelEndpoint.findUniqueOrThrow({ where: { name: a.name } })).toMatchObject({ fromEnv: true });
  });

  it("never overwrites an endpoint made in the studio", async () => {
    const mine = await prisma.modelEndpoint.create({ data: { name: uniqueName("mine"), kind: "OPENAI_COMPATIBLE", model: "mine" } });
    await expect(sync([entry(), entry({ name: mine.name })])).rejects.toThrow(new RegExp(`^CAI_ENDPOINTS\\[1\\]\\.name: an endpoint named "${mine.name}" was made in the studio`));
    expect(await prisma.modelEndpoint.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ model: "mine", fromEnv: false });
  });

  it("two processes syncing at once both succeed and leave one row per name", async () => {
    const list = [entry(), entry()];
    const results = await Promise.all([sync(list), sync(list), sync(list)]);
    expect(results.every((r) => r.synced.length === 2)).toBe(true);
    expect(await prisma.modelEndpoint.count({ where: { name: { in: list.map((e) => e.name) } } })).toBe(2);
  });
});

describe("endpoints from the environment in the studio", () => {
  it("are read-only in the settings service", async () => {
    const listed = entry();
    await sync([listed]);
    const row = await prisma.modelEndpoint.findUniqueOrThrow({ where: { name: listed.name } });
    const input = updateEndpointSchema.parse({ name: row.name, kind: "OPENAI_COMPATIBLE", model: "other", apiKey: { source: "none" } });
    await expect(updateEndpoint(row.id, input)).rejects.toThrow(/defined by CAI_ENDPOINTS.*cannot be edited here/);
    await expect(deleteEndpoint(row.id)).rejects.toThrow(/cannot be deleted here/);
  });
});

describe("prepareStudio", () => {
  it("syncs CAI_ENDPOINTS and makes the default constitution once, even when processes start together", async () => {
    const listed = entry();
    vi.stubEnv("CAI_ENDPOINTS", JSON.stringify([listed]));
    const results = await Promise.all([prepareStudio(), prepareStudio(), prepareStudio()]);
    expect(results.every((r) => r.endpoints.synced[0] === listed.name)).toBe(true);
    expect(await prisma.modelEndpoint.count({ where: { name: listed.name, fromEnv: true } })).toBe(1);

    const constitution = await prisma.constitution.findUniqueOrThrow({
      where: { name: DEFAULT_CONSTITUTION_NAME },
      include: { versions: { include: { _count: { select: { principles: true } } } } },
    });
    expect(constitution.versions).toHaveLength(1);
    expect(constitution.versions[0]).toMatchObject({ version: 1, _count: { principles: 32 } });
    const again = await prepareStudio();
    expect(again.defaultConstitution.created).toBe(false);
  });

  it("with a bad CAI_ENDPOINTS, fails with the message and changes nothing", async () => {
    const good = entry();
    vi.stubEnv("CAI_ENDPOINTS", JSON.stringify([good, { ...entry(), baseUrl: "ftp://x" }]));
    await expect(prepareStudio()).rejects.toThrow(/^CAI_ENDPOINTS\[1\]\.baseUrl: must be an http/);
    expect(await prisma.modelEndpoint.findUnique({ where: { name: good.name } })).toBeNull();
  });
});

describe("ensureDefaultConstitution", () => {
  it("makes v1 from the studio's file once, and never touches a constitution of that name", async () => {
    const name = uniqueName("default");
    const results = await Promise.all([1, 2, 3].map(() => inTransaction((db) => ensureDefaultConstitution(db, name))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const version = await prisma.constitutionVersion.findFirstOrThrow({
      where: { constitution: { name } },
      include: { principles: { orderBy: [{ kind: "asc" }, { position: "asc" }] } },
    });
    const critique = version.principles.filter((p) => p.kind === "CRITIQUE_REVISION");
    const preference = version.principles.filter((p) => p.kind === "PREFERENCE");
    expect([critique.length, preference.length]).toEqual([16, 16]);
    expect(critique[0]).toMatchObject({ key: "harm", critiqueRequest: expect.stringMatching(/^Name each way/) });

    // someone edits it into v2: a later start leaves both versions exactly as they are
    await prisma.constitutionVersion.create({ data: { constitutionId: version.constitutionId, version: 2, contentHash: "x" } });
    expect((await inTransaction((db) => ensureDefaultConstitution(db, name))).created).toBe(false);
    expect(await prisma.constitutionVersion.count({ where: { constitutionId: version.constitutionId } })).toBe(2);
  });
});
