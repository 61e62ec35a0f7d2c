// The decimal arithmetic Helium's IoT verifier does its money and density math in:
// rust_decimal 1.38 (`Decimal`), emulated value-for-value with bigints.
//
// A rust_decimal is a 96-bit integer mantissa m and a scale s ≤ 28, value m / 10^s.
// Every operation computes the exact result and then fits it back: it keeps the
// largest scale (≤ 28) whose mantissa fits 96 bits, rounding the dropped digits half
// to even; if even scale 0 does not fit, the operation overflows. That is how
// rust_decimal's mul (`Buf24::rescale`), div (`div_impl`, which extends the quotient
// digit by digit and rounds the remainder half-even) and add behave on their results;
// tests/fixtures/helium-vectors.json pins this against the crate itself
// (`decimal_arithmetic` vectors). Values are compared, never representations:
// `toString()` is the normalised spelling (no trailing zeros).

const MAX_SCALE = 28;
const LIMIT = 1n << 96n;
const POW10: bigint[] = Array.from({ length: 80 }, (_, i) => 10n ** BigInt(i));

export type RoundingStrategy =
  | "MidpointNearestEven"
  | "MidpointAwayFromZero"
  | "MidpointTowardZero"
  | "ToZero"
  | "AwayFromZero"
  | "ToNegativeInfinity"
  | "ToPositiveInfinity";

export class DecimalOverflowError extends Error {
  constructor(op: string) {
    super(`decimal ${op} overflows rust_decimal's 96-bit mantissa`);
    this.name = "DecimalOverflowError";
  }
}

export class DecimalParseError extends Error {
  constructor(input: string, why: string) {
    super(`cannot read "${input}" as a rust_decimal: ${why}`);
    this.name = "DecimalParseError";
  }
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/** n / d (d > 0) rounded to an integer by `mode`. */
function roundQuotient(n: bigint, d: bigint, mode: RoundingStrategy): bigint {
  const negative = n < 0n;
  const q = abs(n) / d; // truncated magnitude
  const r = abs(n) % d;
  if (r === 0n) return negative ? -q : q;
  const twice = 2n * r;
  let up: boolean; // away from zero
  switch (mode) {
    case "ToZero":
      up = false;
      break;
    case "AwayFromZero":
      up = true;
      break;
    case "ToNegativeInfinity":
      up = negative;
      break;
    case "ToPositiveInfinity":
      up = !negative;
      break;
    case "MidpointNearestEven":
      up = twice > d || (twice === d && (q & 1n) === 1n);
      break;
    case "MidpointAwayFromZero":
      up = twice >= d;
      break;
    case "MidpointTowardZero":
      up = twice > d;
      break;
  }
  const m = up ? q + 1n : q;
  return negative ? -m : m;
}

export class HeliumDecimal {
  static readonly ZERO = new HeliumDecimal(0n, 0);
  static readonly ONE = new HeliumDecimal(1n, 0);
  static readonly TWO = new HeliumDecimal(2n, 0);

  private constructor(
    /** signed mantissa, |mantissa| < 2^96 */
    readonly mantissa: bigint,
    /** 0..28 */
    readonly scale: number,
  ) {}

  /** The exact rational num / 10^scale, fitted as rust_decimal fits a result. */
  private static fit(num: bigint, scale: number, op: string): HeliumDecimal {
    if (scale < 0) {
      num *= POW10[-scale];
      scale = 0;
    }
    for (let drop = Math.max(0, scale - MAX_SCALE); drop <= scale; drop++) {
      const m = drop === 0 ? num : roundQuotient(num, POW10[drop], "MidpointNearestEven");
      if (abs(m) < LIMIT) return new HeliumDecimal(m, scale - drop);
    }
    throw new DecimalOverflowError(op);
  }

  /** `Decimal::from_str_exact`: plain decimal notation, at most 28 decimals, 96-bit mantissa. */
  static parse(text: string): HeliumDecimal {
    const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim().replace(/_/g, ""));
    if (!m) throw new DecimalParseError(text, "not a plain decimal number");
    const frac = m[3] ?? "";
    if (frac.length > MAX_SCALE) throw new DecimalParseError(text, "more than 28 decimal places");
    let mantissa = BigInt(m[2] + frac);
    if (mantissa >= LIMIT) throw new DecimalParseError(text, "mantissa exceeds 96 bits");
    if (m[1] === "-") mantissa = -mantissa;
    return new HeliumDecimal(mantissa, frac.length);
  }

  static fromInt(n: number | bigint): HeliumDecimal {
    const b = BigInt(n);
    if (abs(b) >= LIMIT) throw new DecimalOverflowError("from");
    return new HeliumDecimal(b, 0);
  }

  /** `Decimal::new(num, scale)`. */
  static of(num: number | bigint, scale: number): HeliumDecimal {
    if (!Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) throw new RangeError(`scale ${scale} outside 0..28`);
    const b = BigInt(num);
    if (abs(b) >= LIMIT) throw new DecimalOverflowError("new");
    return new HeliumDecimal(b, scale);
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  isNegative(): boolean {
    return this.mantissa < 0n;
  }

  add(o: HeliumDecimal): HeliumDecimal {
    const s = Math.max(this.scale, o.scale);
    return HeliumDecimal.fit(this.mantissa * POW10[s - this.scale] + o.mantissa * POW10[s - o.scale], s, "add");
  }

  sub(o: HeliumDecimal): HeliumDecimal {
    return this.add(new HeliumDecimal(-o.mantissa, o.scale));
  }

  mul(o: HeliumDecimal): HeliumDecimal {
    return HeliumDecimal.fit(this.mantissa * o.mantissa, this.scale + o.scale, "mul");
  }

  div(o: HeliumDecimal): HeliumDecimal {
    if (o.isZero()) throw new RangeError("decimal division by zero");
    if (this.isZero()) return HeliumDecimal.ZERO;
    // value = (a / 10^sa) / (b / 10^sb) = a·10^sb / (b·10^sa); keep the largest scale ≤ 28 that fits
    let num = this.mantissa * POW10[o.scale];
    let den = o.mantissa * POW10[this.scale];
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    for (let s = MAX_SCALE; s >= 0; s--) {
      const scaled = num * POW10[s];
      if (abs(scaled) / den >= LIMIT) continue;
      const m = roundQuotient(scaled, den, "MidpointNearestEven");
      if (abs(m) < LIMIT) return new HeliumDecimal(m, s);
    }
    throw new DecimalOverflowError("div");
  }

  /** `round_dp_with_strategy(dp, strategy)`; `round_dp` is MidpointNearestEven. */
  roundDp(dp: number, strategy: RoundingStrategy = "MidpointNearestEven"): HeliumDecimal {
    if (!Number.isInteger(dp) || dp < 0) throw new RangeError(`bad decimal places ${dp}`);
    if (dp >= this.scale) return this;
    return new HeliumDecimal(roundQuotient(this.mantissa, POW10[this.scale - dp], strategy), dp);
  }

  /** `checked_powu`: square-and-multiply, every product fitted like `mul`. */
  powu(exp: number): HeliumDecimal {
    if (!Number.isSafeInteger(exp) || exp < 0) throw new RangeError(`bad exponent ${exp}`);
    if (exp === 0) return HeliumDecimal.ONE;
    if (this.isZero()) return HeliumDecimal.ZERO;
    if (this.cmp(HeliumDecimal.ONE) === 0) return HeliumDecimal.ONE;
    if (exp === 1) return this;
    if (exp === 2) return this.mul(this);
    let product: HeliumDecimal = HeliumDecimal.ONE;
    let power: HeliumDecimal = this;
    let mask = BigInt(exp);
    const bits = mask.toString(2).length;
    for (let n = 0; n < bits; n++) {
      if (n > 0) {
        power = power.mul(power);
        mask >>= 1n;
      }
      if ((mask & 1n) === 1n) product = product.mul(power);
    }
    return product;
  }

  cmp(o: HeliumDecimal): number {
    const s = Math.max(this.scale, o.scale);
    const a = this.mantissa * POW10[s - this.scale];
    const b = o.mantissa * POW10[s - o.scale];
    return a < b ? -1 : a > b ? 1 : 0;
  }

  eq(o: HeliumDecimal): boolean {
    return this.cmp(o) === 0;
  }

  min(o: HeliumDecimal): HeliumDecimal {
    return this.cmp(o) <= 0 ? this : o;
  }

  /** `.round_dp_with_strategy(0, ToZero).to_u64().unwrap_or(0)`. */
  truncToU64(): bigint {
    const t = roundQuotient(this.mantissa, POW10[this.scale], "ToZero");
    return t < 0n || t >= 1n << 64n ? 0n : t;
  }

  /** Normalised decimal text (no trailing zeros, no exponent). */
  toString(): string {
    let m = this.mantissa;
    let s = this.scale;
    while (s > 0 && m % 10n === 0n) {
      m /= 10n;
      s--;
    }
    const digits = abs(m).toString().padStart(s + 1, "0");
    const text = s === 0 ? digits : `${digits.slice(0, digits.length - s)}.${digits.slice(digits.length - s)}`;
    return m < 0n ? `-${text}` : text;
  }
}
