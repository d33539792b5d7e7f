import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  log(line: string): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; plain periodic lines otherwise (CI logs). */
export function progressBar(label: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta}s`, stream: process.stderr, hideCursor: true });
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
      log(line) {
        process.stderr.write(`\r\x1b[K${line}\n`);
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let lastPct = -1;
  return {
    update(done, total) {
      const pct = Math.floor((done / Math.max(1, total)) * 10) * 10;
      if (pct !== lastPct) {
        lastPct = pct;
        process.stderr.write(`${label}: ${done}/${total} (${pct}%)\n`);
      }
    },
    log(line) {
      process.stderr.write(`${line}\n`);
    },
    stop() {},
  };
}
