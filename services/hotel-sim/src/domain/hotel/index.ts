// A simulated hotel's side of a phone call, as a decider: decide(command, state, hotel) => events; evolve.
export * from './persona.js';
export * from './events.js';
export * from './commands.js';
export * from './state.js';
export * from './understanding.js';
export { decide, speakingSeconds, VOICEMAIL_MAX_SECONDS } from './decide.js';
export { evolve } from './evolve.js';
export * from './asr-noise.js';
