// How long a call raising n requests is expected to last, and how a hotel's due requests divide into the
// part one call can raise within its budget and the part that goes by email.
import type { BatchEntry } from '@folio/contracts';

/** The original design's estimation model and limits; every number configurable. */
export interface BatchingRules {
  readonly setupSeconds: number;
  /** IVR time when the hotel has no learned one. */
  readonly ivrSeconds: number;
  readonly perRequestSeconds: number;
  readonly bufferPercent: number;
  /** A call estimated longer than this is split (540 s: the point where a call overflows to email). */
  readonly callBudgetSeconds: number;
  /** Hard limit of a call, passed to the caller (600 s). */
  readonly maxCallSeconds: number;
  readonly maxPerBatch: number;
  /** How long a new batch collects requests before it fires, so requests queued together go together. */
  readonly collectMs: number;
}

export const DEFAULT_RULES: BatchingRules = {
  setupSeconds: 5,
  ivrSeconds: 15,
  perRequestSeconds: 30,
  bufferPercent: 20,
  callBudgetSeconds: 540,
  maxCallSeconds: 600,
  maxPerBatch: 20,
  collectMs: 60_000,
};

/** Estimated seconds of a call raising `requests` requests: setup + IVR + 30 s each, plus the buffer. */
export function estimateCallSeconds(requests: number, rules: BatchingRules, ivrSeconds?: number | null): number {
  const raw = rules.setupSeconds + (ivrSeconds ?? rules.ivrSeconds) + rules.perRequestSeconds * requests;
  return Math.ceil((raw * (100 + rules.bufferPercent)) / 100);
}

/** The most requests one call raises within the budget and the per-batch maximum (0 if not even one fits). */
export function maxRequestsInCall(rules: BatchingRules, ivrSeconds?: number | null): number {
  let n = 0;
  while (n < rules.maxPerBatch && estimateCallSeconds(n + 1, rules, ivrSeconds) <= rules.callBudgetSeconds) n++;
  return n;
}

/** What a hotel wants and what is known about reaching it, at the time a batch fires. */
export interface HotelContact {
  readonly name: string | null;
  readonly email: string | null;
  readonly timeZone: string | null;
  readonly emailOnly: boolean;
  readonly ivrSeconds: number | null;
}

export interface ContactPlan {
  /** Raised by one call, oldest first (within the budget). */
  readonly call: readonly BatchEntry[];
  /** Raised by one email: the call's overflow, or everything for an email-only hotel. */
  readonly email: readonly BatchEntry[];
}

/**
 * Divides due requests (oldest first) into a call part within the budget and an email part of at most one
 * batch; whatever is left waits for the hotel's next batch. Requests that asked for email (their calls are
 * spent, or a reminder) go by email first. Without a known hotel email nothing goes by email: the rest waits
 * for the next call instead, requests that asked for email included.
 */
export function planContact(due: readonly BatchEntry[], hotel: HotelContact, rules: BatchingRules): ContactPlan {
  if (hotel.emailOnly && hotel.email) return { call: [], email: due.slice(0, rules.maxPerBatch) };
  const inCall = maxRequestsInCall(rules, hotel.ivrSeconds);
  if (!hotel.email) return { call: due.slice(0, inCall), email: [] };
  const byEmail = due.filter((e) => e.channel === 'EMAIL');
  const callable = due.filter((e) => e.channel !== 'EMAIL');
  const call = callable.slice(0, inCall);
  const email = [...byEmail, ...callable.slice(inCall)].sort(compareEntries).slice(0, rules.maxPerBatch);
  return { call, email };
}

/** Oldest first: by creation time (queue time when unknown), then by record id so the order is total. */
export function compareEntries(a: BatchEntry, b: BatchEntry): number {
  const ta = (a.createdAt ?? a.queuedAt).getTime();
  const tb = (b.createdAt ?? b.queuedAt).getTime();
  return ta !== tb ? ta - tb : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0;
}
