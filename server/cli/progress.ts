// A progress bar on stderr when it is a terminal; nothing otherwise (a pipe or a log gets only the
// command's final line).
import cliProgress from 'cli-progress';

export interface ProgressBar {
  update(done: number, total: number | null): void;
  stop(): void;
}

export function progressBar(label: string): ProgressBar {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total} {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 50 }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total ?? done, done);
        started = true;
      }
      if (total === null && done > bar.getTotal()) bar.setTotal(done);
      else if (total !== null) bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
