// What every dataset importer produces: one normalised record per line of input, whatever the
// format. The import writer (lib/server/imports) stores records; it never looks at a file format.

/** The dataset formats the studio reads, and the syntaxes each can come in. */
export type DatasetFormat = "PROMPTS" | "HH_RLHF" | "CAI_SL_CHAINS" | "CAI_RL_SAMPLES";
export type Syntax = "jsonl" | "csv" | "parquet";

export type TurnRole = "system" | "user" | "assistant";

export interface Turn {
  role: TurnRole;
  content: string;
}

/** A critique-revision principle exactly as a record used it. */
export interface PrincipleText {
  key: string;
  critiqueRequest: string;
  revisionRequest: string;
}

export interface ImportedChainStep {
  principle: PrincipleText;
  critique: string;
  revision: string;
}

export interface ImportRecord {
  /** 1-based line of the file the record starts on */
  line: number;
  /** the conversation up to the assistant's answer; the last turn is the user's */
  turns: Turn[];
  tags: string[];
  /** an answer that came with the prompt (a messages row ending with the assistant, say) */
  response?: string;
  /** an SL-CAI chain: the initial response and each critique-revision step */
  chain?: { initial: string; steps: ImportedChainStep[] };
  /** policy samples, each with the preference-model scores that came with it */
  samples?: { text: string; scores: number[] }[];
  /**
   * a preference that came with the data: `chosen` was preferred to `rejected`; `note` says what
   * else the row said about it (soft label, judge...), kept with the imported label
   */
  pair?: { chosen: string; rejected: string; note?: string };
}

/** A line that could not be read, and why: enough for a person to find and fix it. */
export interface LineProblem {
  line: number;
  field?: string;
  message: string;
}

export type ParseEvent = { record: ImportRecord } | { problem: LineProblem };

/** A row as a file's syntax read it (JSONL, CSV, Parquet), before a format's parser reads its fields. */
export type RowEvent = { row: unknown; line: number } | { problem: LineProblem };
