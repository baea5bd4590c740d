import type { ServiceMap, ServiceRegistry } from '@keeper/sdk';
import { BootError } from '../errors.js';

/** Services plugins offer each other; a second provider of one name is a boot error naming both. */
export class KeeperServiceRegistry implements ServiceRegistry {
  private readonly services = new Map<string, { owner: string; service: unknown }>();

  forOwner(owner: string): ServiceRegistry {
    return {
      provide: (name, service) => this.register(owner, name, service),
      get: (name) => this.get(name),
      has: (name) => this.has(name),
    };
  }

  register<K extends keyof ServiceMap>(owner: string, name: K, service: ServiceMap[K]): void {
    const existing = this.services.get(name as string);
    if (existing) {
      throw new BootError('KEEPER_SERVICE_CLASH', `Service "${String(name)}" is provided by both "${existing.owner}" and "${owner}"`);
    }
    this.services.set(name as string, { owner, service });
  }

  provide<K extends keyof ServiceMap>(name: K, service: ServiceMap[K]): void {
    this.register('@keeper/core', name, service);
  }

  get<K extends keyof ServiceMap>(name: K): ServiceMap[K] {
    const entry = this.services.get(name as string);
    if (!entry) {
      throw new Error(`No plugin provides the service "${String(name)}": add the plugin that provides it to keeper.config.ts`);
    }
    return entry.service as ServiceMap[K];
  }

  has(name: keyof ServiceMap): boolean {
    return this.services.has(name as string);
  }
}
