// @folio/runtime
export {};
