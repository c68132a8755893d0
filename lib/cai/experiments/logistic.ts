// Logistic regression of a label in [0, 1] on one covariate, P(y = 1 | x) = 1 / (1 + e^-(b0 + b1 x)),
// by Newton's method on the (weighted) Bernoulli log-likelihood, which is IRLS (McCullagh & Nelder
// 1989, "Generalized Linear Models", 4.4). A soft label y (a judge's 0.7) enters the likelihood as
// y log p + (1 - y) log(1 - p), the quasi-binomial fit: the same score equations as 0.7 of a win.
// With two distinct x values the model is saturated and the fit is known in closed form:
//
//   x = -1: 4 of 10 wins, x = +1: 8 of 10  ->  b0 = (logit 0.4 + logit 0.8) / 2 = ln(8/3) / 2
//                                              b1 = (logit 0.8 - logit 0.4) / 2 = ln 6 / 2

export interface LogisticFit {
  intercept: number;
  slope: number;
  iterations: number;
  /** false when the step never fell below the tolerance (separated data: the estimates run off to infinity) */
  converged: boolean;
}

export interface LogisticOptions {
  /** weight per row (default 1 each); rows of weight 0 are ignored */
  weights?: Float64Array | null;
  /** where Newton starts (default 0, 0); a nearby fit makes a bootstrap refit quick */
  start?: { intercept: number; slope: number };
  /** stop when neither coefficient moves more than this (default 1e-10) */
  tolerance?: number;
  maxIterations?: number;
}

/** The logistic function 1 / (1 + e^-t). */
export function logistic(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/**
 * The maximum-likelihood (b0, b1). Throws when x and y differ in length, a label is outside [0, 1]
 * or the rows carry no weight. Singular information (every x equal) fits the intercept alone with
 * slope 0. A Newton step is capped at 5 per coefficient, so separated data creep off instead of
 * overflowing; they end unconverged.
 */
export function fitLogistic(x: ArrayLike<number>, y: ArrayLike<number>, options: LogisticOptions = {}): LogisticFit {
  const n = x.length;
  if (y.length !== n) throw new Error(`fitLogistic: ${n} covariates but ${y.length} labels`);
  const { weights = null, tolerance = 1e-10, maxIterations = 100 } = options;
  let b0 = options.start?.intercept ?? 0;
  let b1 = options.start?.slope ?? 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(y[i] >= 0 && y[i] <= 1)) throw new Error(`fitLogistic: labels must be in [0, 1], got ${y[i]}`);
    total += weights ? weights[i] : 1;
  }
  if (!(total > 0)) throw new Error("fitLogistic: no rows with weight");
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    let g0 = 0,
      g1 = 0,
      h00 = 0,
      h01 = 0,
      h11 = 0;
    for (let i = 0; i < n; i++) {
      const w = weights ? weights[i] : 1;
      if (w === 0) continue;
      const xi = x[i];
      const p = 1 / (1 + Math.exp(-(b0 + b1 * xi)));
      const r = w * (y[i] - p);
      const v = w * p * (1 - p);
      g0 += r;
      g1 += r * xi;
      h00 += v;
      h01 += v * xi;
      h11 += v * xi * xi;
    }
    const det = h00 * h11 - h01 * h01;
    let d0: number, d1: number;
    if (det > 1e-12 * h00 * h11 && det > 0) {
      d0 = (h11 * g0 - h01 * g1) / det;
      d1 = (h00 * g1 - h01 * g0) / det;
    } else {
      // no spread in x (or every p at 0 or 1): the intercept alone
      d0 = h00 > 0 ? g0 / h00 : Math.sign(g0) * 5;
      d1 = -b1;
    }
    d0 = Math.max(-5, Math.min(5, d0));
    d1 = Math.max(-5, Math.min(5, d1));
    b0 += d0;
    b1 += d1;
    if (Math.abs(d0) <= tolerance && Math.abs(d1) <= tolerance) return { intercept: b0, slope: b1, iterations: iteration, converged: true };
  }
  return { intercept: b0, slope: b1, iterations: maxIterations, converged: false };
}
