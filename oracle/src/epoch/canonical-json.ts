// Canonical JSON for digests, in the manner of RFC 8785 (JCS): object keys
// sorted by UTF-16 code units, no whitespace, strings as JSON.stringify
// writes them, numbers in ECMAScript's shortest round-trip form (fully
// specified by the language, so identical on every engine; −0 becomes 0).
// NaN, infinities, bigints and non-plain objects are refused: money travels as
// decimal strings. Money-relevant config in hexpin is integral (bps, tenths);
// floats appear only in verifier tuning, where they are just data here.

export type CanonicalValue = string | number | boolean | null | CanonicalValue[] | { [key: string]: CanonicalValue };

export function canonicalJson(value: unknown, path = "$"): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
    return Object.is(value, -0) ? "0" : String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${path}[${i}]`)).join(",")}]`;
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${path}.${k}`)}`).join(",")}}`;
  }
  throw new TypeError(`${path}: ${typeof value} cannot be canonically encoded`);
}
