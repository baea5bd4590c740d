/** An applied migration's file no longer matches what was applied: the database and the code disagree. */
export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
  constructor(
    readonly packageName: string,
    readonly migration: string,
    readonly file: string,
  ) {
    super(
      `Applied migration ${migration} of ${packageName} was edited after it was applied: ${file}. ` +
        'Restore the file and put the change in a new migration.',
    );
  }
}

/** A migration that was applied is gone from the package's migrations folder. */
export class MigrationMissingError extends Error {
  override readonly name = 'MigrationMissingError';
  constructor(
    readonly packageName: string,
    readonly migration: string,
    readonly migrationsDir: string,
  ) {
    super(
      `Applied migration ${migration} of ${packageName} is missing from ${migrationsDir}: ` +
        'this code is older than the database. Deploy the version that has it.',
    );
  }
}

/** A migration's SQL failed; its transaction was rolled back and nothing of it was recorded. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly packageName: string,
    readonly migration: string,
    readonly file: string,
    cause: unknown,
  ) {
    super(`Migration ${migration} of ${packageName} failed (${file}): ${(cause as Error)?.message ?? String(cause)}`, {
      cause,
    });
  }
}
