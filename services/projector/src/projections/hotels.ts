// The hotel projection over folio.hotels.v1: (row | null, Hotel | tombstone) -> row | null; a tombstone
// forgets the profile.
import type { Hotel } from '@folio/contracts';
import type { HotelRow } from '@folio/read-models';

export type HotelsEvent = { readonly type: 'Hotel'; readonly hotel: Hotel } | { readonly type: 'Tombstone'; readonly hotelPhone: string };

export function hotelRowOf(hotel: Hotel): HotelRow {
  return {
    hotelPhone: hotel.hotelPhone,
    name: hotel.name,
    address: hotel.address,
    timeZone: hotel.timeZone,
    email: hotel.email,
    contactPreference: hotel.contactPreference,
    leaveVoicemail: hotel.leaveVoicemail,
    businessHours: hotel.businessHours,
    ivrPath: hotel.ivrPath,
    answerStats: hotel.answerStats,
    updatedAt: hotel.updatedAt,
    version: hotel.version,
  };
}

export function projectHotel(current: HotelRow | null, event: HotelsEvent): HotelRow | null {
  switch (event.type) {
    case 'Tombstone':
      return null;
    case 'Hotel':
      if (current !== null && current.version >= event.hotel.version) return current;
      return hotelRowOf(event.hotel);
    default: {
      const unknown: never = event;
      void unknown;
      return current;
    }
  }
}
