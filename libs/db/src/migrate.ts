// Brings a database's schema up to date with the SQL migrations in libs/db/migrations, through node-pg-migrate.
// Safe to call on every start and from several processes at once: they queue on an advisory lock.
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

/** The folder of timestamp-prefixed migration files; resolved from this module so any cwd works. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** The table in which node-pg-migrate records the migrations it has run. */
export const MIGRATIONS_TABLE = 'pgmigrations';

export interface MigrateOptions {
  /** Receives node-pg-migrate's progress lines; silent when omitted. */
  log?: (message: string) => void;
}

/**
 * Applies every pending migration to the database at `databaseUrl`, all in one transaction, and returns
 * the names of those it applied (an empty list when the schema was already current).
 */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<string[]> {
  try {
    const applied = await runner({
      databaseUrl,
      dir: MIGRATIONS_DIR,
      migrationsTable: MIGRATIONS_TABLE,
      direction: 'up',
      checkOrder: true,
      singleTransaction: true,
      // Replicas starting together wait for the first one instead of failing.
      advisoryLockMode: 'wait',
      log: options.log ?? (() => undefined),
    });
    return applied.map((migration) => migration.name);
  } catch (error) {
    throw new Error(`migrating ${describeDatabase(databaseUrl)} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** host:port/database of a connection URL, without credentials, for messages. */
export function describeDatabase(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.host}${url.pathname}`;
  } catch {
    return 'the database (unparseable URL)';
  }
}
