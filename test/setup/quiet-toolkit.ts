// The toolkit (@actions/core, cache, artifact) writes `::debug::` workflow commands to stdout, as on
// a runner, where they are hidden unless debug logging is on. In-process tests would print hundreds
// of them before the first result; drop them as a runner does. APS_TEST_DEBUG=1 shows them.
if (!process.env['APS_TEST_DEBUG']) {
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' && chunk.startsWith('::debug::')) return true;
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
}
