import type { Turn } from "@/lib/formats/records";
import { appendMessage, JsonText, messageList } from "./json-text";

// What one exported row is, for each layout, built from plain records the export query reads
// (lib/server/exports/query.ts). Pure: the same record always gives the same row, so golden files
// can pin the bytes. Nested values (messages) stay nested here; the encoders decide how to write
// them (JSONL as JSON, CSV as JSON text, Parquet as a list of structs). A prompt's turns come as the
// JSON text Postgres prints (turnsJson), and message lists stay JSON text (json-text.ts): the bulk
// of a row is written without parsing and re-encoding it.

export interface Message {
  role: "system" | "user" | "assistant";
  content: string;
}

/**
 * One chain answer: the prompt's turns and the response chosen by the definition's revision (or,
 * for SFT, an imported prompt's own answer when it has no chain).
 */
export interface ChainRecord {
  promptId: number;
  /** Prompt.contentHash: what the H4 split draws from */
  promptHash: string;
  /** null: an answer that came with an imported prompt (SFT's importedAnswers; never an H4 row) */
  chainId: number | null;
  /** 0 = the initial answer, 1..N a revision */
  revisionIndex: number;
  /** Prompt.turns as JSON text: [{"role": ..., "content": ...}, ...] */
  turnsJson: string;
  initialResponse: string;
  /** the answer: the initial response (revision 0) or the step's revision */
  answer: string;
  /** the step's critique request, critique and revision request (null for revision 0) */
  critiqueRequest: string | null;
  critique: string | null;
  revisionRequest: string | null;
  constitutionVersionId: number | null;
}

/** One labelled comparison: the AI verdict (if any) and people's current answers. */
export interface PairRecord {
  comparisonId: number;
  promptId: number;
  /** Prompt.turns as JSON text */
  turnsJson: string;
  responseA: string;
  responseB: string;
  /** the labeling run's P(A is better) as used (clamped under chain of thought); null: no AI verdict */
  pAUsed: number | null;
  /** people's current answers */
  humanA: number;
  humanB: number;
  humanTie: number;
  /** an adjudicator's current resolution of the pair, which replaces people's answers as its human label */
  adjudicated?: "A" | "B" | "TIE" | null;
  principleKeys: string[];
  judgeEndpoint: string | null;
  judgeModel: string | null;
  constitutionVersionId: number | null;
}

export interface SftRow {
  /** JSON text of the messages while it is written; plain messages in a preview (plainRow) */
  messages: Message[] | JsonText;
}

export type LabelSource = "ai" | "human" | "both" | "adjudicated";

/** Message lists are JSON text while a row is written; plain messages in a preview (plainRow). */
type Messages = Message[] | JsonText;

/** TRL's conversational preference format plus where the label came from. */
export interface PreferenceRow {
  prompt: Messages;
  chosen: Messages;
  rejected: Messages;
  /** probability that `chosen` is the better response, by the label that decided */
  soft_label: number;
  label_source: LabelSource;
  principle_ids: string[];
  judge_endpoint: string | null;
  judge_model: string | null;
  comparison_id: number;
}

/** The Hugging Face H4 cai-conversation columns. */
export interface H4Row {
  init_prompt: string;
  init_response: string;
  critic_prompt: string;
  critic_response: string;
  revision_prompt: string;
  revision_response: string;
  prompt: string;
  messages: Messages;
  chosen: Messages;
  rejected: Messages;
}

/**
 * How message lists are built: "text" keeps them JSON text (JSONL, CSV), "plain" makes arrays of
 * messages (Parquet, the preview), so neither form is made only to be turned into the other.
 */
export type RowForm = "text" | "plain";

const turnsOf = (turnsJson: string): Message[] => (JSON.parse(turnsJson) as Turn[]).map(({ role, content }) => ({ role, content }));

/** The conversation's turns, then optionally one assistant answer, in the form asked for. */
function conversation(turnsJson: string, answer: string | null, form: RowForm): Messages {
  if (form === "text") return answer === null ? new JsonText(turnsJson) : appendMessage(turnsJson, "assistant", answer);
  const turns = turnsOf(turnsJson);
  return answer === null ? turns : [...turns, { role: "assistant", content: answer }];
}

const assistantOnly = (content: string, form: RowForm): Messages => (form === "text" ? messageList(["assistant", content]) : [{ role: "assistant", content }]);

export function sftRow(record: ChainRecord, form: RowForm = "text"): SftRow {
  return { messages: conversation(record.turnsJson, record.answer, form) };
}

/** The user's last turn: H4's init_prompt and prompt are one question, not a transcript. */
function lastUserTurn(turns: Turn[]): string {
  for (let i = turns.length - 1; i >= 0; i--) if (turns[i].role === "user") return turns[i].content;
  return turns.at(-1)?.content ?? "";
}

export function h4Row(record: ChainRecord, form: RowForm = "text"): H4Row {
  const question = lastUserTurn(JSON.parse(record.turnsJson) as Turn[]);
  const revised = conversation(record.turnsJson, record.answer, form);
  return {
    init_prompt: question,
    init_response: record.initialResponse,
    critic_prompt: record.critiqueRequest ?? "",
    critic_response: record.critique ?? "",
    revision_prompt: record.revisionRequest ?? "",
    revision_response: record.answer,
    prompt: question,
    messages: revised,
    chosen: revised,
    rejected: conversation(record.turnsJson, record.initialResponse, form),
  };
}

export interface PreferenceDecision {
  /** true: response A is chosen */
  aChosen: boolean;
  /** P(chosen wins) */
  softLabel: number;
  source: LabelSource;
}

/**
 * Who decides chosen and rejected. The AI verdict's P(A) as used (>= 0.5: A chosen) unless people
 * answered and `humanWins`: then their current answers (A = 1, B = 0, tie = 0.5, averaged), or,
 * when an adjudicator resolved the pair, the resolution alone (A = 1, B = 0, tie = 0.5; source
 * "adjudicated"). Otherwise the source is "both" when the label that did not decide picks the same
 * winner, else the deciding one's. A tie (exactly 0.5) decides nothing: the pair is left out (null).
 */
export function decidePreference(record: Pick<PairRecord, "pAUsed" | "humanA" | "humanB" | "humanTie" | "adjudicated">, humanWins: boolean): PreferenceDecision | null {
  const answered = record.humanA + record.humanB + record.humanTie;
  const adjudicated = record.adjudicated ?? null;
  const human = adjudicated !== null ? ADJUDICATED_SHARE[adjudicated] : answered > 0 ? (record.humanA + 0.5 * record.humanTie) / answered : null;
  const ai = record.pAUsed;
  const humanDecides = human !== null && (humanWins || ai === null);
  const deciding = humanDecides ? human : ai;
  const other = humanDecides ? ai : human;
  if (deciding === null || deciding === 0.5) return null;
  const aChosen = deciding > 0.5;
  const agrees = other !== null && other !== 0.5 && other > 0.5 === aChosen;
  return {
    aChosen,
    softLabel: aChosen ? deciding : 1 - deciding,
    source: humanDecides && adjudicated !== null ? "adjudicated" : agrees ? "both" : humanDecides ? "human" : "ai",
  };
}

const ADJUDICATED_SHARE = { A: 1, B: 0, TIE: 0.5 } as const;

export function preferenceRow(record: PairRecord, decision: PreferenceDecision, form: RowForm = "text"): PreferenceRow {
  const a = assistantOnly(record.responseA, form);
  const b = assistantOnly(record.responseB, form);
  return {
    prompt: conversation(record.turnsJson, null, form),
    chosen: decision.aChosen ? a : b,
    rejected: decision.aChosen ? b : a,
    soft_label: decision.softLabel,
    label_source: decision.source,
    principle_ids: record.principleKeys,
    judge_endpoint: record.judgeEndpoint,
    judge_model: record.judgeModel,
    comparison_id: record.comparisonId,
  };
}
