/** Progress of one long phase (seeding, a timed load). */
export interface Progress {
  /** Moves forward by `by` steps (default 1). */
  advance(by?: number): void;
  /** Marks the phase complete and prints how long it took. */
  finish(): void;
}

// Progress goes to stderr so stdout holds only figures and `#` notes, and stays greppable.
const stream = process.stderr;
const barWidth = 30;

/**
 * Reports a phase of `total` steps: a redrawn bar on a terminal, otherwise a plain line at
 * every quarter, so logs of CI runs stay short.
 */
export function startProgress(label: string, total: number, unit = ''): Progress {
  const started = performance.now();
  const suffix = unit ? ` ${unit}` : '';
  let done = 0;
  let quartersShown = -1;
  const render = () => {
    if (stream.isTTY) {
      const filled = Math.round((barWidth * done) / total);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${done}/${total}${suffix}`);
      return;
    }
    const quarters = Math.floor((4 * done) / total);
    if (quarters > quartersShown && quarters < 4) {
      quartersShown = quarters;
      stream.write(`${label}: ${done}/${total}${suffix}\n`);
    }
  };
  render();
  return {
    advance(by = 1) {
      done = Math.min(total, done + by);
      render();
    },
    finish() {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      stream.write(stream.isTTY ? ` done in ${seconds} s\n` : `${label}: ${total}/${total}${suffix} done in ${seconds} s\n`);
    },
  };
}

/** Ticks a progress display once a second for a phase that runs for `seconds`; call the result to stop. */
export function tickSeconds(label: string, seconds: number): () => void {
  const progress = startProgress(label, seconds, 's');
  const timer = setInterval(() => progress.advance(), 1000);
  return () => {
    clearInterval(timer);
    progress.finish();
  };
}

/** A one-off status line for a phase with no measurable progress. */
export function announce(message: string): void {
  stream.write(`${message}\n`);
}
