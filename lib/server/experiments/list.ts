import "server-only";
import type { ExperimentStage } from "@/lib/schemas/experiment-report";
import { prisma } from "../db";
import { stageOf } from "./stage";

// The experiments page: every experiment, newest first, with its arms and where it is. A studio
// holds a handful (each is several runs), so the list is not paged.

export interface ExperimentListRow {
  id: number;
  name: string;
  dataset: { id: number; name: string };
  arms: string[];
  prompts: number;
  stage: ExperimentStage;
  createdAt: string;
}

export async function listExperiments(): Promise<ExperimentListRow[]> {
  const rows = await prisma.experiment.findMany({
    orderBy: { id: "desc" },
    select: {
      id: true,
      name: true,
      createdAt: true,
      dataset: { select: { id: true, name: true } },
      judgeRun: { select: { status: true } },
      scoreRun: { select: { status: true } },
      arms: { orderBy: { position: "asc" }, select: { name: true, run: { select: { status: true } } } },
      _count: { select: { prompts: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    dataset: row.dataset,
    arms: row.arms.map((arm) => arm.name),
    prompts: row._count.prompts,
    stage: stageOf(row.arms, row.judgeRun, row.scoreRun),
    createdAt: row.createdAt.toISOString(),
  }));
}
