import { describe, expect, it } from "vitest";
import { exportDefinitionSchema, type ExportFileTypeName, type ExportLayoutName } from "@/lib/schemas/exports";
import { readFrontMatter } from "@/test/hub-stand-in/front-matter";
import { LAYOUT_COLUMNS } from "./columns";
import { datasetCard, markdownText, sizeCategory } from "./dataset-card";
import type { ExportManifest } from "./manifest";

const HOSTILE = 'Evil"\n---\nlicense: mit\n# heading <script>alert(1)</script> [link](javascript:x) | cell *bold*';
const SHA = "a".repeat(64);

function manifest(layout: ExportLayoutName, fileType: ExportFileTypeName, overrides: Partial<ExportManifest> = {}): ExportManifest {
  const ext = fileType.toLowerCase();
  const bases = layout === "H4_CAI" ? ["train_sft", "test_sft", "train_prefs", "test_prefs"] : [layout === "SFT" ? "sft" : "preference"];
  return {
    format: "cai-studio-export",
    manifestVersion: 1,
    exportId: 3,
    exportName: HOSTILE,
    exportRunId: 12,
    layout,
    fileType,
    definition: exportDefinitionSchema.parse({ datasetIds: [5], excludePhrases: ['say "valued" | ok'], endpointId: 9 }),
    counts: { selected: 1200, written: 1100, leftOut: { evasive: 60, phrase: 40, tie: 0 } },
    constitutionVersions: [{ id: 1, constitution: HOSTILE, version: 2, contentHash: SHA }],
    ...(layout === "PREFERENCE" ? { judges: [{ endpoint: "judge | `x`", model: "claude-judge" }] } : {}),
    templateHashes: { slCai: SHA, labels: SHA },
    code: { gitCommit: "0123abc", packageVersion: "0.1.0" },
    createdBy: "someone@example.org",
    createdAt: "2025-01-02T03:04:05.000Z",
    finishedAt: "2025-01-02T03:05:00.000Z",
    files: [
      ...bases.map((base, i) => ({ name: `${base}.${ext}`, rows: base.startsWith("test") && i === 1 ? 0 : 550, bytes: 1000 + i, sha256: SHA })),
      { name: "README.md", bytes: 10, sha256: SHA },
    ],
    ...overrides,
  };
}

const names = { datasets: new Map([[5, "hh <prompts>"]]), runs: new Map(), version: null, endpoint: "sl · model-x" };

describe("the dataset card", () => {
  it("has the header the Hub reads: one default config with a split per data file, features, tags, size", () => {
    const { header } = readFrontMatter(datasetCard(manifest("SFT", "JSONL"), names));
    expect(header).toEqual({
      pretty_name: HOSTILE,
      license: "other",
      task_categories: ["text-generation"],
      tags: ["constitutional-ai", "rlaif", "synthetic", "cai-studio", "sft"],
      size_categories: ["1K<n<10K"],
      configs: [{ config_name: "default", data_files: [{ split: "train", path: "sft.jsonl" }] }],
      dataset_info: {
        features: [
          {
            name: "messages",
            list: [
              { name: "content", dtype: "string" },
              { name: "role", dtype: "string" },
            ],
          },
        ],
        splits: [{ name: "train", num_examples: 550 }],
      },
    });
  });

  it("H4: the four splits named after their files; an empty one is listed as a file but not as a split", () => {
    const { header, body } = readFrontMatter(datasetCard(manifest("H4_CAI", "PARQUET")));
    const [config] = header.configs as { data_files: { split: string; path: string }[] }[];
    expect(config.data_files).toEqual([
      { split: "train_sft", path: "train_sft.parquet" },
      { split: "train_prefs", path: "train_prefs.parquet" },
      { split: "test_prefs", path: "test_prefs.parquet" },
    ]);
    expect(body).toContain("| test\\_sft.parquet | (empty, not a split) | 0 |");
  });

  it("declares every column of every layout, typed as the file type stores it", () => {
    for (const layout of ["SFT", "PREFERENCE", "H4_CAI"] as const) {
      for (const fileType of ["JSONL", "CSV", "PARQUET"] as const) {
        const { header } = readFrontMatter(datasetCard(manifest(layout, fileType)));
        const features = (header.dataset_info as { features: { name: string }[] }).features;
        expect(features.map((f) => f.name)).toEqual(LAYOUT_COLUMNS[layout].map((c) => c.name));
      }
    }
    const byName = (fileType: ExportFileTypeName) =>
      Object.fromEntries(
        (readFrontMatter(datasetCard(manifest("PREFERENCE", fileType))).header.dataset_info as { features: { name: string }[] }).features.map(({ name, ...type }) => [name, type]),
      );
    expect(byName("JSONL")).toMatchObject({ soft_label: { dtype: "float64" }, principle_ids: { sequence: "string" }, comparison_id: { dtype: "int64" }, judge_model: { dtype: "string" } });
    expect(byName("PARQUET")).toMatchObject({ comparison_id: { dtype: "int32" }, chosen: { list: [{ name: "content" }, { name: "role" }] } });
    // CSV holds nested values as JSON text
    expect(byName("CSV")).toMatchObject({ chosen: { dtype: "string" }, principle_ids: { dtype: "string" }, soft_label: { dtype: "float64" } });
  });

  it("carries the manifest's provenance: files with rows and sha256, counts, constitutions, judges, filters, code", () => {
    const { body } = readFrontMatter(datasetCard(manifest("PREFERENCE", "JSONL"), names));
    expect(body).toContain(`| preference.jsonl | train | 550 | 1,000 | \`${SHA}\` |`);
    expect(body).toContain("- Rows selected by the definition: 1,200");
    expect(body).toContain("- Left out, evasive answers: 60");
    expect(body).toContain(`| 2 | \`${SHA}\` |`);
    expect(body).toContain("- claude-judge via endpoint judge \\| \\`x\\`");
    expect(body).toContain("- Datasets: \\#5 hh &lt;prompts&gt;");
    expect(body).toContain("- Endpoint: \\#9 sl · model-x");
    expect(body).toContain('- Phrases left out: "say "valued" \\| ok"');
    expect(body).toContain("- CAI Studio 0.1.0, commit `0123abc`");
    expect(body).toContain("finished 2025-01-02T03:05:00.000Z");
    // the card may be public: who ran the export is not in it
    expect(body).not.toContain("someone@example.org");
  });

  it("keeps hostile names as text: one line, no HTML, no link, no table cell break, no second front matter", () => {
    const card = datasetCard(manifest("PREFERENCE", "JSONL"));
    const { header, body } = readFrontMatter(card);
    expect(header.pretty_name).toBe(HOSTILE);
    expect(header.license).toBe("other");
    const title = body.trimStart().split("\n")[0];
    expect(title).toBe('# Evil" --- license: mit \\# heading &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[link\\]\\(javascript:x\\) \\| cell \\*bold\\*');
    expect(body).not.toMatch(/<script|\n---\n/);
    // the title and the constitution's row, which has its three cells
    expect(body.split("\n").filter((line) => line.includes("alert"))).toHaveLength(2);
    const tableRow = body.split("\n").find((line) => line.startsWith("| Evil"))!;
    expect(tableRow.split(/(?<!\\)\|/).length - 2).toBe(3);
  });

  it("escapes Markdown and HTML, and sizes the dataset as the Hub's categories say", () => {
    expect(markdownText("a_b*c [d](e) <i> & `f` | g\nh")).toBe("a\\_b\\*c \\[d\\]\\(e\\) &lt;i&gt; &amp; \\`f\\` \\| g h");
    expect([0, 999, 1000, 54_321, 2_000_000, 5e9].map(sizeCategory)).toEqual(["n<1K", "n<1K", "1K<n<10K", "10K<n<100K", "1M<n<10M", "n>1B"]);
  });
});
