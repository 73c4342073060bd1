// The caller's pure conversation core. Adapters (Twilio, webhooks, speech, storage) build on these.
export * from './domain/voice-analyzer.js';
export * from './domain/ivr-navigator.js';
export * from './domain/prompts.js';
export * from './domain/conversation.js';
