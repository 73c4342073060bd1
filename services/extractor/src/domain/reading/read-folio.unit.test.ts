import { describe, expect, it } from '@jest/globals';
import { readFolio } from './read-folio.js';
import type { PageText, TextLine } from './text-layout.js';

/** A page from rows of [x, text] cells, 14 points apart. */
function page(rows: Array<Array<[number, string]>>, source: PageText['source'] = 'text-layer', confidence = 1): PageText {
  const lines: TextLine[] = rows.map((cells, i) => ({
    page: 1,
    y: 60 + i * 14,
    cells: cells.map(([x, text]) => ({ x, right: x + text.length * 5, text })),
  }));
  return { page: 1, width: 595, height: 842, source, confidence, lines };
}

describe('readFolio', () => {
  it('reads an Opera-style folio: values right of their labels, charges and credits columns', () => {
    const folio = readFolio([
      page([
        [[50, 'Hotel Alstertal Hamburg']],
        [[330, 'RECHNUNG']],
        [[50, 'Gast :'], [110, 'WEISS, Jürgen'], [330, 'Zimmer'], [440, ': 208']],
        [[330, 'Anreise'], [440, ': 12.03.26']],
        [[330, 'Abreise'], [440, ': 14.03.26']],
        [[330, 'Buchungsnr.'], [440, ': 25757312']],
        [[330, 'Rechnungsnr.'], [440, ': 373635']],
        [[50, 'Datum'], [120, 'Beschreibung'], [420, 'Belastung'], [510, 'Gutschrift']],
        [[50, '12.03.26'], [120, 'Übernachtung'], [420, '200,00']],
        [[50, '13.03.26'], [120, 'Übernachtung'], [420, '200,00']],
        [[50, '13.03.26'], [120, 'Frühstück'], [425, '24,50']],
        [[50, '14.03.26'], [120, 'Zahlung Mastercard'], [510, '424,50']],
        [[120, 'Summe'], [420, '424,50'], [510, '424,50']],
        [[120, 'MwSt. 7%'], [300, 'Netto 373,83'], [420, '26,17']],
      ]),
    ]);
    expect(folio).not.toBeNull();
    const d = folio!.document;
    expect(d).toMatchObject({
      folioNumber: '373635',
      hotelName: 'Hotel Alstertal Hamburg',
      guestName: 'WEISS, Jürgen',
      confirmationNumber: '25757312',
      roomNumber: '208',
      stay: { checkIn: '2026-03-12', checkOut: '2026-03-14' },
      totalMinor: 42450,
    });
    expect(d.lineItems.map((l) => [l.kind, l.amountMinor])).toEqual([
      ['ROOM', 20000],
      ['ROOM', 20000],
      ['FOOD_AND_BEVERAGE', 2450],
      ['PAYMENT', -42450],
    ]);
    expect(folio!.taxes).toEqual([{ ratePercent: 7, taxMinor: 2617, netMinor: 37383 }]);
    expect(folio!.confidence.total).toBeGreaterThan(0.9);
  });

  it('reads labels printed above their values (Mews style)', () => {
    const folio = readFolio([
      page([
        [[50, 'Riverside House Hotel'], [480, 'Invoice']],
        [[50, 'Invoice number'], [178, 'Customer'], [306, 'Arrival'], [434, 'Departure']],
        [[50, '202641502'], [178, 'Emily Clarke'], [306, '4 Jul 2026'], [434, '5 Jul 2026']],
        [[50, 'Date'], [150, 'Item'], [460, 'Amount (GBP)']],
        [[50, '4 Jul 2026'], [150, 'Accommodation'], [500, '216.50']],
        [[350, 'Total'], [480, '216.50 GBP']],
      ]),
    ]);
    expect(folio?.layout).toBe('mews');
    expect(folio?.document).toMatchObject({
      folioNumber: '202641502',
      guestName: 'Emily Clarke',
      stay: { checkIn: '2026-07-04', checkOut: '2026-07-05' },
      currency: 'GBP',
      totalMinor: 21650,
    });
  });

  it('lowers confidence on OCR pages and when the lines do not add up to the total', () => {
    const folio = readFolio([
      page(
        [
          [[60, 'Invoice No. 2026-0001']],
          [[60, 'Guest name: Mr. John Smith']],
          [[60, '03/12/2026'], [140, 'Accommodation'], [420, '250.00 USD']],
          [[140, 'TOTAL'], [420, 'USD 300.00']],
        ],
        'ocr',
        0.7,
      ),
    ]);
    expect(folio?.document.totalMinor).toBe(30000);
    expect(folio?.confidence.total).toBeLessThan(0.7);
    expect(folio?.confidence.guestName).toBeLessThan(0.95);
    expect(folio?.ocrPages).toBe(1);
  });

  it('takes the guest from the address block and a total named anywhere in a short label, for a layout it does not know', () => {
    const folio = readFolio([
      page([
        [[50, 'The Kensington Arms']],
        [[50, 'Mr. Lars Ødegaard'], [330, 'Invoice no.'], [440, '42492']],
        [[50, '14 High Street'], [330, 'Arrival'], [440, '23/03/2026']],
        [[50, 'Oxford OX1 4AA'], [330, 'Departure'], [440, '24/03/2026']],
        [[50, 'Date'], [120, 'Service'], [350, 'Qty'], [420, 'Unit price'], [520, 'Amount']],
        [[50, '23/03/2026'], [120, 'Room Charge'], [355, '1'], [420, '92.50'], [520, '92.50']],
        [[50, '23/03/2026'], [120, 'Breakfast'], [355, '2'], [420, '11.50'], [520, '23.00']],
        [[120, 'Invoice total'], [500, 'GBP 115.50']],
      ]),
    ]);
    expect(folio?.layout).toBe('generic');
    expect(folio?.document).toMatchObject({ guestName: 'Mr. Lars Ødegaard', folioNumber: '42492', totalMinor: 11550, currency: 'GBP' });
    expect(folio?.document.lineItems.map((l) => l.amountMinor)).toEqual([9250, 2300]);
    expect(folio?.confidence.guestName).toBe(0.75);
  });

  it('repairs what OCR misreads in rows: a colon in a date, a dropped decimal point, a hyphen before the currency, an amount off its row', () => {
    const ocr = page(
      [
        [[60, 'Invoice No. 2026-0001']],
        [[60, 'Guest name: Mr. John Smith']],
        [[60, 'Stay: 3 April 2026 – 5 April 2026']],
        [[60, '03.04:2026'], [140, 'Room'], [420, '116 00 EUR']],
        [[60, '04.04.2076.'], [140, 'Room'], [420, '116,00-EUR']],
        [[60, '04.04.2026'], [140, 'City Tax']],
        [[420, '3,00 EUR']],
        [[140, 'TOTAL'], [420, 'EUR 235,00']],
      ],
      'ocr',
      0.9,
    );
    // The stray amount sits 14 points below its row here; OCR puts it a few points off: move it closer.
    const lines = ocr.lines.map((l, i) => (i === 6 ? { ...l, y: (ocr.lines[5] as TextLine).y + 5 } : l));
    const folio = readFolio([{ ...ocr, lines }]);
    expect(folio?.document.lineItems.map((l) => [l.date, l.amountMinor])).toEqual([
      ['2026-04-03', 11600],
      ['2026-04-04', 11600],
      ['2026-04-04', 300],
    ]);
    expect(folio?.document.totalMinor).toBe(23500);
  });

  it('reads nothing from a page that is not a folio', () => {
    expect(readFolio([page([[[50, 'Dear guest, thank you for your stay.']], [[50, 'Kind regards']]])])).toBeNull();
    expect(readFolio([])).toBeNull();
  });
});
