// @folio/logger
export {};
