import { UserError } from "@/lib/server/errors";
import { pgPool } from "@/lib/server/pg";

// What `run sl` names on the command line (a dataset, an endpoint, a constitution), as ids. A
// name or an id works; a constitution name means its latest version.

export interface RunTargetNames {
  dataset: string;
  endpoint?: string;
  constitution?: string;
  version?: string;
}

export async function lookUpRunTargets(names: RunTargetNames) {
  const datasetId = await idOf(`SELECT id FROM "Dataset" WHERE name = $1 OR id::text = $1`, names.dataset, `--dataset: there is no dataset "${names.dataset}"`);
  if (names.endpoint === undefined) return { datasetId };
  const endpointId = await idOf(`SELECT id FROM "ModelEndpoint" WHERE name = $1 OR id::text = $1`, names.endpoint, `--endpoint: there is no endpoint "${names.endpoint}" (add one in Settings)`);
  if (names.constitution === undefined && names.version === undefined) return { datasetId, endpointId };
  const constitutionVersionId = names.version
    ? await idOf(`SELECT id FROM "ConstitutionVersion" WHERE id::text = $1`, names.version, `--constitution-version: there is no constitution version ${names.version}`)
    : await idOf(
        `SELECT v.id FROM "ConstitutionVersion" v JOIN "Constitution" c ON c.id = v."constitutionId"
         WHERE c.name = $1 OR c.id::text = $1 ORDER BY v.version DESC LIMIT 1`,
        names.constitution!,
        `--constitution: there is no constitution "${names.constitution}"`,
      );
  return { datasetId, endpointId, constitutionVersionId };
}

async function idOf(sql: string, value: string, missing: string): Promise<number> {
  const { rows } = await pgPool().query<{ id: number }>(sql, [value]);
  if (rows.length === 0) throw new UserError(missing);
  return rows[0].id;
}
