/** "Kontor ERP": a made-up in-house ERP fake plus its complete config (examples/kontor-erp.json). */
export { auftraege, fakeKontor, KONTOR_KEY, kontorConfig } from './fake-kontor.js';
export { kontorDelivery } from './webhook-helpers.js';
