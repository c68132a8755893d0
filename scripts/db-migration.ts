// Makes a new migration from the change to prisma/schema.prisma:
//   npm run db:migration -- <name>
// `prisma migrate dev` cannot run on these machines, so the SQL comes from `prisma migrate diff`
// between the schema the last migration was made from (kept beside it as schema.prisma) and the
// current one. Nobody writes the generated part by hand; SQL that Prisma cannot express (generated
// columns, partial indexes) goes below the marker the script leaves at the end of the file.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "../lib/server/env";

const MIGRATIONS = "prisma/migrations";
const SCHEMA = "prisma/schema.prisma";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name>   (lower-case letters, digits and _)");
  process.exit(2);
}

const previous = existsSync(MIGRATIONS)
  ? readdirSync(MIGRATIONS)
      .filter((d) => /^\d{14}_/.test(d))
      .sort()
      .at(-1)
  : undefined;
const from = previous ? ["--from-schema-datamodel", path.join(MIGRATIONS, previous, "schema.prisma")] : ["--from-empty"];

const sql = execFileSync("npx", ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", SCHEMA, "--script"], {
  encoding: "utf8",
  env: { ...process.env, DATABASE_URL: env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});
if (/^-- This is an empty migration\.\s*$/.test(sql.trim())) {
  console.log(`No change since ${previous}: no migration written.`);
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), `${sql.trimEnd()}\n\n-- Hand-written SQL that Prisma cannot express goes below this line.\n`);
copyFileSync(SCHEMA, path.join(dir, "schema.prisma"));
if (!existsSync(path.join(MIGRATIONS, "migration_lock.toml"))) {
  writeFileSync(path.join(MIGRATIONS, "migration_lock.toml"), 'provider = "postgresql"\n');
}
console.log(`Wrote ${dir}/migration.sql`);
