import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatFigure, machineInfo, resultsPath, writeResults } from './report.ts';
import type { Figure } from './scenario.ts';
import { scenarios } from './scenarios/index.ts';
import { startTarget } from './target.ts';

/**
 * `npm run bench [-- --quick] [-- --only <name>]`: stands up the web app on a fresh database, runs
 * every scenario in turn (or those whose name contains `--only`), prints one `name: value unit`
 * line per figure and then the ratios, writes `bench/results.json`, and exits 1 when a scenario
 * found a broken invariant.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } } });
  const quick = values.quick;
  const selected = scenarios.filter((scenario) => scenario.name.includes(values.only ?? ''));
  if (selected.length === 0) throw new Error(`no scenario name contains "${values.only}"; names: ${scenarios.map((s) => s.name).join(', ')}`);
  const machine = machineInfo();
  const gib = (machine.totalMemoryBytes / 2 ** 30).toFixed(1);
  console.log(`# ${quick ? 'quick' : 'full'} run on ${machine.cpus} x ${machine.cpuModel}, ${gib} GiB, Node ${machine.node}`);

  const figures: Figure[] = [];
  const ratios: Figure[] = [];
  const failures: string[] = [];
  const target = await startTarget();
  try {
    for (const scenario of selected) {
      const outcome = await scenario.run({ quick, target });
      for (const note of outcome.notes ?? []) console.log(`# ${note}`);
      for (const result of outcome.figures) console.log(formatFigure(result));
      figures.push(...outcome.figures);
      ratios.push(...(outcome.ratios ?? []));
      failures.push(...(outcome.failures ?? []));
    }
  } finally {
    await target.close();
  }
  for (const ratio of ratios) console.log(formatFigure(ratio));

  await writeResults({ date: new Date().toISOString(), mode: quick ? 'quick' : 'full', machine, figures, ratios, failures });
  console.log(`# results written to ${fileURLToPath(resultsPath)}`);
  for (const failure of failures) console.log(`# FAILED ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

// Exit explicitly: a pooled socket or timer left behind by a library must not keep the bench alive.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
