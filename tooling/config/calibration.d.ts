/** Median ms of a fixed single-threaded JSON workload (20,000 round trips of a message event, 5 runs). */
export function calibration(): number;
/** `calibration: N ms for ...`: the line every benchmark prints after its machine line. */
export function calibrationLine(): string;
