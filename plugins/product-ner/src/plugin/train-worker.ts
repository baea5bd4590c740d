// Runs a retrain off the main thread (see NerRuntime.retrain): the server keeps answering while
// the perceptron trains. Input and output are plain data; the model comes back as ModelJSON.
import { parentPort, workerData } from 'node:worker_threads';
import { CatalogGraph } from '../catalog/graph.js';
import type { CatalogInput } from '../catalog/types.js';
import { modelToJSON } from '../model/model-io.js';
import { EntityRecognizer, type LabelledLine, type TrainOptions } from '../ner/recognizer.js';

export interface TrainJob {
  sets: Array<{ lines: LabelledLine[]; catalog: CatalogInput }>;
  options: TrainOptions;
}

export function runTrainJob(job: TrainJob) {
  const sets = job.sets.map((s) => ({ lines: s.lines, graph: CatalogGraph.fromJSON(s.catalog) }));
  return modelToJSON(EntityRecognizer.trainOn(sets, job.options, sets[sets.length - 1]!.graph));
}

if (parentPort && workerData) parentPort.postMessage(runTrainJob(workerData as TrainJob));
