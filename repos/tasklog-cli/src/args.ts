import { UsageError } from './errors.js';

/** Which options exist and whether they take a value. */
export interface OptionSpec {
  /** Options that take a value: `--tag work`, `--tag=work`. May repeat. */
  values: readonly string[];
  /** Flags without a value: `--json`. */
  switches: readonly string[];
  /** Single-letter aliases, e.g. `{ t: 'tag' }` makes `-t x` mean `--tag x`. */
  aliases: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  /** Non-option arguments in order; the first one is the subcommand. */
  positionals: string[];
  /** Every value given per option, in order. */
  options: Map<string, string[]>;
  switches: Set<string>;
}

/**
 * Hand-rolled argument parser (no dependencies). Rules:
 *
 * - `--name value` and `--name=value` for value options; they may repeat;
 * - a value option followed by nothing, or by another `--option`, is an
 *   error; a value starting with a single dash is accepted (`--offset -60`);
 * - `-x value` for aliased options, `-x` for aliased switches;
 * - `--` ends option parsing, everything after it is positional;
 * - a lone `-` is a positional (conventionally "stdout").
 *
 * Options may appear anywhere, before or after the subcommand.
 *
 * @throws UsageError for unknown options or missing values.
 */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const result: ParsedArgs = { positionals: [], options: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      result.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      result.positionals.push(arg);
      continue;
    }

    let name: string;
    let inlineValue: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      inlineValue = eq === -1 ? undefined : arg.slice(eq + 1);
    } else {
      const alias = spec.aliases[arg.slice(1)];
      if (alias === undefined) throw new UsageError(`unknown option ${arg}`);
      name = alias;
    }

    if (spec.switches.includes(name)) {
      if (inlineValue !== undefined) throw new UsageError(`option --${name} does not take a value`);
      result.switches.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new UsageError(`unknown option --${name}`);

    let value = inlineValue;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`option --${name} needs a value`);
      value = next;
      i++;
    }
    const list = result.options.get(name) ?? [];
    list.push(value);
    result.options.set(name, list);
  }
  return result;
}

/** The last value given for an option (later flags override earlier ones). */
export function optionValue(args: ParsedArgs, name: string): string | undefined {
  const values = args.options.get(name);
  return values === undefined ? undefined : values[values.length - 1];
}

/** All values given for a repeatable option, or an empty list. */
export function optionValues(args: ParsedArgs, name: string): string[] {
  return [...(args.options.get(name) ?? [])];
}

/**
 * Rejects options that the given subcommand does not understand, so a typo
 * like `tasklog stop --tag x` fails loudly instead of being ignored.
 */
export function assertOptionsAllowed(args: ParsedArgs, command: string, allowed: readonly string[]): void {
  for (const name of [...args.options.keys(), ...args.switches]) {
    if (!allowed.includes(name)) throw new UsageError(`option --${name} is not valid for "${command}"`);
  }
}
