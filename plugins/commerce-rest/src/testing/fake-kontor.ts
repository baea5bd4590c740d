import { readFileSync } from 'node:fs';
import { FakeServer, pageSlice } from '@keeper/commerce/testing';
import type { RestConfigInput } from '../config.js';

export const KONTOR_KEY = 'kontor-api-key-0123456789';

/** The integrator's whole "adapter" for this ERP: a JSON file. No code is written for it. */
export const kontorConfig = JSON.parse(readFileSync(new URL('../../examples/kontor-erp.json', import.meta.url), 'utf8')) as RestConfigInput;

/**
 * "Kontor ERP", a made-up in-house Java ERP: German field names, orders nested under `ergebnis`,
 * line items nested two levels deep, local timestamps without a zone, page-number paging with
 * `meta.seitenGesamt`, and errors (bad key, throttling) reported inside HTTP 200 bodies.
 */
function auftrag(n: number, extra: Record<string, unknown> = {}) {
  return {
    auftragsId: 77000 + n,
    belegNr: `AB-2024-${String(n).padStart(4, '0')}`,
    zustand: 'OFFEN',
    angelegtAm: `2024-03-${String(10 - n).padStart(2, '0')} 09:15:00`,
    kunde: { nr: 'K-100', mail: 'ann@example.com' },
    summe: { brutto: '19.90', netto: '16.72', waehrung: 'EUR' },
    positionen: [{ pos: 1, artikel: { nr: 'MUG-1', bezeichnung: 'Tasse' }, menge: 1, preis: { einzel: '19.90', gesamt: '19.90' } }],
    lieferungen: [],
    ...extra,
  };
}

export const auftraege = [
  auftrag(1, {
    zustand: 'VERSANDT',
    bemerkung: 'Bitte klingeln',
    summe: { brutto: 119.9, netto: 100.76, waehrung: 'EUR' },
    positionen: [
      { pos: 1, artikel: { nr: 'HOOD-M', bezeichnung: 'Kapuzenpullover', variante: 'M / Grau' }, menge: 2, preis: { einzel: 49.95, gesamt: 99.9 } },
      { pos: 2, artikel: { nr: 'SOCK-1', bezeichnung: 'Socken' }, menge: 1, preis: { einzel: '20.00', gesamt: '20.00' } },
    ],
    lieferungen: [{ spediteur: 'DHL', sendungsNr: '00340434161234567890', verfolgung: 'https://www.dhl.de/de/privatkunden.html?piececode=00340434161234567890', versandtAm: '2024-03-10 16:00:00' }],
  }),
  auftrag(2, { zustand: 'ZAHLUNG_AUSSTEHEND' }),
  auftrag(3, { zustand: 'STORNIERT' }),
  auftrag(4),
  auftrag(5, { zustand: 'SONDERFALL_X' }),
];

const variante = (nr: string, id: string, bezeichnung: string, betrag: string, bestand: number | null, eigenschaften: Record<string, string>) => ({
  id,
  nr,
  bezeichnung,
  vk: { betrag, waehrung: 'EUR' },
  bestand,
  eigenschaften: Object.entries(eigenschaften).map(([name, wert]) => ({ name, wert })),
});

/** The ERP's article master: products with their variants nested, local change times, a category path string. */
export const artikelstamm = [
  {
    artikelNr: 'A-100',
    bezeichnung: 'Kapuzenpullover',
    marke: 'Kontor Basics',
    warengruppe: 'Bekleidung > Oberteile > Kapuzenpullover',
    merkmale: { Material: 'Baumwolle', Waschtemperatur: 30, Zertifikate: ['GOTS'] },
    geaendertAm: '2024-05-01 10:00:00',
    varianten: [
      variante('HOOD-M', 'A-9', 'Kapuzenpullover M', '49.95', 12, { Größe: 'M', Farbe: 'Grau' }),
      variante('HOOD-L', 'A-10', 'Kapuzenpullover L', '49.95', 0, { Größe: 'L', Farbe: 'Grau' }),
    ],
  },
  { artikelNr: 'A-200', bezeichnung: 'Socken', marke: null, warengruppe: 'Bekleidung > Socken', merkmale: {}, geaendertAm: '2024-05-02 10:00:00', varianten: [variante('SOCK-1', 'A-20', 'Socken', '20.00', 40, { Größe: '39-42' })] },
  { artikelNr: 'A-300', bezeichnung: 'Tasse', marke: 'Kontor Home', warengruppe: 'Haushalt', merkmale: { Volumen: '300 ml' }, geaendertAm: '2024-05-03 10:00:00', varianten: [variante('MUG-1', 'A-30', 'Tasse', '19.90', null, {})] },
  { artikelNr: 'A-400', bezeichnung: 'Schal', marke: 'Kontor Basics', warengruppe: 'Accessoires', merkmale: {}, geaendertAm: '2024-06-10 09:00:00', varianten: [variante('SCARF-1', 'A-40', 'Schal', '15.00', 2, { Farbe: 'Rot' })] },
  { artikelNr: 'A-500', bezeichnung: 'Mütze', marke: 'Kontor Basics', warengruppe: 'Accessoires', merkmale: {}, geaendertAm: '2024-05-05 10:00:00', varianten: [variante('CAP-1', 'A-50', 'Mütze', '12.00', 5, { Farbe: 'Blau' })] },
];

const artikel = [{ id: 'A-9', nr: 'HOOD-M', bezeichnung: 'Kapuzenpullover M', vk: { betrag: '49.95', waehrung: 'EUR' }, bestand: 12 }];

export function fakeKontor(limit: { capacity: number; refillPerSecond: number }): Promise<FakeServer> {
  const list = (items: unknown[], q: URLSearchParams, key = 'auftraege') => {
    const slice = pageSlice(items, Number(q.get('seite') ?? 1), Number(q.get('proSeite') ?? 10));
    return { body: { ergebnis: { [key]: slice.items }, meta: { seite: Number(q.get('seite') ?? 1), seitenGesamt: slice.totalPages, anzahl: slice.total } } };
  };
  return new FakeServer({
    // This ERP answers a bad key with HTTP 200 and an error body.
    auth: (req) => (req.headers['x-kontor-key'] === KONTOR_KEY ? null : { body: { fehler: { code: 'SCHLUESSEL_UNGUELTIG', text: 'API-Schlüssel ungültig' } } }),
    rateLimit: {
      ...limit,
      reject: (_req, retryAfterMs) => ({ body: { fehler: { code: 'ZU_VIELE_ANFRAGEN', wartezeit: retryAfterMs / 1000 } } }),
    },
    routes: [
      {
        method: 'GET',
        path: '/api/v2/kunden',
        handler: (req) => ({
          body: { daten: req.query.get('mail') === 'ann@example.com' ? [{ kundenNr: 'K-100', vorname: 'Ann', nachname: 'Lee', kontakt: { mail: 'ann@example.com', mobil: '+49 151 000' } }] : [] },
        }),
      },
      { method: 'GET', path: '/api/v2/kunden/:id/auftraege', handler: (req) => list(auftraege.filter((a) => a.kunde.nr === req.params.id), req.query) },
      { method: 'GET', path: '/api/v2/auftraege', handler: (req) => list(auftraege.filter((a) => a.belegNr === req.query.get('belegNr')), req.query) },
      {
        method: 'GET',
        path: '/api/v2/auftraege/:id',
        handler: (req) => {
          const a = auftraege.find((x) => String(x.auftragsId) === req.params.id);
          return a ? { body: { ergebnis: a } } : { status: 404, body: { fehler: { code: 'NICHT_GEFUNDEN' } } };
        },
      },
      {
        method: 'GET',
        path: '/api/v2/artikelstamm',
        handler: (req) => {
          // Local times in one format compare as strings.
          const since = req.query.get('geaendertSeit');
          return list(artikelstamm.filter((a) => !since || a.geaendertAm >= since), req.query, 'artikel');
        },
      },
      {
        method: 'GET',
        path: '/api/v2/artikelstamm/:nr/varianten',
        handler: (req) => {
          const a = artikelstamm.find((x) => x.artikelNr === req.params.nr);
          return a ? { body: { daten: a.varianten } } : { status: 404, body: { fehler: { code: 'NICHT_GEFUNDEN' } } };
        },
      },
      { method: 'GET', path: '/api/v2/artikel', handler: (req) => ({ body: { daten: artikel.filter((a) => a.nr === req.query.get('nr')) } }) },
      {
        method: 'POST',
        path: '/api/v2/reklamationen',
        handler: (req) => ({ status: 201, body: { daten: { reklamationsNr: 'R-555', status: 'NEU', eingang: req.body } } }),
      },
    ],
  }).start();
}
