import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { Figure } from './scenario.ts';

/** Where the figures of the last run are written. */
export const resultsPath = new URL('./results.json', import.meta.url);

/** The machine a run was measured on; figures from different machines are not comparable. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  node: string;
  platform: string;
}

/** Describes this machine. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** `name: value unit`, the one line per figure the bench prints. */
export function formatFigure({ name, value, unit, decimals }: Figure): string {
  return `${name}: ${value.toFixed(decimals)} ${unit}`;
}

/** Everything `bench/results.json` holds. */
export interface BenchResults {
  date: string;
  mode: 'quick' | 'full';
  machine: MachineInfo;
  figures: Figure[];
  ratios: Figure[];
  failures: string[];
}

/** Writes the results as indented JSON, replacing the previous run's. */
export async function writeResults(results: BenchResults): Promise<void> {
  await writeFile(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
}
