// @folio/config
export {};
