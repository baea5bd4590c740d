import type { DatabaseHandle, Logger } from '@keeper/sdk';
import { formatWordList, parseWordList } from '../dictionary/parse.js';
import type { DictionaryStore } from '../dictionary/store.js';
import type { WordEntry } from '../matcher/types.js';
import { parseNotice, type RedisPublisher, type RedisSubscriber } from './reload.js';

interface ListRow {
  name: string;
  content: string;
  version: number;
}

/**
 * Runtime list management: replace a list (compile, persist, swap, tell the other nodes) and apply
 * replacements other nodes announce. Per-list versions make a late or repeated notice harmless.
 */
export class ListService {
  private readonly versions = new Map<string, number>();
  private subscriber: RedisSubscriber | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly store: DictionaryStore,
    private readonly channel: string,
    private readonly nodeId: () => string,
    private readonly logger: () => Logger | undefined,
  ) {}

  db: DatabaseHandle | undefined;
  redis: RedisPublisher | undefined;

  private table(): string {
    const schema = this.db!.schema.replaceAll('"', '""');
    return `"${schema}"."word_list"`;
  }

  /** Loads lists an admin replaced earlier (they win over the configured ones of the same name): one compile for all. */
  async loadPersisted(): Promise<void> {
    await this.resync();
  }

  /**
   * Applies every stored list newer than this node's copy, with one compile; resolves to how many it applied.
   * At boot that is every stored list. Later it catches what a reload notice did not bring: one published while
   * this node's subscriber was reconnecting, or one its origin could not publish at all (the list is stored first).
   */
  async resync(): Promise<number> {
    if (!this.db) return 0;
    const stored = await this.db.query<{ name: string; version: number }>(`SELECT name, version FROM ${this.table()}`);
    const newer = stored.filter((row) => this.isNewer(row.name, row.version)).map((row) => row.name);
    if (newer.length === 0) return 0;
    const rows = await this.db.query<ListRow>(`SELECT name, content, version FROM ${this.table()} WHERE name = ANY($1) ORDER BY name`, [newer]);
    // Checked again in turn (applyNewer): a notice may have brought some of them meanwhile.
    return this.store.serially(() => this.applyNewer(rows));
  }

  private isNewer(name: string, version: number | string): boolean {
    return Number(version) > (this.versions.get(name) ?? 0);
  }

  /**
   * Inside `store.serially`: puts in use, with one compile, each of these lists that is newer than this node's
   * copy (versions compared now, in turn, so a late one never undoes a newer one); resolves to how many.
   */
  private async applyNewer(lists: readonly ListRow[]): Promise<number> {
    const newer = lists.filter((list) => this.isNewer(list.name, list.version));
    if (newer.length === 0) return 0;
    const next = new Map(this.store.current.lists);
    for (const list of newer) next.set(list.name, parseWordList(list.content, { list: list.name }));
    this.store.install(await this.store.compile(next, this.store.current.allow));
    for (const list of newer) this.versions.set(list.name, Number(list.version));
    return newer.length;
  }

  /**
   * Replaces one list everywhere and resolves to its new version. The new dictionary is compiled first (off
   * the event loop when big), then stored, then put in use, then announced: a list that does not compile is
   * neither stored nor announced, and a failed write leaves the node on the old one.
   */
  replace(name: string, entries: readonly WordEntry[], by: string | null): Promise<number> {
    const content = formatWordList(entries);
    return this.store.serially(async () => {
      const prepared = await this.store.compile(this.store.withList(name, entries), this.store.current.allow);
      let version = (this.versions.get(name) ?? 0) + 1;
      if (this.db) {
        const rows = await this.db.query<{ version: number }>(
          `INSERT INTO ${this.table()} (name, content, version, updated_by) VALUES ($1, $2, 1, $3)
           ON CONFLICT (name) DO UPDATE SET content = EXCLUDED.content, version = ${this.table()}.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
           RETURNING version`,
          [name, content, by],
        );
        version = Number(rows[0]?.version ?? version);
      }
      this.store.install(prepared);
      this.versions.set(name, version);
      if (this.redis) {
        try {
          await this.redis.publish(this.channel, JSON.stringify({ node: this.nodeId(), name, version, content }));
        } catch (error) {
          throw new Error(
            `list ${name} version ${version} is stored and in use on this node, but the other nodes were not told (they load it when they restart; replacing it again tells them): ${(error as Error).message}`,
            { cause: error },
          );
        }
      }
      return version;
    });
  }

  /**
   * Handles one message from the reload channel; resolves to whether it changed the dictionary. Notices are
   * applied in arrival order, each checked against the list's version when its turn comes, so a late notice
   * never undoes a newer one.
   */
  handleNotice(message: string): Promise<boolean> {
    const notice = parseNotice(message);
    if (!notice || notice.node === this.nodeId()) return Promise.resolve(false);
    return this.store.serially(async () => {
      try {
        if ((await this.applyNewer([notice])) === 0) return false;
        this.logger()?.info({ list: notice.name, version: notice.version, from: notice.node }, 'sensitive-word list reloaded');
        return true;
      } catch (error) {
        this.logger()?.error({ err: error, list: notice.name }, 'could not apply a sensitive-word list from another node');
        return false;
      }
    });
  }

  /**
   * Listens for reload notices. After the subscriber reconnects (notices published meanwhile are lost) and every
   * `resyncMs` (0: never) the stored lists are compared with this node's, when there is a database.
   */
  async subscribe(resyncMs = 0): Promise<void> {
    if (this.redis) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('message', (channel, message) => {
        if (channel === this.channel) void this.handleNotice(message);
      });
      let connected = false;
      this.subscriber.on('ready', () => {
        if (connected) this.resyncSoon('reconnected');
        connected = true;
      });
      await this.subscriber.subscribe(this.channel);
    }
    if (this.db && resyncMs > 0) {
      this.timer = setInterval(() => this.resyncSoon('periodic'), resyncMs);
      this.timer.unref();
    }
  }

  private resyncSoon(why: 'reconnected' | 'periodic'): void {
    this.resync().then(
      (applied) => {
        if (applied > 0) this.logger()?.info({ lists: applied, why }, 'sensitive-word lists resynchronised from the database');
      },
      (error: unknown) => this.logger()?.warn({ err: error, why }, 'could not compare sensitive-word lists with the database'),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.subscriber?.quit();
    this.subscriber = undefined;
    // A compile still running finishes first: no worker thread outlives the plugin.
    await this.store.idle();
  }

  status(): { version: number; lists: Array<{ name: string; words: number; version: number }>; allow: number } {
    const snap = this.store.current;
    return {
      version: snap.version,
      lists: [...snap.lists.entries()].map(([name, words]) => ({ name, words: words.length, version: this.versions.get(name) ?? 0 })),
      allow: snap.allow.length,
    };
  }
}
