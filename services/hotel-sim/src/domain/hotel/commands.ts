// What the caller's side does to a simulated hotel, as the Twilio call plays the caller's TwiML.

export type HotelCommand =
  | { type: 'ConnectCall'; at: number; callNumber: number }
  /** <Say>, or a <Play> whose words are known. */
  | { type: 'HearCaller'; at: number; text: string }
  /** <Play digits>, or digits pressed. */
  | { type: 'HearDigits'; at: number; digits: string }
  /** A <Gather> waits up to `timeoutSeconds` for the hotel to start speaking. */
  | { type: 'Listen'; at: number; timeoutSeconds: number };
