import "server-only";
import { isAlive, portAnswers, readInfo, type EmbeddedInfo } from "./info-file";
import { embeddedPaths, type EmbeddedPaths } from "./paths";

// How a second process (the CLI) reaches the embedded database a running studio already holds.

export type Located =
  | { state: "running"; info: EmbeddedInfo }
  /** a live process holds the data directory but its port does not answer (still starting, or stuck) */
  | { state: "unreachable"; info: EmbeddedInfo }
  | { state: "none" };

export async function locateEmbeddedDatabase(paths: EmbeddedPaths = embeddedPaths(), waitMs = 30_000): Promise<Located> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const info = readInfo(paths.infoFile);
    if (!info || !isAlive(info.pid)) return { state: "none" };
    if (info.port !== 0 && (await portAnswers(info.port))) return { state: "running", info };
    if (Date.now() >= deadline) return { state: "unreachable", info };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
