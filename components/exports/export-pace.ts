// An export run's pace from what the run row says: rows written since it started, so rows a
// second and the time left at that rate. Pure, so the page and its test agree on the numbers.

export interface ExportPace {
  /** rows a second since the run started; null before there is anything to measure */
  rowsPerSecond: number | null;
  /** seconds left at that rate; null when unknown */
  etaSeconds: number | null;
}

export function exportPace(run: { rowsWritten: number; totalRows: number | null; startedAt: string | null }, now = Date.now()): ExportPace {
  if (!run.startedAt) return { rowsPerSecond: null, etaSeconds: null };
  const seconds = (now - Date.parse(run.startedAt)) / 1000;
  if (seconds <= 0 || run.rowsWritten === 0) return { rowsPerSecond: null, etaSeconds: null };
  const rowsPerSecond = run.rowsWritten / seconds;
  if (run.totalRows === null) return { rowsPerSecond, etaSeconds: null };
  return { rowsPerSecond, etaSeconds: Math.max(0, Math.round((run.totalRows - run.rowsWritten) / rowsPerSecond)) };
}
