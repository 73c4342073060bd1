// The ground truth of the folio corpus: deterministic stays, charges and taxes per layout, language and currency.
// generate.mjs renders each folio to a PDF; the accuracy test compares what the extractor reads with these values.

/** Seeded PRNG (mulberry32) so the corpus is the same on every machine. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const LAYOUTS = ['opera', 'mews', 'cloudbeds', 'independent'];

// A fifth layout the reader has no family rules for (protel-style German invoice: the guest in the address
// block without a label, quantity and unit-price columns): it measures the generic rules.
const PROTEL_LOCALES = [
  { language: 'de', currency: 'EUR', country: 'DE' },
  { language: 'en', currency: 'GBP', country: 'GB' },
  { language: 'de', currency: 'CHF', country: 'CH' },
  { language: 'fr', currency: 'EUR', country: 'FR' },
  { language: 'en', currency: 'USD', country: 'US' },
  { language: 'es', currency: 'EUR', country: 'ES' },
  { language: 'de', currency: 'EUR', country: 'AT' },
  { language: 'fr', currency: 'CHF', country: 'CH' },
];

// language, currency, country: the combinations hotels actually print.
const LOCALES = [
  { language: 'en', currency: 'USD', country: 'US' },
  { language: 'de', currency: 'EUR', country: 'DE' },
  { language: 'fr', currency: 'EUR', country: 'FR' },
  { language: 'en', currency: 'GBP', country: 'GB' },
  { language: 'es', currency: 'EUR', country: 'ES' },
  { language: 'de', currency: 'CHF', country: 'CH' },
  { language: 'fr', currency: 'CHF', country: 'CH' },
  { language: 'en', currency: 'EUR', country: 'IE' },
  { language: 'en', currency: 'USD', country: 'US' },
  { language: 'es', currency: 'USD', country: 'US' },
  { language: 'de', currency: 'EUR', country: 'AT' },
];

const HOTELS = {
  US: ['Harborview Grand Hotel', 'The Lexington Suites', 'Pine Ridge Lodge & Spa'],
  DE: ['Hotel Alstertal Hamburg', 'Parkhotel Schönblick', 'Münchner Hof Hotel'],
  FR: ['Hôtel du Vieux Port', 'Grand Hôtel Lumière', 'Hôtel Saint-Médard'],
  GB: ['The Kensington Arms', 'Riverside House Hotel', 'Balmoral Court Hotel'],
  ES: ['Hotel Plaza Mayor', 'Hotel Mar de Cádiz', 'Gran Hotel Alcázar'],
  CH: ['Hotel Seeblick Luzern', 'Hôtel des Alpes Genève', 'Berghotel Säntisblick'],
  IE: ['The Liffey Hotel', 'Galway Bay Lodge', 'Ormond Quay Hotel'],
  AT: ['Hotel Stephansplatz Wien', 'Alpenhof Innsbruck', 'Hotel Salzachblick'],
};

const GUESTS = [
  ['John', 'Smith', 'Mr.'], ['María José', 'García López', 'Sra.'], ['François', 'Lefèvre', 'M.'],
  ['Jürgen', 'Weiß', 'Herr'], ['Zoë', 'Müller', 'Frau'], ['Siobhán', "O'Neill", 'Ms.'],
  ['Priya', 'Raman', 'Dr.'], ['Hélène', 'Bäcker', 'Mme'], ['Ana', 'Núñez', 'Sra.'],
  ['Lars', 'Ødegaard', 'Mr.'], ['Chloé', 'Dubois', 'Mme'], ['Robert', 'Johnson', 'Mr.'],
  ['Emily', 'Clarke', 'Mrs.'], ['Matthias', 'Krüger', 'Herr Dr.'], ['Sofía', 'Hernández', 'Sra.'],
  ['Luca', 'Bianchi', 'Mr.'], ['Anne-Sophie', 'Martin', 'Mme'], ['David', 'Nguyen', 'Mr.'],
];

// VAT included in prices (EU, GB, CH): rate per kind. US: taxes charged as lines.
const VAT = {
  DE: { ROOM: 7, FOOD_AND_BEVERAGE: 19, FEE: 19, OTHER: 19 },
  AT: { ROOM: 10, FOOD_AND_BEVERAGE: 10, FEE: 20, OTHER: 20 },
  FR: { ROOM: 10, FOOD_AND_BEVERAGE: 10, FEE: 20, OTHER: 20 },
  ES: { ROOM: 10, FOOD_AND_BEVERAGE: 10, FEE: 21, OTHER: 21 },
  GB: { ROOM: 20, FOOD_AND_BEVERAGE: 20, FEE: 20, OTHER: 20 },
  IE: { ROOM: 13.5, FOOD_AND_BEVERAGE: 13.5, FEE: 23, OTHER: 23 },
  CH: { ROOM: 3.8, FOOD_AND_BEVERAGE: 8.1, FEE: 8.1, OTHER: 8.1 },
};
const US_TAXES = [
  { rate: 14.75, name: { en: 'Occupancy Tax', es: 'Impuesto de ocupación' } },
  { rate: 5.875, name: { en: 'State Sales Tax', es: 'Impuesto estatal' } },
];

export const WORDS = {
  en: {
    room: 'Accommodation', breakfast: 'Breakfast', restaurant: 'Restaurant', bar: 'Bar', minibar: 'Minibar',
    parking: 'Parking', cityTax: 'City Tax', laundry: 'Laundry', payment: 'Visa', roomAlt: 'Room Charge',
  },
  de: {
    room: 'Übernachtung', breakfast: 'Frühstück', restaurant: 'Restaurant', bar: 'Hotelbar', minibar: 'Minibar',
    parking: 'Tiefgarage', cityTax: 'Kurtaxe', laundry: 'Wäscheservice', payment: 'Zahlung Mastercard', roomAlt: 'Logis',
  },
  fr: {
    room: 'Hébergement', breakfast: 'Petit-déjeuner', restaurant: 'Restaurant', bar: 'Bar', minibar: 'Minibar',
    parking: 'Parking', cityTax: 'Taxe de séjour', laundry: 'Blanchisserie', payment: 'Paiement Visa', roomAlt: 'Nuitée',
  },
  es: {
    room: 'Alojamiento', breakfast: 'Desayuno', restaurant: 'Restaurante', bar: 'Bar', minibar: 'Minibar',
    parking: 'Aparcamiento', cityTax: 'Tasa turística', laundry: 'Lavandería', payment: 'Pago Visa', roomAlt: 'Habitación',
  },
};

function isoDay(base, plusDays) {
  const d = new Date(Date.UTC(2026, 0, 1) + (base + plusDays) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

function pick(rnd, list) {
  return list[Math.floor(rnd() * list.length)];
}

/**
 * The corpus: 44 folios, 11 in each of the four known layouts (every 5th an image-only scan), then 8 in the
 * protel-style layout (2 scans); long stays run over several pages.
 */
export function corpusFolios() {
  const folios = [];
  for (let i = 0; i < 52; i++) {
    const rnd = random(1000 + i);
    const layout = i < 44 ? LAYOUTS[i % LAYOUTS.length] : 'protel';
    const locale = i < 44 ? LOCALES[Math.floor(i / LAYOUTS.length) % LOCALES.length] : PROTEL_LOCALES[i - 44];
    const { language, currency, country } = locale;
    const scan = i < 44 ? i % 5 === 2 : i === 47 || i === 50;
    const long = i % 7 === 3 || i % 11 === 5;
    const nights = long ? 12 + Math.floor(rnd() * 10) : 1 + Math.floor(rnd() * 5);
    const startDay = 20 + Math.floor(rnd() * 300);
    const arrival = isoDay(startDay, 0);
    const departure = isoDay(startDay, nights);
    const [first, last, title] = GUESTS[(i * 7) % GUESTS.length];
    const hotel = HOTELS[country][i % 3];
    const rate = (currency === 'CHF' ? 180 : 90) * 100 + Math.round(rnd() * 260) * 100 + (rnd() < 0.5 ? 0 : 50);
    const w = WORDS[language];
    const lines = [];
    const roomWord = i % 2 === 0 ? w.room : w.roomAlt;
    for (let n = 0; n < nights; n++) {
      const date = isoDay(startDay, n);
      lines.push({ date, description: roomWord, kind: 'ROOM', amountMinor: rate });
      if (country === 'US') {
        for (const tax of US_TAXES) {
          lines.push({
            date,
            description: `${tax.name[language]} ${formatRate(tax.rate)}%`,
            kind: 'TAX',
            amountMinor: Math.round((rate * tax.rate) / 100),
          });
        }
      }
      if (rnd() < 0.4) lines.push({ date, description: w.breakfast, kind: 'FOOD_AND_BEVERAGE', amountMinor: 1800 + Math.round(rnd() * 12) * 100 });
      if (rnd() < 0.2) lines.push({ date, description: w.restaurant, kind: 'FOOD_AND_BEVERAGE', amountMinor: 2500 + Math.round(rnd() * 9000) });
      if (rnd() < 0.1) lines.push({ date, description: w.minibar, kind: 'FOOD_AND_BEVERAGE', amountMinor: 450 + Math.round(rnd() * 2000) });
      if (rnd() < 0.15) lines.push({ date, description: w.parking, kind: 'OTHER', amountMinor: 2500 });
      if (country !== 'US' && country !== 'GB' && country !== 'IE') {
        lines.push({ date, description: w.cityTax, kind: 'FEE', amountMinor: country === 'CH' ? 350 : 250 + (i % 3) * 50 });
      }
    }
    if (rnd() < 0.3) lines.push({ date: departure, description: w.laundry, kind: 'OTHER', amountMinor: 1500 + Math.round(rnd() * 3000) });
    const totalMinor = lines.reduce((s, l) => s + l.amountMinor, 0);
    const taxes = taxesOf(country, lines);
    const folioNumber = folioNumberFor(layout, i, rnd);
    const confirmationNumber = i % 6 === 4 ? null : confirmationFor(layout, rnd);
    const roomNumber = String(100 * (1 + Math.floor(rnd() * 8)) + 1 + Math.floor(rnd() * 40));
    folios.push({
      id: `folio-${String(i + 1).padStart(2, '0')}-${layout}-${language}-${currency.toLowerCase()}${scan ? '-scan' : ''}`,
      layout,
      language,
      currency,
      country,
      scan,
      // Every other scan is a poor one (150 dpi, speckles, faded); the rest are clean office scans.
      scanQuality: scan ? (folios.filter((f) => f.scan).length % 2 === 1 ? 'poor' : 'good') : null,
      hotel,
      guest: { first, last, title },
      folioNumber,
      confirmationNumber,
      roomNumber,
      arrival,
      departure,
      lineItems: lines,
      payment: { date: departure, description: w.payment, amountMinor: -totalMinor },
      taxes,
      totalMinor,
    });
  }
  return folios;
}

function formatRate(rate) {
  return String(rate);
}

function taxesOf(country, lines) {
  if (country === 'US') {
    return US_TAXES.map((t) => ({
      ratePercent: t.rate,
      taxMinor: lines.filter((l) => l.kind === 'TAX' && l.description.endsWith(`${formatRate(t.rate)}%`)).reduce((s, l) => s + l.amountMinor, 0),
    }));
  }
  const byRate = new Map();
  for (const l of lines) {
    const r = VAT[country][l.kind] ?? VAT[country].OTHER;
    if (l.kind === 'FEE' && (country === 'DE' || country === 'AT' || country === 'FR' || country === 'ES' || country === 'CH')) continue; // city taxes carry no VAT
    byRate.set(r, (byRate.get(r) ?? 0) + l.amountMinor);
  }
  return [...byRate.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([ratePercent, gross]) => {
      const taxMinor = Math.round((gross * ratePercent) / (100 + ratePercent));
      return { ratePercent, netMinor: gross - taxMinor, taxMinor };
    });
}

function folioNumberFor(layout, i, rnd) {
  const n = Math.floor(rnd() * 900000) + 100000;
  switch (layout) {
    case 'opera':
      return String(n);
    case 'mews':
      return `${2026}${String(n).slice(0, 5)}`;
    case 'cloudbeds':
      return `F-${n}`;
    case 'protel':
      return String(n).slice(0, 5);
    default:
      return `2026-${String(i + 1).padStart(4, '0')}`;
  }
}

function confirmationFor(layout, rnd) {
  const digits = String(Math.floor(rnd() * 90000000) + 10000000);
  switch (layout) {
    case 'opera':
      return digits;
    case 'mews':
      return `MW${digits.slice(0, 6)}`;
    case 'cloudbeds':
      return `CB-${digits.slice(0, 7)}`;
    case 'protel':
      return digits.slice(0, 6);
    default:
      return `R${digits.slice(0, 5)}`;
  }
}

export { pick };
