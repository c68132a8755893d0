// Okabe-Ito: eight colours told apart by people with any common colour-vision deficiency (Okabe &
// Ito 2008). Every chart takes its colours from here, in this order, so series keep their colour
// across charts; lines also differ by dash and points by shape where a chart has several.

export const OKABE_ITO = {
  blue: "#0072B2",
  orange: "#E69F00",
  bluishGreen: "#009E73",
  vermillion: "#D55E00",
  skyBlue: "#56B4E9",
  reddishPurple: "#CC79A7",
  yellow: "#F0E442",
  black: "#000000",
} as const;

/** Series colours in order; yellow last, it is faint on white. */
const SERIES_COLOURS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.bluishGreen, OKABE_ITO.vermillion, OKABE_ITO.reddishPurple, OKABE_ITO.skyBlue, OKABE_ITO.black, OKABE_ITO.yellow];

/** Dash patterns to go with the colours, so lines differ without colour too. */
const SERIES_DASHES = ["", "6 3", "2 2", "8 3 2 3", "4 4", "1 3", "10 4", "3 6"];

export function seriesColour(i: number): string {
  return SERIES_COLOURS[i % SERIES_COLOURS.length];
}

export function seriesDash(i: number): string {
  return SERIES_DASHES[i % SERIES_DASHES.length];
}

/** The diagonal, the 0.5 line and other references. */
export const REFERENCE_COLOUR = "#6b7280";
