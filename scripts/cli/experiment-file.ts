import { sql } from "kysely";
import { db } from "@/lib/server/db";
import { UserError } from "@/lib/server/errors";

// An experiment file (`cai experiment create FILE`) names what it uses, as `cai run` does: a
// dataset, endpoints and constitutions by name (or id), a constitution's latest version unless the
// file gives a version number. Here the names become the ids the experiment request
// (lib/schemas/experiments.ts) takes; every other field is passed on as it is, for the schema to
// check. A name that names nothing is refused with its place in the file ("arms.1.constitution").
//
//   {"name": "gentle vs plain", "dataset": "red-team", "prompts": {"kind": "sample", "n": 200},
//    "arms": [{"name": "v1", "endpoint": "gpt", "constitution": "Harmless", "version": 1, "revisions": 2},
//             {"name": "v2", "endpoint": "gpt", "constitution": "Harmless", "version": 2, "revisions": 2}],
//    "judge": {"endpoint": "judge", "constitution": "Preferences", "principlesPerPair": 2},
//    "score": {"endpoint": "reward-model"}}

type Fields = Record<string, unknown>;

/** The file's request with names resolved to ids (not yet parsed by the schema). */
export async function resolveExperimentFile(file: unknown): Promise<Fields> {
  if (!isObject(file)) throw new UserError("the experiment file must hold one JSON object");
  const { dataset, arms, judge, score, ...rest } = file;
  const request: Fields = { ...rest };
  if (dataset !== undefined) request.datasetId = await idOf("dataset", "Dataset", dataset);
  if (Array.isArray(arms)) {
    // one after another, so a refusal names the file's first mistake, not whichever lookup lost a race
    request.arms = [];
    for (const [index, arm] of arms.entries()) (request.arms as unknown[]).push(await resolvePart(`arms.${index}`, arm, true));
  } else if (arms !== undefined) request.arms = arms;
  if (judge !== undefined) request.judge = await resolvePart("judge", judge, true);
  if (score !== undefined) request.score = await resolvePart("score", score, false);
  return request;
}

/** An arm, the judge or the scorer: its endpoint, and its constitution (and version number) as ids. */
async function resolvePart(place: string, part: unknown, withConstitution: boolean): Promise<unknown> {
  if (!isObject(part)) return part;
  const { endpoint, constitution, version, ...rest } = part;
  const resolved: Fields = { ...rest };
  if (endpoint !== undefined) resolved.endpointId = await idOf(`${place}.endpoint`, "ModelEndpoint", endpoint);
  if (!withConstitution) return resolved;
  if (constitution !== undefined) resolved.constitutionVersionId = await versionId(place, constitution, version);
  else if (version !== undefined) throw UserError.about(`${place}.version`, "a version number goes with a constitution name");
  return resolved;
}

/** The row of `table` named `value`, or whose id it is. */
async function idOf(place: string, table: "Dataset" | "ModelEndpoint", value: unknown): Promise<number> {
  const name = String(value);
  const row = await db
    .selectFrom(table)
    .select("id")
    .where(sql<boolean>`name = ${name} OR id::text = ${name}`)
    .orderBy(sql`name = ${name}`, "desc")
    .executeTakeFirst();
  if (!row) throw UserError.about(place, `there is no ${table === "Dataset" ? "dataset" : "endpoint"} "${name}"`);
  return row.id;
}

/** The constitution's version of that number, or its latest. */
async function versionId(place: string, constitution: unknown, version: unknown): Promise<number> {
  const name = String(constitution);
  if (version !== undefined && !Number.isInteger(version)) throw UserError.about(`${place}.version`, "a version is a whole number");
  const row = await db
    .selectFrom("ConstitutionVersion as v")
    .innerJoin("Constitution as c", "c.id", "v.constitutionId")
    .select(["v.id", "v.version"])
    .where(sql<boolean>`(c.name = ${name} OR c.id::text = ${name})`)
    .$if(version !== undefined, (q) => q.where("v.version", "=", version as number))
    .orderBy("v.version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (row) return row.id;
  const exists = await db.selectFrom("Constitution").select("id").where("name", "=", name).executeTakeFirst();
  if (exists && version !== undefined) throw UserError.about(`${place}.version`, `constitution "${name}" has no version ${String(version)}`);
  throw UserError.about(`${place}.constitution`, `there is no constitution "${name}"`);
}

function isObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
