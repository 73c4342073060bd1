// @folio/testkit
export {};
