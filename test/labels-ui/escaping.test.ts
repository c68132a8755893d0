import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { Judgment } from "@/components/comparisons/judgment";
import { ResponseCard } from "@/components/comparisons/response-card";
import { findComparisonView } from "@/lib/server/comparisons/detail";
import { prisma } from "@/lib/server/db";
import { pgPool } from "@/lib/server/pg";
import { labeledWorld, REASONING } from "./fixtures";

// Model text is untrusted: the viewer renders reasoning, prompts and responses as React text, so
// markup in them arrives escaped, with its whitespace as written.

afterAll(async () => {
  await prisma.$disconnect();
  await pgPool().end();
});

const render = (element: ReturnType<typeof createElement>) => renderToStaticMarkup(createElement(QueryClientProvider, { client: new QueryClient() }, element));

describe("the comparison viewer's text", () => {
  it("escapes markup in the reasoning and keeps its line breaks and indentation", async () => {
    const world = await labeledWorld();
    const view = (await findComparisonView(world.comparisonIds[0]))!;
    const html = render(createElement(Judgment, { comparisonId: view.id, judgment: view.judgments[0] }));
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>not bold</b>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("Step 1:\n    both answers respond.");
    expect(html).toMatch(/whitespace-pre-wrap[^>]*>Step 1:/);
    expect(REASONING).toContain("<script>");
    // every label's numbers are there: FLIPPED for the principle whose orders disagree
    expect(html).toContain("FLIPPED");
    expect(html).toContain("0.786");

    const response = { ...view.responses.A, text: "  <img src=x onerror=alert(1)>\n\tindented" };
    const card = render(createElement(ResponseCard, { side: "A", response }));
    expect(card).toContain("&lt;img src=x onerror=alert(1)&gt;\n\tindented");
    expect(card).not.toContain("<img");
  });
});
