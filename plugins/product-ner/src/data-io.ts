import { readFileSync } from 'node:fs';
import { CatalogGraph } from './catalog/graph.js';
import type { LabelledLine } from './ner/recognizer.js';

/** Parses JSON Lines; blank lines are skipped, a bad line names its number. */
export function parseJsonl<T = LabelledLine>(text: string): T[] {
  const out: T[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as T);
    } catch (e) {
      throw new Error(`line ${i + 1}: ${(e as Error).message}`);
    }
  });
  return out;
}

export function readJsonl<T = LabelledLine>(path: string): T[] {
  return parseJsonl<T>(readFileSync(path, 'utf8'));
}

/** Loads a catalog file: `.csv` as CSV, anything else as JSON. */
export function loadCatalog(path: string): CatalogGraph {
  const text = readFileSync(path, 'utf8');
  return path.toLowerCase().endsWith('.csv') ? CatalogGraph.fromCSV(text) : CatalogGraph.fromJSON(JSON.parse(text));
}
