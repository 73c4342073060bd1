// @folio/read-models: the PostgreSQL read models (written by the projector, read by the api).
export * from './rows.js';
export * from './cursor.js';
export * from './queries.js';
export * from './inbox.js';
