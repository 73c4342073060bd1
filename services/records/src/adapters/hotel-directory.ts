// Hotel memory the domain consults when a request leaves out the hotel's name, time zone or email.
import type { HotelMemory } from '../domain/folio-request/index.js';

export interface HotelDirectory {
  lookup(hotelPhone: string): HotelMemory | null;
}

/** Remembers nothing: requests keep what their producer sent (hotel profiles are not read yet). */
export const noHotelMemory: HotelDirectory = { lookup: () => null };
