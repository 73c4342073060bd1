// Hotel memory the domain consults when a request leaves out the hotel's name, time zone or email, and for
// the hotel's calling hours and contact preference (the contact policy's calendar): every
// hotel profile on compacted folio.hotels.v1, held in memory. That topic is keyed by hotel phone, not
// co-partitioned with requests, so each replica reads all of it (a group of its own, from the beginning).
import { HotelSchema, type Hotel } from '@folio/contracts';
import { GlobalTable, type KafkaRuntime } from '@folio/runtime';
import type { HotelMemory } from '../domain/folio-request/index.js';

export interface HotelDirectory {
  lookup(hotelPhone: string): HotelMemory | null;
}

/** Remembers nothing: requests keep what their producer sent. */
export const noHotelMemory: HotelDirectory = { lookup: () => null };

/** Starts a table of every hotel profile on `topic` (a runtime GlobalTable) and returns its lookup once it runs. */
export async function startHotelDirectory(kafka: KafkaRuntime, topic: string, groupPrefix: string): Promise<HotelDirectory> {
  const table = new GlobalTable<Hotel>(kafka, { topic, schema: HotelSchema, groupPrefix: `${groupPrefix}.hotels` });
  await table.start();
  return {
    lookup: (hotelPhone) => {
      const hotel = table.get(hotelPhone);
      return hotel
        ? { name: hotel.name, timeZone: hotel.timeZone, email: hotel.email, businessHours: hotel.businessHours, emailOnly: hotel.contactPreference === 'EMAIL_ONLY' }
        : null;
    },
  };
}
