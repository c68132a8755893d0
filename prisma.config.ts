// Configuration for the Prisma CLI (generate, migrate deploy, migrate diff).
// Prisma 6.19 runs its bundled WASM schema engine through this driver adapter; see
// docs/decisions/001-prisma-6-with-driver-adapters.md for why it is 6.19 and adapter-pg 7.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "adapter-pg7";

// The CLI must always see a DATABASE_URL, or `prisma generate` tries to download a native engine.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
});
