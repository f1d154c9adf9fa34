/**
 * Stable codes of harness failures: the evaluator, the engine or the environment failed, not the
 * agent. Anything carrying one of these is kept apart from agent results and never scored.
 */
export type HarnessErrorCode =
  | 'ENGINE_UNREACHABLE'
  | 'IMAGE_MISSING'
  | 'IMAGE_BUILD_FAILED'
  | 'BASE_BUILD_FAILED'
  | 'CREATE_FAILED'
  | 'SANDBOX_LOST'
  | 'SANDBOX_UNRESPONSIVE'
  | 'MATERIALIZE_FAILED'
  | 'ENV_MISSING'
  | 'CONFIG_INVALID'
  | 'TASK_INVALID'
  | 'PROVIDER_FAILED';

/** Codes worth retrying: the same call may succeed a moment later. */
const TRANSIENT: ReadonlySet<HarnessErrorCode> = new Set(['SANDBOX_LOST', 'SANDBOX_UNRESPONSIVE', 'CREATE_FAILED', 'PROVIDER_FAILED']);

/**
 * A failure of the harness (engine down, image missing, sandbox died). Its message is one line
 * meant for a person; the original error, if any, is kept as `cause` for debugging.
 */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
  readonly code: HarnessErrorCode;
  /** True when retrying the same operation may succeed (engine hiccup, lost sandbox). */
  readonly transient: boolean;

  constructor(code: HarnessErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.transient = TRANSIENT.has(code);
  }
}

/** True when `err` is a {@link HarnessError}, optionally with the given code. */
export function isHarnessError(err: unknown, code?: HarnessErrorCode): err is HarnessError {
  return err instanceof HarnessError && (code === undefined || err.code === code);
}
