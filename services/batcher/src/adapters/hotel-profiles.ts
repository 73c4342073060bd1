// Hotel profiles from compacted folio.hotels.v1, read whole by every replica (a runtime GlobalTable).
import { HotelSchema, type Hotel } from '@folio/contracts';
import { GlobalTable, type KafkaRuntime } from '@folio/runtime';

export interface HotelProfiles {
  lookup(hotelPhone: string): Hotel | null;
}

export const noHotelProfiles: HotelProfiles = { lookup: () => null };

/** Starts a table of every hotel profile on `topic` and returns its lookup once it runs. */
export async function startHotelProfiles(kafka: KafkaRuntime, topic: string, groupPrefix: string): Promise<HotelProfiles> {
  const table = new GlobalTable<Hotel>(kafka, { topic, schema: HotelSchema, groupPrefix: `${groupPrefix}.hotels` });
  await table.start();
  return { lookup: (hotelPhone) => table.get(hotelPhone) ?? null };
}
