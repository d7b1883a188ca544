import type { Locale } from '../../../core/customers/index.ts';
import type { Reply } from '../io.ts';
import type { Turn } from '../turn.ts';
import { mainMenu } from './menu.ts';

/** The first guess of a chat's language, from the platform's language code. */
export function guessLocale(languageCode: string | undefined, fallback: Locale): Locale {
  if (!languageCode) return fallback;
  if (/^zh\b/i.test(languageCode)) return 'zh-CN';
  if (/^en\b/i.test(languageCode)) return 'en';
  return fallback;
}

/** `/lang`: both languages offered, each labelled in itself. */
export function chooseLanguage(turn: Turn): Reply[] {
  return [turn.reply(turn.say('language.choose'), [[turn.rawButton('中文', { a: 'lang', l: 'zh-CN' }), turn.rawButton('English', { a: 'lang', l: 'en' })]])];
}

export async function setLanguage(turn: Turn, locale: Locale, edit = true): Promise<Reply[]> {
  await turn.setLocale(locale);
  return [turn.reply(turn.say('language.set'), mainMenu(turn), edit)];
}
