// How a resolution reads on the adjudication pages, in the comparison's A/B terms.
export const RESOLUTION_WORDS = { A: "A is better", B: "B is better", TIE: "Tie" } as const;
