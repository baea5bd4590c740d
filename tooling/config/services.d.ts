/** Resolves true when every named service is there (always true under CI). */
export function servicesAvailable(...names: Array<'postgres' | 'redis' | 'redis-server'>): Promise<boolean>;
