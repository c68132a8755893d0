import "server-only";
import { env } from "../env";
import { UserError } from "../errors";

// How many browser imports may run at once: per person (CAI_IMPORT_MAX_PER_PERSON, default 2) and in
// all (CAI_IMPORT_MAX_RUNNING, default 4). Each runs in a process of its own with its own memory,
// so this bounds what uploads can take from the machine. A slot is taken before the upload is
// received and given back when its import ends. The count lives in the web server, the one place
// browser imports start; the CLI's imports are its user's own processes and are not counted.

class TooManyImportsError extends UserError {
  override readonly status = 429;
}

const running = new Map<string, number>();
let total = 0;

/** Takes an import slot for `userId`, or refuses with 429; the returned function gives it back (once). */
export function takeImportSlot(userId: string): () => void {
  const perPerson = env.CAI_IMPORT_MAX_PER_PERSON;
  const overall = env.CAI_IMPORT_MAX_RUNNING;
  const mine = running.get(userId) ?? 0;
  if (mine >= perPerson) {
    throw new TooManyImportsError(`You have ${mine} imports running, the most one person may run at once (CAI_IMPORT_MAX_PER_PERSON=${perPerson}). Try again when one has finished.`);
  }
  if (total >= overall) {
    throw new TooManyImportsError(`The studio is running ${total} imports, the most it runs at once (CAI_IMPORT_MAX_RUNNING=${overall}). Try again when one has finished.`);
  }
  running.set(userId, mine + 1);
  total++;
  let given = false;
  return () => {
    if (given) return;
    given = true;
    total--;
    const left = (running.get(userId) ?? 1) - 1;
    if (left > 0) running.set(userId, left);
    else running.delete(userId);
  };
}
