export { ApiKey } from './api-key.entity.ts';
export { hashApiKey, parseScopes, type ApiKeyView } from './api-key.service.ts';
export { StaffMember, staffRoles, type StaffRole } from './staff.entity.ts';
export { createStaffService, staffWithRoles, type StaffService, type StaffView, type StaffIdentity, type StaffInput } from './staff.service.ts';
