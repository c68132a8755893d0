import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl, poolSize } from "./config";

// One Prisma client per process, kept on globalThis so Next's dev reloads do not open a new pool
// each time. Secret columns are omitted from every query unless a query asks for them by name.
// The client is made on first use, not on import: `next build` loads this module with no database.
function createPrisma() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl(), max: poolSize("prisma") }),
    omit: { modelEndpoint: { apiKeyCiphertext: true } },
  });
}

type Prisma = ReturnType<typeof createPrisma>;
const globalForPrisma = globalThis as unknown as { prisma?: Prisma };

function client(): Prisma {
  globalForPrisma.prisma ??= createPrisma();
  return globalForPrisma.prisma;
}

export const prisma = new Proxy({} as Prisma, {
  get(_, property) {
    const real = client();
    const value = Reflect.get(real, property);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
