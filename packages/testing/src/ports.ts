/** Test and benchmark servers take ports from here: below the kernel's ephemeral range (32768+ on Linux). */
const FIRST_PORT = 20000;
const PORTS = 12000;

/**
 * Runs `start` on a random port below the ephemeral range, where the tests' and benchmarks' own thousands of
 * client sockets would collide with a listener; when it fails because the port is taken anyway (its error
 * mentions EADDRINUSE), tries another, at most `attempts` times.
 */
export async function onSparePort<T>(start: (port: number) => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(FIRST_PORT + Math.floor(Math.random() * PORTS));
    } catch (error) {
      if (attempt >= attempts || !(error instanceof Error && error.message.includes('EADDRINUSE'))) throw error;
    }
  }
}
