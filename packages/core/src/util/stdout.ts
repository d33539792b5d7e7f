/**
 * Silences process.stdout while in-process toolkit calls run: @actions/core writes `::debug::` and
 * info lines there, as on a runner, which would corrupt a CLI's output (e.g. --json). Returns the
 * undo; callers print through a writer bound before muting.
 */
export function muteStdout(): () => void {
  const original = process.stdout.write;
  process.stdout.write = ((_chunk: unknown, encoding?: unknown, cb?: unknown) => {
    const done = typeof encoding === 'function' ? encoding : cb;
    if (typeof done === 'function') (done as () => void)();
    return true;
  }) as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}
