// Per-token REST budget over a fixed one-hour window on the runtime clock, with GitHub's
// x-ratelimit-* headers on every answer.
import type { Clock } from './types.js';

const WINDOW_MS = 3600 * 1000;

export interface RateState {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds when the window resets. */
  reset: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly now: Clock,
    private limit: number,
    private readonly anonymousLimit = 60,
  ) {}

  setLimit(limit: number): void {
    this.limit = limit;
  }

  private window(key: string): { start: number; used: number } {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t >= w.start + WINDOW_MS) this.windows.set(key, (w = { start: t, used: 0 }));
    return w;
  }

  private state(key: string, w: { start: number; used: number }): RateState {
    const limit = key === 'anonymous' ? this.anonymousLimit : this.limit;
    return { limit, used: w.used, remaining: Math.max(0, limit - w.used), reset: Math.ceil((w.start + WINDOW_MS) / 1000) };
  }

  /** Counts one request; `exceeded` when the budget was already spent (the request is not counted). */
  consume(key: string): RateState & { exceeded: boolean } {
    const w = this.window(key);
    const before = this.state(key, w);
    if (before.remaining <= 0) return { ...before, exceeded: true };
    w.used++;
    return { ...this.state(key, w), exceeded: false };
  }

  peek(key: string): RateState {
    return this.state(key, this.window(key));
  }
}

export function rateHeaders(s: RateState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(s.limit),
    'x-ratelimit-remaining': String(s.remaining),
    'x-ratelimit-reset': String(s.reset),
    'x-ratelimit-used': String(s.used),
    'x-ratelimit-resource': 'core',
  };
}
