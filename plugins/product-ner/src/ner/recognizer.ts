import type { EntityLabel } from '../catalog/aliases.js';
import type { CatalogGraph } from '../catalog/graph.js';
import { FeatureExtractor, SLOTS } from './features.js';
import { Gazetteer } from './gazetteer.js';
import { PerceptronTrainer, SequenceModel } from './perceptron.js';
import { jiebaSegmenter, type Segmenter } from './segment.js';
import { type Span, spansToTags, tagsToSpans } from './tags.js';

export interface EntityAnnotation {
  start: number;
  end: number;
  label: EntityLabel;
  text?: string;
}

export interface LabelledLine {
  id: string;
  text: string;
  entities: EntityAnnotation[];
  sku?: string | null;
  product?: string | null;
}

export interface TrainOptions {
  epochs?: number;
  /** log2 of the number of hashed feature buckets. */
  hashBits?: number;
  gazDropout?: number;
  seed?: number;
  /** Use jieba word boundaries as features (default true). */
  segmentation?: boolean;
}

export interface ModelMeta {
  hashBits: number;
  segmentation: boolean;
  trainedOn: number;
  epochs: number;
  trainedAt: string;
}

/** Long messages are tagged in windows of this many code units. */
const WINDOW = 512;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A trained model bound to a catalog's gazetteer: text in, entity spans out. */
export class EntityRecognizer {
  private readonly extractor: FeatureExtractor;
  private feats = new Int32Array(WINDOW * SLOTS);
  private readonly tags = new Uint8Array(WINDOW);

  constructor(
    readonly model: SequenceModel,
    readonly meta: ModelMeta,
    readonly graph: CatalogGraph,
    segmenter: Segmenter | null = meta.segmentation ? jiebaSegmenter() : null,
  ) {
    this.extractor = new FeatureExtractor((1 << meta.hashBits) - 1, Gazetteer.fromCatalog(graph), segmenter);
  }

  recognize(text: string): Span[] {
    const out: Span[] = [];
    for (let off = 0; off < text.length; off += WINDOW) {
      const part = text.slice(off, off + WINDOW);
      this.extractor.extract(part, this.feats);
      this.model.decode(this.feats, part.length, this.tags);
      for (const s of tagsToSpans(this.tags, part.length)) out.push({ start: s.start + off, end: s.end + off, label: s.label });
    }
    return out;
  }

  /** Trains a model on labelled lines, with gazetteer features from `graph`. Deterministic for a seed. */
  static train(lines: readonly LabelledLine[], graph: CatalogGraph, options: TrainOptions = {}): EntityRecognizer {
    return EntityRecognizer.trainOn([{ lines, graph }], options, graph);
  }

  /**
   * Trains on several sets, each with the catalog its lines were written against (the shipped lines
   * with the sample shop, a shop's corrections with its own catalog); binds the result to `bindTo`.
   */
  static trainOn(sets: ReadonlyArray<{ lines: readonly LabelledLine[]; graph: CatalogGraph }>, options: TrainOptions, bindTo: CatalogGraph): EntityRecognizer {
    const meta: ModelMeta = {
      hashBits: options.hashBits ?? 16,
      segmentation: options.segmentation ?? true,
      trainedOn: sets.reduce((n, s) => n + s.lines.length, 0),
      epochs: options.epochs ?? 8,
      trainedAt: new Date().toISOString(),
    };
    const random = rng(options.seed ?? 1);
    const segmenter = meta.segmentation ? jiebaSegmenter() : null;
    const examples = sets.flatMap(({ lines, graph }) => {
      const extractor = new FeatureExtractor((1 << meta.hashBits) - 1, Gazetteer.fromCatalog(graph), segmenter);
      return lines
        .filter((l) => typeof l.text === 'string' && l.text.length > 0)
        .map((l) => {
          const text = l.text.slice(0, WINDOW);
          const feats = new Int32Array(text.length * SLOTS);
          extractor.extract(text, feats, { gazDropout: options.gazDropout ?? 0.15, random });
          return { feats, n: text.length, gold: spansToTags(text.length, l.entities ?? []) };
        });
    });
    const trainer = new PerceptronTrainer(new SequenceModel(1 << meta.hashBits));
    const order = examples.map((_, i) => i);
    for (let e = 0; e < meta.epochs; e++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      let errors = 0;
      for (const i of order) if (!trainer.step(examples[i]!.feats, examples[i]!.n, examples[i]!.gold)) errors++;
      if (errors === 0) break;
    }
    return new EntityRecognizer(trainer.averaged(), meta, bindTo, segmenter);
  }

  /** The same model with another catalog's gazetteer (the catalog is chosen at run time). */
  withCatalog(graph: CatalogGraph): EntityRecognizer {
    return new EntityRecognizer(this.model, this.meta, graph);
  }
}
