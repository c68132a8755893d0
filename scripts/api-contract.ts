// Writes lib/generated/api/contract.ts, the API's contract read from its route files
// (scripts/api-contract/generate.ts). Run by postinstall and before a production build:
//   npm run api:contract
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateContract, ROOT } from "./api-contract/generate";

export const CONTRACT_FILE = path.join(ROOT, "lib/generated/api/contract.ts");

mkdirSync(path.dirname(CONTRACT_FILE), { recursive: true });
writeFileSync(CONTRACT_FILE, generateContract());
console.log(`Wrote ${path.relative(ROOT, CONTRACT_FILE)}`);
