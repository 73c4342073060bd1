export { recordsService, RECORDS_READERS } from './service.js';
export * from './domain/folio-request/index.js';
export type { HotelDirectory } from './adapters/hotel-directory.js';
