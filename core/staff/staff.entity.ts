import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { staffRoles } from '../shared/authorization.ts';
import { locales } from '../customers/index.ts';

export { staffRoles, type StaffRole } from '../shared/authorization.ts';

/** A person who works the Slack console. Only listed, active people can act there. */
export const StaffMember = defineEntity({
  name: 'StaffMember',
  tableName: 'staff_member',
  properties: {
    id: p.integer().primary().autoincrement(),
    slackUserId: p.string().length(32).unique(),
    name: p.string().length(200),
    role: p.enum(staffRoles),
    active: p.boolean().default(true),
    /** A manager's Telegram chat, when they want the daily digest there too. */
    telegramChatId: p.string().length(32).nullable(),
    /** The language of everything this person sees (`/lang`); null: DEFAULT_LOCALE. */
    locale: p.enum(locales).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export type StaffMember = InferEntity<typeof StaffMember>;
