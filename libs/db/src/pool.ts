// The one way Folio code opens PostgreSQL connections: a pg.Pool configured from a connection URL.
import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  /** Most connections the pool opens (pg's default is 10). */
  max?: number;
  /** Shown in pg_stat_activity, so a connection can be traced to its service. */
  applicationName?: string;
  /**
   * Called when an idle connection fails (the server restarted, the network dropped). The pool discards
   * that connection and opens a new one on demand; without a listener pg would crash the process.
   */
  onIdleError?: (error: Error) => void;
}

export function createPool(databaseUrl: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    ...(options.applicationName === undefined ? {} : { application_name: options.applicationName }),
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  const onIdleError =
    options.onIdleError ?? ((error: Error) => process.emitWarning(`idle PostgreSQL connection failed: ${error.message}`));
  pool.on('error', onIdleError);
  return pool;
}
