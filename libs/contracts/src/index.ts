// @folio/contracts
export {};
