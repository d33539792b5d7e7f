// Request counters, so tests can assert how many calls a piece of code made (e.g. REST budget use).
import type { RuntimeStats, RuntimeStatsCounters } from './types.js';

export class StatsCounter {
  private c: RuntimeStatsCounters = StatsCounter.empty();

  private static empty(): RuntimeStatsCounters {
    return { rest: 0, restByRoute: {}, twirp: {}, blob: 0 };
  }

  rest(route: string): void {
    this.c.rest++;
    this.c.restByRoute[route] = (this.c.restByRoute[route] ?? 0) + 1;
  }

  twirp(name: string): void {
    this.c.twirp[name] = (this.c.twirp[name] ?? 0) + 1;
  }

  blob(): void {
    this.c.blob++;
  }

  snapshot(): RuntimeStats {
    return {
      rest: this.c.rest,
      restByRoute: { ...this.c.restByRoute },
      twirp: { ...this.c.twirp },
      blob: this.c.blob,
      reset: () => {
        this.c = StatsCounter.empty();
      },
    };
  }
}
