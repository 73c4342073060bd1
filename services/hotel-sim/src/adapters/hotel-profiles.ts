// For `make dev`: publishes a Folio hotel profile for every simulated hotel (open around the clock, so simulated
// calls happen whatever the hour), so requests to them are scheduled and called at once. A profile already on the
// topic is replaced: what the caller learned about a simulated hotel (its menu path) is learned again.
import { HotelSchema, type Hotel as HotelProfile } from '@folio/contracts';
import type { KafkaRuntime } from '@folio/runtime';
import type { Hotel } from '../domain/hotel/index.js';

export function simulatedProfile(hotel: Hotel, timeZone: string, now: Date): HotelProfile {
  return {
    hotelPhone: hotel.phone,
    name: hotel.name,
    address: hotel.address,
    timeZone,
    email: hotel.email,
    contactPreference: hotel.persona.contactPreference ?? 'CALL',
    leaveVoicemail: true,
    businessHours: [1, 2, 3, 4, 5, 6, 7].map((dayOfWeek) => ({ dayOfWeek, opens: '00:00', closes: '24:00' })),
    ivrPath: [],
    answerStats: [],
    version: 1,
    updatedAt: now,
    ivrNavigationSeconds: null,
  };
}

export async function publishProfiles(kafka: KafkaRuntime, topic: string, hotels: readonly Hotel[], timeZone: string, now: Date): Promise<void> {
  await kafka.send(hotels.map((h) => ({ topic, key: h.phone, schema: HotelSchema, value: simulatedProfile(h, timeZone, now) })));
}
