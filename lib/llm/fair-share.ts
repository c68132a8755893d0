// How an endpoint's concurrency is shared out between the workers calling it: water-filling. A
// worker that wants no more than an equal share of what is left gets what it wants; what the
// modest ones leave is shared the same way among the rest. Slots nobody wants go to the workers
// that want some, so a worker alone holds the whole limit and a burst starts without waiting for a
// new lease. Every worker computes the same split from the same rows: the odd slots go by worker
// id, starting at `turn` (which moves with time, so no worker is always the one left out when there
// are more workers than slots).

export function fairShares(limit: number, wants: ReadonlyMap<string, number>, turn = 0): Map<string, number> {
  const ids = [...wants.keys()].sort();
  const rotated = ids.map((_, index) => ids[(index + turn) % ids.length]);
  const shares = new Map(ids.map((id) => [id, 0]));
  const wantOf = (id: string) => Math.max(0, wants.get(id)!);
  let left = limit;
  let short = rotated.filter((id) => wantOf(id) > 0);
  while (left > 0 && short.length > 0) {
    const each = Math.floor(left / short.length);
    if (each === 0) {
      for (const id of short.slice(0, left)) shares.set(id, shares.get(id)! + 1);
      return shares;
    }
    for (const id of short) {
      const given = Math.min(each, wantOf(id) - shares.get(id)!);
      shares.set(id, shares.get(id)! + given);
      left -= given;
    }
    short = short.filter((id) => shares.get(id)! < wantOf(id));
  }
  // every want is met: the spare goes to those that want any (or to all, when none does)
  const takers = rotated.some((id) => wantOf(id) > 0) ? rotated.filter((id) => wantOf(id) > 0) : rotated;
  takers.forEach((id, index) => shares.set(id, shares.get(id)! + Math.floor(left / takers.length) + (index < left % takers.length ? 1 : 0)));
  return shares;
}
