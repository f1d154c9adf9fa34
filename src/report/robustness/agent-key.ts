import { createHash } from 'node:crypto';
import type { ScoredAttempt } from '../../store/types.js';
import { canonicalJson } from '../../task/content-hash.js';

/** Hex digits of the configuration hash shown next to an agent spec. */
const CONFIG_HASH_DIGITS = 6;

/** The short hash of an agent configuration: its canonical JSON, so key order does not matter. */
export function configHash(config: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, CONFIG_HASH_DIGITS);
}

/**
 * How robustness tables name "the same agent". Pairing by spec alone would put `oracle@terse.yaml`
 * under faults against `oracle@verbose.yaml` without them, so an agent is its spec plus its
 * configuration. A spec seen with one configuration only keeps its bare name (`oracle`); one seen
 * with several is split into `oracle [config 1a2b3c]` per configuration.
 */
export function agentKeyOf(attempts: readonly ScoredAttempt[]): (attempt: ScoredAttempt) => string {
  const hashes = new Map<string, Set<string>>();
  for (const a of attempts) {
    const set = hashes.get(a.agentSpec) ?? new Set<string>();
    set.add(configHash(a.agentConfig));
    hashes.set(a.agentSpec, set);
  }
  // Pairing asks for the key of the same attempt many times: hash each one once.
  const keys = new Map<ScoredAttempt, string>();
  return (a) => {
    let key = keys.get(a);
    if (key === undefined) {
      key = (hashes.get(a.agentSpec)?.size ?? 0) > 1 ? `${a.agentSpec} [config ${configHash(a.agentConfig)}]` : a.agentSpec;
      keys.set(a, key);
    }
    return key;
  };
}

/** The agent spec inside a key made by {@link agentKeyOf} (the key itself when it has no configuration part). */
export function agentSpecOfKey(key: string): string {
  return key.replace(new RegExp(` \\[config [0-9a-f]{${CONFIG_HASH_DIGITS}}\\]$`), '');
}
