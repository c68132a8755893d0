import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { ArmAnswers } from "@/components/experiments/arm-answers";
import { ForestPlot } from "@/components/experiments/forest-plot";
import { ArmsTable, FailureModesTable, PairsTable, PrinciplesTable } from "@/components/experiments/report-sections";
import { prisma } from "@/lib/server/db";
import { experimentPrompt } from "@/lib/server/experiments/prompt";
import { experimentReport } from "@/lib/server/experiments/report";
import { pgPool } from "@/lib/server/pg";
import { experimentWorld } from "./fixtures";

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

// The report page's parts as the server renders them: every figure of a pair is a link to its
// comparisons, and model output (answers, phrases) and the user's names arrive escaped.

const decode = (html: string) => html.replaceAll("&amp;", "&");

describe("the report page's parts", () => {
  it("link each pair's counts to their comparisons and escape answers and names", async () => {
    const world = await experimentWorld({
      prompts: 6,
      arms: ["v1", "v2 <i>"].map((name) => ({
        name,
        answer: (p: number) => ({ initial: `first ${p}`, steps: [{ principle: 0, text: `${name} says <script>alert(${p})</script> and more words ${p}` }] }),
      })),
      verdict: (_x, _y, p) => (p < 4 ? 0.1 : 0.7),
      score: (arm, p) => arm + p / 10,
    });
    const report = await experimentReport(world.experimentId, { resamples: 100 });
    const pairs = decode(renderToStaticMarkup(createElement(PairsTable, { report })));
    for (const figure of [report.pairs[0].wins, report.pairs[0].losses, report.pairs[0].ties, report.pairs[0].missing]) expect(pairs).toContain(`href="${figure.href}"`);
    expect(pairs).toContain(`href="${report.pairs[0].winRate.href}"`);
    expect(pairs).toContain("v2 &lt;i&gt;");
    expect(pairs).not.toContain("<i>");

    const rest = [
      renderToStaticMarkup(createElement(ArmsTable, { report })),
      renderToStaticMarkup(createElement(PrinciplesTable, { arm: report.principles[1], scoreName: report.experiment.scoreName })),
      renderToStaticMarkup(createElement(FailureModesTable, { failureModes: report.failureModes })),
      renderToStaticMarkup(createElement(ForestPlot, { report })),
    ].join("");
    expect(rest).not.toContain("<i>");
    expect(decode(rest)).toContain(`href="/runs/${world.arms[1].runId}"`);
    expect(rest).toContain("<svg");

    const view = (await experimentPrompt(world.experimentId, world.promptIds[0]))!;
    const answers = renderToStaticMarkup(createElement(ArmAnswers, { arms: view.arms }));
    expect(answers).not.toContain("<script>");
    expect(answers).toContain("&lt;script&gt;");
    expect(answers).toContain(`href="/chains/${world.arms[0].chainIds[0]}"`);
    // the second arm's answer marked against the first's
    expect(answers).toContain("<del");
    expect(answers).toContain("<ins");
  });
});
