// @folio/db: PostgreSQL pool and schema migrations.
export { createPool } from './pool.js';
export type { Pool, PoolClient, PoolOptions } from './pool.js';
export { migrate, describeDatabase, MIGRATIONS_DIR, MIGRATIONS_TABLE } from './migrate.js';
export type { MigrateOptions } from './migrate.js';
