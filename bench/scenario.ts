import type { BenchTarget } from './target.ts';

/** One measured number, printed as `name: value unit` and stored in `bench/results.json`. */
export interface Figure {
  /** snake_case, stable across runs so results can be compared. */
  name: string;
  value: number;
  unit: string;
  /** Digits printed after the decimal point. */
  decimals: number;
}

/** A figure rounded to `decimals` places (0 for counts). */
export function figure(name: string, value: number, unit: string, decimals = 1): Figure {
  const factor = 10 ** decimals;
  return { name, value: Math.round(value * factor) / factor, unit, decimals };
}

/** What a scenario hands back to the runner. */
export interface ScenarioOutcome {
  figures: Figure[];
  /** Ratios against a reference (pgbench); printed after all figures. */
  ratios?: Figure[];
  /** Context for the reader, printed as `# ...` comment lines. */
  notes?: string[];
  /** Broken invariants; any entry makes the run exit 1. */
  failures?: string[];
}

/** What every scenario runs against. */
export interface BenchContext {
  /** `--quick`: shorter phases, the whole run under two minutes. */
  quick: boolean;
  target: BenchTarget;
}

/** One benchmark: a name and a function that measures. Scenarios run one after another. */
export interface Scenario {
  name: string;
  run(context: BenchContext): Promise<ScenarioOutcome>;
}
