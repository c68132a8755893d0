import "server-only";
import { prisma } from "@/lib/server/db";

// The read side of constitutions: the list with its versions, and one version's full text.
// (Writing versions is lib/server/constitutions/store.ts.)

export async function listConstitutions() {
  return prisma.constitution.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      description: true,
      createdAt: true,
      versions: {
        orderBy: { version: "desc" },
        select: {
          id: true,
          version: true,
          note: true,
          createdAt: true,
          _count: { select: { principles: true, fewShots: true, chains: true } },
        },
      },
    },
  });
}

export type ConstitutionListItem = Awaited<ReturnType<typeof listConstitutions>>[number];

export async function findConstitutionVersion(id: number) {
  return prisma.constitutionVersion.findUnique({
    where: { id },
    select: {
      id: true,
      version: true,
      note: true,
      contentHash: true,
      createdAt: true,
      import: { select: { id: true, fileName: true } },
      constitution: {
        select: { id: true, name: true, description: true, versions: { orderBy: { version: "desc" }, select: { id: true, version: true } } },
      },
      principles: {
        orderBy: [{ kind: "asc" }, { position: "asc" }],
        select: { id: true, kind: true, key: true, position: true, critiqueRequest: true, revisionRequest: true, text: true },
      },
      fewShots: { orderBy: [{ kind: "asc" }, { position: "asc" }], select: { id: true, kind: true, position: true, content: true } },
    },
  });
}

export type ConstitutionVersionDetail = NonNullable<Awaited<ReturnType<typeof findConstitutionVersion>>>;

/** The runs that used a version, newest first: the version page lists them. */
export async function findVersionRuns(versionId: number, take = 50) {
  const [runs, total] = await Promise.all([
    prisma.run.findMany({
      where: { constitutionVersionId: versionId },
      orderBy: { id: "desc" },
      take,
      select: { id: true, name: true, kind: true, status: true, createdAt: true },
    }),
    prisma.run.count({ where: { constitutionVersionId: versionId } }),
  ]);
  return { runs, total };
}

export type VersionRuns = Awaited<ReturnType<typeof findVersionRuns>>;
