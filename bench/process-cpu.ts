import { readdir, readFile } from 'node:fs/promises';

// Linux counts process CPU in clock ticks of 1/100 s (USER_HZ is 100 on every mainstream architecture).
const ticksPerSecond = 100;

async function readOrUndefined(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

/** User plus system CPU seconds process `pid` has used so far; undefined once it has gone. */
async function cpuSecondsOf(pid: number): Promise<number | undefined> {
  const stat = await readOrUndefined(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name in parentheses may hold spaces; utime and stime are fields 14 and 15, so
  // 12th and 13th after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds the whole machine spent not idle (all processes, including any outside the bench). */
async function machineBusySeconds(): Promise<number> {
  const [, ...ticks] = ((await readOrUndefined('/proc/stat')) ?? '').split('\n')[0]!.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const busy = ticks.slice(0, 8).reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return busy / ticksPerSecond;
}

/** Direct children of `pid` (its main thread's, which is where node:cluster forks from). */
export async function childPids(pid: number): Promise<number[]> {
  const children = (await readOrUndefined(`/proc/${pid}/task/${pid}/children`)) ?? '';
  return children.trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Every process whose command name is `command` (e.g. `postgres`: the server and its backends). */
export async function pidsNamed(command: string): Promise<number[]> {
  const entries = await readdir('/proc');
  const pids = entries.filter((entry) => /^\d+$/.test(entry)).map(Number);
  const names = await Promise.all(pids.map((pid) => readOrUndefined(`/proc/${pid}/comm`)));
  return pids.filter((_, index) => names[index]?.trim() === command);
}

/** Cores used per group of processes, plus `machine`: all CPU in use, whoever used it. */
export type CoresUsed<Group extends string> = Record<Group | 'machine', number>;

async function snapshot(groups: Record<string, number[]>): Promise<Map<string, Map<number, number>>> {
  const taken = new Map<string, Map<number, number>>();
  for (const [name, pids] of Object.entries(groups)) {
    const seconds = await Promise.all(pids.map(cpuSecondsOf));
    taken.set(name, new Map(pids.flatMap((pid, index) => (seconds[index] === undefined ? [] : [[pid, seconds[index]]]))));
  }
  return taken;
}

/**
 * Starts measuring the CPU of each group of processes; `read()` returns the cores each used
 * since (CPU seconds over wall seconds). Only processes alive at both ends are counted, so a
 * process that started or ended in between is missed: keep the groups to long-lived processes.
 */
export async function sampleCpu<Group extends string>(groups: Record<Group, number[]>): Promise<{ read(): Promise<CoresUsed<Group>> }> {
  const before = await snapshot(groups);
  const machineBefore = await machineBusySeconds();
  const started = performance.now();
  return {
    async read() {
      const after = await snapshot(groups);
      const wallSeconds = (performance.now() - started) / 1000;
      const used: Record<string, number> = { machine: ((await machineBusySeconds()) - machineBefore) / wallSeconds };
      for (const [name, pids] of after) {
        const earlier = before.get(name)!;
        let seconds = 0;
        for (const [pid, now] of pids) seconds += now - (earlier.get(pid) ?? now);
        used[name] = seconds / wallSeconds;
      }
      return used as CoresUsed<Group>;
    },
  };
}
