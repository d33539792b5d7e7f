/**
 * The sweep's REST request budget. Calls through the suite's GitHub client are counted by its
 * request hook; calls made by other clients (the artifact toolkit's download redirect) are charged
 * explicitly. Work that would overdraw the budget is skipped and reported, never half done.
 */
export class RequestBudget {
  private extra = 0;
  /** What was skipped for lack of budget, in words, for the report. */
  readonly skipped: string[] = [];

  constructor(
    readonly limit: number,
    private readonly counted: () => number,
  ) {}

  /** Charges calls made outside the counted client. */
  charge(calls: number): void {
    this.extra += calls;
  }

  used(): number {
    return this.counted() + this.extra;
  }

  left(): number {
    return this.limit - this.used();
  }

  /** True when `calls` more still leave `reserve` for the work that must happen later. */
  allows(calls: number, reserve = 0): boolean {
    return this.left() - reserve >= calls;
  }

  /** Records that `what` was not done for lack of budget. */
  skip(what: string): void {
    if (!this.skipped.includes(what)) this.skipped.push(what);
  }

  get exhausted(): boolean {
    return this.skipped.length > 0;
  }
}
