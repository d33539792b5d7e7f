// The part of unzip-stream (the zip reader @actions/artifact itself uses) that bounded-unzip.ts calls.
declare module 'unzip-stream' {
  import type { Readable, Writable } from 'node:stream';
  export interface Entry extends Readable {
    readonly path: string;
    readonly type: 'File' | 'Directory';
    autodrain(): void;
  }
  export function Parse(): Writable & NodeJS.EventEmitter;
  const unzip: { Parse: typeof Parse };
  export default unzip;
}
