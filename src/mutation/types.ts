/**
 * The vocabulary of mutation testing: which mutators exist, what one mutant is, and what running
 * the hidden tests against it showed.
 */

/** The mutator families (issue 7): each names one kind of small, plausible bug. */
export type MutatorId = 'comparison-flip' | 'boolean-flip' | 'constant-shift' | 'statement-delete' | 'argument-swap';

/** One place a mutator can change: a span of the source and what replaces it. */
export interface MutationSite {
  mutator: MutatorId;
  /** UTF-16 offsets of the replaced span (what web-tree-sitter reports for a JS string). */
  start: number;
  end: number;
  replacement: string;
}

/** One mutated version of one file. */
export interface Mutant {
  /** Path inside the repository, `/`-separated. */
  file: string;
  /** 1-based line where the replaced span starts. */
  line: number;
  mutator: MutatorId;
  /** The replaced source text, and what replaced it. */
  original: string;
  replacement: string;
  /** The whole file after the mutation. */
  text: string;
}

/** What the hidden tests did to one mutant. */
export interface MutantOutcome {
  mutant: Omit<Mutant, 'text'>;
  /** `killed`: some listed test failed, the run errored or timed out; `survived`: every test still passed. */
  status: 'killed' | 'survived';
  /** Why it was killed (first failing tests, timeout), or that every test passed. */
  detail: string;
  durationMs: number;
  /** Workspace files other than the mutated one that the run left different and the reset put back. */
  reset?: string[];
}

/** The mutation score of one task: killed / valid sampled mutants (Stryker's mutation score). */
export interface MutationReport {
  task: string;
  /** Mutants every mutator proposed inside the reference's changed lines, before the parse check. */
  candidates: number;
  /** Candidates whose file no longer parses (tree-sitter ERROR or MISSING nodes): not counted. */
  invalid: number;
  /** Valid candidates; `outcomes` holds the sampled ones that were run. */
  valid: number;
  outcomes: MutantOutcome[];
  killed: number;
  /** killed / outcomes.length; `undefined` when there was nothing to mutate. */
  score: number | undefined;
  /** Time spent in the sandbox (baseline run and every mutant), in milliseconds. */
  durationMs: number;
  /** Set when the score could not be measured (the reference does not pass in the mutation sandbox). */
  error?: string;
}
