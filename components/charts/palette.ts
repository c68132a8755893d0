// Okabe-Ito: eight colours told apart by people with any common colour-vision deficiency (Okabe &
// Ito 2008). Every chart takes its colours from here, in this order, so series keep their colour
// across charts; lines also differ by dash and points by shape where a chart has several. Four of
// the eight are under 3:1 contrast on white (orange 2.2, sky blue 2.3, reddish purple 3.06 is just
// over, yellow 1.3): those are darkened, hue kept, to at least 3.2:1 (WCAG's non-text contrast), so
// every line, bar and legend swatch reads on the white page. test/charts/palette.test.ts checks it.

export const OKABE_ITO = {
  blue: "#0072B2",
  orange: "#BF8400", // #E69F00 darkened
  bluishGreen: "#009E73",
  vermillion: "#D55E00",
  skyBlue: "#4897C4", // #56B4E9 darkened
  reddishPurple: "#C675A2", // #CC79A7 darkened
  yellow: "#9A922A", // #F0E442 darkened
  black: "#000000",
} as const;

/** WCAG contrast ratio of a #rrggbb colour against white (1 to 21). */
export function contrastOnWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return 1.05 / (luminance + 0.05);
}

/** Series colours in order; yellow last, the least distinct. */
const SERIES_COLOURS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.bluishGreen, OKABE_ITO.vermillion, OKABE_ITO.reddishPurple, OKABE_ITO.skyBlue, OKABE_ITO.black, OKABE_ITO.yellow];

/** Dash patterns to go with the colours, so lines differ without colour too. */
const SERIES_DASHES = ["", "6 3", "2 2", "8 3 2 3", "4 4", "1 3", "10 4", "3 6"];

/** Every colour a series can take, for checks. */
export const ALL_SERIES_COLOURS: readonly string[] = SERIES_COLOURS;

export function seriesColour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length];
}

export function seriesDash(i: number): string {
  return SERIES_DASHES[i % SERIES_DASHES.length];
}

/** The diagonal, the 0.5 line and other references. */
export const REFERENCE_COLOUR = "#6b7280";
