// Classifies what a hotel said (an ASR transcript) into one intent with a confidence, by weighted
// phrase rules over a normalised transcript. Deterministic and explainable: every score names the
// rules that produced it. Callback and commitment times are parsed by chrono-node on the hotel's
// wall clock; the reference instant and the zone come in as arguments.
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';

export const INTENTS = [
  'agreed',
  'will-send-later',
  'refused',
  'reservation-not-found',
  'callback',
  'hold',
  'transfer',
  'repeat',
  'voicemail',
  'unclear',
] as const;
export type Intent = (typeof INTENTS)[number];

export interface RuleMatch {
  readonly intent: Intent;
  readonly rule: string;
  readonly text: string;
  readonly weight: number;
  /** The phrase was negated ("we can not send"): its weight went to `intent` instead of the rule's own. */
  readonly negated?: boolean;
}

export interface Analysis {
  readonly intent: Intent;
  readonly confidence: number;
  /** Combined score of every intent (0..1); `unclear` is 1 - the best score. */
  readonly scores: Readonly<Record<Intent, number>>;
  readonly matches: readonly RuleMatch[];
  /** The normalised transcript the rules ran on. */
  readonly normalized: string;
  /** For callback and will-send-later: when, as an ISO instant with the hotel's offset, if a time was named. */
  readonly when?: string;
  /** The words the time was read from. */
  readonly whenText?: string;
}

export interface AnalyzeOptions {
  /** The moment the hotel spoke. */
  readonly now: Date;
  /** IANA zone of the hotel, e.g. America/New_York. */
  readonly timeZone: string;
  /** Below this the intent is `unclear`. */
  readonly minConfidence?: number;
}

export const DEFAULT_MIN_CONFIDENCE = 0.5;

/** Default wall-clock hours for a day named without a time. */
export const PART_OF_DAY_HOURS = { morning: 9, noon: 12, afternoon: 14, evening: 17, endOfDay: 17, dayOnly: 9 } as const;

interface Rule {
  readonly id: string;
  readonly intent: Exclude<Intent, 'unclear'>;
  readonly re: RegExp;
  readonly weight: number;
  /** Negation in the three words before the phrase moves its weight to this intent, or drops it ('drop'); unset: negation does not apply. */
  readonly negatedTo?: Exclude<Intent, 'unclear'> | 'drop';
}

const SEND = '(?:send|sent|sending|email|e mail|mail|forward|fax|shoot|go out|goes out)';
const DOC = '(?:it|that|this|them|the folio|folio|the invoice|invoice|the bill|bill|a copy|copy|the receipt|receipt|over|out|the statement|those)';
const DEFER =
  '(?:later|tomorrow|tonight|by end of (?:the )?day|end of (?:the )?day|eod|by close of business|close of business|this afternoon|this evening|this morning|in (?:about |around |roughly )?(?:an|a|\\d+|a few|a couple of?) (?:hour|hours|minutes|days)|by \\d|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|next week|(?:on |by |this |next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|when|once|after|as soon as|first thing|a day or two|within)';

// Weighted phrase rules. Order does not matter; scores combine as 1 - prod(1 - w).
const RULES: readonly Rule[] = [
  // agreed: yes and a send commitment without a deferral
  { id: 'agree.yes', intent: 'agreed', re: /\b(?:yes|yeah|yep|yup|sure|certainly|absolutely|of course|definitely|ok sure|okay sure)\b/g, weight: 0.55, negatedTo: 'drop' },
  { id: 'agree.ok', intent: 'agreed', re: /\b(?:ok|okay|alright|all right|fine|great|perfect)\b/g, weight: 0.35, negatedTo: 'drop' },
  { id: 'agree.noproblem', intent: 'agreed', re: /\bNOPROBLEM\b/g, weight: 0.6 },
  { id: 'agree.send', intent: 'agreed', re: new RegExp(`\\b(?:will|can|could|shall|would|going to|gonna|i ll|we ll|let me|happy to|glad to|able to|i will|we will|we can|i can)\\s+(?:\\w+\\s+){0,2}${SEND}\\b`, 'g'), weight: 0.8, negatedTo: 'refused' },
  { id: 'agree.sending', intent: 'agreed', re: new RegExp(`\\b(?:${SEND}ing|sending|emailing|forwarding)\\s+(?:it|that|this|them|the|you|over|now)?`, 'g'), weight: 0.7, negatedTo: 'refused' },
  { id: 'agree.send-doc', intent: 'agreed', re: new RegExp(`\\b${SEND}\\s+(?:you\\s+)?${DOC}\\b`, 'g'), weight: 0.6, negatedTo: 'refused' },
  { id: 'agree.send-get', intent: 'agreed', re: /\bget (?:it|that|this|them|those|a copy|the (?:folio|invoice|bill|receipt|copy|statement)) (?:out )?(?:to you|over|out|sent|emailed)\b/g, weight: 0.7, negatedTo: 'refused' },
  { id: 'agree.can-do', intent: 'agreed', re: /\b(?:can do|doable|consider it done|on its way|no issue|no trouble|do that|take care of (?:it|that)|will do|on it|right away|right now|straight away|i got it|got it)\b/g, weight: 0.55, negatedTo: 'refused' },
  { id: 'agree.what-email', intent: 'agreed', re: /\b(?:what|which) (?:is the )?(?:email|address)\b/g, weight: 0.35 },
  // will send later: a send commitment plus a deferral (the deferral alone is weak)
  { id: 'later.defer', intent: 'will-send-later', re: new RegExp(`\\b${DEFER}\\b`, 'g'), weight: 0.3 },
  { id: 'later.approval', intent: 'will-send-later', re: /\b(?:approve|approval|authoriz\w*|sign off|manager has to|needs to check first|back in the office|in the office|gets in|are in|they re in|comes in|come in)\b/g, weight: 0.35 },
  { id: 'later.wait', intent: 'will-send-later', re: /\b(?:give (?:us|me) (?:a|some) (?:day|days|time|while|couple)|it may take|it might take|will take (?:a|some))\b/g, weight: 0.4 },
  // refused
  { id: 'refuse.cannot-share', intent: 'refused', re: /\b(?:can not|could not|will not|are not able to|am not able to|unable to|not allowed to|not permitted to|not authorized to|do not|not able to)\s+(?:\w+\s+)?(?:share|give|provide|release|disclose|send|email|fax|do that|do this|help you with that|give out)\b/g, weight: 0.9 },
  { id: 'refuse.policy', intent: 'refused', re: /\b(?:privacy|policy|policies|confidential|confidentiality|gdpr|data protection|against our|not our practice|third part(?:y|ies)|personal information|guest information)\b/g, weight: 0.75 },
  { id: 'refuse.guest-only', intent: 'refused', re: /\b(?:guest (?:needs|has|have|must|should) to|guest (?:themselves|himself|herself)|only (?:to|with) the guest|only the guest|cardholder|card holder|guest has to request|must request it|request it themselves|written (?:request|authorization|consent)|signed (?:form|authorization))\b/g, weight: 0.75 },
  { id: 'refuse.no', intent: 'refused', re: /^(?:no|nope|no sorry|sorry no|no no)\b(?! problem| worries)/g, weight: 0.55 },
  { id: 'refuse.sorry-cant', intent: 'refused', re: /\b(?:sorry|unfortunately|i m afraid)\b.{0,30}\b(?:can not|can t|not able|unable|no)\b/g, weight: 0.4 },
  { id: 'refuse.not-going-to', intent: 'refused', re: /\bnot (?:going to|gonna) be able to\b|\bnot something (?:we|i) (?:can|could) do\b/g, weight: 0.85 },
  { id: 'refuse.wont', intent: 'refused', re: /\b(?:will not|won t|wo not) be (?:sending|able)\b/g, weight: 0.8 },
  // reservation not found
  { id: 'notfound.cannot-find', intent: 'reservation-not-found', re: /\b(?:can not|could not|do not|did not|unable to|not able to|can t|cannot)\s+(?:\w+\s+)?(?:find|locate|see|pull up|pull|find any|find a|find the|seem to find)\b/g, weight: 0.85 },
  { id: 'notfound.no-record', intent: 'reservation-not-found', re: /\b(?:no|not any|nothing|not a|there is no|there s no|have no|got no)\s+(?:\w+\s+)?(?:record|records|reservation|reservations|booking|bookings|guest|stay|match|result|results|one|anyone|anybody|nobody)\b/g, weight: 0.7 },
  { id: 'notfound.nobody', intent: 'reservation-not-found', re: /\b(?:nobody|no one|no guest|not anyone) (?:by|under|with|named|called)\b|\bnot (?:in|showing in|showing up in|on) (?:our|the) (?:system|records|books|list)\b|\b(?:does not|doesn t|did not|didn t) (?:come up|show up|show|exist|appear|match|ring a bell)\b|\bnot (?:showing|coming) up\b|\bnever stayed\b|\bno such\b|\bwrong hotel\b|\bnot this (?:hotel|property)\b|\bnot (?:a|one of our) (?:guest|guests|reservation)\b|\bnothing (?:under|in our|in the|for)\b|\bnot (?:finding|seeing) (?:it|anything|that|any)\b|\b(?:does not|doesn t|did not) look (?:like )?(?:one of )?(?:our|a valid|any of our)\b/g, weight: 0.8 },
  { id: 'notfound.dont-have', intent: 'reservation-not-found', re: /\b(?:do not|don t|did not) have (?:a |any |that |this |the )?(?:reservation|booking|guest|record|anyone|anybody|one|confirmation|name)\b/g, weight: 0.85 },
  { id: 'notfound.sure-hotel', intent: 'reservation-not-found', re: /\bare you sure (?:it s|it is|it was|that s|they|he|she)\b|\b(?:other|another|sister|different) (?:hotel|property|location)\b/g, weight: 0.45 },
  // callback
  { id: 'callback.call-back', intent: 'callback', re: /\b(?:call|calling|ring|phone|try|try calling|reach)\s+(?:us\s+|me\s+|them\s+|her\s+|him\s+|this number\s+)?(?:back|again|later|tomorrow|another time|in|after|around|at|on|next|monday|tuesday|wednesday|thursday|friday|saturday|sunday|this|first thing)\b/g, weight: 0.8 },
  { id: 'callback.give-call', intent: 'callback', re: /\b(?:give (?:us|me|them) a (?:call|ring)|call (?:us|me) (?:back|again|later|tomorrow|monday|tuesday|wednesday|thursday|friday)|callback|call-back|better time to call|call when|try back|try later|check back)\b/g, weight: 0.8 },
  { id: 'callback.call-when', intent: 'callback', re: /\bcall\b(?: \w+){0,4} (?:tomorrow|later|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|next week)\b/g, weight: 0.6 },
  { id: 'callback.person-out', intent: 'callback', re: /\b(?:is|are|s|re) (?:out|not in|not here|away|gone for the day|off today|off|on break|at lunch|not available|unavailable|in a meeting|busy right now|left for the day)\b|\bback (?:at|in|on|after|tomorrow|monday|tuesday|wednesday|thursday|friday)\b/g, weight: 0.45 },
  // hold
  { id: 'hold.hold', intent: 'hold', re: /\b(?:continue to hold|remain on hold|still on hold|keep holding|hold on|hold please|please hold|hang on|hold the line|can you hold|could you hold|will you hold|hold for|hold a|hold one|put you on hold|stay on the line|one moment|a moment|one second|a second|one sec|a sec|just a sec|just a minute|one minute|a minute|bear with me|give me a (?:sec|second|moment|minute)|wait a (?:sec|second|moment|minute)|just a moment|momentito|un momento)\b/g, weight: 0.7 },
  { id: 'hold.checking', intent: 'hold', re: /\b(?:let me (?:check|look|see|pull|find|search|get)|i ll (?:check|look|pull it up|see)|checking (?:now|that|on)|looking (?:it |that )?up|let me just|i m looking|pulling (?:it|that) up|searching)\b/g, weight: 0.65 },
  // transfer
  { id: 'transfer.transfer', intent: 'transfer', re: /\b(?:sen[dt] you (?:over )?to (?:our|the|my|a)|transfer|transferring|transferred|put (?:you )?through|putting you through|connect you|connecting you|put you over|patch you|send you over|forward your call|forwarding your call|get you (?:over )?(?:to )?(?:reservations|billing|accounting|the|our|my|someone|somebody)|get you over to|redirect you|switch you)\b/g, weight: 0.9 },
  { id: 'transfer.speak-to', intent: 'transfer', re: /\b(?:need to speak (?:to|with)|have to talk to|you want (?:accounting|billing|reservations)|let me get (?:the|our|my) (?:manager|supervisor|accountant|billing|accounting|night auditor|controller)|i will get (?:the|our|my|you the|you our) (?:manager|supervisor|accountant|night auditor|controller|billing|accounting))\b/g, weight: 0.6 },
  // repeat / spell
  { id: 'repeat.repeat', intent: 'repeat', re: /\b(?:repeat|say (?:that|it|again)|say that again|come again|spell|one more time|once more|didn t catch|did not catch|didn t get|did not get|didn t hear|did not hear|couldn t hear|could not hear|can t hear|can not hear|missed (?:that|the)|pardon|slower|slow down|what was (?:the|that|guest|name|his|her)|what s the (?:name|number|confirmation)|what was it again|again please|sorry what)\b/g, weight: 0.75 },
  // voicemail cues
  { id: 'vm.leave-message', intent: 'voicemail', re: /\b(?:leave (?:a|your|us a) (?:message|name|detailed message|voicemail)|leave your name|record your message|record a message|after the (?:tone|beep)|at the (?:tone|beep)|when you hear the (?:tone|beep)|voice ?mail|mailbox|mail box|voice mailbox)\b/g, weight: 0.9 },
  { id: 'vm.take-call', intent: 'voicemail', re: /\b(?:take|answer|get to) your call\b|\b(?:no one|nobody) is (?:available|here) to\b/g, weight: 0.85 },
  { id: 'vm.unavailable', intent: 'voicemail', re: /\b(?:can not (?:take|answer|come to) (?:your|the) (?:call|phone)|unable to (?:take|answer) your call|not available to take your call|is not available|are not available|away from (?:the|my|our) (?:phone|desk)|get back to you|return your call|you have reached|you ve reached|has been forwarded to an automated|the person you are calling|the number you (?:have )?(?:dialed|called)|please try your call again)\b/g, weight: 0.6 },
  { id: 'vm.greeting', intent: 'voicemail', re: /\b(?:thank you for calling|thanks for calling|our office hours are|our hours are|we are (?:currently )?closed|office is closed)\b/g, weight: 0.3 },
];

// Contractions and ASR spellings are folded so the rules see one spelling.
const REWRITES: ReadonlyArray<readonly [RegExp, string]> = [
  [/[’‘`]/g, "'"],
  [/\bcan ?not\b|\bcan't\b|\bcant\b/g, 'can not'],
  [/\bwon't\b|\bwont\b/g, 'will not'],
  [/\bshan't\b/g, 'shall not'],
  [/\b(\w+)n't\b/g, '$1 not'],
  [/\b(do|does|did|is|are|was|were|could|would|should|has|have|had)nt\b/g, '$1 not'],
  [/\b(i|we|you|they|he|she|it)'ll\b/g, '$1 will'],
  // "well" is a filler, unless ASR dropped the apostrophe of "we'll" before a verb
  [/\bwell (?=send|sent|email|e mail|mail|fax|forward|get|call|have|be|do|need|try|look|check|make|see|let|transfer|put|connect|shoot)/g, 'we will '],
  [/\b(i|you|they)ll\b/g, '$1 will'],
  [/\bi'm\b|\bim\b/g, 'i am'],
  [/\b(we|you|they)'re\b/g, '$1 are'],
  [/\b(we|you|they)re\b(?= (?:not|in|out|closed|unable|able|going|open))/g, '$1 are'],
  [/\b(i|we|you|they)'ve\b/g, '$1 have'],
  [/\b(i|we|you|they)'d\b/g, '$1 would'],
  [/\b(it|that|there|what|he|she|who)'s\b/g, '$1 is'],
  [/\bthats\b/g, 'that is'],
  [/\btheres\b/g, 'there is'],
  [/\bwhats\b/g, 'what is'],
  [/\bgonna\b/g, 'going to'],
  [/\bwanna\b/g, 'want to'],
  [/\bgotta\b/g, 'got to'],
  [/\blemme\b/g, 'let me'],
  [/\bgimme\b/g, 'give me'],
  [/\bk\b|\bokey\b|\bo\.?k\.?\b/g, 'ok'],
  // ASR homophones and splits of the words calls turn on
  [/\b(?:folly o|folie|foley|polio|photo|folio's|folios)\b/g, 'folio'],
  [/\bin voice\b/g, 'invoice'],
  [/\be-?mail\b/g, 'email'],
  [/\bsent it over\b/g, 'send it over'],
  [/\bwhole on\b|\bhold own\b|\bhole on\b/g, 'hold on'],
  [/\bwon moment\b|\bwon second\b/g, 'one moment'],
  [/\bright back\b/g, 'call back'],
  [/\bcall bak\b|\bcallback\b|\bcall-back\b/g, 'call back'],
  [/\bsure thing\b/g, 'sure'],
  [/\bshore\b/g, 'sure'],
  [/\bcol\b/g, 'call'],
  [/\bto morrow\b/g, 'tomorrow'],
  [/\b(an|a|\d+|one|two) our\b/g, '$1 hour'],
  [/\bwrite (now|away)\b/g, 'right $1'],
  [/\bno (?:problem|problems|prob|worries|worry)\b|\bnot a problem\b|\bit is not a problem\b/g, 'NOPROBLEM'],
  [/\bthere's\b/g, 'there is'],
  [/\b(\w+)'s\b/g, '$1 s'],
  [/'/g, ' '],
];

const FILLERS = /\b(?:um+|uh+|uhm+|erm+|er|ah+|hmm+|mm+|mhm|like|you know|i mean|well|so|actually|basically|honestly|just|okay so)\b/g;
const NUMBER_WORDS: Readonly<Record<string, string>> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', fifteen: '15', twenty: '20', thirty: '30', forty: '40', 'forty five': '45', 'forty-five': '45',
};
const NEGATORS = new Set(['not', 'never', 'no', 'unable', 'nobody', 'neither', 'nor']);

/** Lowercase, fold contractions and ASR spellings, drop fillers and punctuation. */
export function normalize(transcript: string): string {
  let t = ` ${transcript.toLowerCase()} `;
  for (const [re, to] of REWRITES) t = t.replace(re, to);
  t = t.replace(/[^a-zA-Z0-9:\s]|(?<![0-9]):|:(?![0-9])/g, ' ');
  t = t.replace(FILLERS, ' ');
  return t.replace(/\s+/g, ' ').trim();
}

function negatedAt(text: string, index: number): boolean {
  const before = text.slice(0, index).trim().split(' ').slice(-3);
  return before.some((w) => NEGATORS.has(w));
}

function combine(weights: readonly number[]): number {
  return 1 - weights.reduce((acc, w) => acc * (1 - w), 1);
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** Classify one utterance of the hotel. Pure: the same transcript, instant and zone give the same answer. */
export function analyzeUtterance(transcript: string, options: AnalyzeOptions): Analysis {
  const normalized = normalize(transcript);
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const matches: RuleMatch[] = [];
  for (const rule of RULES) {
    for (const m of normalized.matchAll(rule.re)) {
      const negated = rule.negatedTo !== undefined && negatedAt(normalized, m.index ?? 0);
      if (negated && rule.negatedTo === 'drop') continue;
      if (negated && rule.negatedTo !== undefined && rule.negatedTo !== 'drop') {
        matches.push({ intent: rule.negatedTo, rule: rule.id, text: m[0], weight: rule.weight, negated: true });
      } else {
        matches.push({ intent: rule.intent, rule: rule.id, text: m[0], weight: rule.weight });
      }
    }
  }

  const raw = Object.fromEntries(INTENTS.map((i) => [i, [] as number[]])) as Record<Intent, number[]>;
  for (const m of matches) raw[m.intent].push(m.weight);
  const scores = Object.fromEntries(INTENTS.map((i) => [i, combine(raw[i])])) as Record<Intent, number>;

  // Interactions between intents that phrases alone do not express.
  const sendCommitment = matches.some((m) => !m.negated && m.intent === 'agreed' && m.rule.startsWith('agree.send'));
  const deferral = scores['will-send-later'];
  if (sendCommitment && deferral > 0) {
    // "we will send it tomorrow": the commitment belongs to the later intent
    scores['will-send-later'] = combine([deferral, scores.agreed]);
    scores.agreed = round(scores.agreed * 0.5);
  } else if (!sendCommitment) {
    scores['will-send-later'] = Math.min(deferral, 0.45);
  }
  if (scores.callback > 0.5) {
    // "call back tomorrow": the deferral words are the callback's time, not a commitment
    if (!sendCommitment) scores['will-send-later'] = Math.min(scores['will-send-later'], 0.3);
    scores.agreed = Math.min(scores.agreed, 0.4);
  }
  if (scores.transfer >= 0.8) scores.agreed = Math.min(scores.agreed, 0.5);
  if (scores.transfer > 0.5) scores.hold = Math.min(scores.hold, scores.transfer - 0.1);
  if (scores['reservation-not-found'] >= 0.7) {
    scores.refused = Math.min(scores.refused, scores['reservation-not-found'] - 0.1);
    scores.hold = Math.min(scores.hold, 0.4);
  }
  if (scores.voicemail >= 0.6) {
    scores.callback = Math.min(scores.callback, 0.4);
    scores['will-send-later'] = Math.min(scores['will-send-later'], 0.3);
  }
  if (scores.refused >= 0.7) scores.agreed = Math.min(scores.agreed, 0.4);

  let best: Exclude<Intent, 'unclear'> | undefined;
  let bestScore = 0;
  let second = 0;
  for (const intent of INTENTS) {
    if (intent === 'unclear') continue;
    const s = scores[intent];
    if (s > bestScore) {
      second = bestScore;
      bestScore = s;
      best = intent;
    } else if (s > second) {
      second = s;
    }
  }
  // A near tie lowers confidence: the explanation has two readings.
  const confidence = round(Math.max(0, bestScore - Math.max(0, second - (bestScore - 0.15))));
  scores.unclear = round(1 - bestScore);
  for (const i of INTENTS) scores[i] = round(scores[i]);

  const intent: Intent = best === undefined || confidence < minConfidence ? 'unclear' : best;
  const result: Analysis = { intent, confidence: intent === 'unclear' ? round(1 - bestScore) : confidence, scores, matches, normalized };
  if (intent === 'callback' || intent === 'will-send-later') {
    const when = parseWhen(normalized, options.now, options.timeZone, intent);
    if (when) return { ...result, when: when.iso, whenText: when.text };
  }
  return result;
}

/**
 * Reads a time from the words ("in 2 hours", "tomorrow afternoon", "after 5 pm", "Monday morning",
 * "by end of day") on the hotel's wall clock. Days named without an hour take the part of day's
 * default (morning 09:00, afternoon 14:00, evening 17:00, day only 09:00); a bare hour from 1 to 7
 * is afternoon ("call back at 3" is 15:00). Returns undefined when no time was named.
 */
export function parseWhen(
  normalizedText: string,
  now: Date,
  timeZone: string,
  intent: 'callback' | 'will-send-later' = 'callback',
): { iso: string; text: string } | undefined {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  if (!local.isValid) return undefined;
  let text = normalizedText;
  for (const [word, digit] of Object.entries(NUMBER_WORDS)) text = text.replace(new RegExp(`\\b${word}\\b`, 'g'), digit);
  text = text.replace(/\b(?:an|a) half (?:an )?hour\b|\bhalf an hour\b/g, '30 minutes');
  text = text.replace(/\ba couple (?:of )?hours\b/g, '2 hours').replace(/\ba few hours\b/g, '3 hours');
  text = text.replace(/\b(\d{1,2}) ?(?:p m|pm|p\.m\.)\b/g, '$1 pm').replace(/\b(\d{1,2}) ?(?:a m|am|a\.m\.)\b/g, '$1 am');
  text = text.replace(/\b(\d{1,2}) (\d{2}) (am|pm)\b/g, '$1:$2 $3');
  text = text.replace(/\b(?:by|around|about|after|before|till|until) (\d{1,2}(?::\d{2})?)\b(?! (?:hour|hours|minute|minutes|day|days))/g, 'at $1');

  const at = (d: DateTime, text: string) => ({ iso: d.set({ second: 0, millisecond: 0 }).toISO({ suppressMilliseconds: true }) ?? '', text });
  const endOfDay = /\b(?:end of (?:the )?(?:day|business day)|eod|close of business|cob|before (?:we|they) close)\b/.exec(text);
  if (endOfDay) {
    let d = local.set({ hour: PART_OF_DAY_HOURS.endOfDay, minute: 0 });
    if (/\btomorrow\b/.test(text)) d = d.plus({ days: 1 });
    else if (d <= local) d = d.plus({ days: 1 });
    return at(d, endOfDay[0]);
  }
  if (/\blater today\b|\blater on today\b/.test(text) && intent === 'will-send-later') {
    const d = local.set({ hour: PART_OF_DAY_HOURS.endOfDay, minute: 0 });
    return at(d > local ? d : local.plus({ hours: 2 }), 'later today');
  }

  // chrono reads the words against a reference whose system-local fields are the hotel's wall clock.
  const ref = new Date(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  const results = chrono.parse(text, ref, { forwardDate: true });
  const r = results.find((x) => !/^(?:now|today)$/.test(x.text.trim()));
  if (!r) return undefined;
  const s = r.start;
  let hour = s.get('hour') ?? PART_OF_DAY_HOURS.dayOnly;
  let minute = s.get('minute') ?? 0;
  const relative = /\bin \d+|\bin (?:an|a) (?:hour|minute)/.test(r.text);
  if (!relative && !s.isCertain('hour')) {
    const words = `${r.text} ${text}`;
    hour = /\bmorning\b/.test(words)
      ? PART_OF_DAY_HOURS.morning
      : /\bafternoon\b/.test(words)
        ? PART_OF_DAY_HOURS.afternoon
        : /\b(?:evening|tonight)\b/.test(words)
          ? PART_OF_DAY_HOURS.evening
          : /\bnoon|midday|lunch\b/.test(words)
            ? PART_OF_DAY_HOURS.noon
            : s.isCertain('day') || s.isCertain('weekday')
              ? PART_OF_DAY_HOURS.dayOnly
              : hour;
    minute = 0;
  } else if (!relative && !s.isCertain('meridiem') && hour >= 1 && hour <= 7) {
    hour += 12; // front desks mean "at 3" as 15:00
  }
  const dayNamed = relative || s.isCertain('day') || s.isCertain('weekday');
  let d = DateTime.fromObject(
    dayNamed
      ? { year: s.get('year') ?? local.year, month: s.get('month') ?? local.month, day: s.get('day') ?? local.day, hour, minute }
      : { year: local.year, month: local.month, day: local.day, hour, minute },
    { zone: timeZone },
  );
  if (!d.isValid) return undefined;
  if (!dayNamed && d <= local) d = d.plus({ days: 1 });
  return at(d, r.text);
}
