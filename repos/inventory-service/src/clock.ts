/**
 * Time source abstraction. Everything time-dependent (coupon validity,
 * event timestamps, order dates) reads the clock through this interface so
 * that tests never depend on the wall clock.
 */
export interface Clock {
  now(): Date;
}

/** A clock backed by the real system time. */
export const systemClock: Clock = {
  now: () => new Date(),
};

/** A manually driven clock for tests and simulations. */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jumps to an absolute ISO-8601 instant. */
  set(iso: string): void;
}

/**
 * Creates a {@link ManualClock} starting at the given ISO-8601 instant.
 *
 * @throws RangeError when the instant cannot be parsed.
 */
export function manualClock(startIso: string): ManualClock {
  let current = parseInstant(startIso);
  return {
    // Return a fresh Date each time so callers cannot mutate our state.
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
    set(iso: string) {
      current = parseInstant(iso);
    },
  };
}

function parseInstant(iso: string): number {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`invalid instant: ${iso}`);
  return t;
}
