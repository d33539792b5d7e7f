// Concurrency groups with GitHub's rule: at most one running and one pending per group; a newly queued
// run or job cancels the pending one and takes its place; with cancel-in-progress it cancels the running
// one instead of waiting. https://docs.github.com/en/actions/how-tos/write-workflows/choose-when-workflows-run/control-workflow-concurrency
export interface ConcurrencyMember {
  readonly label: string;
  start(): void;
  /** Cancelled by a newer member of the group: `reason` says which. */
  cancel(reason: string): void;
}

interface Slot {
  running?: ConcurrencyMember;
  pending?: ConcurrencyMember;
}

export class ConcurrencyGroups {
  private readonly groups = new Map<string, Slot>();

  /** Queues a member: it starts now, or waits as the group's one pending member. */
  enter(group: string, member: ConcurrencyMember, cancelInProgress: boolean): 'started' | 'pending' {
    const slot = this.groups.get(group) ?? {};
    this.groups.set(group, slot);
    if (slot.pending) {
      slot.pending.cancel(`a newer run (${member.label}) took its place as the pending one in concurrency group '${group}'`);
      slot.pending = undefined;
    }
    if (slot.running && cancelInProgress) {
      const old = slot.running;
      slot.running = undefined;
      old.cancel(`cancel-in-progress: ${member.label} entered concurrency group '${group}'`);
    }
    if (!slot.running) {
      slot.running = member;
      member.start();
      return 'started';
    }
    slot.pending = member;
    return 'pending';
  }

  /** A running member finished (or was cancelled): the pending one, if any, starts. */
  leave(group: string, member: ConcurrencyMember): void {
    const slot = this.groups.get(group);
    if (!slot) return;
    if (slot.pending === member) slot.pending = undefined;
    if (slot.running !== member) return;
    slot.running = slot.pending;
    slot.pending = undefined;
    if (slot.running) slot.running.start();
    else this.groups.delete(group);
  }

  snapshot(): Record<string, { running?: string; pending?: string }> {
    const out: Record<string, { running?: string; pending?: string }> = {};
    for (const [g, s] of this.groups) out[g] = { ...(s.running ? { running: s.running.label } : {}), ...(s.pending ? { pending: s.pending.label } : {}) };
    return out;
  }
}
