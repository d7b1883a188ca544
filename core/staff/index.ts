export { ApiKey } from './api-key.entity.ts';
export { createApiKey, verifyApiKey, listApiKeys, revokeApiKey, hashApiKey } from './api-key.service.ts';
