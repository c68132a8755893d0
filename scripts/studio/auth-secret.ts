// The secret that signs session cookies, for `npm start` and `npm run dev`: BETTER_AUTH_SECRET if
// it is set, else a random one kept in the data directory (.data/auth-secret, or
// $CAI_DATA_DIR/auth-secret, mode 0600), made on the first start. Kept on disk so sessions survive
// a restart; a newcomer needs no configuration. Deleting the file signs everyone out.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { readEnv } from "../../lib/server/env";

export async function ensureAuthSecret(root: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { BETTER_AUTH_SECRET, CAI_DATA_DIR } = readEnv(env);
  if (BETTER_AUTH_SECRET) return BETTER_AUTH_SECRET;
  const file = path.join(path.resolve(CAI_DATA_DIR ?? path.join(root, ".data")), "auth-secret");
  await mkdir(path.dirname(file), { recursive: true });
  try {
    // "wx": two launchers starting at once cannot both write; the second reads the first's
    await writeFile(file, `${randomBytes(32).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
    console.log(`Made a session secret in ${path.relative(root, file) || file} (BETTER_AUTH_SECRET overrides it).`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const secret = (await readFile(file, "utf8")).trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable secret: delete it and start again, or set BETTER_AUTH_SECRET.`);
  return secret;
}
