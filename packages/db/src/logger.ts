import type { DbLogger } from './types.js';

const noop = (): void => {};

/** Used when the caller passes no logger: this package never writes to stdout on its own. */
export const silentLogger: DbLogger = { debug: noop, info: noop, warn: noop, error: noop };
