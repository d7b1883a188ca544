import { AppError } from './errors.ts';
import type { Actor } from './actor.ts';
import { staffRoles, type ApiScope, type StaffRole } from './roles.ts';

export { staffRoles, apiScopes, defaultApiScopes, type StaffRole, type ApiScope } from './roles.ts';

/** Everyone who works the console; drivers work their route in Telegram and have no console rights. */
const everyone: readonly StaffRole[] = staffRoles.filter((role) => role !== 'driver');
const managers: readonly StaffRole[] = ['manager', 'admin'];
const finance: readonly StaffRole[] = ['finance', 'admin'];

/** Who may do one thing: staff roles, API scopes (any one of them), and whether customers and jobs may. */
interface Rule {
  staff: readonly StaffRole[];
  scopes: readonly ApiScope[];
  /** Customers may, on what is theirs (the service scopes the query). */
  customer?: boolean;
  /** Scheduled and queued jobs may. @default true */
  system?: boolean;
}

/**
 * Every permission of the platform, in one table. Each service method that changes state names
 * its permission and calls `authorize`, so every front end (Slack, REST, chat, jobs) meets
 * the same rule.
 */
export const permissions = {
  'order.place': { staff: everyone, scopes: ['orders:write'], customer: true },
  'order.read': { staff: everyone, scopes: ['orders:read', 'orders:write'], customer: true },
  'order.cancel': { staff: everyone, scopes: ['orders:write'], customer: true },
  'order.approve': { staff: managers, scopes: ['orders:approve'] },
  'order.fulfil': { staff: everyone, scopes: ['fulfilment:write'] },
  'order.return': { staff: everyone, scopes: ['orders:write'], customer: true },
  'return.decide': { staff: managers, scopes: ['orders:write'] },
  'return.receive': { staff: everyone, scopes: ['orders:write', 'inventory:write'] },
  'catalog.write': { staff: managers, scopes: ['catalog:write'] },
  /** The chat's questions and answers. */
  'faq.write': { staff: managers, scopes: ['support:write'] },
  'stock.receive': { staff: everyone, scopes: ['inventory:write'] },
  'stock.count': { staff: everyone, scopes: ['inventory:write'] },
  'stock.adjust': { staff: managers, scopes: ['inventory:write'] },
  'stock.transfer': { staff: everyone, scopes: ['inventory:write'] },
  'warehouse.admin': { staff: managers, scopes: ['inventory:write'] },
  'purchase.create': { staff: managers, scopes: ['inventory:write'] },
  'purchase.receive': { staff: everyone, scopes: ['inventory:write'] },
  'fulfilment.pick': { staff: everyone, scopes: ['fulfilment:write'] },
  /** Confirm a picked item by typing its SKU instead of scanning its barcode (audited). */
  'fulfilment.override': { staff: ['supervisor', 'manager', 'admin'], scopes: [], system: false },
  /** Decide about units a picker could not find: backorder, ship without, or cancel the line with a refund. */
  'fulfilment.short_pick': { staff: ['supervisor', 'manager', 'admin'], scopes: ['fulfilment:write'] },
  'shipment.create': { staff: everyone, scopes: ['fulfilment:write'] },
  /** After a failed delivery: another attempt on a day the customer picks. */
  'delivery.reschedule': { staff: everyone, scopes: ['fulfilment:write', 'orders:write'], customer: true },
  'carrier.admin': { staff: ['admin'], scopes: ['carriers:admin'], system: false },
  /** Plan the own fleet's day, see its routes. */
  'fleet.dispatch': { staff: ['supervisor', 'manager', 'admin'], scopes: ['fulfilment:write'] },
  'ticket.open': { staff: everyone, scopes: ['support:write'], customer: true },
  'ticket.work': { staff: everyone, scopes: ['support:write'] },
  'feedback.give': { staff: [], scopes: [], customer: true },
  'report.read': { staff: everyone, scopes: ['reports:read'] },
  'lookup': { staff: everyone, scopes: ['orders:read', 'orders:write'] },
  'stock.read': { staff: everyone, scopes: ['inventory:write', 'reports:read'] },
  'staff.admin': { staff: ['admin'], scopes: ['admin'] },
  'payment.read': { staff: everyone, scopes: ['orders:read', 'orders:write', 'payments:write'], customer: true },
  /** Pay an order online (the customer, or staff sending the link on their behalf). */
  'payment.start': { staff: everyone, scopes: ['orders:write', 'payments:write'], customer: true },
  /** Money received or refunded by hand (bank transfer, cash handed over by a carrier, a refund paid). */
  'payment.record': { staff: finance, scopes: ['payments:write'] },
  /** Release an order on credit hold over the account's limit (an audited override). */
  'credit.release': { staff: ['credit', 'admin'], scopes: ['accounts:write'] },
  /** Company accounts, their members, limits and terms; price lists. */
  'account.admin': { staff: ['credit', 'manager', 'admin'], scopes: ['accounts:write'] },
  /** A member reads their own account (scoped by the service); staff and keys any. */
  'account.read': { staff: everyone, scopes: ['accounts:write', 'orders:read'], customer: true },
  /** Production orders: create, release, report output, close, cancel. */
  'production.manage': { staff: ['production', 'manager', 'admin'], scopes: ['inventory:write'] },
  /** Book a service (a customer for themselves; staff and keys for a customer they name), see, move and cancel bookings. */
  'booking.place': { staff: everyone, scopes: ['orders:write'], customer: true },
  /** The day's bookings at the desk: check-in, completion with what was used, no-shows, confirming bookings that wait for staff. */
  'booking.desk': { staff: ['front_desk', 'manager', 'admin'], scopes: ['orders:write'] },
  /** Bookable services, resources, their hours and time off. */
  'booking.admin': { staff: ['front_desk', 'manager', 'admin'], scopes: ['catalog:write'] },
  /** Run material planning and turn its suggestions into purchase and production orders. */
  'production.plan': { staff: ['production', 'manager', 'admin'], scopes: ['inventory:write'] },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof permissions;

/** True when `role` carries `permission` (the Slack console's first-line check uses the same table). */
export function roleAllows(role: StaffRole, permission: Permission): boolean {
  return (permissions[permission].staff as readonly StaffRole[]).includes(role);
}

/** The pure decision: may `actor` do `permission`? */
export function isAllowed(actor: Actor, permission: Permission): boolean {
  const rule: Rule = permissions[permission];
  switch (actor.type) {
    case 'system':
      return rule.system ?? true;
    case 'customer':
      return rule.customer === true && actor.id !== undefined;
    case 'staff':
      return actor.role !== undefined && rule.staff.includes(actor.role);
    case 'api_key':
      return (actor.scopes ?? []).some((scope) => scope === 'admin' || rule.scopes.includes(scope));
  }
}

/**
 * Throws `forbidden` unless `actor` may do `permission`. The message names what is missing: the
 * scopes for an API key, the roles for a staff member.
 */
export function authorize(actor: Actor, permission: Permission): void {
  if (isAllowed(actor, permission)) return;
  const rule: Rule = permissions[permission];
  if (actor.type === 'api_key') {
    throw new AppError('forbidden', `This API key lacks the scope ${rule.scopes.join(' or ')}`, { permission, requiredScopes: rule.scopes });
  }
  if (actor.type === 'staff') {
    throw new AppError('forbidden', `Only ${rule.staff.join(' or ')} staff may do this`, { permission, role: actor.role ?? null, requiredRoles: rule.staff });
  }
  throw new AppError('forbidden', `A ${actor.type} may not do this`, { permission });
}
