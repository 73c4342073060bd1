export { apiService, type ApiServiceOptions } from './service.js';
export { apiEnv } from './config.js';
export { openApiDocument } from './openapi.js';
export { createTenantKey, hashApiKey, newApiKey, SCOPES, type Scope } from './adapters/api-keys.js';
