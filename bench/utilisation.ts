/** How busy this process was over a phase. */
export interface Utilisation {
  /** Share of the main thread's event loop spent running code (0..1). */
  eventLoopBusy: number;
  /** Process CPU time over wall time, in cores (all threads). */
  cpuCores: number;
}

/** Utilisation of this process between `start()` and `read()`: main-thread event loop and process CPU. */
export function utilisationSampler(): { start(): void; read(): Utilisation } {
  let loopBefore = performance.eventLoopUtilization();
  let cpuBefore = process.cpuUsage();
  let started = performance.now();
  return {
    start() {
      loopBefore = performance.eventLoopUtilization();
      cpuBefore = process.cpuUsage();
      started = performance.now();
    },
    read() {
      const cpu = process.cpuUsage(cpuBefore);
      return {
        eventLoopBusy: performance.eventLoopUtilization(loopBefore).utilization,
        cpuCores: (cpu.user + cpu.system) / 1000 / (performance.now() - started),
      };
    },
  };
}

/** A share as a whole percentage, e.g. `97%`. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}
