/** Why a report could not be computed from the attempts it was given. */
export type ReportErrorCode = 'BAD_SELECTOR' | 'NO_MATCH' | 'NO_OVERLAP' | 'BAD_CONFIG';

/**
 * The request cannot be answered from the data (a selector matching nothing, two selections with
 * no task in common, an invalid gate config). Not a harness failure and not a bug: the CLI prints
 * the message as one line and exits 2.
 */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  readonly code: ReportErrorCode;

  constructor(code: ReportErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
