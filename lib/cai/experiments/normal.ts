// The standard normal distribution function, for the large-sample tests. Through the complementary
// error function erfc by the Chebyshev fit of Numerical Recipes (Press et al. 1992, 6.2, erfcc):
// relative error below 1.2e-7 everywhere, tails included, which is far finer than any p-value is read.

/** erfc(z) = 1 - erf(z). */
export function erfc(z: number): number {
  const a = Math.abs(z);
  const t = 1 / (1 + 0.5 * a);
  const r =
    t *
    Math.exp(
      -a * a -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? r : 2 - r;
}

/** P(Z <= z) for a standard normal Z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}
