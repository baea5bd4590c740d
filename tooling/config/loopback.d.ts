/** Median µs per round trip of a 200-byte message between two processes over loopback TCP (5 runs of 5,000). */
export function loopbackCalibration(): Promise<{ microseconds: number; pinned: boolean }>;
/** `loopback: N µs per round trip ...`: the line the network benchmarks print after `calibration:`. */
export function loopbackLine(): Promise<string>;
/** Whether `taskset` can pin processes here (the benchmarks pin servers and load generators with it). */
export function hasTaskset(): boolean;
