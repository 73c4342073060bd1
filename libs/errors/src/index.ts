// @folio/errors
export {};
