import "server-only";
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";

// The info file is also the lock on the data directory: PGlite must never be opened by two
// processes at once, so it is created atomically (link fails if it exists) before PGlite opens,
// and a file whose pid is dead is taken over as left behind by a crash.

export interface EmbeddedInfo {
  pid: number;
  port: number;
  url: string;
  dataDir: string;
  startedAt: string;
}

export function readInfo(file: string): EmbeddedInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as EmbeddedInfo;
  } catch {
    return undefined;
  }
}

/** Creates the info file; returns the info of the live process that holds it instead, if any. */
export function claimInfo(file: string, info: EmbeddedInfo): EmbeddedInfo | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(info, null, 2));
    try {
      linkSync(temporary, file);
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readInfo(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) return holder;
      rmSync(file, { force: true });
    } finally {
      rmSync(temporary, { force: true });
    }
  }
  throw new Error(`could not create ${file}`);
}

/** Rewrites our own info file in place (atomically), e.g. once the real port is known. */
export function updateInfo(file: string, info: EmbeddedInfo): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(info, null, 2));
  renameSync(temporary, file);
}

/** Removes the info file if this process wrote it. */
export function releaseInfo(file: string): void {
  if (readInfo(file)?.pid === process.pid) rmSync(file, { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True if something accepts TCP connections on 127.0.0.1:port. */
export function portAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** True if nothing listens on 127.0.0.1:port, checked by binding it for a moment. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
