// A simulated hotel's decisions during a call: what the menu, the hold line, the front desk or the voicemail do
// in reply to what the caller said, played or pressed. Pure: time comes in as `at`, the hotel as an argument.
import type { HeardRequest, HotelEvent, Resume } from './events.js';
import type { HotelCommand } from './commands.js';
import type { HotelCallState } from './state.js';
import { menuFor, menuPrompt, type Answer, type Hotel, type IvrMenu, type IvrOption } from './persona.js';
import {
  collapseSpelling,
  findConfirmations,
  findDates,
  findEmail,
  findGuestName,
  isClosing,
  matchReservation,
  mentionsFolioRequest,
  spokenChoice,
} from './understanding.js';

/** Seconds a voicemail records before it cuts the caller off. */
export const VOICEMAIL_MAX_SECONDS = 120;
/** After this much silence on the line a person asks "are you still there?", and after as much again hangs up. */
export const SILENCE_PROMPT_SECONDS = 15;
/** A fax machine gives up on a caller that sends no fax tones. */
export const FAX_TIMEOUT_SECONDS = 30;

/** Seconds it takes to say `text` at `wordsPerMinute`. */
export function speakingSeconds(text: string, wordsPerMinute: number): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(0.5, (words / Math.max(1, wordsPerMinute)) * 60);
}

export function decide(command: HotelCommand, state: HotelCallState, hotel: Hotel): HotelEvent[] {
  if (state.phase.kind === 'ended') return [];
  switch (command.type) {
    case 'ConnectCall':
      return connect(command.at, command.callNumber, hotel);
    case 'HearCaller':
      return [...hearCaller(command.at, command.text, state, hotel), { type: 'CallerHeard', at: command.at, text: command.text }];
    case 'HearDigits':
      return [...hearDigits(command.at, command.digits, state, hotel), { type: 'CallerHeard', at: command.at, text: `[DTMF ${command.digits}]` }];
    case 'Listen':
      return listen(command.at, command.timeoutSeconds, state, hotel);
    default: {
      const never: never = command;
      return never;
    }
  }
}

function connect(at: number, callNumber: number, hotel: Hotel): HotelEvent[] {
  const { persona } = hotel;
  if (persona.connection.kind === 'voicemail') {
    return [{ type: 'CallConnected', at, mode: 'voicemail' }, { type: 'HotelWillSay', at, text: persona.voicemailGreeting }];
  }
  if (persona.connection.kind === 'fax') {
    return [{ type: 'CallConnected', at, mode: 'fax' }, { type: 'HotelHungUp', at: at + FAX_TIMEOUT_SECONDS, reason: 'fax' }];
  }
  if (persona.ivr) {
    const menu = menuFor(persona.ivr, callNumber);
    return [{ type: 'CallConnected', at, mode: 'ivr', menu }, { type: 'HotelWillSay', at: at + 0.5, text: menuPrompt(menu) }];
  }
  return [{ type: 'CallConnected', at, mode: 'person' }, ...pickUp(at, hotel)];
}

/** A person comes to the phone, maybe after a hold. */
function pickUp(at: number, hotel: Hotel): HotelEvent[] {
  const hold = hotel.persona.holdOnPickupSeconds;
  if (hold > 0) {
    return [
      { type: 'HotelWillSay', at, text: 'Please hold, all our agents are busy. Your call is important to us.' },
      { type: 'PutOnHold', at, until: at + hold, resume: { kind: 'greeting' } },
    ];
  }
  return [{ type: 'HotelWillSay', at: at + Math.max(0.5, hotel.persona.replyDelaySeconds), text: hotel.persona.greeting }];
}

function hearCaller(at: number, text: string, state: HotelCallState, hotel: Hotel): HotelEvent[] {
  const { phase } = state;
  switch (phase.kind) {
    case 'idle':
    case 'hold':
    case 'ended':
      return [];
    case 'voicemail':
      return [{ type: 'VoicemailMessageLeft', at, text }];
    case 'ivr': {
      const digit = spokenChoice(text, phase.menu.options);
      const option = phase.menu.options.find((o) => o.digit === digit);
      return option ? choose(at, option, hotel) : [];
    }
    case 'person':
      return frontDesk(at, text, phase.awaiting, hotel);
    default: {
      const never: never = phase;
      return never;
    }
  }
}

function hearDigits(at: number, digits: string, state: HotelCallState, hotel: Hotel): HotelEvent[] {
  if (state.phase.kind !== 'ivr') return [];
  // <Play digits> may carry pauses ("w") and several presses; the menu acts on the first digit it knows.
  const pressed = digits.replace(/[^0-9*#]/g, '');
  const option = state.phase.menu.options.find((o) => pressed.startsWith(o.digit));
  if (!option) {
    return [
      { type: 'IvrInvalidOption', at, digits: pressed },
      { type: 'HotelWillSay', at: at + 0.5, text: `Sorry, that is not a valid option. ${menuPrompt(state.phase.menu)}` },
    ];
  }
  return choose(at, option, hotel);
}

function choose(at: number, option: IvrOption, hotel: Hotel): HotelEvent[] {
  const target = option.then;
  switch (target.kind) {
    case 'menu':
      return [
        { type: 'IvrOptionChosen', at, digit: option.digit, label: option.label, next: 'menu', menu: target.menu },
        { type: 'HotelWillSay', at: at + 0.5, text: menuPrompt(target.menu) },
      ];
    case 'person':
      return [{ type: 'IvrOptionChosen', at, digit: option.digit, label: option.label, next: 'person' }, ...pickUp(at + 3, hotel)];
    case 'voicemail':
      return [
        { type: 'IvrOptionChosen', at, digit: option.digit, label: option.label, next: 'voicemail' },
        { type: 'HotelWillSay', at: at + 1, text: hotel.persona.voicemailGreeting },
      ];
    case 'hangup':
      return [
        { type: 'IvrOptionChosen', at, digit: option.digit, label: option.label, next: 'hangup' },
        { type: 'HotelWillSay', at: at + 0.5, text: 'Our offices are closed. Goodbye.' },
        { type: 'HotelHungUp', at: at + 3, reason: 'ivr-hangup' },
      ];
    default: {
      const never: never = target;
      return never;
    }
  }
}

function listen(at: number, timeoutSeconds: number, state: HotelCallState, hotel: Hotel): HotelEvent[] {
  const events: HotelEvent[] = [];
  let queue = state.queue;
  const { phase } = state;
  if (phase.kind === 'voicemail' && at - phase.since > VOICEMAIL_MAX_SECONDS) {
    return [{ type: 'HotelHungUp', at, reason: 'voicemail-full' }];
  }
  if (phase.kind === 'hold' && phase.until <= at + timeoutSeconds) {
    const back = resume(phase.until, phase.resume, hotel);
    events.push({ type: 'HoldEnded', at: phase.until }, ...back);
    queue = [...queue, ...back.flatMap((e) => (e.type === 'HotelWillSay' ? [{ at: e.at, text: e.text }] : []))];
  }
  if (phase.kind === 'ivr' && queue.length === 0) {
    // Nobody chose: the menu plays again, until it gives up.
    if (phase.noInputs + 1 >= (hotel.persona.ivr?.maxRepeats ?? 3)) {
      events.push({ type: 'IvrNoInput', at });
      if (hotel.persona.ivr?.onNoInput === 'person') {
        const transfer = pickUp(at + 1, hotel);
        events.push({ type: 'IvrOptionChosen', at, digit: '', label: 'operator', next: 'person' }, ...transfer);
        queue = transfer.flatMap((e) => (e.type === 'HotelWillSay' ? [{ at: e.at, text: e.text }] : []));
      } else {
        events.push({ type: 'HotelWillSay', at: at + 0.5, text: 'We did not receive a selection. Goodbye.' }, { type: 'HotelHungUp', at: at + 4, reason: 'ivr-no-input' });
        queue = [{ at: at + 0.5, text: 'We did not receive a selection. Goodbye.' }];
      }
    } else {
      const again = { at: at + 1, text: `${menuPrompt(phase.menu)}` };
      events.push({ type: 'IvrNoInput', at }, { type: 'HotelWillSay', ...again });
      queue = [again];
    }
  }
  if (phase.kind === 'person' && queue.length === 0) {
    const silent = at - state.callerActiveAt;
    if (silent >= SILENCE_PROMPT_SECONDS && state.silencePrompted) {
      events.push({ type: 'HotelWillSay', at, text: "I can't hear anyone. Goodbye." }, { type: 'HotelHungUp', at: at + 2, reason: 'silence' });
      queue = [{ at, text: "I can't hear anyone. Goodbye." }];
    } else if (silent >= SILENCE_PROMPT_SECONDS && !state.silencePrompted) {
      events.push({ type: 'SilenceNoticed', at }, { type: 'HotelWillSay', at: at + 1, text: 'Hello? Are you still there?' });
      queue = [{ at: at + 1, text: 'Hello? Are you still there?' }];
    }
  }
  const heard = queue.filter((u) => u.at <= at + timeoutSeconds);
  if (heard.length > 0) {
    const text = heard.map((u) => u.text).join(' ');
    const from = Math.max(at, heard[0]!.at);
    events.push({ type: 'HotelSpeechHeard', from, to: from + speakingSeconds(text, hotel.persona.wordsPerMinute), text, heardUntil: at + timeoutSeconds });
  }
  return events;
}

function resume(at: number, what: Resume, hotel: Hotel): HotelEvent[] {
  switch (what.kind) {
    case 'greeting':
      return [{ type: 'HotelWillSay', at, text: hotel.persona.greeting }];
    case 'answer':
      return answerRequest(at, what.request, what.answer, 'Thank you for holding. ');
    default: {
      const never: never = what;
      return never;
    }
  }
}

type Awaiting = Extract<HotelCallState['phase'], { kind: 'person' }>['awaiting'];

function frontDesk(at: number, text: string, awaiting: Awaiting, hotel: Hotel): HotelEvent[] {
  const { persona } = hotel;
  const replyAt = at + persona.replyDelaySeconds;
  if (awaiting.kind === 'email') {
    const email = findEmail(text);
    if (!email) return [{ type: 'CallerNotUnderstood', at, text }, { type: 'HotelWillSay', at: replyAt, text: 'Sorry, which email address was that?' }];
    return answerRequest(replyAt, { ...awaiting.request, email }, awaiting.answer);
  }
  if (awaiting.kind === 'spelling') {
    const spelled = findConfirmations(collapseSpelling(text))[0];
    if (!spelled) return [{ type: 'CallerNotUnderstood', at, text }, { type: 'HotelWillSay', at: replyAt, text: 'Sorry, could you spell the confirmation number again, letter by letter?' }];
    const request = { ...awaiting.request, confirmation: spelled };
    return respondTo(replyAt, request, matchReservation(`${request.guest} ${spelled}`, persona.reservations), hotel);
  }
  const asksForFolio = mentionsFolioRequest(text) || findConfirmations(text).length > 0;
  if (!asksForFolio) {
    if (isClosing(text)) {
      return [
        { type: 'HotelWillSay', at: replyAt, text: "You're welcome. Goodbye." },
        { type: 'HotelHungUp', at: replyAt + 2, reason: 'goodbye' },
      ];
    }
    return [{ type: 'CallerNotUnderstood', at, text }, { type: 'HotelWillSay', at: replyAt, text: 'Sorry, how can I help you?' }];
  }
  const reservation = matchReservation(text, persona.reservations);
  if (!reservation && !findGuestName(text) && findConfirmations(text).length === 0) {
    return [{ type: 'CallerNotUnderstood', at, text }, { type: 'HotelWillSay', at: replyAt, text: 'Of course. Which guest is it for, and what is the confirmation number?' }];
  }
  const dates = findDates(text);
  const request: HeardRequest = {
    guest: guestName(findGuestName(text), reservation?.guest),
    ...optional('confirmation', findConfirmations(text)[0] ?? reservation?.confirmation),
    ...optional('email', findEmail(text)),
    ...optional('checkIn', dates[0] ?? reservation?.checkIn),
    ...optional('checkOut', dates[1] ?? reservation?.checkOut),
    ...optional('nightlyRate', reservation?.nightlyRate),
  };
  if (persona.asksToSpell) {
    return [{ type: 'SpellingRequested', at, request }, { type: 'HotelWillSay', at: replyAt, text: 'Could you spell the confirmation number for me, please?' }];
  }
  return respondTo(replyAt, request, reservation, hotel);
}

function respondTo(at: number, request: HeardRequest, reservation: { answer: Answer } | undefined, hotel: Hotel): HotelEvent[] {
  const { persona } = hotel;
  const answer: Answer = reservation?.answer ?? (persona.knownGuestsOnly ? { kind: 'not-found' } : persona.answer);
  return answerRequest(at, request, answer);
}

function answerRequest(at: number, request: HeardRequest, answer: Answer, prefix = ''): HotelEvent[] {
  switch (answer.kind) {
    case 'agree':
    case 'send-later': {
      if (!request.email) {
        return [{ type: 'EmailRequested', at, request, answer }, { type: 'HotelWillSay', at, text: `${prefix}Sure. Which email address should I send it to?` }];
      }
      const text =
        answer.kind === 'agree'
          ? `${prefix}Yes, I found the reservation for ${request.guest}. I will email the folio to ${request.email} right away.`
          : `${prefix}I can't do it right now, but we will send it by ${answer.by}.`;
      const events: HotelEvent[] = [
        { type: 'HotelWillSay', at, text },
        { type: 'RequestAnswered', at, request, answer: answer.kind },
      ];
      if (answer.sends) events.push({ type: 'FolioPromised', at, request: { ...request, email: request.email }, sendAt: at + answer.sendAfterSeconds });
      return events;
    }
    case 'refuse-privacy':
      return [
        { type: 'HotelWillSay', at, text: `${prefix}I'm sorry, for privacy reasons we cannot share guest billing information over the phone.` },
        { type: 'RequestAnswered', at, request, answer: answer.kind },
      ];
    case 'not-found':
      return [
        { type: 'HotelWillSay', at, text: `${prefix}I'm sorry, I can't find a reservation under that name or confirmation number.` },
        { type: 'RequestAnswered', at, request, answer: answer.kind },
      ];
    case 'callback':
      return [
        { type: 'HotelWillSay', at, text: `${prefix}Our billing colleague is not in right now. Could you call back at ${answer.at}?` },
        { type: 'RequestAnswered', at, request, answer: answer.kind },
      ];
    case 'hold':
      return [
        { type: 'HotelWillSay', at, text: 'One moment please, let me check. Please hold.' },
        { type: 'PutOnHold', at, until: at + answer.seconds, resume: { kind: 'answer', request, answer: answer.then } },
      ];
    default: {
      const never: never = answer;
      return never;
    }
  }
}

/** The name as the caller said it when it is the reservation's guest ("Anna Smith" for "Smith"), else the booked name. */
function guestName(spoken: string | undefined, booked: string | undefined): string {
  if (!booked) return spoken ?? 'the guest';
  const last = booked.toLowerCase().split(/\s+/).pop()!;
  return spoken && spoken.toLowerCase().split(/\s+/).includes(last) ? spoken : booked;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export type { IvrMenu };
