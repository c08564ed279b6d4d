// shared/messages: every locale's copy, chosen by Locale. The mapped type below makes a locale
// added to LOCALES (shared/config/settings.ts) without a catalogue a compile error.
import type { Locale } from '../config/settings.js';
import type { MessageCatalogue } from './catalogue.js';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';

/** The copy of every locale Signet speaks. */
const MESSAGES: { readonly [L in Locale]: MessageCatalogue } = {
  en,
  'zh-CN': zhCN,
};

/** The copy to use for `locale`. */
const messagesFor = (locale: Locale): MessageCatalogue => MESSAGES[locale];

export { MESSAGES, messagesFor };
export type { CodeCopy, MessageCatalogue, NoticeCopy } from './catalogue.js';
