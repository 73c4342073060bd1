// Every hotel profile on compacted folio.hotels.v1, held in memory. Each replica reads all of it (a group
// of its own, from the beginning): profiles are small and change rarely.
import { randomUUID } from 'node:crypto';
import { HotelSchema, type Hotel } from '@folio/contracts';
import type { KafkaRuntime } from '@folio/runtime';

export interface HotelProfiles {
  lookup(hotelPhone: string): Hotel | null;
}

export const noHotelProfiles: HotelProfiles = { lookup: () => null };

export class HotelProfileTable implements HotelProfiles {
  private readonly hotels = new Map<string, Hotel>();

  lookup(hotelPhone: string): Hotel | null {
    return this.hotels.get(hotelPhone) ?? null;
  }

  apply(hotelPhone: string, hotel: Hotel | null): void {
    if (hotel === null) this.hotels.delete(hotelPhone);
    else this.hotels.set(hotelPhone, hotel);
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
