import os from 'node:os';
import { databaseActivity, type DatabaseActivity } from './databases.ts';
import { runLoad, type LoadPlan, type LoadResult } from './load.ts';
import { pidsNamed, sampleCpu, type CoresUsed } from './process-cpu.ts';
import { announce, tickSeconds } from './progress.ts';
import { benchDatabase } from './target.ts';
import type { WebCluster } from './web-cluster.ts';

/** A load measured against a web cluster, with a line on where the CPU went meanwhile. */
export interface ClusterLoad {
  result: LoadResult;
  /** E.g. `CPU in cores: web processes 0.81 + 0.79, ...`, for a `#` note. */
  cpu: string;
  /** Connections opened, and commits and rollbacks, on the bench database over the measured phase. */
  database: DatabaseActivity;
}

/**
 * The database's activity as a `#` note fragment. The web processes' pools were filled in the
 * warm-up and keep their connections, so every session opened in the measured phase is a
 * connection thrown away and replaced. Backends still open report their counters up to a few
 * seconds late, so the counts are lower bounds.
 */
export function describeDatabaseActivity({ sessions, commits, rollbacks }: DatabaseActivity): string {
  return `PostgreSQL: ${sessions} connections opened, ${commits} commits, ${rollbacks} rollbacks (pg_stat_database, at least)`;
}

type CpuGroup = 'primary' | 'postgres' | 'bench' | `web ${number}`;

const cores = (value: number): string => value.toFixed(2);

/**
 * Where the machine's CPU went: each web process, the cluster's primary, PostgreSQL, the load
 * generator (as it measured itself), this bench process, and the rest of the machine, which is
 * work outside the bench (the machine may be shared) or processes that ended meanwhile.
 */
function describeCpu(cluster: WebCluster, used: CoresUsed<CpuGroup>, generatorCores: number): string {
  const web = cluster.webPids.map((pid) => used[`web ${pid}`] ?? 0);
  const accounted = [...web, used.primary, used.postgres, used.bench, generatorCores].reduce((sum, value) => sum + value, 0);
  return `CPU in cores: web processes ${web.map(cores).join(' + ')}, their primary ${cores(used.primary)}, ` +
    `PostgreSQL ${cores(used.postgres)}, load generator ${cores(generatorCores)}, bench process ${cores(used.bench)}, ` +
    `anything else ${cores(Math.max(0, used.machine - accounted))}; machine ${cores(used.machine)} busy of ${os.cpus().length}`;
}

/**
 * Runs `plan` against the cluster's URL from a load generator process, with CPU sampled over the
 * measured phase and, for timed pacings, a progress line labelled `label`.
 */
export async function loadCluster(cluster: WebCluster, plan: Omit<LoadPlan, 'baseUrl'>, label: string): Promise<ClusterLoad> {
  let sampling: ReturnType<typeof sampleCpu<CpuGroup>> | undefined;
  let activityBefore: Promise<DatabaseActivity> | undefined;
  let stopTicker: (() => void) | undefined;
  const onMeasuring = () => {
    activityBefore = databaseActivity(benchDatabase);
    // PostgreSQL's processes are listed now: the web processes' pools connected during the warm-up.
    sampling = pidsNamed('postgres').then((postgres) => {
      const groups: Record<CpuGroup, number[]> = { primary: [cluster.app.pid], postgres, bench: [process.pid] };
      for (const pid of cluster.webPids) groups[`web ${pid}`] = [pid];
      return sampleCpu(groups);
    });
    if ('durationMs' in plan.pacing) stopTicker = tickSeconds(label, plan.pacing.durationMs / 1000);
    else announce(label);
  };
  const result = await runLoad({ ...plan, baseUrl: cluster.app.url }, { onMeasuring }).finally(() => stopTicker?.());
  const used = await (await sampling!).read();
  const [before, after] = [await activityBefore!, await databaseActivity(benchDatabase)];
  const database = {
    sessions: after.sessions - before.sessions, commits: after.commits - before.commits, rollbacks: after.rollbacks - before.rollbacks,
  };
  return { result, cpu: describeCpu(cluster, used, result.generatorCores), database };
}
