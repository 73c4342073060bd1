// What the api reads from the projector's read models (@folio/read-models). The service takes an
// implementation; without one the read routes answer 501 (the read models are not deployed yet).
export interface RecordListFilter {
  readonly status?: string;
  readonly hotelPhone?: string;
  readonly createdFrom?: Date;
  readonly createdTo?: Date;
  readonly limit: number;
  /** Opaque keyset cursor from the previous page. */
  readonly after?: string;
}

export interface RecordReads {
  /** The tenant's request with its history, or null when it does not exist for that tenant. */
  getRecord(tenantId: string, recordId: string): Promise<Record<string, unknown> | null>;
  listRecords(tenantId: string, filter: RecordListFilter): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }>;
  recordStats(tenantId: string): Promise<Record<string, unknown>>;
}
