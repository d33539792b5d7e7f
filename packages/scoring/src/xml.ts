/**
 * Streaming XML with hostile-input guards, on top of saxes (a conforming, non-validating SAX
 * parser that never fetches external DTDs and only knows the five predefined entities).
 *
 * Guards, and why:
 * - A DOCTYPE with an internal subset that declares entities is refused. saxes would not expand
 *   them anyway (an undefined entity is an error), but refusing up front gives a clear message
 *   for "billion laughs" files instead of a confusing "undefined entity" further down.
 * - Element depth is capped: report formats nest a few levels; thousands of levels is an attack
 *   or a broken generator, and our handlers keep per-level state.
 * - The run of characters between two `<` is capped: saxes buffers a whole text node or tag in
 *   one string, so an unbounded run would defeat the streaming.
 */
import { SaxesParser, type SaxesAttributeNS, type SaxesTagPlain } from 'saxes';
import { ReportError, type ReportFormat } from './errors.js';
import { readChunks, sourceName, wrongFormat, type ReportSource } from './source.js';

export interface XmlLimits {
  maxDepth: number;
  /** Longest text node or tag, in UTF-16 code units. */
  maxTokenChars: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 256, maxTokenChars: 16 * 1024 * 1024 };

export type XmlAttributes = Readonly<Record<string, string>>;

export interface XmlHandlers {
  /** `depth` is 0 for the root element. */
  open(name: string, attributes: XmlAttributes, depth: number): void;
  close(name: string, depth: number): void;
  /** Text and CDATA content; only called while `wantText()` returns true. */
  text?(text: string): void;
  wantText?(): boolean;
}

export interface XmlExpectation {
  format: ReportFormat;
  /** e.g. "a JUnit XML report" */
  description: string;
  /** Accepts or rejects the root element's name. */
  root(name: string): boolean;
}

const PREFIX_CHARS = 4096;

function plainAttributes(tag: SaxesTagPlain): XmlAttributes {
  // With xmlns disabled saxes gives plain string values; the NS shape only appears with xmlns on.
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tag.attributes as Record<string, string | SaxesAttributeNS>)) {
    out[key] = typeof value === 'string' ? value : value.value;
  }
  return out;
}

export async function streamXml(
  source: ReportSource,
  expect: XmlExpectation,
  handlers: XmlHandlers,
  limits: XmlLimits = DEFAULT_XML_LIMITS,
): Promise<void> {
  const file = sourceName(source);
  const { format } = expect;
  const parser = new SaxesParser({ xmlns: false, position: true });
  let prefix = '';
  let depth = 0;
  let sawRoot = false;
  let sinceLt = 0;
  const openNames: string[] = [];

  const fail = (problem: string, fix: string): ReportError => new ReportError({ file, format, problem, fix, line: parser.line });

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      throw fail(
        'declares XML entities in its DOCTYPE; entity expansion is refused (a "billion laughs" file would exhaust memory)',
        `Real ${expect.description} never declares entities: regenerate the file with the tool, or remove the DOCTYPE.`,
      );
    }
  });
  parser.on('opentag', (tag) => {
    if (!sawRoot) {
      sawRoot = true;
      if (!expect.root(tag.name)) {
        throw new ReportError({
          file,
          format,
          line: parser.line,
          problem: `is not ${expect.description}: its root element is <${tag.name}>`,
          fix: `Pass ${expect.description} here${/coverage/.test(tag.name) ? ' (a <coverage> root is Cobertura: use --cobertura)' : /testsuite/.test(tag.name) ? ' (a <testsuite> root is JUnit: use --junit)' : ''}.`,
        });
      }
    }
    if (depth >= limits.maxDepth) {
      throw fail(
        `nests elements more than ${limits.maxDepth} levels deep`,
        `${expect.description} nests a few levels; this file is corrupt or hostile. Regenerate it with the tool.`,
      );
    }
    openNames.push(tag.name);
    handlers.open(tag.name, plainAttributes(tag), depth);
    depth += 1;
  });
  parser.on('closetag', (tag) => {
    depth -= 1;
    openNames.pop();
    handlers.close(tag.name, depth);
  });
  if (handlers.text !== undefined) {
    const onText = handlers.text.bind(handlers);
    const want = handlers.wantText?.bind(handlers) ?? (() => true);
    parser.on('text', (text) => {
      if (want()) onText(text);
    });
    parser.on('cdata', (text) => {
      if (want()) onText(text);
    });
  }
  parser.on('error', (err) => {
    if (err instanceof ReportError) throw err;
    // saxes prefixes "line:column: "; we report the line separately.
    const message = err.message.replace(/^[^:]*:?\d+:\d+: /, '');
    if (!sawRoot && /text data outside of root node|document must contain a root element|disallowed character/i.test(message)) {
      throw wrongFormat(file, format, prefix, expect.description);
    }
    if (/undefined entity/i.test(message)) {
      throw fail(`uses an undefined XML entity (${message})`, 'Only the five predefined XML entities are accepted; regenerate the file with the tool.');
    }
    throw fail(`is not well-formed XML (${message})`, 'Regenerate the file with the tool; if it was copied or uploaded, check it is complete.');
  });

  await readChunks(source, format, (chunk) => {
    if (prefix.length < PREFIX_CHARS) prefix += chunk.slice(0, PREFIX_CHARS - prefix.length);
    const lt = chunk.lastIndexOf('<');
    sinceLt = lt < 0 ? sinceLt + chunk.length : chunk.length - lt - 1;
    if (sinceLt > limits.maxTokenChars) {
      throw fail(
        `has a text node or tag longer than ${limits.maxTokenChars} characters`,
        'Such a run would have to be buffered whole; trim captured output (system-out) in the tool, or check the file is the right one.',
      );
    }
    parser.write(chunk);
  });
  if (!sawRoot) {
    throw wrongFormat(file, format, prefix, expect.description);
  }
  if (openNames.length > 0) {
    throw new ReportError({
      file,
      format,
      line: parser.line,
      problem: `ends before the XML is complete (<${openNames[openNames.length - 1] ?? '?'}> is never closed): the file is truncated`,
      fix: 'The tool was probably interrupted or the upload cut short; rerun it and pass the complete file.',
    });
  }
  parser.close();
}
