// Field labels as hotel systems print them in English, German, French and Spanish, and words that classify lines.

/** Header fields found by a label. */
export type LabelledField = 'folioNumber' | 'guestName' | 'roomNumber' | 'checkIn' | 'checkOut' | 'confirmationNumber' | 'stay';

const PHRASES: Record<LabelledField, readonly string[]> = {
  folioNumber: [
    'Folio No.', 'Folio No', 'Folio #', 'Folio-Nr.', 'Folio Nr.', 'Folio n°', 'Folio n.º', 'Folio nº', 'Folio Number',
    'Invoice No.', 'Invoice No', 'Invoice number', 'Invoice #', 'Bill No.', 'Rechnungsnr.', 'Rechnungsnummer', 'Rechnung Nr.',
    'Rechnungs-Nr.', 'Facture N°', 'Facture No', 'Facture n°', 'Numéro de facture', 'N° de facture', 'Factura N.º', 'Factura Nº',
    'Factura No.', 'Número de factura', 'Numero de factura',
  ],
  guestName: [
    'Guest Name', 'Guest name', 'Guest', 'Name', 'Gastname', 'Gast', 'Kunde', 'Client', 'Cliente', 'Huésped', 'Huesped',
    'Customer', 'Nom du client', 'Nom', 'Nombre',
  ],
  roomNumber: ['Room No.', 'Room No', 'Room Number', 'Room', 'Space', 'Zimmer-Nr.', 'Zimmernummer', 'Zimmer', 'Chambre', 'Habitación', 'Habitacion', 'Hab.'],
  checkIn: ['Arrival Date', 'Arrival', 'Check-In', 'Check-in', 'Check in', 'Anreise', 'Ankunft', 'Arrivée', "Date d'arrivée", 'Llegada', 'Fecha de llegada', 'Entrada'],
  checkOut: ['Departure Date', 'Departure', 'Check-Out', 'Check-out', 'Check out', 'Abreise', 'Abfahrt', 'Départ', 'Date de départ', 'Salida', 'Fecha de salida'],
  confirmationNumber: [
    'Conf. No.', 'Conf No', 'Confirmation No.', 'Confirmation Number', 'Confirmation #', 'Confirmation', 'Reservation #', 'Reservation No.',
    'Reservation', 'Your booking ref.', 'Booking ref.', 'Booking reference', 'Booking no.', 'Booking number', 'Booking #',
    'Reservierungs-Nr.', 'Buchungs-Nr.', 'Reservation number', 'Ihre Buchungsnummer', 'Buchungsnummer', 'Buchungsnr.',
    'Reservierungsnr.', 'Reservierungsnummer', 'Reservierung', 'N° confirmation', 'N° de confirmation', 'Réservation n°', 'Réservation',
    'Votre réf. de réservation', 'Réf. réservation', 'N.º confirmación', 'Nº confirmación', 'Reserva n.º', 'Reserva nº', 'Reserva',
    'Su ref. de reserva', 'Localizador',
  ],
  stay: ['Stay', 'Stay dates', 'Aufenthalt', 'Séjour', 'Sejour', 'Estancia'],
};

/** Labels that are short or common words: they count only with a colon after them or with the value elsewhere. */
const NEEDS_COLON: ReadonlySet<string> = new Set(['guest', 'name', 'gast', 'kunde', 'client', 'cliente', 'huésped', 'huesped', 'customer', 'nom', 'nombre', 'stay', 'reserva', 'reservation', 'confirmation']);

/** A phrase as a pattern that also matches it with spaces OCR inserted or dropped ("Número de factur a"). */
function escape(s: string): string {
  return [...s.replace(/\s+/g, ' ')]
    .map((ch) => (ch === ' ' ? '\\s*' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('\\s?')
    .replace(/\\s\?\\s\*\\s\?/g, '\\s*');
}

const MATCHERS: ReadonlyArray<{ field: LabelledField; phrase: string; re: RegExp }> = (Object.keys(PHRASES) as LabelledField[])
  .flatMap((field) => PHRASES[field].map((phrase) => ({ field, phrase, re: new RegExp(`^${escape(phrase)}(?![\\p{L}])\\s*(?<colon>[:#])?\\s*`, 'iu') })))
  .sort((a, b) => b.phrase.length - a.phrase.length);

/** A label at the start of a cell and what follows it in the same cell. */
export interface LabelHit {
  readonly field: LabelledField;
  readonly rest: string;
  readonly colon: boolean;
  readonly strict: boolean;
}

/** The label a cell starts with, if any (longest phrase wins). */
export function labelAt(text: string): LabelHit | null {
  const t = text.trim();
  for (const m of MATCHERS) {
    const hit = m.re.exec(t);
    if (!hit) continue;
    const rest = t.slice(hit[0].length).trim();
    const colon = hit.groups?.colon !== undefined;
    const strict = NEEDS_COLON.has(m.phrase.toLowerCase());
    if (strict && !colon && rest !== '') continue;
    return { field: m.field, rest, colon, strict };
  }
  return null;
}

/** True when a whole cell is a field label (used to skip label rows when reading values). */
export function isLabel(text: string): boolean {
  const hit = labelAt(text);
  return hit !== null && hit.rest === '';
}

export const TOTAL_LABEL =
  /^(?:grand\s+total|total\s+charges|total\s+amount|amount\s+due|total\s+ttc|total\s+des\s+frais|total\s+cargos|importe\s+total|montant\s+total|gesamtbetrag|gesamtsumme|rechnungsbetrag|gesamt|summe|total)\b(?!\s+(?:payments?|credits?|pagos|des\s+paiements|zahlungen))/iu;
/** A short label naming a total anywhere in it ("Invoice total", "Total à payer"), for layouts not known. */
export const TOTAL_WORD = /^(?:[\p{L}.]+\s+){0,3}(?:total|gesamt|summe|rechnungsbetrag|totale)(?:\s+[\p{L}.()]+){0,3}$/iu;
export const NOT_TOTAL = /(payment|paiement|pagos|zahlung|credit|gutschrift|balance|saldo|solde|restbetrag|pendiente|reste|offener)/iu;
export const BALANCE_LABEL = /^(?:balance|saldo|solde|restbetrag|pendiente|reste\s+à\s+payer|offener\s+betrag|balance\s+due|solde\s+dû|saldo\s+pendiente)/iu;
export const CREDIT_HEADER = /^(?:credits?|gutschrift|haben|crédit|credit|abono|crédito|payments?)$/iu;
export const TAX_WORD = /(?<![\p{L}\d])(?:vat|mwst|ust|tva|iva|tax|steuer|impuesto)(?![\p{L}\d])/iu;
/** Words that open a postal address's name line: the guest of an invoice that prints no label. */
export const SALUTATION = /^(?:Mr|Mrs|Ms|Miss|Dr|Herr|Herrn|Frau|M|Mme|Mlle|Monsieur|Madame|Sr|Sra|Srta|Señor|Señora|Don|Doña|MR|MRS|MS|HERR|FRAU|MME)\.?\s+(?=\p{Lu})/u;
export const PAYMENT_WORD = /(?<![\p{L}\d])(?:visa|mastercard|master\s?card|amex|american\s+express|maestro|cash|bar\s*zahlung|payment|zahlung|paiement|pago|especes|efectivo|ec-karte|girocard|paid|bezahlt|regle|pagado)(?![\p{L}\d])/iu;

const KIND_WORDS: ReadonlyArray<[RegExp, 'ROOM' | 'TAX' | 'FEE' | 'FOOD_AND_BEVERAGE' | 'OTHER']> = [
  [/(?<![\p{L}\d])(?:city\s+tax|tourist\s+tax|kurtaxe|ortstaxe|city\s?tax|taxe\s+de\s+sejour|tasa\s+turistica|resort\s+fee|service\s+fee)(?![\p{L}\d])/iu, 'FEE'],
  [/(?<![\p{L}\d])(?:tax|taxes|vat|steuer|mwst|tva|iva|impuesto)(?![\p{L}\d])/iu, 'TAX'],
  [/(?<![\p{L}\d])(?:accommodation|room|rate|lodging|ubernachtung|logis|zimmer|hebergement|nuitee|chambre|alojamiento|habitacion)(?![\p{L}\d])/iu, 'ROOM'],
  [/(?<![\p{L}\d])(?:breakfast|restaurant|bar|minibar|food|beverage|dinner|lunch|room\s+service|fruhstuck|hotelbar|petit-dejeuner|diner|desayuno|restaurante|cena|almuerzo)(?![\p{L}\d])/iu, 'FOOD_AND_BEVERAGE'],
];

/** Without accents, so that OCR that drops them ("Ubernachtung") classifies the same. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

/** The kind of a folio line from its description. */
export function kindOf(description: string): 'ROOM' | 'TAX' | 'FEE' | 'FOOD_AND_BEVERAGE' | 'PAYMENT' | 'OTHER' {
  const text = fold(description);
  if (PAYMENT_WORD.test(text)) return 'PAYMENT';
  for (const [re, kind] of KIND_WORDS) if (re.test(text)) return kind;
  return 'OTHER';
}
