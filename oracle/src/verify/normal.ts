// The standard normal distribution for censored-likelihood estimates: density,
// tail probabilities and the inverse Mills ratios, computed stably far into the
// tails. erfc follows the Chebyshev fit in Numerical Recipes (erfcc, fractional
// error < 1.2e-7): t·exp(−x² + P(t)), so φ/Φ is formed without dividing two
// underflowing numbers. Only +, −, ×, ÷ and Math.exp/sqrt are used, the same
// bits on every machine for the same input.

const INV_SQRT_2PI = 0.3989422804014327;
const SQRT1_2 = Math.SQRT1_2;

/** P(t) of erfc(x) = t·exp(−x² + P(t)), t = 1/(1 + x/2), x ≥ 0. */
function erfcExponent(t: number): number {
  return -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
}

/** Φ(z), the standard normal CDF. */
export function normalCdf(z: number): number {
  const x = Math.abs(z) * SQRT1_2;
  const t = 1 / (1 + 0.5 * x);
  const tail = 0.5 * t * Math.exp(-x * x + erfcExponent(t)); // Φ(−|z|)
  return z >= 0 ? 1 - tail : tail;
}

export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/** φ(z)/Φ(z), stable for very negative z (where it approaches −z). */
export function millsLower(z: number): number {
  if (z >= 0) return normalPdf(z) / normalCdf(z);
  const x = -z * SQRT1_2;
  const t = 1 / (1 + 0.5 * x);
  // φ(z) / (½·t·exp(−x² + P)) with φ(z) = exp(−x²)/√(2π)
  return INV_SQRT_2PI / (0.5 * t * Math.exp(erfcExponent(t)));
}

/** φ(z)/(1 − Φ(z)), stable for very positive z. */
export function millsUpper(z: number): number {
  return millsLower(-z);
}

/** log Φ(z), stable for very negative z. */
export function logNormalCdf(z: number): number {
  if (z >= 0) return Math.log(normalCdf(z));
  const x = -z * SQRT1_2;
  const t = 1 / (1 + 0.5 * x);
  return Math.log(0.5 * t) - x * x + erfcExponent(t);
}
