import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import { authorize, type ApiScope } from '../shared/authorization.ts';
import type { Actor } from '../shared/actor.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import type { Locale } from '../customers/index.ts';
import { StaffMember, staffRoles, type StaffRole } from './staff.entity.ts';
import { AccountMember } from '../customers/account.entity.ts';
import { authenticateApiKey, createApiKey, hashApiKey, listApiKeys, revokeApiKey, type ApiKeyView } from './api-key.service.ts';

export interface StaffView {
  slackUserId: string;
  name: string;
  role: StaffRole;
  active: boolean;
  /** Their language, when they chose one (`/lang`); else the shop's DEFAULT_LOCALE. */
  locale: Locale | null;
}

/** A staff member who may act, with the actor core checks their rights on. */
export interface StaffIdentity extends StaffView {
  actor: Actor;
}

/** The staff directory and the API keys: who may act on the platform, and as what. */
export interface StaffService {
  /** The active staff member behind a Slack user, with their role; null for a stranger. */
  identify(slackUserId: string): Promise<StaffIdentity | null>;
  /** The actor of an active API key (with its scopes), or null for an unknown or revoked one. */
  authenticateApiKey(plain: string): Promise<Actor | null>;
  /** Adds a member, or changes name and role (and reactivates) when the Slack id is known. */
  addStaff(input: StaffInput, actor: Actor): Promise<StaffView>;
  /** Deactivates a member (their past decisions keep their name); false when unknown. */
  removeStaff(slackUserId: string, actor: Actor): Promise<boolean>;
  listStaff(): Promise<StaffView[]>;
  /** Active staff with one of `roles` (the managers to remind, say). */
  staffWithRoles(roles: StaffRole[]): Promise<StaffView[]>;
  /** Name behind a Slack id, active or not ("approved by ..."); the id itself when unknown. */
  staffName(slackUserId: string): Promise<string>;
  /** A member chooses the language of what they see (any active member, for themselves). */
  setLocale(slackUserId: string, locale: Locale): Promise<StaffView>;
  /** Telegram chats of active managers and admins who linked one (the daily digest). */
  managerTelegramChats(): Promise<string[]>;
  createApiKey(name: string, scopes: readonly ApiScope[], actor: Actor): Promise<{ id: number; name: string; scopes: ApiScope[]; plain: string }>;
  /** A key for one member of a company account: it acts as that buyer (their account's prices, their orders), no scopes. */
  createMemberKey(account: string, memberId: number, name: string, actor: Actor): Promise<{ id: number; name: string; plain: string }>;
  listApiKeys(actor: Actor): Promise<ApiKeyView[]>;
  revokeApiKey(id: number, actor: Actor): Promise<boolean>;
}

export interface StaffInput {
  slackUserId: string;
  name: string;
  role: string;
  telegramChatId?: string | undefined;
}

function toStaffView(member: StaffMember): StaffView {
  return { slackUserId: member.slackUserId, name: member.name, role: member.role, active: member.active, locale: member.locale ?? null };
}

async function addStaff(em: EntityManager, input: StaffInput): Promise<StaffView> {
  if (!/^[UW][A-Z0-9]{2,31}$/.test(input.slackUserId)) throw new AppError('invalid_input', 'A Slack user id looks like U012ABCDEF', { slackUserId: input.slackUserId });
  if (!input.name.trim()) throw new AppError('invalid_input', 'A name is needed');
  if (!staffRoles.includes(input.role as StaffRole)) throw new AppError('invalid_input', `role must be one of ${staffRoles.join(', ')}`, { role: input.role });
  if (input.telegramChatId !== undefined && !/^-?\d{1,20}$/.test(input.telegramChatId)) throw new AppError('invalid_input', 'A Telegram chat id is a number', { telegramChatId: input.telegramChatId });
  const existing = await em.findOne(StaffMember, { slackUserId: input.slackUserId });
  const member = existing ?? em.create(StaffMember, { slackUserId: input.slackUserId, name: input.name.trim(), role: input.role as StaffRole });
  em.assign(member, { name: input.name.trim(), role: input.role as StaffRole, active: true, ...(input.telegramChatId !== undefined && { telegramChatId: input.telegramChatId }) });
  await em.flush();
  return toStaffView(member);
}

/** Active staff with one of `roles`, oldest first (also used by notification planning). */
export async function staffWithRoles(em: EntityManager, roles: StaffRole[]): Promise<StaffView[]> {
  return (await em.find(StaffMember, { role: { $in: roles }, active: true }, { orderBy: { id: 'asc' } })).map(toStaffView);
}

/** How long a verified API key is trusted without asking the database again. */
const apiKeyCacheMs = 30_000;

export function createStaffService({ uow, clock }: ServiceContext): StaffService {
  // Keys by their hash, so a request's authentication costs no round trip. A key revoked here
  // is dropped at once; one revoked by another process is refused by order intake's own read
  // at once and everywhere else within `apiKeyCacheMs`.
  const apiKeys = new Map<string, { actor: Actor; until: number }>();
  return {
    identify: (slackUserId) => uow.read(async (em) => {
      const member = await em.findOne(StaffMember, { slackUserId, active: true });
      return member ? { ...toStaffView(member), actor: { type: 'staff', id: member.slackUserId, role: member.role } } : null;
    }),
    authenticateApiKey: async (plain) => {
      const hash = hashApiKey(plain);
      const cached = apiKeys.get(hash);
      const now = clock.now();
      if (cached && cached.until > now.getTime()) return cached.actor;
      const actor = await uow.read((em) => authenticateApiKey(em, plain, now));
      if (actor) apiKeys.set(hash, { actor, until: now.getTime() + apiKeyCacheMs });
      else apiKeys.delete(hash);
      return actor;
    },
    addStaff: async (input, actor) => {
      authorize(actor, 'staff.admin');
      return uow.write((tx) => addStaff(tx, input));
    },
    removeStaff: async (slackUserId, actor) => {
      authorize(actor, 'staff.admin');
      return uow.write(async (tx) => (await tx.nativeUpdate(StaffMember, { slackUserId, active: true }, { active: false })) > 0);
    },
    listStaff: () => uow.read(async (em) => (await em.find(StaffMember, {}, { orderBy: { name: 'asc' } })).map(toStaffView)),
    staffWithRoles: (roles) => uow.read((em) => staffWithRoles(em, roles)),
    setLocale: (slackUserId, locale) => uow.write(async (tx) => {
      const member = await tx.findOne(StaffMember, { slackUserId, active: true });
      if (!member) throw new AppError('not_found', `No staff member ${slackUserId}`, { slackUserId });
      member.locale = locale;
      await tx.flush();
      return toStaffView(member);
    }),
    staffName: (slackUserId) => uow.read(async (em) => (await em.findOne(StaffMember, { slackUserId }))?.name ?? slackUserId),
    managerTelegramChats: () => uow.read(async (em) => {
      const managers = await em.find(StaffMember, { role: { $in: ['manager', 'admin'] }, active: true, telegramChatId: { $ne: null } }, { orderBy: { id: 'asc' } });
      return managers.map((manager) => manager.telegramChatId!);
    }),
    createApiKey: async (name, scopes, actor) => {
      authorize(actor, 'staff.admin');
      if (!name.trim()) throw new AppError('invalid_input', 'An API key needs a name');
      return uow.write((tx) => createApiKey(tx, name.trim(), scopes));
    },
    createMemberKey: async (account, memberId, name, actor) => {
      authorize(actor, 'account.admin');
      return uow.write(async (tx) => {
        const member = await tx.findOne(AccountMember, { id: memberId, account: { code: account }, active: true });
        if (!member) throw new AppError('not_found', `Account ${account} has no active member ${memberId}`, { account, memberId });
        const key = await createApiKey(tx, name.trim() || `${account} member ${memberId}`, [], member.id);
        return { id: key.id, name: key.name, plain: key.plain };
      });
    },
    listApiKeys: async (actor) => {
      authorize(actor, 'staff.admin');
      return uow.read(listApiKeys);
    },
    revokeApiKey: async (id, actor) => {
      authorize(actor, 'staff.admin');
      const revoked = await uow.write((tx) => revokeApiKey(tx, id, clock.now()));
      for (const [hash, entry] of apiKeys) if (entry.actor.id === String(id)) apiKeys.delete(hash);
      return revoked;
    },
  };
}
