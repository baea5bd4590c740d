import type { EntityLabel } from './catalog/aliases.js';
import type { CatalogGraph } from './catalog/graph.js';
import { type Candidate, type LinkerOptions, SkuLinker } from './link/linker.js';
import type { EntityRecognizer } from './ner/recognizer.js';

export interface AnalyzedEntity {
  start: number;
  end: number;
  label: EntityLabel;
  text: string;
}

export interface Analysis {
  entities: AnalyzedEntity[];
  product: string | null;
  sku: string | null;
  candidates: Candidate[];
}

/** Recognise + link: the one call the CLI, the plugin and the benchmark all use. */
export class ProductAnalyzer {
  readonly linker: SkuLinker;

  constructor(
    readonly recognizer: EntityRecognizer,
    readonly graph: CatalogGraph,
    linkerOptions?: LinkerOptions,
  ) {
    this.linker = new SkuLinker(graph, linkerOptions);
  }

  analyze(text: string): Analysis {
    const spans = this.recognizer.recognize(text);
    const link = this.linker.link(text, spans);
    return {
      entities: spans.map((s) => ({ start: s.start, end: s.end, label: s.label, text: text.slice(s.start, s.end) })),
      product: link.product,
      sku: link.sku,
      candidates: link.candidates,
    };
  }
}
