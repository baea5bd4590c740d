export { parseArgs, type ParsedArgs } from './args.js';
export { doctor } from './doctor.js';
export { main } from './main.js';
export { start, type StartOptions } from './start.js';
