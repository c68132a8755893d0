import "server-only";
import { sql } from "kysely";
import { z } from "zod";
import { id } from "@/lib/schemas/ids";
import type { ModelEndpointOption } from "@/lib/schemas/endpoints";
import { db, prisma, utc } from "../db";
import { NotFoundError } from "../errors";
import { listModelEndpointOptions } from "../endpoints/queries";
import { DEFAULT_CONSTITUTION } from "../runs/queries";

// What the pair-making and labeling forms offer: per dataset, the chains and samples pairs can be
// made from; for a labeling run, the datasets with comparisons, the endpoints with their log-prob
// support, the constitution versions with their preference principles, and the sampling runs whose
// pairs can be chosen.

export const pairSourcesQuerySchema = z.object({ datasetId: id });

export interface PairSources {
  datasetId: number;
  chains: number;
  /** SL-CAI runs of the dataset that wrote chains, newest first */
  chainRuns: { id: number; name: string; chains: number; createdAt: string }[];
  /** chains that came with an import (no run) */
  importedChains: number;
  /** stored samples (origin SAMPLE) by producer */
  producers: { producer: string | null; samples: number }[];
  comparisons: number;
}

export async function pairSources(datasetId: number): Promise<PairSources> {
  const dataset = await prisma.dataset.findUnique({ where: { id: datasetId }, select: { id: true } });
  if (!dataset) throw NotFoundError.about("datasetId", `there is no dataset ${datasetId}`);
  const [chainsByRun, producers, comparisons] = await Promise.all([
    db
      .selectFrom("Chain as c")
      .innerJoin("Prompt as p", "p.id", "c.promptId")
      .leftJoin("Run as r", "r.id", "c.runId")
      .select(["c.runId", "r.name", utc("r.createdAt").as("createdAt"), sql<number>`count(*)::int`.as("chains")])
      .where("p.datasetId", "=", datasetId)
      .groupBy(["c.runId", "r.name", sql`r."createdAt"`])
      .orderBy(sql`c."runId" DESC NULLS LAST`)
      .execute(),
    db
      .selectFrom("Response as r")
      .innerJoin("Prompt as p", "p.id", "r.promptId")
      .select(["r.producer", sql<number>`count(*)::int`.as("samples")])
      .where("p.datasetId", "=", datasetId)
      .where("r.origin", "=", "SAMPLE")
      .groupBy("r.producer")
      .orderBy("samples", "desc")
      .orderBy("r.producer")
      .execute(),
    db
      .selectFrom("Prompt")
      .select(sql<number>`coalesce(sum("comparisonCount"), 0)::int`.as("n"))
      .where("datasetId", "=", datasetId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    datasetId,
    chains: chainsByRun.reduce((sum, row) => sum + row.chains, 0),
    chainRuns: chainsByRun.filter((row) => row.runId !== null).map((row) => ({ id: row.runId!, name: row.name ?? "", chains: row.chains, createdAt: row.createdAt!.toISOString() })),
    importedChains: chainsByRun.find((row) => row.runId === null)?.chains ?? 0,
    producers,
    comparisons: comparisons.n,
  };
}

export interface LabelFormOptions {
  datasets: { id: number; name: string; comparisons: number }[];
  endpoints: ModelEndpointOption[];
  versions: {
    id: number;
    constitutionName: string;
    version: number;
    /** PREFERENCE principles: what a labeling run draws from */
    preference: number;
    fewShots: { PREFERENCE: number; PREFERENCE_COT: number };
  }[];
  /** the latest "Studio default" version with preference principles, else the newest such version */
  defaultVersionId: number | null;
  /** sampling runs: their pairs can be labeled on their own */
  sampleRuns: { id: number; name: string; datasetId: number | null; createdAt: string }[];
}

export async function labelFormOptions(): Promise<LabelFormOptions> {
  const [datasets, comparisons, endpoints, versions, sampleRuns] = await Promise.all([
    prisma.dataset.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db
      .selectFrom("Prompt")
      .select(["datasetId as id", sql<number>`sum("comparisonCount")::int`.as("n")])
      .groupBy("datasetId")
      .execute(),
    listModelEndpointOptions(),
    prisma.constitutionVersion.findMany({
      orderBy: [{ constitution: { name: "asc" } }, { version: "desc" }],
      select: {
        id: true,
        version: true,
        constitution: { select: { name: true } },
        _count: { select: { principles: { where: { kind: "PREFERENCE" } } } },
        fewShots: { where: { kind: { in: ["PREFERENCE", "PREFERENCE_COT"] } }, select: { kind: true } },
      },
    }),
    prisma.run.findMany({ where: { kind: "SAMPLE" }, orderBy: { id: "desc" }, take: 200, select: { id: true, name: true, datasetId: true, createdAt: true } }),
  ]);
  const counts = new Map(comparisons.map((row) => [row.id, row.n]));
  const rows = versions.map((v) => ({
    id: v.id,
    constitutionName: v.constitution.name,
    version: v.version,
    preference: v._count.principles,
    fewShots: {
      PREFERENCE: v.fewShots.filter((f) => f.kind === "PREFERENCE").length,
      PREFERENCE_COT: v.fewShots.filter((f) => f.kind === "PREFERENCE_COT").length,
    },
  }));
  const usable = rows.filter((v) => v.preference > 0);
  const preferred = usable.find((v) => v.constitutionName === DEFAULT_CONSTITUTION) ?? usable.toSorted((a, b) => b.id - a.id)[0];
  return {
    datasets: datasets.map((d) => ({ ...d, comparisons: counts.get(d.id) ?? 0 })),
    endpoints,
    versions: rows,
    defaultVersionId: preferred?.id ?? null,
    sampleRuns: sampleRuns.map((run) => ({ ...run, createdAt: run.createdAt.toISOString() })),
  };
}

/** Runs the comparisons table can be filtered by, newest first. */
export async function comparisonRunOptions(): Promise<{ id: number; name: string; kind: string }[]> {
  return prisma.run.findMany({ where: { kind: { in: ["LABEL", "SAMPLE", "SL_CAI"] } }, orderBy: { id: "desc" }, take: 200, select: { id: true, name: true, kind: true } });
}

/** Whether any comparison exists at all: the comparisons page's empty state. */
export async function anyComparison(): Promise<boolean> {
  return (await prisma.comparison.findFirst({ select: { id: true } })) !== null;
}

/** Names of the principle, judge endpoint, experiment and arms a comparisons query filters on, for its chips. */
export async function comparisonFilterNames(query: {
  principle?: number;
  endpoint?: number;
  experiment?: number;
  armX?: number;
  armY?: number;
  revisedBy?: number;
}): Promise<{ principle?: string; endpoint?: string; experiment?: string; armX?: string; armY?: string; revisedBy?: string }> {
  const armIds = [query.armX, query.armY].filter((id) => id !== undefined);
  const [principle, endpoint, experiment, arms, revisedBy] = await Promise.all([
    query.principle === undefined ? null : prisma.principle.findUnique({ where: { id: query.principle }, select: { key: true } }),
    query.endpoint === undefined ? null : prisma.modelEndpoint.findUnique({ where: { id: query.endpoint }, select: { name: true } }),
    query.experiment === undefined ? null : prisma.experiment.findUnique({ where: { id: query.experiment }, select: { name: true } }),
    armIds.length === 0 ? [] : prisma.experimentArm.findMany({ where: { id: { in: armIds } }, select: { id: true, name: true } }),
    query.revisedBy === undefined ? null : prisma.principle.findUnique({ where: { id: query.revisedBy }, select: { key: true } }),
  ]);
  return {
    principle: principle?.key,
    endpoint: endpoint?.name,
    experiment: experiment?.name,
    armX: arms.find((arm) => arm.id === query.armX)?.name,
    armY: arms.find((arm) => arm.id === query.armY)?.name,
    revisedBy: revisedBy?.key,
  };
}
