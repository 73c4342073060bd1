// Phone numbers the contracts treat specially.

/**
 * North American numbers reserved for fiction: NXX-555-0100 to NXX-555-0199, and the unassigned area code 555.
 * Never dialable, so phone validation refuses them, but the simulated hotels (hotel-sim, +1 555 010 01xx) use
 * them. Services accept them only when configured to (ACCEPT_FICTIONAL_PHONE_NUMBERS, for `make dev` and tests).
 */
export function isFictionalNumber(e164: string): boolean {
  return /^\+1(?:555\d{7}|[2-9]\d{2}55501\d{2})$/.test(e164);
}
