import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CatalogGraph } from './catalog/graph.js';
import { loadCatalog, parseJsonl } from './data-io.js';
import { evaluate } from './eval/metrics.js';
import { defaultRecognizer } from './model/default-model.js';
import { modelFromJSON, modelToJSON } from './model/model-io.js';
import { EntityRecognizer, type LabelledLine } from './ner/recognizer.js';
import { ProductAnalyzer } from './pipeline.js';

const USAGE = `keeper-ner: product entity recognition and SKU linking

  keeper-ner train   --catalog catalog.json --data train.jsonl --out model.json [--epochs 8] [--seed 1]
  keeper-ner predict --catalog catalog.json [--model model.json] [--input lines.jsonl]   (stdin without --input)
  keeper-ner eval    --catalog catalog.json [--model model.json] --data test.jsonl

Catalogs may be JSON or CSV (.csv). Without --model the shipped default model is used.`;

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  readStdin: () => string;
}

const defaultIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  readStdin: () => readFileSync(0, 'utf8'),
};

function recognizerFor(graph: CatalogGraph, modelPath: string | undefined): EntityRecognizer {
  return modelPath ? modelFromJSON(JSON.parse(readFileSync(modelPath, 'utf8')), graph) : defaultRecognizer(graph);
}

/** Input lines for predict: JSON objects with id/text, or plain text lines (id = line number). */
function inputLines(text: string): Array<{ id: unknown; text: string }> {
  const out: Array<{ id: unknown; text: string }> = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (parsed && typeof parsed === 'object' && typeof (parsed as { text?: unknown }).text === 'string') {
      const p = parsed as { id?: unknown; text: string };
      out.push({ id: p.id ?? String(i + 1), text: p.text });
    } else out.push({ id: String(i + 1), text: line });
  });
  return out;
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`missing --${flag}\n\n${USAGE}`);
  return value;
}

/** Runs the CLI; returns the exit code. */
export function main(argv: string[], io: CliIO = defaultIO): number {
  const [command, ...rest] = argv;
  try {
    const { values } = parseArgs({
      args: rest,
      options: {
        catalog: { type: 'string' }, data: { type: 'string' }, out: { type: 'string' }, model: { type: 'string' },
        input: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean' },
      },
      strict: true,
    });
    if (!command || values.help || command === 'help' || command === '--help') {
      io.out(`${USAGE}\n`);
      return command ? 0 : 1;
    }
    const graph = loadCatalog(need(values.catalog, 'catalog'));
    if (command === 'train') {
      const lines = parseJsonl<LabelledLine>(readFileSync(need(values.data, 'data'), 'utf8'));
      const started = performance.now();
      const rec = EntityRecognizer.train(lines, graph, {
        ...(values.epochs ? { epochs: Number(values.epochs) } : {}),
        ...(values.seed ? { seed: Number(values.seed) } : {}),
      });
      writeFileSync(need(values.out, 'out'), JSON.stringify(modelToJSON(rec)));
      io.err(`trained on ${lines.length} lines in ${((performance.now() - started) / 1000).toFixed(2)} s -> ${values.out}\n`);
      return 0;
    }
    if (command === 'predict') {
      const analyzer = new ProductAnalyzer(recognizerFor(graph, values.model), graph);
      const text = values.input ? readFileSync(values.input, 'utf8') : io.readStdin();
      const chunks: string[] = [];
      for (const line of inputLines(text)) {
        const a = analyzer.analyze(line.text);
        chunks.push(JSON.stringify({ id: line.id, entities: a.entities.map(({ start, end, label }) => ({ start, end, label })), product: a.product, sku: a.sku }));
        if (chunks.length >= 1000) {
          io.out(`${chunks.join('\n')}\n`);
          chunks.length = 0;
        }
      }
      if (chunks.length) io.out(`${chunks.join('\n')}\n`);
      return 0;
    }
    if (command === 'eval') {
      const analyzer = new ProductAnalyzer(recognizerFor(graph, values.model), graph);
      const gold = parseJsonl<LabelledLine>(readFileSync(need(values.data, 'data'), 'utf8'));
      const preds = gold.map((l) => {
        const a = analyzer.analyze(l.text);
        return { id: l.id, entities: a.entities, product: a.product, sku: a.sku };
      });
      const report = evaluate(gold, preds, (sku) => graph.sku(sku)?.productId ?? null);
      io.out(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    io.err(`unknown command "${command}"\n\n${USAGE}\n`);
    return 1;
  } catch (e) {
    io.err(`keeper-ner: ${(e as Error).message}\n`);
    return 1;
  }
}
