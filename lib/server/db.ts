import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl, poolSize } from "./config";

// One Prisma client per process, kept on globalThis so Next's dev reloads do not open a new pool
// each time. Secret columns are omitted from every query unless a query asks for them by name.
function createPrisma() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl(), max: poolSize("prisma") }),
    omit: { modelEndpoint: { apiKeyCiphertext: true } },
  });
}

const globalForPrisma = globalThis as unknown as { prisma?: ReturnType<typeof createPrisma> };
export const prisma = globalForPrisma.prisma ?? createPrisma();
if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = prisma;
