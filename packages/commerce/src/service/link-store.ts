/**
 * Links between a Keeper customer and the same person's ids in each shop system. Found by email/phone
 * (`matchedBy: 'email' | 'phone'`) or set by an agent (`explicit`), which always wins.
 */
export type LinkMatch = 'explicit' | 'email' | 'phone';

export interface CustomerLink {
  customerId: string;
  system: string;
  externalId: string;
  matchedBy: LinkMatch;
  createdAt: string;
}

/** What commerce knows about a Keeper customer, captured from core events (conversation.opened...). */
export interface CustomerIdentity {
  customerId: string;
  email: string | null;
  phone: string | null;
  name: string | null;
}

export interface LinkStore {
  links(customerId: string): Promise<CustomerLink[]>;
  link(link: Omit<CustomerLink, 'createdAt'>): Promise<void>;
  unlink(customerId: string, system: string, externalId: string): Promise<boolean>;
  /** Keeper customers linked to a platform customer: who an incoming order webhook is about. */
  customersFor(system: string, externalId: string): Promise<string[]>;
  identity(customerId: string): Promise<CustomerIdentity | null>;
  saveIdentity(identity: CustomerIdentity): Promise<void>;
}

export class MemoryLinkStore implements LinkStore {
  private readonly byCustomer = new Map<string, CustomerLink[]>();
  private readonly identities = new Map<string, CustomerIdentity>();

  async links(customerId: string): Promise<CustomerLink[]> {
    return [...(this.byCustomer.get(customerId) ?? [])];
  }

  async link(link: Omit<CustomerLink, 'createdAt'>): Promise<void> {
    const list = this.byCustomer.get(link.customerId) ?? [];
    const existing = list.find((l) => l.system === link.system && l.externalId === link.externalId);
    if (existing) {
      // An explicit link is never downgraded by a later automatic match.
      if (link.matchedBy === 'explicit') existing.matchedBy = 'explicit';
    } else list.push({ ...link, createdAt: new Date().toISOString() });
    this.byCustomer.set(link.customerId, list);
  }

  async unlink(customerId: string, system: string, externalId: string): Promise<boolean> {
    const list = this.byCustomer.get(customerId) ?? [];
    const next = list.filter((l) => !(l.system === system && l.externalId === externalId));
    this.byCustomer.set(customerId, next);
    return next.length !== list.length;
  }

  async customersFor(system: string, externalId: string): Promise<string[]> {
    return [...this.byCustomer.values()].flat().filter((l) => l.system === system && l.externalId === externalId).map((l) => l.customerId);
  }

  async identity(customerId: string): Promise<CustomerIdentity | null> {
    return this.identities.get(customerId) ?? null;
  }

  async saveIdentity(identity: CustomerIdentity): Promise<void> {
    this.identities.set(identity.customerId, { ...identity });
  }
}

/** The part of the SDK's DatabaseHandle this store needs. */
export interface QueryHandle {
  readonly schema: string;
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

interface LinkRow {
  customer_id: string;
  system: string;
  external_id: string;
  matched_by: LinkMatch;
  created_at: Date | string;
}

/** PostgreSQL store over `ctx.db.query`, tables from prisma/migrations in schema `keeper_commerce`. */
export class SqlLinkStore implements LinkStore {
  private readonly links_: string;
  private readonly identities: string;

  constructor(private readonly db: QueryHandle) {
    const schema = `"${db.schema.replace(/"/g, '""')}"`;
    this.links_ = `${schema}."customer_link"`;
    this.identities = `${schema}."customer_identity"`;
  }

  async links(customerId: string): Promise<CustomerLink[]> {
    const rows = await this.db.query<LinkRow>(
      `SELECT customer_id, system, external_id, matched_by, created_at FROM ${this.links_} WHERE customer_id = $1 ORDER BY created_at, system, external_id`,
      [customerId],
    );
    return rows.map((r) => ({
      customerId: r.customer_id,
      system: r.system,
      externalId: r.external_id,
      matchedBy: r.matched_by,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  async link(link: Omit<CustomerLink, 'createdAt'>): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.links_} (customer_id, system, external_id, matched_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customer_id, system, external_id) DO UPDATE
       SET matched_by = CASE WHEN EXCLUDED.matched_by = 'explicit' THEN 'explicit' ELSE ${this.links_}.matched_by END`,
      [link.customerId, link.system, link.externalId, link.matchedBy],
    );
  }

  async unlink(customerId: string, system: string, externalId: string): Promise<boolean> {
    const rows = await this.db.query(
      `DELETE FROM ${this.links_} WHERE customer_id = $1 AND system = $2 AND external_id = $3 RETURNING customer_id`,
      [customerId, system, externalId],
    );
    return rows.length > 0;
  }

  async customersFor(system: string, externalId: string): Promise<string[]> {
    const rows = await this.db.query<{ customer_id: string }>(
      `SELECT customer_id FROM ${this.links_} WHERE system = $1 AND external_id = $2 ORDER BY customer_id`,
      [system, externalId],
    );
    return rows.map((r) => r.customer_id);
  }

  async identity(customerId: string): Promise<CustomerIdentity | null> {
    const rows = await this.db.query<{ customer_id: string; email: string | null; phone: string | null; name: string | null }>(
      `SELECT customer_id, email, phone, name FROM ${this.identities} WHERE customer_id = $1`,
      [customerId],
    );
    const row = rows[0];
    return row ? { customerId: row.customer_id, email: row.email, phone: row.phone, name: row.name } : null;
  }

  async saveIdentity(identity: CustomerIdentity): Promise<void> {
    // A later event without an email must not erase the one we learned earlier.
    await this.db.query(
      `INSERT INTO ${this.identities} (customer_id, email, phone, name, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (customer_id) DO UPDATE SET
         email = COALESCE(EXCLUDED.email, ${this.identities}.email),
         phone = COALESCE(EXCLUDED.phone, ${this.identities}.phone),
         name = COALESCE(EXCLUDED.name, ${this.identities}.name),
         updated_at = now()`,
      [identity.customerId, identity.email, identity.phone, identity.name],
    );
  }
}
