// Which language an email is written in: the command's, else the one spoken where the hotel's phone number
// is registered, else the default; always one the templates exist for.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { LANGUAGES, type Language } from '../templates/template-file.js';

/** Countries whose hotels get German, French or Spanish; every other country gets the default. */
const COUNTRY_LANGUAGE: Readonly<Record<string, Language>> = {
  DE: 'de', AT: 'de', CH: 'de', LI: 'de',
  FR: 'fr', BE: 'fr', LU: 'fr', MC: 'fr', SN: 'fr', CI: 'fr', MA: 'fr', TN: 'fr',
  ES: 'es', MX: 'es', AR: 'es', CO: 'es', CL: 'es', PE: 'es', VE: 'es', EC: 'es', GT: 'es', CU: 'es', BO: 'es',
  DO: 'es', HN: 'es', PY: 'es', SV: 'es', NI: 'es', CR: 'es', PA: 'es', UY: 'es',
  GB: 'en', US: 'en', IE: 'en', AU: 'en', NZ: 'en',
};

export type LanguageSource = 'command' | 'phone-country' | 'default';

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

export function chooseLanguage(requested: string | null, hotelPhone: string, fallback: Language): { language: Language; source: LanguageSource } {
  // BCP 47: "de-CH" is German; a language without templates falls through to the hotel's country.
  const base = requested?.trim().toLowerCase().split(/[-_]/)[0];
  if (base && isLanguage(base)) return { language: base, source: 'command' };
  const country = parsePhoneNumberFromString(hotelPhone)?.country;
  const byCountry = country ? COUNTRY_LANGUAGE[country] : undefined;
  if (byCountry) return { language: byCountry, source: 'phone-country' };
  return { language: fallback, source: 'default' };
}
