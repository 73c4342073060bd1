// The caller: the pure conversation core (src/domain) and the service around it.
export * from './domain/voice-analyzer.js';
export * from './domain/ivr-navigator.js';
export * from './domain/prompts.js';
export * from './domain/conversation.js';
export * from './domain/live-call.js';
export { callerService, type CallerOptions, type CallerHandle } from './service.js';
export { callerEnv } from './config.js';
