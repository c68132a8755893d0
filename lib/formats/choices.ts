import type { FileKind } from "./detect";

// The formats a person can name instead of letting the studio detect one.

export const FORMAT_CHOICES = {
  auto: { label: "Detect from the file", kind: undefined },
  prompts: { label: "Prompts (JSONL: prompt / text / messages, or Human:/Assistant: transcripts)", kind: { kind: "dataset", format: "PROMPTS", syntax: "jsonl" } },
  "prompts-csv": { label: "Prompts (CSV with a header row)", kind: { kind: "dataset", format: "PROMPTS", syntax: "csv" } },
  sft: { label: "SFT chat rows: messages ending with the answer (the studio's SFT export)", kind: { kind: "dataset", format: "PROMPTS", syntax: "jsonl" } },
  "hh-rlhf": { label: "Anthropic hh-rlhf pairs (chosen / rejected)", kind: { kind: "dataset", format: "HH_RLHF", syntax: "jsonl" } },
  preference: { label: "Preference pairs: TRL's prompt / chosen / rejected (the studio's preference export)", kind: { kind: "dataset", format: "HH_RLHF", syntax: "jsonl" } },
  "preference-csv": { label: "Preference pairs (CSV with prompt, chosen, rejected columns)", kind: { kind: "dataset", format: "HH_RLHF", syntax: "csv" } },
  "preference-parquet": { label: "Preference pairs (Parquet with prompt, chosen, rejected columns)", kind: { kind: "dataset", format: "HH_RLHF", syntax: "parquet" } },
  "sft-parquet": { label: "SFT chat rows or prompts (Parquet with a messages or prompt column)", kind: { kind: "dataset", format: "PROMPTS", syntax: "parquet" } },
  "cai-sl-chains": { label: "CAI paper: SL-CAI critique-revision chains", kind: { kind: "dataset", format: "CAI_SL_CHAINS", syntax: "jsonl" } },
  "cai-rl-samples": { label: "CAI paper: RL samples with PM scores", kind: { kind: "dataset", format: "CAI_RL_SAMPLES", syntax: "jsonl" } },
  constitution: { label: "Constitution: principles or few-shot JSON", kind: { kind: "constitution" } },
} as const satisfies Record<string, { label: string; kind: FileKind | undefined }>;

export type FormatChoice = keyof typeof FORMAT_CHOICES;
