import { describe, it, expect } from '@jest/globals';
import type { Hotel, PlaceCall } from '@folio/contracts';
import { handleTurn } from './conversation.js';
import { applyTurn, connectionAnalysis, contractOutcome, endReason, learnFromCall, newLiveCall, preDialOutputs, type LiveCall } from './live-call.js';

const NOW = Date.parse('2026-11-25T15:00:00Z');

function command(n = 2, extra: Partial<PlaceCall> = {}): PlaceCall {
  return {
    callId: 'call-1',
    batchId: 'batch-1',
    hotelPhone: '+15550100001',
    hotelName: 'Grand Plaza',
    hotelTimeZone: 'America/New_York',
    entries: Array.from({ length: n }, (_, i) => ({
      recordId: `00000000-0000-4000-8000-00000000000${i}`,
      tenantId: `tenant-${i}`,
      sequence: i,
      guestFirstName: 'Guest',
      guestLastName: `Number${i}`,
      confirmationNumber: `CONF${i}`,
      stay: { checkIn: '2026-11-01', checkOut: '2026-11-03' },
      reference: `REF-${i}`,
      replyToAddress: 'folios@tenant.example',
      attempt: 1,
      queuedAt: new Date(NOW - 1000 * (n - i)),
      createdAt: new Date(NOW - 1000 * (n - i)),
      notBefore: null,
      recordVersion: 1, channel: null,
    })),
    ivrPath: [],
    maxDurationSeconds: 600,
    overflowAfterSeconds: 540,
    requestedAt: new Date(NOW),
    ...extra,
  };
}

const settings = { clientName: 'Acme', fallbackTimeZone: 'UTC' };

function connectedHuman(call: LiveCall) {
  const turn = handleTurn(call.conversation, { type: 'connected', analysis: 'human', elapsedSeconds: 2, now: new Date(NOW) });
  return applyTurn(call, turn, { now: NOW, connected: { analysis: 'human', secondsToConnect: 4 } });
}

describe('the live call', () => {
  it('starts from a PlaceCall: requests oldest first, tenants remembered, the learned path from the command or profile', () => {
    const hotel = { ivrPath: [{ menuText: 'for billing press 2', digits: '2' }], leaveVoicemail: false, timeZone: 'Europe/Paris' } as unknown as Hotel;
    const call = newLiveCall(command(3, { hotelTimeZone: null }), hotel, settings);
    expect(call.recordIds).toEqual(command(3).entries.map((e) => e.recordId));
    expect(call.tenants[call.recordIds[2]!]).toBe('tenant-2');
    expect(call.timeZone).toBe('Europe/Paris');
    expect(call.conversation.setup.voicemail).toBe('hang-up');
    expect(call.conversation.setup.ivr?.learnedPath).toEqual(['2']);
    expect(preDialOutputs(call, NOW).outputs).toEqual([]);
  });

  it('overflows requests beyond the per-call limit before dialling, each with its reason', () => {
    const call = newLiveCall(command(22), undefined, settings);
    const { outputs } = preDialOutputs(call, NOW);
    expect(outputs).toHaveLength(2);
    expect(outputs.every((o) => o.type === 'RecordCallOutcome' && o.outcome.outcome === 'OVERFLOWED_TO_EMAIL' && o.outcome.reason?.code === 'MAX_REQUESTS_PER_CALL')).toBe(true);
  });

  it('journals a connected turn: the connection, then Folio speaking about the oldest request', () => {
    const { call, outputs } = connectedHuman(newLiveCall(command(), undefined, settings));
    expect(outputs[0]).toEqual({ type: 'CallConnected', connectionType: 'HUMAN', secondsToConnect: 4, at: NOW });
    const spoken = outputs.filter((o) => o.type === 'ConversationTurn');
    expect(spoken.length).toBeGreaterThan(0);
    expect(spoken.map((o) => (o.type === 'ConversationTurn' ? o.turn.speaker : ''))).toEqual(spoken.map(() => 'FOLIO'));
    expect(call.turns.map((t) => t.turnIndex)).toEqual(spoken.map((_, i) => i));
    expect(call.connectionType).toBe('HUMAN');
    expect(call.version).toBe(1);
  });

  it("records the hotel's words with their intent and the outcome with its words", () => {
    const first = connectedHuman(newLiveCall(command(1), undefined, settings)).call;
    const turn = handleTurn(first.conversation, { type: 'speech', transcript: 'Sure, I will email it over right away.', elapsedSeconds: 20, now: new Date(NOW + 20_000) });
    const { call, outputs } = applyTurn(first, turn, { now: NOW + 20_000, heard: { text: 'Sure, I will email it over right away.', confidence: 0.9 } });
    const hotelTurn = call.turns.find((t) => t.speaker === 'HOTEL');
    expect(hotelTurn).toEqual(expect.objectContaining({ intent: 'AGREE', recordId: first.recordIds[0] }));
    const outcome = outputs.find((o) => o.type === 'RecordCallOutcome');
    expect(outcome).toEqual({ type: 'RecordCallOutcome', outcome: expect.objectContaining({ outcome: 'AGREED', tenantId: 'tenant-0', hotelWords: 'Sure, I will email it over right away.' }) });
  });

  it('announces the overflow once with the requests that go by email', () => {
    const first = connectedHuman(newLiveCall(command(3), undefined, settings)).call;
    const turn = handleTurn(first.conversation, { type: 'speech', transcript: 'Yes, we can send that.', elapsedSeconds: 545, now: new Date(NOW + 545_000) });
    const { call, outputs } = applyTurn(first, turn, { now: NOW + 545_000, heard: { text: 'Yes, we can send that.', confidence: 0.9 } });
    const exceeded = outputs.filter((o) => o.type === 'CallDurationExceeded');
    expect(exceeded).toEqual([{ type: 'CallDurationExceeded', elapsedSeconds: 545, remainingRecordIds: first.recordIds.slice(1), at: NOW + 545_000 }]);
    expect(call.outcomes.map((o) => o.outcome)).toEqual(['AGREED', 'OVERFLOWED_TO_EMAIL', 'OVERFLOWED_TO_EMAIL']);
  });
});

describe('contract outcomes', () => {
  const base = { recordId: 'r', elapsedSeconds: 1 };
  it('keep the detail retry policies need', () => {
    expect(contractOutcome({ ...base, outcome: 'voicemail-message-left' })).toEqual({ outcome: 'NOT_REACHED', reason: expect.objectContaining({ code: 'VOICEMAIL_MESSAGE_LEFT' }), callbackAt: null });
    expect(contractOutcome({ ...base, outcome: 'busy' }).reason?.code).toBe('BUSY');
    expect(contractOutcome({ ...base, outcome: 'ivr-navigation-failed', reason: 'MAX_FAILURES' })).toEqual({ outcome: 'ESCALATED', reason: expect.objectContaining({ code: 'IVR_NAVIGATION_FAILED' }), callbackAt: null });
    expect(contractOutcome({ ...base, outcome: 'overflow', reason: 'HOLD_TOO_LONG' }).reason?.code).toBe('HOLD_TOO_LONG');
    expect(contractOutcome({ ...base, outcome: 'unresolved', reason: 'NO_ANSWER' })).toEqual({ outcome: 'UNCLEAR', reason: expect.objectContaining({ code: 'NO_ANSWER' }), callbackAt: null });
  });

  it('carry the named time of a callback and of a promise, and say when it is "by end of day"', () => {
    const at = '2026-11-25T15:00:00.000-05:00';
    expect(contractOutcome({ ...base, outcome: 'callback', at, atText: 'at 3 pm' })).toEqual({ outcome: 'CALLBACK_REQUESTED', reason: expect.objectContaining({ code: 'CALLBACK_AT_NAMED_TIME' }), callbackAt: Date.parse(at) });
    expect(contractOutcome({ ...base, outcome: 'will-send-later', at, atText: 'by end of day' })).toEqual({ outcome: 'WILL_SEND', reason: expect.objectContaining({ code: 'BY_END_OF_DAY' }), callbackAt: Date.parse(at) });
    expect(contractOutcome({ ...base, outcome: 'will-send-later' })).toEqual({ outcome: 'WILL_SEND', reason: null, callbackAt: null });
  });
});

describe('connection analysis', () => {
  const now = new Date(NOW);
  it('trusts answering-machine detection for machines and fax', () => {
    expect(connectionAnalysis('machine_end_beep', undefined, 'UTC', now)).toBe('voicemail');
    expect(connectionAnalysis('fax', 'hello', 'UTC', now)).toBe('failed');
  });
  it('reads the first words when detection has not answered', () => {
    expect(connectionAnalysis(null, 'Thank you for calling. For reservations press 1, for the front desk press 2.', 'UTC', now)).toBe('ivr');
    expect(connectionAnalysis(null, 'You have reached the front desk. We are not available, please leave a message after the tone.', 'UTC', now)).toBe('voicemail');
    expect(connectionAnalysis(null, 'Good morning, Grand Plaza, front desk.', 'UTC', now)).toBe('human');
    expect(connectionAnalysis('unknown', '', 'UTC', now)).toBe('human');
  });
});

describe('the end of a call', () => {
  it("takes Twilio's final status for calls that never connected, the conversation's reason otherwise", () => {
    const call = newLiveCall(command(), undefined, settings);
    expect(endReason(call, 'busy')).toBe('BUSY');
    expect(endReason(call, 'no-answer')).toBe('NO_ANSWER');
    expect(endReason(call, 'canceled')).toBe('CANCELED');
    const voicemail = handleTurn(call.conversation, { type: 'connected', analysis: 'voicemail', elapsedSeconds: 3, now: new Date(NOW) });
    expect(endReason({ ...call, conversation: voicemail.state }, 'completed')).toBe('VOICEMAIL');
  });

  it('teaches the hotel profile the menu path and who answers at which local hour', () => {
    const call: LiveCall = { ...newLiveCall(command(), undefined, settings), connectionType: 'IVR', learned: { path: [{ menuText: 'for billing press 2', digits: '2' }], seconds: 14 } };
    const hotel = learnFromCall(call, undefined, NOW, NOW + 60_000)!;
    expect(hotel.ivrPath).toEqual([{ menuText: 'for billing press 2', digits: '2' }]);
    expect(hotel.ivrNavigationSeconds).toBe(14);
    // 15:00 UTC is 10:00 in New York.
    expect(hotel.answerStats).toEqual([{ hour: 10, attempts: 1, answeredByHuman: 1 }]);
    expect(hotel.version).toBe(1);
    const again = learnFromCall({ ...call, learned: undefined, connectionType: 'VOICEMAIL' } as LiveCall, hotel, NOW, NOW + 120_000)!;
    expect(again.answerStats).toEqual([{ hour: 10, attempts: 2, answeredByHuman: 1 }]);
    expect(again.ivrPath).toEqual(hotel.ivrPath);
    expect(again.version).toBe(2);
  });
});
