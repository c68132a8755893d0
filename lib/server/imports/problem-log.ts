import type { LineProblem } from "@/lib/formats/records";

/** Problems of one import: all counted, the first few hundred kept to show. */
export class ProblemLog {
  static readonly KEPT = 500;
  readonly items: LineProblem[] = [];
  count = 0;

  push(problem: LineProblem): void {
    this.count++;
    if (this.items.length < ProblemLog.KEPT) this.items.push(problem);
  }
}
