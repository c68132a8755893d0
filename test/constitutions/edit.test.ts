import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { saveVersionSchema, type SaveVersionInput } from "@/lib/schemas/constitutions";
import { prisma } from "@/lib/server/db";
import { createConstitution, saveConstitutionVersion, versionEditState } from "@/lib/server/constitutions/edit";
import { saveConstitutionParts, versionContent } from "@/lib/server/constitutions/store";
import { ConflictError } from "@/lib/server/errors";
import { inTransaction, pgPool } from "@/lib/server/pg";
import { createDataset, createPrompts } from "../factories";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

const PAIRS = [
  { key: "harm", critiqueRequest: "What in the answer is harmful?", revisionRequest: "Rewrite it without the harm." },
  { key: "honesty", critiqueRequest: "What in the answer is untrue?", revisionRequest: "Rewrite it truthfully." },
];
const PREFERENCE = [{ key: "kind", text: "Which answer is kinder?" }];
const FEW_SHOTS = [
  { kind: "PREFERENCE" as const, content: { prompt: "Which is better?\n(A) x\n(B) y", corrects: [" (A)"], incorrects: [" (B)"] } },
  { kind: "CRITIQUE_REVISION" as const, content: { transcript: "\n\nHuman: hi\n\nAssistant: hello\n\nCritiqueRequest: ..." } },
];

function edit(overrides: Partial<SaveVersionInput["content"]> = {}, note = ""): SaveVersionInput {
  return saveVersionSchema.parse({ note, content: { critiqueRevision: PAIRS, preference: PREFERENCE, fewShots: FEW_SHOTS, ...overrides } });
}

async function newConstitution() {
  const created = await createConstitution({ name: uniqueName("edit"), description: "" });
  const first = await saveConstitutionVersion(created.versionId, edit());
  return { ...created, first };
}

async function useInRun(versionId: number) {
  return prisma.run.create({ data: { kind: "SL_CAI", constitutionVersionId: versionId } });
}

describe("creating constitutions", () => {
  it("starts empty, or as a copy of a version, and refuses a taken name on the field", async () => {
    const empty = await createConstitution({ name: uniqueName("empty"), description: "scratch" });
    expect(await inTransaction((db) => versionContent(db, empty.versionId))).toEqual({ critiqueRevision: [], preference: [], fewShots: [] });

    const { versionId } = await newConstitution();
    const name = uniqueName("copy");
    const copy = await createConstitution({ name, description: "", copyFromVersionId: versionId });
    const [original, copied] = await inTransaction((db) => Promise.all([versionContent(db, versionId), versionContent(db, copy.versionId)]));
    expect(copied).toEqual(original);
    expect(await prisma.constitutionVersion.findUniqueOrThrow({ where: { id: copy.versionId } })).toMatchObject({ version: 1, note: expect.stringMatching(/^Copied from edit-\w+ v1$/) });

    await expect(createConstitution({ name, description: "" })).rejects.toThrow(ConflictError.about("name", `a constitution named "${name}" already exists`));
  });
});

describe("saving a version", () => {
  it("edits the latest version in place while nothing uses it", async () => {
    const { versionId, first } = await newConstitution();
    expect(first).toMatchObject({ outcome: "in-place", versionId, version: 1 });
    const reordered = edit({ critiqueRevision: [{ ...PAIRS[1], revisionRequest: "Say only what is true." }, PAIRS[0]] }, "honesty first");
    expect(await saveConstitutionVersion(versionId, reordered)).toMatchObject({ outcome: "in-place", versionId, version: 1 });
    const content = await inTransaction((db) => versionContent(db, versionId));
    expect(content.critiqueRevision.map((p) => p.key)).toEqual(["honesty", "harm"]);
    expect(content.critiqueRevision[0].revisionRequest).toBe("Say only what is true.");
    // few-shots come back grouped by kind, as SQL orders them
    expect(content.fewShots.map((f) => f.kind)).toEqual(["CRITIQUE_REVISION", "PREFERENCE"]);
    const row = await prisma.constitutionVersion.findUniqueOrThrow({ where: { id: versionId } });
    expect(row.note).toBe("honesty first");
    expect(await prisma.constitutionVersion.count({ where: { constitutionId: row.constitutionId } })).toBe(1);
  });

  it("saving what is already there changes nothing", async () => {
    const { versionId } = await newConstitution();
    await useInRun(versionId);
    expect(await saveConstitutionVersion(versionId, edit())).toMatchObject({ outcome: "unchanged", versionId, version: 1 });
  });

  it("makes version n+1 when a run used the version, and leaves the used one as it was", async () => {
    const { versionId, constitutionId } = await newConstitution();
    const run = await useInRun(versionId);
    expect(await versionEditState(versionId)).toEqual({ frozen: true, reasons: ["1 run has used it"], isLatest: true, latestVersion: 1 });

    const saved = await saveConstitutionVersion(versionId, edit({ preference: [{ key: "kind", text: "Which answer is gentler?" }] }));
    expect(saved).toMatchObject({ outcome: "new-version", version: 2, editedVersion: 1 });
    expect(saved.versionId).not.toBe(versionId);
    expect(await prisma.constitutionVersion.findUniqueOrThrow({ where: { id: saved.versionId } })).toMatchObject({ constitutionId, note: "Edited from v1" });
    const [old, next] = await inTransaction((db) => Promise.all([versionContent(db, versionId), versionContent(db, saved.versionId)]));
    expect(old.preference[0].text).toBe("Which answer is kinder?");
    expect(next.preference[0].text).toBe("Which answer is gentler?");
    expect((await prisma.run.findUniqueOrThrow({ where: { id: run.id } })).constitutionVersionId).toBe(versionId);
    // the new version is unused and latest: the next save edits it in place
    expect(await saveConstitutionVersion(saved.versionId, edit({ preference: [] }))).toMatchObject({ outcome: "in-place", version: 2 });
  });

  it("freezes a version whose principles a chain step used", async () => {
    const { versionId } = await newConstitution();
    const principle = await prisma.principle.findFirstOrThrow({ where: { versionId, key: "harm" } });
    const dataset = await createDataset("edit");
    const [promptId] = await createPrompts(dataset.id, [{ text: "How do I pick a lock?" }]);
    const initial = await prisma.response.create({ data: { promptId, text: "Like this.", origin: "INITIAL" } });
    const revision = await prisma.response.create({ data: { promptId, text: "I'd rather not.", origin: "REVISION" } });
    const chain = await prisma.chain.create({ data: { promptId, initialResponseId: initial.id } });
    await prisma.chainStep.create({ data: { chainId: chain.id, index: 1, principleId: principle.id, critique: "Risky.", revisionId: revision.id } });

    expect((await versionEditState(versionId)).reasons).toEqual(["chains were made with its principles"]);
    expect(await saveConstitutionVersion(versionId, edit({ critiqueRevision: [PAIRS[1]] }))).toMatchObject({ outcome: "new-version", version: 2 });
    expect(await prisma.principle.findUnique({ where: { id: principle.id } })).not.toBeNull();
  });

  it("an edit of an older version becomes the newest version", async () => {
    const { versionId } = await newConstitution();
    await useInRun(versionId);
    const v2 = await saveConstitutionVersion(versionId, edit({ preference: [] }));
    const fromV1 = await saveConstitutionVersion(versionId, edit({ fewShots: [] }, "v1 without few-shots"));
    expect(fromV1).toMatchObject({ outcome: "new-version", version: 3, editedVersion: 1 });
    expect(v2.version).toBe(2);
  });

  it("freezes versions an import made", async () => {
    const name = uniqueName("imported");
    const importRow = await prisma.import.create({ data: { fileName: "principles.json", fileSha256: randomUUID(), fileBytes: 10, format: "CONSTITUTION" } });
    const saved = await inTransaction((db) => saveConstitutionParts(db, { name, parts: { critiqueRevision: PAIRS }, note: "import", importId: importRow.id }));
    const state = await versionEditState(saved.versionId);
    expect(state).toMatchObject({ frozen: true, reasons: [`import #${importRow.id} made it`] });
    expect(await saveConstitutionVersion(saved.versionId, edit())).toMatchObject({ outcome: "new-version", version: 2 });
  });

  it("two saves of a frozen version at once make v2 and v3, never a clash", async () => {
    const { versionId } = await newConstitution();
    await useInRun(versionId);
    const results = await Promise.all([saveConstitutionVersion(versionId, edit({ preference: [] })), saveConstitutionVersion(versionId, edit({ fewShots: [] }))]);
    expect(results.map((r) => r.version).sort()).toEqual([2, 3]);
  });
});

describe("version content validation", () => {
  it("names the field of a repeated key or an empty text", () => {
    const result = saveVersionSchema.safeParse({
      content: {
        critiqueRevision: [PAIRS[0], { ...PAIRS[1], key: "harm" }, { key: "x", critiqueRequest: "  ", revisionRequest: "r" }],
        preference: [{ key: "", text: "t" }],
        fewShots: [{ kind: "CRITIQUE_REVISION", content: { transcript: "" } }],
      },
    });
    expect(result.success).toBe(false);
    const issues = Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join("."), issue.message]));
    expect(issues).toEqual({
      "content.critiqueRevision.1.key": 'the key "harm" is already used by principle 1',
      "content.critiqueRevision.2.critiqueRequest": "the critique request is empty",
      "content.preference.0.key": "give the principle a key, e.g. harm",
      "content.fewShots.0.content.transcript": "the transcript is empty",
    });
  });
});
