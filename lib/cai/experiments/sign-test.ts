// Exact two-sided sign test (Conover 1999, "Practical Nonparametric Statistics", 3.4): under "the
// arms are equally good" each prompt with a verdict is a fair coin, so the wins among wins + losses
// are Binomial(n, 1/2). Ties are dropped before counting n, the usual convention (Conover; R's
// binom.test on wins and losses). The two-sided p-value is twice the smaller tail, at most 1; for
// p = 1/2 this equals R's binom.test, which sums the outcomes no likelier than the one observed.
//
//   9 wins, 1 loss: 2 x P(X <= 1) = 2 x (1 + 10) / 2^10 = 0.021484375

/** P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so that n in the millions is fine. */
export function binomialHalfCdf(k: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`binomialHalfCdf: n must be a whole number >= 0, got ${n}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  const top = Math.floor(k);
  if (n <= 1000) {
    // upwards from 2^-n (a normal double down to n = 1022): small cases come out exact, 11 / 16 as 11 / 16
    let term = 2 ** -n;
    let sum = 0;
    for (let i = 0; i <= top; i++) {
      sum += term;
      term *= (n - i) / (i + 1);
    }
    return Math.min(1, sum);
  }
  // log C(n, top), then the terms below it relative to it: C(n, i - 1) = C(n, i) x i / (n - i + 1)
  let logTop = 0;
  for (let i = 1; i <= top; i++) logTop += Math.log((n - i + 1) / i);
  let sum = 0;
  let term = 1;
  for (let i = top; i >= 0; i--) {
    sum += term;
    term *= i / (n - i + 1);
    if (term < 1e-18 * sum) break;
  }
  return Math.min(1, Math.exp(logTop - n * Math.LN2) * sum);
}

export interface SignTest {
  /** wins + losses: the prompts with a verdict */
  n: number;
  wins: number;
  losses: number;
  /** exact two-sided p-value; 1 when n = 0 */
  p: number;
}

/** The exact two-sided sign test of wins against losses (ties already left out). */
export function signTest(wins: number, losses: number): SignTest {
  for (const [name, v] of [
    ["wins", wins],
    ["losses", losses],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`signTest: ${name} must be a whole number >= 0, got ${v}`);
  }
  const n = wins + losses;
  const p = n === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(wins, losses), n));
  return { n, wins, losses, p };
}
