import { sql } from "kysely";
import { db } from "@/lib/server/db";
import { UserError } from "@/lib/server/errors";

// What `run sl` names on the command line (a dataset, an endpoint, a constitution), as ids. A
// name or an id works; a constitution name means its latest version.

export interface RunTargetNames {
  dataset: string;
  endpoint?: string;
  constitution?: string;
  version?: string;
}

/** A row named `value`, or whose id is `value`. */
const namedOrId = (value: string) => sql<boolean>`name = ${value} OR id::text = ${value}`;

export async function lookUpRunTargets(names: RunTargetNames) {
  const datasetId = await idOf(db.selectFrom("Dataset").select("id").where(namedOrId(names.dataset)), `--dataset: there is no dataset "${names.dataset}"`);
  if (names.endpoint === undefined) return { datasetId };
  const endpointId = await idOf(db.selectFrom("ModelEndpoint").select("id").where(namedOrId(names.endpoint)), `--endpoint: there is no endpoint "${names.endpoint}" (add one in Settings)`);
  if (names.constitution === undefined && names.version === undefined) return { datasetId, endpointId };
  const constitutionVersionId = names.version
    ? await idOf(
        db
          .selectFrom("ConstitutionVersion")
          .select("id")
          .where(sql<boolean>`id::text = ${names.version}`),
        `--constitution-version: there is no constitution version ${names.version}`,
      )
    : await idOf(
        db
          .selectFrom("ConstitutionVersion as v")
          .innerJoin("Constitution as c", "c.id", "v.constitutionId")
          .select("v.id")
          .where(sql<boolean>`c.name = ${names.constitution!} OR c.id::text = ${names.constitution!}`)
          .orderBy("v.version", "desc")
          .limit(1),
        `--constitution: there is no constitution "${names.constitution}"`,
      );
  return { datasetId, endpointId, constitutionVersionId };
}

async function idOf(query: { executeTakeFirst(): Promise<{ id: number } | undefined> }, missing: string): Promise<number> {
  const row = await query.executeTakeFirst();
  if (!row) throw new UserError(missing);
  return row.id;
}
