// Switchable faults. A fault matches requests by service area (or a RegExp on the path), fires for
// `count` requests (unlimited by default) and then removes itself. Remember the toolkit retries 5xx
// and non-JSON Twirp answers for about 30 s: prefer 4xx, rate-limit or truncate faults in fast tests.
import { blobError, restError, twirpError, type Reply, type TwirpCode } from './http.js';

export type FaultArea = 'cache' | 'artifact' | 'blob' | 'rest';
export type FaultTarget = FaultArea | RegExp;
export type FaultKind = '5xx' | '4xx' | 'timeout' | 'truncate' | 'slow' | 'rate-limit-403' | 'rate-limit-429';

export interface FaultSpec {
  target: FaultTarget;
  kind: FaultKind;
  /** How many matching requests it affects; unlimited when omitted. */
  count?: number;
  /** 'slow': added latency (default 1000). 'timeout': how long the socket is held before it is destroyed (default 60 000). */
  delayMs?: number;
  /** Rate-limit faults: seconds until x-ratelimit-reset, and retry-after for 429 (default 60). */
  resetAfterSec?: number;
  /** Status for '5xx' (default 500) and '4xx' (default 400) faults. */
  status?: number;
  /** Only requests with this HTTP method (e.g. 'POST'). */
  method?: string;
}

export interface FaultHandle {
  readonly id: number;
  /** Requests this fault has affected so far. */
  readonly hits: number;
  /** Requests it may still affect (Infinity when unlimited). */
  readonly remaining: number;
  remove(): void;
}

interface ActiveFault {
  id: number;
  spec: FaultSpec;
  hits: number;
  remaining: number;
}

export class FaultController {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  set(spec: FaultSpec): FaultHandle {
    const fault: ActiveFault = { id: this.nextId++, spec, hits: 0, remaining: spec.count ?? Infinity };
    this.faults.push(fault);
    return {
      id: fault.id,
      get hits() {
        return fault.hits;
      },
      get remaining() {
        return fault.remaining;
      },
      remove: () => {
        this.faults = this.faults.filter((f) => f !== fault);
      },
    };
  }

  clear(): void {
    this.faults = [];
  }

  /** Active fault specs (for inspection). */
  list(): FaultSpec[] {
    return this.faults.map((f) => f.spec);
  }

  /** The first fault matching this request, consuming one of its uses. */
  take(area: FaultArea, method: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        (f.spec.method === undefined || f.spec.method.toUpperCase() === method) &&
        (typeof f.spec.target === 'string' ? f.spec.target === area : f.spec.target.test(path)),
    );
    if (!fault) return undefined;
    fault.hits++;
    fault.remaining--;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.spec;
  }
}

const CODE_BY_STATUS: Record<number, TwirpCode> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'already_exists',
  412: 'failed_precondition',
  429: 'resource_exhausted',
  503: 'unavailable',
  504: 'deadline_exceeded',
};

/** The answer for faults that replace the response; undefined for timeout, slow and truncate. */
export function faultReply(spec: FaultSpec, area: FaultArea, nowMs: number, restLimit: number): Reply | undefined {
  const reset = Math.floor(nowMs / 1000) + (spec.resetAfterSec ?? 60);
  const error = (status: number, message: string): Reply => {
    if (area === 'rest') return restError(status, message);
    if (area === 'blob') return blobError(status, status >= 500 ? 'InternalError' : 'InjectedFault', message);
    return twirpError(CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'invalid_argument'), message, status);
  };
  switch (spec.kind) {
    case '5xx':
      return error(spec.status ?? 500, 'Server Error (injected fault)');
    case '4xx':
      return error(spec.status ?? 400, 'Bad Request (injected fault)');
    case 'rate-limit-403': {
      const r = error(403, 'API rate limit exceeded (injected fault)');
      Object.assign(r.headers, {
        'x-ratelimit-limit': String(restLimit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': String(restLimit),
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'core',
      });
      return r;
    }
    case 'rate-limit-429': {
      const r = error(429, 'You have exceeded a secondary rate limit (injected fault)');
      r.headers['retry-after'] = String(spec.resetAfterSec ?? 60);
      return r;
    }
    default:
      return undefined;
  }
}
