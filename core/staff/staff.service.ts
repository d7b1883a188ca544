import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { StaffMember, staffRoles, type StaffRole } from './staff.entity.ts';

/** What staff may do in the console, and which roles may do it. The one place rights are decided. */
export const staffPermissions = {
  'order.approve': ['manager', 'admin'],
  'purchase.create': ['manager', 'admin'],
  'stock.count': ['agent', 'manager', 'admin'],
  'stock.adjust': ['manager', 'admin'],
  'order.create': ['agent', 'manager', 'admin'],
  'ticket.work': ['agent', 'manager', 'admin'],
  'lookup': ['agent', 'manager', 'admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type StaffPermission = keyof typeof staffPermissions;

export interface StaffView {
  slackUserId: string;
  name: string;
  role: StaffRole;
  active: boolean;
}

/** True when `role` carries `permission`. */
export function roleAllows(role: StaffRole, permission: StaffPermission): boolean {
  return (staffPermissions[permission] as readonly StaffRole[]).includes(role);
}

/** Adds a staff member, or updates name and role (and reactivates) when the Slack id is known. */
export async function addStaff(em: EntityManager, input: { slackUserId: string; name: string; role: string; telegramChatId?: string | undefined }): Promise<StaffView> {
  if (!/^[UW][A-Z0-9]{2,31}$/.test(input.slackUserId)) throw new AppError('invalid_input', 'A Slack user id looks like U012ABCDEF', { slackUserId: input.slackUserId });
  if (!input.name.trim()) throw new AppError('invalid_input', 'A name is needed');
  if (!staffRoles.includes(input.role as StaffRole)) throw new AppError('invalid_input', `role must be one of ${staffRoles.join(', ')}`, { role: input.role });
  const existing = await em.findOne(StaffMember, { slackUserId: input.slackUserId });
  const member = existing ?? em.create(StaffMember, { slackUserId: input.slackUserId, name: input.name.trim(), role: input.role as StaffRole });
  if (input.telegramChatId !== undefined && !/^-?\d{1,20}$/.test(input.telegramChatId)) throw new AppError('invalid_input', 'A Telegram chat id is a number', { telegramChatId: input.telegramChatId });
  em.assign(member, { name: input.name.trim(), role: input.role as StaffRole, active: true, ...(input.telegramChatId !== undefined && { telegramChatId: input.telegramChatId }) });
  await em.flush();
  return toStaffView(member);
}

/** Deactivates a staff member (their past decisions keep their name). Returns false when unknown. */
export async function removeStaff(em: EntityManager, slackUserId: string): Promise<boolean> {
  return (await em.nativeUpdate(StaffMember, { slackUserId, active: true }, { active: false })) > 0;
}

export async function listStaff(em: EntityManager): Promise<StaffView[]> {
  return (await em.find(StaffMember, {}, { orderBy: { name: 'asc' } })).map(toStaffView);
}

/** The active staff member with this Slack id, or null (a stranger). */
export async function findStaff(em: EntityManager, slackUserId: string): Promise<StaffView | null> {
  const member = await em.findOne(StaffMember, { slackUserId, active: true });
  return member ? toStaffView(member) : null;
}

/** Active staff with one of `roles` (e.g. the managers to remind). */
export async function staffWithRoles(em: EntityManager, roles: StaffRole[]): Promise<StaffView[]> {
  return (await em.find(StaffMember, { role: { $in: roles }, active: true }, { orderBy: { id: 'asc' } })).map(toStaffView);
}

/** Telegram chats of active managers and admins who linked one (for the daily digest). */
export async function managerTelegramChats(em: EntityManager): Promise<string[]> {
  const managers = await em.find(StaffMember, { role: { $in: ['manager', 'admin'] }, active: true, telegramChatId: { $ne: null } }, { orderBy: { id: 'asc' } });
  return managers.map((manager) => manager.telegramChatId!);
}

/** Name of the person behind a Slack id, active or not (for "approved by ..."). */
export async function staffName(em: EntityManager, slackUserId: string): Promise<string> {
  return (await em.findOne(StaffMember, { slackUserId }))?.name ?? slackUserId;
}

function toStaffView(member: StaffMember): StaffView {
  return { slackUserId: member.slackUserId, name: member.name, role: member.role, active: member.active };
}
