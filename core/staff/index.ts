export { ApiKey } from './api-key.entity.ts';
export { createApiKey, verifyApiKey, listApiKeys, revokeApiKey, hashApiKey } from './api-key.service.ts';
export { StaffMember, staffRoles, type StaffRole } from './staff.entity.ts';
export {
  staffPermissions, roleAllows, addStaff, removeStaff, listStaff, findStaff, staffWithRoles, staffName, managerTelegramChats,
  type StaffPermission, type StaffView,
} from './staff.service.ts';
