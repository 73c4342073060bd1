// Hotel memory the domain consults when a request leaves out the hotel's name, time zone or email: every
// hotel profile on compacted folio.hotels.v1, held in memory. That topic is keyed by hotel phone, not
// co-partitioned with requests, so each replica reads all of it (a group of its own, from the beginning).
import { randomUUID } from 'node:crypto';
import { HotelSchema, type Hotel } from '@folio/contracts';
import type { KafkaRuntime } from '@folio/runtime';
import type { HotelMemory } from '../domain/folio-request/index.js';

export interface HotelDirectory {
  lookup(hotelPhone: string): HotelMemory | null;
}

/** Remembers nothing: requests keep what their producer sent. */
export const noHotelMemory: HotelDirectory = { lookup: () => null };

/** Every hotel profile of `topic`, kept current by a consumer this replica alone reads with. */
export class HotelTable implements HotelDirectory {
  private readonly hotels = new Map<string, HotelMemory>();

  lookup(hotelPhone: string): HotelMemory | null {
    return this.hotels.get(hotelPhone) ?? null;
  }

  apply(hotelPhone: string, hotel: Hotel | null): void {
    if (hotel === null) this.hotels.delete(hotelPhone);
    else this.hotels.set(hotelPhone, { name: hotel.name, timeZone: hotel.timeZone, email: hotel.email });
  }

  get size(): number {
    return this.hotels.size;
  }

  /** Starts reading `topic` from the beginning; returns once the consumer runs. */
  async start(kafka: KafkaRuntime, topic: string, groupPrefix: string): Promise<void> {
    const consumer = kafka.consumer<Hotel>({
      groupId: `${groupPrefix}.hotels.${randomUUID()}`,
      topics: [topic],
      readers: [HotelSchema],
      delivery: 'at-least-once',
      fromBeginning: true,
      handler: (message) => {
        if (message.key !== null) this.apply(message.key, message.value);
      },
    });
    await consumer.start();
  }
}
