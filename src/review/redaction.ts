import type { AttemptRecord } from '../store/types.js';

/** The placeholder that replaces the agent's identity in blind text. */
export const REDACTED = '[agent]';

/** Shortest identity token: anything shorter would blank out ordinary text. */
const MIN_TOKEN_LENGTH = 3;
/** Shortest part of a spec or model name (split on `-`, `_`, `.`) that is redacted on its own. */
const MIN_PART_LENGTH = 4;

/**
 * Generic words that appear in agent specs, model names and configuration values without naming
 * anyone (`gpt-4o-mini`, `qwen-coder-instruct`, `effort: high`). Redacting them on their own would
 * garble ordinary text ("a coding agent", "high severity") and reveal nothing.
 */
const GENERIC_WORDS = new Set([
  'agent', 'agents', 'auto', 'base', 'chat', 'code', 'coder', 'default', 'false', 'high', 'instruct',
  'large', 'latest', 'low', 'medium', 'mini', 'model', 'none', 'preview', 'small', 'test', 'tests', 'true', 'turbo',
]);

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Alphabetic parts of a name split on `-`, `_`, `.` (`claude-sonnet-4` → claude, sonnet): a model family gives the agent away. */
function nameParts(name: string | undefined): string[] {
  if (name === undefined) return [];
  return name
    .split(/[:/@\-_.]/)
    .filter((part) => /^[A-Za-z]+$/.test(part) && part.length >= MIN_PART_LENGTH && !GENERIC_WORDS.has(part.toLowerCase()));
}

/** Every string inside a configuration value (deeply), except generic words. */
function configStrings(value: unknown): string[] {
  if (typeof value === 'string') return GENERIC_WORDS.has(value.trim().toLowerCase()) ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(configStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(configStrings);
  return [];
}

/**
 * The strings that would give the agent away, longest first: the spec and its parts around `:`,
 * `/`, `@`; the alphabetic parts of the spec and the model around `-`, `_`, `.` (at least
 * {@link MIN_PART_LENGTH} characters, generic words left out); name, version, model, prompt
 * variant; every string value of the agent configuration; attempt and run ids. Each of at least
 * {@link MIN_TOKEN_LENGTH} characters.
 */
export function identityTokens(a: AttemptRecord): string[] {
  const tokens = [
    a.agentSpec,
    ...a.agentSpec.split(/[:/@]/),
    ...nameParts(a.agentSpec),
    ...nameParts(a.model),
    a.agentName,
    a.agentVersion,
    a.model,
    a.promptVariant,
    ...configStrings(a.agentConfig),
    a.id,
    a.runId,
  ];
  return [...new Set(tokens.filter((t): t is string => typeof t === 'string' && t.trim().length >= MIN_TOKEN_LENGTH))].sort((x, y) => y.length - x.length);
}

/** Replaces every identity token, as a whole word, in every string of `value` (deeply) by {@link REDACTED}, ignoring case. */
export function redact<T>(value: T, tokens: readonly string[]): T {
  if (tokens.length === 0) return value;
  // Whole words only: the agent `noop` must not turn `git_snooping` into `git_s[agent]ing`.
  const pattern = new RegExp(`(?<![A-Za-z0-9_])(?:${tokens.map(escapeRegExp).join('|')})(?![A-Za-z0-9_])`, 'gi');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(pattern, REDACTED);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
