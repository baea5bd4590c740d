import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CatalogGraph } from '../catalog/graph.js';
import { loadCatalog, readJsonl } from '../data-io.js';
import type { EntityRecognizer, TrainOptions } from '../ner/recognizer.js';
import { EntityRecognizer as Recognizer } from '../ner/recognizer.js';
import { modelFromJSON } from './model-io.js';

/** The package's own data folder (works from src/ and dist/). */
export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
/** Written by `pnpm build` (scripts/build-default-model.mjs); not committed. */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../default-model.json', import.meta.url));

/** Settings of the shipped model. Changing them changes what `pnpm build` produces. */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 8, hashBits: 16, gazDropout: 0.15, seed: 1 };

/** Trains the shipped default model on the package's sample shop (catalog A, train split). */
export function trainDefaultRecognizer(): EntityRecognizer {
  const graph = loadCatalog(`${DATA_DIR}catalog.json`);
  return Recognizer.train(readJsonl(`${DATA_DIR}train.jsonl`), graph, DEFAULT_TRAIN_OPTIONS);
}

let cached: EntityRecognizer | null = null;

/**
 * The shipped default model bound to `graph`: read from dist/default-model.json when built, otherwise
 * trained from the package data (a few seconds) so source checkouts work too.
 */
export function defaultRecognizer(graph: CatalogGraph): EntityRecognizer {
  if (!cached) cached = existsSync(DEFAULT_MODEL_PATH) ? modelFromJSON(JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')), graph) : trainDefaultRecognizer();
  return cached.withCatalog(graph);
}
