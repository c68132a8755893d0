import { describe, expect, it } from "vitest";
import { ALL_SERIES_COLOURS, contrastOnWhite, OKABE_ITO, REFERENCE_COLOUR } from "@/components/charts/palette";

describe("chart colours", () => {
  it("computes WCAG contrast on white: black 21, white 1, Okabe-Ito's orange #E69F00 about 2.25", () => {
    expect(contrastOnWhite("#000000")).toBeCloseTo(21, 6);
    expect(contrastOnWhite("#FFFFFF")).toBeCloseTo(1, 6);
    expect(contrastOnWhite("#E69F00")).toBeCloseTo(2.25, 2);
  });

  it("has no series, legend or reference colour below 3:1 on white", () => {
    for (const colour of [...ALL_SERIES_COLOURS, ...Object.values(OKABE_ITO), REFERENCE_COLOUR]) {
      expect(contrastOnWhite(colour), colour).toBeGreaterThanOrEqual(3);
    }
  });
});
