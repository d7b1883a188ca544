/** Roles of people in the staff directory. */
/**
 * `supervisor` leads the warehouse floor (may confirm an item by its SKU when its barcode will not
 * scan); `finance` records money received and refunds paid (bank transfers, cash from carriers);
 * `credit` decides about orders held over an account's credit; `production` runs the shop floor
 * (releases production orders, reports output, closes them) and acts on the material plan;
 * `front_desk` runs the day's bookings (check-in, completion, no-shows) and books for customers;
 * `driver` delivers the own fleet's parcels (their route and its buttons come in Telegram).
 */
export const staffRoles = ['agent', 'supervisor', 'manager', 'finance', 'credit', 'production', 'front_desk', 'driver', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/**
 * What an API key may do. `admin` includes every other scope. A key gets the scopes chosen at
 * `api-key create --scope ...`; without `--scope` it gets `defaultApiScopes`.
 */
export const apiScopes = [
  'orders:read', 'orders:write', 'orders:approve', 'catalog:write', 'inventory:write', 'fulfilment:write',
  'support:write', 'payments:write', 'accounts:write', 'carriers:admin', 'reports:read', 'admin',
] as const;
export type ApiScope = (typeof apiScopes)[number];

/** Scopes of a key created without `--scope`: a shop's day-to-day integration, no administration. */
export const defaultApiScopes: readonly ApiScope[] = ['orders:read', 'orders:write', 'catalog:write', 'inventory:write', 'fulfilment:write', 'support:write', 'reports:read'];
