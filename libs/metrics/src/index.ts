// @folio/metrics
export {};
