// @folio/hotel-sim: simulated hotels standing in for Twilio and ElevenLabs in dev and tests.
export { hotelSimService, type HotelSimOptions, type HotelSimHandle } from './service.js';
export { hotelSimEnv } from './config.js';
export { loadHotels, parseHotels, DEFAULT_PERSONAS_FILE } from './adapters/persona-file.js';
export { twilioSignature } from './adapters/twilio-signature.js';
export { textOfAudio, mp3WithText, wavWithText } from './adapters/audio.js';
export * from './domain/hotel/index.js';
export { parseTwiml, type Verb } from './domain/twiml/twiml.js';
