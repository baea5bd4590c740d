import type { CommerceAdapter } from '../adapter.js';

/**
 * The installed adapters, keyed by system name. Adapter plugins register in `setup`; the commerce
 * plugin and other plugins (bots, analytics) read it through `ctx.services.get('commerce')`.
 */
export class AdapterRegistry {
  private readonly adapters = new Map<string, CommerceAdapter>();

  register(adapter: CommerceAdapter): void {
    if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(adapter.system)) {
      throw new Error(`commerce: invalid system name "${adapter.system}" (lowercase letters, digits, - and _)`);
    }
    if (this.adapters.has(adapter.system)) {
      throw new Error(`commerce: two adapters are named "${adapter.system}"; give one a different \`system\` option`);
    }
    this.adapters.set(adapter.system, adapter);
  }

  unregister(system: string): boolean {
    return this.adapters.delete(system);
  }

  get(system: string): CommerceAdapter | undefined {
    return this.adapters.get(system);
  }

  list(): CommerceAdapter[] {
    return [...this.adapters.values()];
  }
}
