/**
 * Opening report inputs as streams of text chunks. Every parser reads through here so that no
 * report is ever loaded whole into one string: memory stays bounded by the chunk size plus what
 * each parser keeps.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { ReportError, type ReportFormat } from './errors.js';

/** A file path, a readable stream, or a stream with a name to use in error messages. */
export type ReportSource = string | Readable | { name: string; stream: Readable };

/** 64 KiB: large enough for throughput, small enough to keep memory flat. */
const CHUNK_BYTES = 64 * 1024;

export function sourceName(source: ReportSource): string {
  if (typeof source === 'string') return source;
  if (source instanceof Readable) return '<stream>';
  return source.name;
}

function openStream(source: ReportSource): Readable {
  if (typeof source === 'string') return createReadStream(source, { highWaterMark: CHUNK_BYTES });
  if (source instanceof Readable) return source;
  return source.stream;
}

/** Turns I/O failures into a ReportError that says what to check. */
export function ioError(err: unknown, file: string, format: ReportFormat): ReportError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const problem =
    code === 'ENOENT'
      ? 'file not found'
      : code === 'EISDIR'
        ? 'is a directory, not a report file'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot be read (${err instanceof Error ? err.message : String(err)})`;
  return new ReportError(
    { file, format, problem, fix: 'Check the path given for this report and that the tool that writes it ran before this step.' },
    { cause: err },
  );
}

/**
 * Streams the source as UTF-8 text chunks (BOM removed) to `onChunk`. Errors thrown by
 * `onChunk` stop reading and propagate; the underlying stream is destroyed either way.
 */
export async function readChunks(
  source: ReportSource,
  format: ReportFormat,
  onChunk: (text: string) => void,
): Promise<void> {
  const file = sourceName(source);
  const stream = openStream(source);
  const decoder = new StringDecoder('utf8');
  let first = true;
  try {
    for await (const raw of stream) {
      let text = typeof raw === 'string' ? raw : decoder.write(raw as Buffer);
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      if (text.length > 0) onChunk(text);
    }
    const rest = decoder.end();
    if (rest.length > 0) onChunk(rest);
  } catch (err) {
    if (err instanceof ReportError) throw err;
    if ((err as NodeJS.ErrnoException | undefined)?.code !== undefined) throw ioError(err, file, format);
    throw err;
  } finally {
    stream.destroy();
  }
}

/** What the first bytes of a file look like, to tell a user which flag a file belongs to. */
export function guessFormat(prefix: string): string | undefined {
  const head = prefix.trimStart().slice(0, 4096);
  if (head.startsWith('<')) {
    if (/<(testsuites|testsuite)[\s>]/.test(head)) return 'JUnit XML (use --junit)';
    if (/<coverage[\s>]/.test(head)) return 'Cobertura XML (use --cobertura)';
    return 'XML of an unknown kind';
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    if (/"runs"\s*:/.test(head) || /sarif/i.test(head)) return 'SARIF JSON (use --sarif)';
    if (/"statementMap"\s*:/.test(head) || /^\{\s*"total"\s*:/.test(head)) return 'istanbul coverage JSON (use --istanbul)';
    if (/"files"\s*:|"filename"\s*:/.test(head)) return 'GitHub compare API JSON (use --diff)';
    return 'JSON of an unknown kind';
  }
  if (/^(TN|SF):/m.test(head)) return 'lcov (use --lcov)';
  if (/^(diff --git |--- |@@ )/m.test(head)) return 'a unified diff (use --diff)';
  if (head.length === 0) return 'empty';
  return undefined;
}

/** A "this is not a <format> file" error that names what the file seems to be. */
export function wrongFormat(file: string, format: ReportFormat, prefix: string, expected: string): ReportError {
  const guess = guessFormat(prefix);
  const looks = guess === undefined ? 'its content is not recognised' : guess === 'empty' ? 'the file is empty' : `it looks like ${guess}`;
  return new ReportError({
    file,
    format,
    problem: `is not ${expected}: ${looks}`,
    fix: `Pass ${expected} here, or pass this file with the flag for its format.`,
  });
}
