// Generates the folio corpus: one PDF and one ground-truth JSON per folio of folios.mjs, in the layouts of common
// hotel property-management systems. Image-only scans are the text PDF rendered by pdf.js on a canvas, rotated a
// little, and wrapped in a PDF that holds nothing but the picture.
// Usage: node services/extractor/test/corpus/generate.mjs [outDir]   (default: the pdf/ folder beside this file)
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { corpusFolios, random } from './folios.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// ---- formats --------------------------------------------------------------------------------------------------

function groupThousands(int, sep) {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** 1,234.56 (en), 1.234,56 (de, es), 1 234,56 (fr), 1'234.56 (CHF). */
export function money(minor, f) {
  const neg = minor < 0;
  const abs = Math.abs(minor);
  const int = String(Math.floor(abs / 100));
  const dec = String(abs % 100).padStart(2, '0');
  let s;
  if (f.currency === 'CHF') s = `${groupThousands(int, "'")}.${dec}`;
  else if (f.language === 'en') s = `${groupThousands(int, ',')}.${dec}`;
  else if (f.language === 'fr') s = `${groupThousands(int, ' ')},${dec}`;
  else s = `${groupThousands(int, '.')},${dec}`;
  return neg ? `-${s}` : s;
}

const SYMBOL = { USD: '$', EUR: '€', GBP: '£', CHF: 'CHF ' };

function withSymbol(minor, f) {
  const m = money(Math.abs(minor), f);
  const sign = minor < 0 ? '-' : '';
  if (f.currency === 'EUR' && f.language !== 'en') return `${sign}${m} €`;
  return `${sign}${SYMBOL[f.currency]}${m}`;
}

const MONTHS = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
};

function parts(iso) {
  const [y, m, d] = iso.split('-');
  return { y, m, d, yy: y.slice(2) };
}

/** Dates as each PMS family prints them; month first only for US dollars (US properties). */
function date(iso, f, style) {
  const { y, m, d, yy } = parts(iso);
  const us = f.currency === 'USD';
  switch (style) {
    case 'short': // Opera: two-digit year
      if (us) return `${m}-${d}-${yy}`;
      return f.language === 'de' ? `${d}.${m}.${yy}` : `${d}/${m}/${yy}`;
    case 'numeric':
      if (us) return `${m}/${d}/${y}`;
      return f.language === 'de' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
    case 'mews':
      if (f.language === 'en') return `${Number(d)} ${MONTHS.en[Number(m) - 1].slice(0, 3)} ${y}`;
      return f.language === 'de' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
    case 'long': {
      const month = MONTHS[f.language][Number(m) - 1];
      if (f.language === 'en') return `${Number(d)} ${month} ${y}`;
      if (f.language === 'de') return `${Number(d)}. ${month} ${y}`;
      if (f.language === 'fr') return `${Number(d)} ${month} ${y}`;
      return `${Number(d)} de ${month} de ${y}`;
    }
    default:
      throw new Error(`unknown date style ${style}`);
  }
}

// ---- labels ---------------------------------------------------------------------------------------------------

const L = {
  opera: {
    en: { title: 'INFORMATION INVOICE', guest: 'Name', room: 'Room No.', arrival: 'Arrival', departure: 'Departure', conf: 'Conf. No.', folio: 'Folio No.', page: 'Page No.', of: 'of', date: 'Date', desc: 'Description', charges: 'Charges', credits: 'Credits', total: 'Total', balance: 'Balance', vat: 'VAT', net: 'Net' },
    de: { title: 'RECHNUNG', guest: 'Gast', room: 'Zimmer', arrival: 'Anreise', departure: 'Abreise', conf: 'Buchungsnr.', folio: 'Rechnungsnr.', page: 'Seite', of: 'von', date: 'Datum', desc: 'Beschreibung', charges: 'Belastung', credits: 'Gutschrift', total: 'Summe', balance: 'Saldo', vat: 'MwSt.', net: 'Netto' },
    fr: { title: 'FACTURE', guest: 'Client', room: 'Chambre', arrival: 'Arrivée', departure: 'Départ', conf: 'N° confirmation', folio: 'Facture N°', page: 'Page', of: 'sur', date: 'Date', desc: 'Désignation', charges: 'Débit', credits: 'Crédit', total: 'Total', balance: 'Solde', vat: 'TVA', net: 'HT' },
    es: { title: 'FACTURA', guest: 'Huésped', room: 'Habitación', arrival: 'Llegada', departure: 'Salida', conf: 'N.º confirmación', folio: 'Factura N.º', page: 'Página', of: 'de', date: 'Fecha', desc: 'Concepto', charges: 'Cargo', credits: 'Abono', total: 'Total', balance: 'Saldo', vat: 'IVA', net: 'Base' },
  },
  mews: {
    en: { title: 'Invoice', folio: 'Invoice number', guest: 'Customer', arrival: 'Arrival', departure: 'Departure', room: 'Space', conf: 'Reservation', currency: 'Currency', date: 'Date', item: 'Item', amount: 'Amount', total: 'Total', paid: 'Paid', balance: 'Balance', rate: 'VAT rate', net: 'Net', tax: 'Tax', gross: 'Gross', issued: 'Issued' },
    de: { title: 'Rechnung', folio: 'Rechnungsnummer', guest: 'Kunde', arrival: 'Ankunft', departure: 'Abreise', room: 'Zimmer', conf: 'Reservierung', currency: 'Währung', date: 'Datum', item: 'Posten', amount: 'Betrag', total: 'Gesamt', paid: 'Bezahlt', balance: 'Saldo', rate: 'MwSt.-Satz', net: 'Netto', tax: 'Steuer', gross: 'Brutto', issued: 'Ausgestellt' },
    fr: { title: 'Facture', folio: 'Numéro de facture', guest: 'Client', arrival: 'Arrivée', departure: 'Départ', room: 'Chambre', conf: 'Réservation', currency: 'Devise', date: 'Date', item: 'Article', amount: 'Montant', total: 'Total', paid: 'Payé', balance: 'Solde', rate: 'Taux TVA', net: 'HT', tax: 'TVA', gross: 'TTC', issued: 'Émise le' },
    es: { title: 'Factura', folio: 'Número de factura', guest: 'Cliente', arrival: 'Llegada', departure: 'Salida', room: 'Habitación', conf: 'Reserva', currency: 'Moneda', date: 'Fecha', item: 'Concepto', amount: 'Importe', total: 'Total', paid: 'Pagado', balance: 'Saldo', rate: 'Tipo IVA', net: 'Base', tax: 'Cuota', gross: 'Total', issued: 'Emitida' },
  },
  cloudbeds: {
    en: { title: 'GUEST FOLIO', folio: 'Folio #', guest: 'Guest:', conf: 'Reservation #:', room: 'Room:', arrival: 'Check-In:', departure: 'Check-Out:', date: 'Date', desc: 'Description', debit: 'Debit', credit: 'Credit', total: 'Total Charges', payments: 'Total Payments', balance: 'Balance Due', taxes: 'Taxes included', tax: 'Tax' },
    de: { title: 'GASTFOLIO', folio: 'Folio-Nr.', guest: 'Gast:', conf: 'Reservierungsnr.:', room: 'Zimmer:', arrival: 'Check-in:', departure: 'Check-out:', date: 'Datum', desc: 'Beschreibung', debit: 'Soll', credit: 'Haben', total: 'Gesamtbetrag', payments: 'Zahlungen', balance: 'Offener Betrag', taxes: 'Enthaltene Steuern', tax: 'MwSt.' },
    fr: { title: 'FOLIO CLIENT', folio: 'Folio n°', guest: 'Client :', conf: 'Réservation n° :', room: 'Chambre :', arrival: 'Arrivée :', departure: 'Départ :', date: 'Date', desc: 'Description', debit: 'Débit', credit: 'Crédit', total: 'Total des frais', payments: 'Total des paiements', balance: 'Solde dû', taxes: 'Taxes incluses', tax: 'TVA' },
    es: { title: 'FOLIO DEL HUÉSPED', folio: 'Folio n.º', guest: 'Huésped:', conf: 'Reserva n.º:', room: 'Habitación:', arrival: 'Entrada:', departure: 'Salida:', date: 'Fecha', desc: 'Descripción', debit: 'Débito', credit: 'Crédito', total: 'Total cargos', payments: 'Total pagos', balance: 'Saldo pendiente', taxes: 'Impuestos incluidos', tax: 'IVA' },
  },
  independent: {
    en: { title: 'INVOICE', folio: 'Invoice No.', guest: 'Guest name:', room: 'Room', stay: 'Stay:', nights: 'nights', ref: 'Your booking ref.:', total: 'TOTAL', incl: 'incl. VAT', paid: 'Paid by', balance: 'Balance', thanks: 'Thank you for staying with us.' },
    de: { title: 'RECHNUNG', folio: 'Rechnung Nr.', guest: 'Gast:', room: 'Zimmer', stay: 'Aufenthalt:', nights: 'Nächte', ref: 'Ihre Buchungsnummer:', total: 'GESAMT', incl: 'inkl. MwSt.', paid: 'Bezahlt mit', balance: 'Restbetrag', thanks: 'Vielen Dank für Ihren Aufenthalt.' },
    fr: { title: 'FACTURE', folio: 'Facture N°', guest: 'Client :', room: 'Chambre', stay: 'Séjour :', nights: 'nuits', ref: 'Votre réf. de réservation :', total: 'TOTAL TTC', incl: 'dont TVA', paid: 'Réglé par', balance: 'Reste à payer', thanks: 'Merci de votre séjour.' },
    es: { title: 'FACTURA', folio: 'Factura N.º', guest: 'Huésped:', room: 'Habitación', stay: 'Estancia:', nights: 'noches', ref: 'Su ref. de reserva:', total: 'TOTAL', incl: 'IVA incluido', paid: 'Pagado con', balance: 'Pendiente', thanks: 'Gracias por su estancia.' },
  },
  protel: {
    de: { title: 'RECHNUNG', folio: 'Rechnungs-Nr.', issued: 'Datum', room: 'Zimmer', arrival: 'Anreise', departure: 'Abreise', conf: 'Reservierungs-Nr.', amounts: 'Beträge in', date: 'Datum', desc: 'Leistung', qty: 'Anz.', unit: 'Einzelpreis', amount: 'Gesamt', total: 'Rechnungsbetrag', balance: 'Offener Saldo', vat: 'enthaltene MwSt.', net: 'netto', street: 'Musterstraße 12', city: '10115 Berlin' },
    en: { title: 'INVOICE', folio: 'Invoice no.', issued: 'Date', room: 'Room', arrival: 'Arrival', departure: 'Departure', conf: 'Booking no.', amounts: 'Amounts in', date: 'Date', desc: 'Service', qty: 'Qty', unit: 'Unit price', amount: 'Amount', total: 'Invoice total', balance: 'Balance', vat: 'VAT included', net: 'net', street: '14 High Street', city: 'Oxford OX1 4AA' },
    fr: { title: 'FACTURE', folio: 'Facture n°', issued: 'Date', room: 'Chambre', arrival: 'Arrivée', departure: 'Départ', conf: 'Réservation n°', amounts: 'Montants en', date: 'Date', desc: 'Prestation', qty: 'Qté', unit: 'Prix unitaire', amount: 'Montant', total: 'Montant total', balance: 'Solde', vat: 'dont TVA', net: 'HT', street: '8 rue des Lilas', city: '69003 Lyon' },
    es: { title: 'FACTURA', folio: 'Factura n.º', issued: 'Fecha', room: 'Habitación', arrival: 'Llegada', departure: 'Salida', conf: 'Reserva n.º', amounts: 'Importes en', date: 'Fecha', desc: 'Servicio', qty: 'Cant.', unit: 'Precio unitario', amount: 'Importe', total: 'Importe total', balance: 'Saldo', vat: 'IVA incluido', net: 'base', street: 'Calle Luna 3', city: '41001 Sevilla' },
  },
};

const ADDRESS = {
  US: '1200 Harbor Blvd, San Diego, CA 92101', DE: 'Alsterufer 12, 20354 Hamburg', FR: '14 quai du Port, 13002 Marseille',
  GB: '22 Cromwell Road, London SW7 4QT', ES: 'Calle Mayor 8, 28013 Madrid', CH: 'Haldenstrasse 4, 6006 Luzern',
  IE: '7 Ormond Quay, Dublin D07 F2X3', AT: 'Kärntner Strasse 9, 1010 Wien',
};

function guestPrinted(f, style) {
  const { first, last, title } = f.guest;
  if (style === 'opera') return `${last.toUpperCase()}, ${first}`;
  if (style === 'titled') return `${title} ${first} ${last}`;
  return `${first} ${last}`;
}

function rateText(rate, f) {
  const r = String(rate);
  return f.language === 'en' ? r : r.replace('.', ',');
}

// ---- drawing --------------------------------------------------------------------------------------------------

class Doc {
  constructor(pdf, fonts, size) {
    this.pdf = pdf;
    this.fonts = fonts;
    this.size = size;
    this.pages = [];
  }
  newPage() {
    const page = this.pdf.addPage(this.size);
    this.pages.push(page);
    this.page = page;
    return page;
  }
  text(x, y, s, { font = 'regular', size = 9, align = 'left', grey = false } = {}) {
    const f = this.fonts[font];
    const width = f.widthOfTextAtSize(s, size);
    const dx = align === 'right' ? x - width : x;
    this.page.drawText(s, { x: dx, y, size, font: f, color: grey ? rgb(0.35, 0.35, 0.35) : rgb(0, 0, 0) });
  }
  rule(y, x1 = 40, x2 = this.size[0] - 40) {
    this.page.drawLine({ start: { x: x1, y }, end: { x: x2, y }, thickness: 0.6, color: rgb(0.5, 0.5, 0.5) });
  }
}

async function newDoc(f, family) {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Folio ${f.folioNumber}`);
  pdf.setProducer('folio corpus');
  pdf.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  pdf.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  const mono = family === 'mono';
  const fonts = {
    regular: await pdf.embedFont(mono ? StandardFonts.Courier : StandardFonts.Helvetica),
    bold: await pdf.embedFont(mono ? StandardFonts.CourierBold : StandardFonts.HelveticaBold),
  };
  const size = f.currency === 'USD' ? [612, 792] : [595.28, 841.89];
  return new Doc(pdf, fonts, size);
}

/** Splits rows over pages: `perFirst` rows on the first page, `perNext` on the others. */
function paginate(rows, perFirst, perNext) {
  const pages = [rows.slice(0, perFirst)];
  for (let i = perFirst; i < rows.length; i += perNext) pages.push(rows.slice(i, i + perNext));
  return pages;
}

async function opera(f) {
  const l = L.opera[f.language];
  const d = await newDoc(f, 'mono');
  const rows = [...f.lineItems, f.payment];
  const chunks = paginate(rows, 30, 44);
  const right = d.size[0] - 50;
  chunks.forEach((chunk, p) => {
    d.newPage();
    let y = d.size[1] - 60;
    d.text(50, y, f.hotel, { font: 'bold', size: 13 });
    d.text(50, y - 14, ADDRESS[f.country], { size: 8 });
    y -= 50;
    d.text(330, y, l.title, { font: 'bold', size: 11 });
    y -= 24;
    const info = [
      [l.room, f.roomNumber],
      [l.arrival, date(f.arrival, f, 'short')],
      [l.departure, date(f.departure, f, 'short')],
      ...(f.confirmationNumber ? [[l.conf, f.confirmationNumber]] : []),
      [l.folio, f.folioNumber],
      [l.page, `${p + 1} ${l.of} ${chunks.length}`],
    ];
    d.text(50, y, `${l.guest} :`, { size: 9 });
    d.text(110, y, guestPrinted(f, 'opera'), { size: 9 });
    info.forEach(([k, v], i) => {
      d.text(330, y - i * 12, k, { size: 9 });
      d.text(440, y - i * 12, `: ${v}`, { size: 9 });
    });
    y -= info.length * 12 + 20;
    d.text(50, y, l.date, { font: 'bold' });
    d.text(120, y, l.desc, { font: 'bold' });
    d.text(right - 90, y, l.charges, { font: 'bold', align: 'right' });
    d.text(right, y, l.credits, { font: 'bold', align: 'right' });
    d.rule(y - 4);
    y -= 18;
    for (const r of chunk) {
      d.text(50, y, date(r.date, f, 'short'));
      d.text(120, y, r.description);
      if (r.amountMinor >= 0) d.text(right - 90, y, money(r.amountMinor, f), { align: 'right' });
      else d.text(right, y, money(-r.amountMinor, f), { align: 'right' });
      y -= 13;
    }
    if (p === chunks.length - 1) {
      d.rule(y + 4);
      y -= 10;
      d.text(120, y, `${l.total}`, { font: 'bold' });
      d.text(right - 90, y, money(f.totalMinor, f), { align: 'right', font: 'bold' });
      d.text(right, y, money(f.totalMinor, f), { align: 'right', font: 'bold' });
      y -= 14;
      d.text(120, y, `${l.balance}`, { font: 'bold' });
      d.text(right - 90, y, `${money(0, f)} ${f.currency}`, { align: 'right', font: 'bold' });
      y -= 26;
      if (f.country !== 'US') {
        for (const t of f.taxes) {
          d.text(120, y, `${l.vat} ${rateText(t.ratePercent, f)}%`, { size: 8 });
          d.text(300, y, `${l.net} ${money(t.netMinor, f)}`, { size: 8 });
          d.text(right - 90, y, money(t.taxMinor, f), { size: 8, align: 'right' });
          y -= 11;
        }
      }
    }
  });
  return d;
}

async function mews(f) {
  const l = L.mews[f.language];
  const d = await newDoc(f, 'sans');
  const chunks = paginate(f.lineItems, 26, 42);
  const right = d.size[0] - 50;
  chunks.forEach((chunk, p) => {
    d.newPage();
    let y = d.size[1] - 60;
    d.text(50, y, f.hotel, { font: 'bold', size: 14 });
    d.text(right, y, l.title, { font: 'bold', size: 20, align: 'right' });
    d.text(50, y - 14, ADDRESS[f.country], { size: 8, grey: true });
    d.text(right, y - 30, `${p + 1}/${chunks.length}`, { size: 8, align: 'right', grey: true });
    if (p === 0) {
      y -= 60;
      const block = (cells) => {
        cells.forEach(([k, v], i) => {
          d.text(50 + i * 128, y, k, { size: 7, grey: true });
          d.text(50 + i * 128, y - 12, v, { size: 10 });
        });
        y -= 34;
      };
      block([
        [l.folio, f.folioNumber],
        [l.guest, guestPrinted(f, 'plain')],
        [l.arrival, date(f.arrival, f, 'mews')],
        [l.departure, date(f.departure, f, 'mews')],
      ]);
      block([
        [l.room, f.roomNumber],
        [l.conf, f.confirmationNumber ?? '-'],
        [l.currency, f.currency],
        [l.issued, date(f.departure, f, 'mews')],
      ]);
    } else {
      y -= 40;
      d.text(50, y, `${l.folio} ${f.folioNumber}`, { size: 8, grey: true });
      y -= 20;
    }
    d.text(50, y, l.date, { size: 8, grey: true });
    d.text(150, y, l.item, { size: 8, grey: true });
    d.text(right, y, `${l.amount} (${f.currency})`, { size: 8, grey: true, align: 'right' });
    d.rule(y - 5);
    y -= 18;
    for (const r of chunk) {
      d.text(50, y, date(r.date, f, 'mews'));
      d.text(150, y, r.description);
      d.text(right, y, money(r.amountMinor, f), { align: 'right' });
      y -= 14;
    }
    if (p === chunks.length - 1) {
      d.rule(y + 6);
      y -= 10;
      d.text(350, y, l.total, { font: 'bold', size: 11 });
      d.text(right, y, `${money(f.totalMinor, f)} ${f.currency}`, { font: 'bold', size: 11, align: 'right' });
      y -= 16;
      d.text(350, y, `${l.paid} (${f.payment.description})`, { size: 9 });
      d.text(right, y, money(f.payment.amountMinor, f), { align: 'right' });
      y -= 14;
      d.text(350, y, l.balance, { size: 9 });
      d.text(right, y, money(0, f), { align: 'right' });
      y -= 30;
      if (f.country === 'US') return; // sales taxes are lines of their own
      const cols = [50, 200, 300, 400];
      [l.rate, l.net, l.tax, l.gross].forEach((h, i) => d.text(cols[i] + (i ? 60 : 0), y, h, { size: 7, grey: true, align: i ? 'right' : 'left' }));
      y -= 12;
      for (const t of f.taxes) {
        const net = t.netMinor ?? 0;
        d.text(cols[0], y, `${rateText(t.ratePercent, f)} %`, { size: 8 });
        d.text(cols[1] + 60, y, money(net, f), { size: 8, align: 'right' });
        d.text(cols[2] + 60, y, money(t.taxMinor, f), { size: 8, align: 'right' });
        d.text(cols[3] + 60, y, money(net + t.taxMinor, f), { size: 8, align: 'right' });
        y -= 11;
      }
    }
  });
  return d;
}

async function cloudbeds(f) {
  const l = L.cloudbeds[f.language];
  const d = await newDoc(f, 'sans');
  const rows = [...f.lineItems, f.payment];
  const chunks = paginate(rows, 32, 46);
  const right = d.size[0] - 45;
  chunks.forEach((chunk, p) => {
    d.newPage();
    let y = d.size[1] - 55;
    d.text(45, y, f.hotel, { font: 'bold', size: 15 });
    d.text(45, y - 15, ADDRESS[f.country], { size: 8 });
    d.text(right, y, l.title, { font: 'bold', size: 12, align: 'right' });
    d.text(right, y - 15, `${l.folio} ${f.folioNumber}`, { size: 9, align: 'right' });
    y -= 55;
    if (p === 0) {
      d.text(45, y, l.guest, { font: 'bold' });
      d.text(115, y, guestPrinted(f, 'titled'));
      d.text(330, y, l.arrival, { font: 'bold' });
      d.text(430, y, date(f.arrival, f, 'numeric'));
      y -= 14;
      d.text(45, y, l.room, { font: 'bold' });
      d.text(115, y, f.roomNumber);
      d.text(330, y, l.departure, { font: 'bold' });
      d.text(430, y, date(f.departure, f, 'numeric'));
      y -= 14;
      if (f.confirmationNumber) {
        d.text(45, y, l.conf, { font: 'bold' });
        d.text(150, y, f.confirmationNumber);
      }
      y -= 26;
    }
    d.text(45, y, l.date, { font: 'bold' });
    d.text(125, y, l.desc, { font: 'bold' });
    d.text(right - 95, y, l.debit, { font: 'bold', align: 'right' });
    d.text(right, y, l.credit, { font: 'bold', align: 'right' });
    d.rule(y - 4, 45, right);
    y -= 17;
    for (const r of chunk) {
      d.text(45, y, date(r.date, f, 'numeric'));
      d.text(125, y, r.description);
      if (r.amountMinor >= 0) d.text(right - 95, y, withSymbol(r.amountMinor, f), { align: 'right' });
      else d.text(right, y, withSymbol(-r.amountMinor, f), { align: 'right' });
      y -= 13;
    }
    d.text(right, 30, `${p + 1} / ${chunks.length}`, { size: 7, align: 'right' });
    if (p === chunks.length - 1) {
      d.rule(y + 4, 45, right);
      y -= 12;
      d.text(330, y, l.total, { font: 'bold' });
      d.text(right, y, withSymbol(f.totalMinor, f), { font: 'bold', align: 'right' });
      y -= 14;
      d.text(330, y, l.payments, {});
      d.text(right, y, withSymbol(-f.payment.amountMinor, f), { align: 'right' });
      y -= 14;
      d.text(330, y, l.balance, { font: 'bold' });
      d.text(right, y, withSymbol(0, f), { font: 'bold', align: 'right' });
      y -= 26;
      if (f.country !== 'US') {
        d.text(45, y, l.taxes, { size: 8, font: 'bold' });
        y -= 12;
        for (const t of f.taxes) {
          d.text(45, y, `${l.tax} ${rateText(t.ratePercent, f)}%`, { size: 8 });
          d.text(200, y, withSymbol(t.taxMinor, f), { size: 8, align: 'right' });
          y -= 11;
        }
      }
    }
  });
  return d;
}

async function independent(f) {
  const l = L.independent[f.language];
  const d = await newDoc(f, 'sans');
  const chunks = paginate(f.lineItems, 28, 46);
  chunks.forEach((chunk, p) => {
    d.newPage();
    let y = d.size[1] - 70;
    d.text(60, y, f.hotel.toUpperCase(), { font: 'bold', size: 16 });
    d.text(60, y - 16, ADDRESS[f.country], { size: 9 });
    y -= 60;
    if (p === 0) {
      d.text(60, y, `${l.folio} ${f.folioNumber}`, { font: 'bold', size: 12 });
      y -= 24;
      d.text(60, y, `${l.guest} ${guestPrinted(f, 'titled')}`);
      y -= 14;
      d.text(60, y, `${l.room} ${f.roomNumber}`);
      y -= 14;
      const nights = Math.round((Date.parse(f.departure) - Date.parse(f.arrival)) / 86_400_000);
      d.text(60, y, `${l.stay} ${date(f.arrival, f, 'long')} – ${date(f.departure, f, 'long')} (${nights} ${l.nights})`);
      y -= 14;
      if (f.confirmationNumber) {
        d.text(60, y, `${l.ref} ${f.confirmationNumber}`);
        y -= 14;
      }
      y -= 16;
    } else {
      d.text(60, y, `${l.folio} ${f.folioNumber} (${p + 1})`, { size: 9 });
      y -= 20;
    }
    for (const r of chunk) {
      d.text(60, y, date(r.date, f, 'numeric'));
      d.text(140, y, r.description);
      d.text(470, y, `${money(r.amountMinor, f)} ${f.currency}`, { align: 'right' });
      y -= 14;
    }
    if (p === chunks.length - 1) {
      y -= 10;
      d.text(140, y, l.total, { font: 'bold', size: 11 });
      d.text(470, y, `${f.currency} ${money(f.totalMinor, f)}`, { font: 'bold', size: 11, align: 'right' });
      y -= 16;
      if (f.country !== 'US') {
        for (const t of f.taxes) {
          d.text(140, y, `${l.incl} ${rateText(t.ratePercent, f)}%`, { size: 8 });
          d.text(470, y, money(t.taxMinor, f), { size: 8, align: 'right' });
          y -= 11;
        }
      }
      y -= 8;
      d.text(140, y, `${l.paid} ${f.payment.description}`, { size: 9 });
      d.text(470, y, money(f.payment.amountMinor, f), { size: 9, align: 'right' });
      y -= 14;
      d.text(140, y, l.balance, { size: 9 });
      d.text(470, y, money(0, f), { size: 9, align: 'right' });
      y -= 30;
      d.text(60, y, l.thanks, { size: 9 });
    }
  });
  return d;
}

async function protel(f) {
  const l = L.protel[f.language];
  const d = await newDoc(f, 'sans');
  const rows = [...f.lineItems, f.payment];
  const chunks = paginate(rows, 28, 44);
  const right = d.size[0] - 50;
  chunks.forEach((chunk, p) => {
    d.newPage();
    let y = d.size[1] - 50;
    d.text(50, y, f.hotel, { font: 'bold', size: 14 });
    d.text(50, y - 13, `${ADDRESS[f.country]} · ${l.title.toLowerCase()}@${f.hotel.toLowerCase().replace(/[^a-z]/g, '').slice(0, 12)}.example`, { size: 7, grey: true });
    y -= 60;
    if (p === 0) {
      // The guest in the window of the envelope, without a label.
      d.text(50, y, guestPrinted(f, 'titled'), { size: 10 });
      d.text(50, y - 13, l.street, { size: 10 });
      d.text(50, y - 26, l.city, { size: 10 });
      const info = [
        [l.folio, f.folioNumber],
        [l.issued, date(f.departure, f, 'numeric')],
        [l.room, f.roomNumber],
        [l.arrival, date(f.arrival, f, 'numeric')],
        [l.departure, date(f.departure, f, 'numeric')],
        ...(f.confirmationNumber ? [[l.conf, f.confirmationNumber]] : []),
      ];
      info.forEach(([k, v], i) => {
        d.text(330, y - i * 12, k, { size: 9 });
        d.text(440, y - i * 12, v, { size: 9 });
      });
      y -= Math.max(3, info.length) * 12 + 20;
      d.text(50, y, l.title, { font: 'bold', size: 16 });
      d.text(right, y, `${l.amounts} ${f.currency}`, { size: 8, align: 'right' });
      y -= 24;
    } else {
      d.text(50, y, `${l.folio} ${f.folioNumber} – ${p + 1}`, { size: 9 });
      y -= 24;
    }
    d.text(50, y, l.date, { font: 'bold', size: 8 });
    d.text(120, y, l.desc, { font: 'bold', size: 8 });
    d.text(360, y, l.qty, { font: 'bold', size: 8, align: 'right' });
    d.text(440, y, l.unit, { font: 'bold', size: 8, align: 'right' });
    d.text(right, y, l.amount, { font: 'bold', size: 8, align: 'right' });
    d.rule(y - 4, 50, right);
    y -= 16;
    for (const r of chunk) {
      const qty = r.kind === 'FOOD_AND_BEVERAGE' && r.amountMinor % 2 === 0 && r.amountMinor >= 2000 ? 2 : 1;
      d.text(50, y, date(r.date, f, 'numeric'));
      d.text(120, y, r.description);
      d.text(360, y, String(qty), { align: 'right' });
      d.text(440, y, money(r.amountMinor / qty, f), { align: 'right' });
      d.text(right, y, money(r.amountMinor, f), { align: 'right' });
      y -= 13;
    }
    d.text(right, 30, `${p + 1}/${chunks.length}`, { size: 7, align: 'right', grey: true });
    if (p === chunks.length - 1) {
      d.rule(y + 4, 50, right);
      y -= 12;
      d.text(120, y, l.total, { font: 'bold' });
      d.text(right, y, `${f.currency} ${money(f.totalMinor, f)}`, { font: 'bold', align: 'right' });
      y -= 14;
      d.text(120, y, l.balance);
      d.text(right, y, money(0, f), { align: 'right' });
      y -= 24;
      if (f.country !== 'US') {
        for (const t of f.taxes) {
          d.text(120, y, `${l.vat} ${rateText(t.ratePercent, f)} %`, { size: 8 });
          d.text(360, y, `${l.net} ${money(t.netMinor, f)}`, { size: 8, align: 'right' });
          d.text(right, y, money(t.taxMinor, f), { size: 8, align: 'right' });
          y -= 11;
        }
      }
    }
  });
  return d;
}

const RENDER = { opera, mews, cloudbeds, independent, protel };

// ---- scans ----------------------------------------------------------------------------------------------------

/** Rasterises every page of a text PDF and wraps the pictures in a new, image-only PDF. */
/**
 * quality: `good` is a 200 dpi office scan; `poor` a 150 dpi scan of a crumpled copy: speckles, a fold line,
 * faded toner and heavier JPEG compression.
 */
async function scanOf(bytes, angle, quality, seed) {
  const rnd = random(seed);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { createCanvas } = await import('@napi-rs/canvas');
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl: join(root, 'standard_fonts/'),
    verbosity: 0,
  }).promise;
  const out = await PDFDocument.create();
  out.setProducer('folio corpus scanner');
  out.setCreationDate(new Date('2026-01-01T00:00:00Z'));
  out.setModificationDate(new Date('2026-01-01T00:00:00Z'));
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const scale = (quality === 'poor' ? 150 : 200) / 72;
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvasContext: ctx, viewport, canvas }).promise;
    // A sheet fed a little crooked, on slightly grey paper.
    const tilted = createCanvas(canvas.width, canvas.height);
    const t = tilted.getContext('2d');
    t.fillStyle = '#f4f4f2';
    t.fillRect(0, 0, tilted.width, tilted.height);
    t.translate(tilted.width / 2, tilted.height / 2);
    t.rotate((angle * Math.PI) / 180);
    t.globalCompositeOperation = 'multiply';
    if (quality === 'poor') t.globalAlpha = 0.72; // faded toner
    t.drawImage(canvas, -canvas.width / 2, -canvas.height / 2);
    t.setTransform(1, 0, 0, 1, 0, 0);
    t.globalAlpha = 1;
    const specks = quality === 'poor' ? 2500 : 300;
    for (let k = 0; k < specks; k++) {
      t.fillStyle = `rgba(0,0,0,${(0.2 + rnd() * 0.5).toFixed(2)})`;
      t.fillRect(rnd() * tilted.width, rnd() * tilted.height, 1 + rnd() * 2, 1 + rnd() * 2);
    }
    if (quality === 'poor') {
      t.fillStyle = 'rgba(0,0,0,0.08)';
      t.fillRect(0, tilted.height * (0.3 + rnd() * 0.4), tilted.width, 3);
    }
    const jpeg = await tilted.encode('jpeg', quality === 'poor' ? 50 : 70);
    const img = await out.embedJpg(jpeg);
    const { width, height } = page.getViewport({ scale: 1 });
    const p = out.addPage([width, height]);
    p.drawImage(img, { x: 0, y: 0, width, height });
  }
  await doc.destroy();
  return out.save();
}

// ---- main -----------------------------------------------------------------------------------------------------

export async function generate(outDir) {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const folios = corpusFolios();
  for (const [i, f] of folios.entries()) {
    const doc = await RENDER[f.layout](f);
    let bytes = await doc.pdf.save({ useObjectStreams: false });
    if (f.scan) bytes = await scanOf(bytes, i % 2 === 0 ? 0.4 : -0.3, f.scanQuality, 5000 + i);
    await writeFile(join(outDir, `${f.id}.pdf`), bytes);
    const truth = {
      ...f,
      pages: doc.pages.length,
      guestPrinted: guestPrinted(f, f.layout === 'opera' ? 'opera' : f.layout === 'mews' ? 'plain' : 'titled'),
    };
    await writeFile(join(outDir, `${f.id}.json`), `${JSON.stringify(truth, null, 2)}\n`);
  }
  return folios.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outDir = process.argv[2] ?? join(here, 'pdf');
  const n = await generate(outDir);
  console.log(`${n} folios written to ${outDir}`);
}

