/** Prisma-style folder names: lower-case words joined by `_`. */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new Error(`Migration name "${name}" has no letters or digits`);
  return slug.slice(0, 200);
}

/** `YYYYMMDDHHMMSS` (UTC), moved past the newest existing migration so the new one always sorts last. */
export function nextTimestamp(now: Date, lastMigration?: string): string {
  const stamp = (date: Date) => date.toISOString().replace(/[-:TZ]/g, '').slice(0, 14);
  let candidate = stamp(now);
  const lastStamp = lastMigration?.match(/^(\d{14})/)?.[1];
  if (lastStamp && candidate <= lastStamp) {
    const parsed = new Date(
      `${lastStamp.slice(0, 4)}-${lastStamp.slice(4, 6)}-${lastStamp.slice(6, 8)}T${lastStamp.slice(8, 10)}:${lastStamp.slice(10, 12)}:${lastStamp.slice(12, 14)}Z`,
    );
    candidate = stamp(new Date(parsed.getTime() + 1000));
  }
  return candidate;
}
