import type { EntityLabel } from '../catalog/aliases.js';
import type { CatalogGraph } from '../catalog/graph.js';
import { GAZ_TYPES, Gazetteer } from '../ner/gazetteer.js';
import type { Span } from '../ner/tags.js';

const LABEL_OF: Record<(typeof GAZ_TYPES)[number], EntityLabel> = {
  BRAND: 'BRAND', PRODUCT_CAT: 'PRODUCT', PRODUCT_MODEL: 'PRODUCT', COLOR: 'COLOR', SIZE: 'SIZE', FLAVOR: 'FLAVOR', SPEC: 'SPEC',
};

/**
 * The benchmark's baseline: greedy left-to-right longest match over the same gazetteer the model
 * uses (catalog + lexicon), no learning. What a dictionary/regex tagger would do.
 */
export class DictionaryTagger {
  private readonly gazetteer: Gazetteer;

  constructor(graph: CatalogGraph) {
    this.gazetteer = Gazetteer.fromCatalog(graph);
  }

  recognize(text: string): Span[] {
    const matches = this.gazetteer.matchText(text).sort((a, b) => a.start - b.start || b.end - a.end);
    const out: Span[] = [];
    let pos = 0;
    for (const m of matches) {
      if (m.start < pos) continue;
      const type = GAZ_TYPES.find((_, i) => m.types & (1 << i))!;
      out.push({ start: m.start, end: m.end, label: LABEL_OF[type] });
      pos = m.end;
    }
    return out;
  }
}
