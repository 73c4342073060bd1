// The read-model rows as the projector writes them (camelCase mirrors of the tables in
// libs/db/migrations/*_read-models.sql). Statuses are the lowercase names the api shows ('in_call').

export interface ReasonJson {
  code: string;
  message: string;
  field: string | null;
}

/** One row of `records`: the current state of one folio request. */
export interface RecordRow {
  recordId: string;
  tenantId: string;
  externalId: string;
  status: string;
  source: string;
  hotelPhone: string;
  hotelName: string | null;
  guestFirstName: string;
  guestLastName: string;
  confirmationNumber: string;
  /** ISO date (YYYY-MM-DD) in the hotel's calendar. */
  checkIn: string;
  checkOut: string;
  destinationEmail: string;
  batchId: string | null;
  lastCallId: string | null;
  attempts: number;
  callAttempts: number;
  emailAttempts: number;
  /** 'CALL' | 'EMAIL' of the last contact, null before the first one. */
  lastChannel: string | null;
  /** 'contact' when the hotel will be contacted (again) at nextActionAt; null when nothing is scheduled. */
  nextAction: string | null;
  nextActionAt: Date | null;
  lastReason: ReasonJson | null;
  /** The extracted folio (FolioDocument as JSON), once extracted. */
  folio: unknown;
  documentKey: string | null;
  createdAt: Date;
  receivedAt: Date;
  folioReceivedAt: Date | null;
  deliveredAt: Date | null;
  updatedAt: Date;
  version: number;
}

/** One row of `record_history`: an entry of a request's audit timeline. */
export interface HistoryRow {
  recordId: string;
  /** The request's version after the event. */
  seq: number;
  type: string;
  at: Date;
  status: string;
  reason: ReasonJson | null;
  details: Record<string, string>;
  correlationId: string | null;
  causationId: string | null;
}

/** One row of `batches`. */
export interface BatchRow {
  batchId: string;
  hotelPhone: string;
  status: string;
  channel: string;
  recordIds: string[];
  tenantIds: string[];
  estimatedDurationSeconds: number;
  hotelTimeZone: string | null;
  scheduledFor: Date | null;
  dispatchedAt: Date | null;
  callId: string | null;
  emailId: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** One row of `calls`. */
export interface CallRow {
  callId: string;
  batchId: string;
  hotelPhone: string;
  status: string;
  connectionType: string;
  providerCallId: string | null;
  recordIds: string[];
  ivrSteps: unknown[];
  turns: unknown[];
  outcomes: unknown[];
  placedAt: Date;
  connectedAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  recordingKey: string | null;
  updatedAt: Date;
  version: number;
}

/** One row of `hotels`. */
export interface HotelRow {
  hotelPhone: string;
  name: string | null;
  address: string | null;
  timeZone: string | null;
  email: string | null;
  contactPreference: string;
  leaveVoicemail: boolean;
  businessHours: unknown[];
  ivrPath: unknown[];
  answerStats: unknown[];
  updatedAt: Date;
  version: number;
}

/** One row of `record_erasures`: what is left of an erased request (no personal data). */
export interface ErasureRow {
  recordId: string;
  tenantId: string | null;
  erasedAt: Date;
}
