/** File classes used by the diff parser and the scorer. */
import { globMatcher } from './glob.js';

export type FileClass = 'test' | 'doc' | 'config' | 'source';

export interface FileClassGlobs {
  test: string[];
  doc: string[];
  config: string[];
}

/**
 * Documented defaults. Order of precedence: test, then doc, then config; anything else is
 * source. So `test/fixtures/x.json` is a test file and `docs/conf.py` a doc.
 */
export const DEFAULT_FILE_CLASSES: FileClassGlobs = {
  test: [
    '*.test.*',
    '*.spec.*',
    '*.cy.*',
    '*.e2e.*',
    'test_*.py',
    '*_test.py',
    '*_test.go',
    '*Test.java',
    '*Tests.java',
    '*Test.kt',
    '*_spec.rb',
    '**/__tests__/**',
    '**/__mocks__/**',
    'test/**',
    'tests/**',
    '**/test/**',
    '**/tests/**',
    '**/e2e/**',
    '**/cypress/**',
    '**/playwright/**',
    'conftest.py',
  ],
  doc: ['*.md', '*.mdx', '*.markdown', '*.rst', '*.adoc', '*.txt', 'docs/**', 'doc/**', '**/docs/**', 'LICENSE*', 'CHANGELOG*', 'AUTHORS*'],
  config: [
    '*.json',
    '*.jsonc',
    '*.yml',
    '*.yaml',
    '*.toml',
    '*.ini',
    '*.cfg',
    '*.conf',
    '*.lock',
    '.*rc',
    '.*rc.*',
    '.editorconfig',
    '.gitignore',
    '.gitattributes',
    '.npmignore',
    '.dockerignore',
    '.env*',
    'Dockerfile*',
    'Makefile',
    '*.config.*',
    'tsconfig*.json',
    '.github/**',
    '.vscode/**',
    '.devcontainer/**',
  ],
};

export type Classifier = (path: string) => FileClass;

export function makeClassifier(globs: FileClassGlobs = DEFAULT_FILE_CLASSES): Classifier {
  const isTest = globMatcher(globs.test);
  const isDoc = globMatcher(globs.doc);
  const isConfig = globMatcher(globs.config);
  return (path) => (isTest(path) ? 'test' : isDoc(path) ? 'doc' : isConfig(path) ? 'config' : 'source');
}

export const classifyPath: Classifier = makeClassifier();
