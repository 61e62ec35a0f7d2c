/**
 * Stable numeric codes for report decoding failures. Append-only: a code is never
 * renumbered or reused, so clients and logs can rely on it.
 */
export const ReportDecodeErrorCode = {
  /** fewer bytes than the two-byte header, or than the declared type needs. */
  Truncated: 1,
  /** more bytes than the declared type's fixed length. */
  TrailingBytes: 2,
  /** the version byte names an encoding this library does not know. */
  UnsupportedVersion: 3,
  /** the type byte names neither a beacon nor a witness. */
  UnknownType: 4,
  /** a field decodes to a value outside its documented range. */
  ValueOutOfRange: 5,
} as const;
export type ReportDecodeErrorCode =
  (typeof ReportDecodeErrorCode)[keyof typeof ReportDecodeErrorCode];

/** Thrown by `decodeReport` for any byte string that is not a well-formed report. */
export class ReportDecodeError extends Error {
  readonly code: ReportDecodeErrorCode;
  constructor(code: ReportDecodeErrorCode, message: string) {
    super(message);
    this.name = "ReportDecodeError";
    this.code = code;
  }
}
