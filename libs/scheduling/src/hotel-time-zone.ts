// Which time zone a hotel keeps: the request's, else the hotel profile's, else one derived from its phone
// number (country, then area code where the country spans zones), else UTC. The answer always says where
// it came from, so a guess is visible in the request's history.
import { IANAZone } from 'luxon';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { zoneForAreaCode } from './area-code-zones.js';
import { countryZones } from './holidays.js';

export type TimeZoneSource = 'request' | 'hotel-profile' | 'phone-area-code' | 'phone-country' | 'fallback';

export interface ResolvedTimeZone {
  readonly zone: string;
  readonly source: TimeZoneSource;
  /** ISO 3166-1 alpha-2 country of the phone number, when it has one (drives public holidays). */
  readonly country: string | undefined;
  /** Why this zone: e.g. `area code 212 (US)`, `UK has one zone`, `mobile number: Australia's principal zone`. */
  readonly reason: string;
}

export interface TimeZoneHints {
  /** The zone named on the request, if any. */
  readonly requestZone?: string | undefined;
  /** The zone stored on the hotel profile, if any. */
  readonly hotelZone?: string | undefined;
  /** The hotel's phone, E.164. */
  readonly phone?: string | undefined;
  /** The zone when nothing else answers; default UTC. */
  readonly fallbackZone?: string;
}

/** The zone of the biggest population, for countries spanning several zones where the tz order would not say it. */
const PRINCIPAL_ZONE: Readonly<Record<string, string>> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  AU: 'Australia/Sydney',
  BR: 'America/Sao_Paulo',
  MX: 'America/Mexico_City',
  RU: 'Europe/Moscow',
  ID: 'Asia/Jakarta',
  KZ: 'Asia/Almaty',
  AR: 'America/Argentina/Buenos_Aires',
  CL: 'America/Santiago',
  ES: 'Europe/Madrid',
  PT: 'Europe/Lisbon',
  NZ: 'Pacific/Auckland',
  CN: 'Asia/Shanghai',
  CD: 'Africa/Kinshasa',
  MN: 'Asia/Ulaanbaatar',
  EC: 'America/Guayaquil',
  UA: 'Europe/Kyiv',
  MY: 'Asia/Kuala_Lumpur',
  DE: 'Europe/Berlin',
};

/** The zone the hints give, in order of trust. Never throws: a wrong or missing hint falls through. */
export function resolveTimeZone(hints: TimeZoneHints): ResolvedTimeZone {
  const phone = hints.phone ? parsePhoneNumberFromString(hints.phone) : undefined;
  const country = phone?.country;
  const ignored: string[] = [];
  if (hints.requestZone) {
    if (IANAZone.isValidZone(hints.requestZone)) return { zone: hints.requestZone, source: 'request', country, reason: 'named on the request' };
    ignored.push(`request zone "${hints.requestZone}" is not an IANA zone`);
  }
  if (hints.hotelZone) {
    if (IANAZone.isValidZone(hints.hotelZone)) return { zone: hints.hotelZone, source: 'hotel-profile', country, reason: withIgnored('from the hotel profile', ignored) };
    ignored.push(`hotel zone "${hints.hotelZone}" is not an IANA zone`);
  }
  const fallbackZone = hints.fallbackZone ?? 'UTC';
  if (!phone || !phone.isValid() || !country) {
    const why = hints.phone ? 'the phone number has no country' : 'no zone and no phone number';
    return { zone: fallbackZone, source: 'fallback', country, reason: withIgnored(`${why}: ${fallbackZone}`, ignored) };
  }
  const national = phone.nationalNumber;
  const byArea = zoneForAreaCode(country, national);
  if (byArea && IANAZone.isValidZone(byArea.zone)) {
    return { zone: byArea.zone, source: 'phone-area-code', country, reason: withIgnored(`area code ${byArea.areaCode} (${country})`, ignored) };
  }
  const zones = countryZones(country).filter((z) => IANAZone.isValidZone(z));
  const principal = PRINCIPAL_ZONE[country] ?? zones[0];
  if (principal && IANAZone.isValidZone(principal)) {
    const why = zones.length <= 1 ? `${country} has one zone` : `${country} spans ${zones.length} zones and the number names none: its principal zone`;
    return { zone: principal, source: 'phone-country', country, reason: withIgnored(why, ignored) };
  }
  return { zone: fallbackZone, source: 'fallback', country, reason: withIgnored(`no zone known for ${country}: ${fallbackZone}`, ignored) };
}

function withIgnored(reason: string, ignored: readonly string[]): string {
  return ignored.length === 0 ? reason : `${reason} (ignored: ${ignored.join('; ')})`;
}
