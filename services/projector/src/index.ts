// @folio/projector: the service definition and its pure projections (for tests and the rebuild).
export { projectorService } from './service.js';
export { projectorEnv } from './config.js';
export * from './projections/records.js';
export * from './projections/batches.js';
export * from './projections/calls.js';
export * from './projections/hotels.js';
export { PgReadModels, truncateReadModels, REBUILT_TABLES, type RecordOutcome } from './adapters/pg-read-models.js';
export { rebuildProjections, type RebuildOptions } from './rebuild.js';
