#!/usr/bin/env node
// Part of `pnpm build`: trains the shipped default model from the committed data (deterministic for
// the seed in DEFAULT_TRAIN_OPTIONS) and writes dist/default-model.json next to the compiled code.
import { writeFileSync } from 'node:fs';
import { DEFAULT_MODEL_PATH, trainDefaultRecognizer } from '../dist/model/default-model.js';
import { modelToJSON } from '../dist/model/model-io.js';

const started = performance.now();
const rec = trainDefaultRecognizer();
const json = JSON.stringify(modelToJSON(rec));
writeFileSync(DEFAULT_MODEL_PATH, json);
console.log(`default model: ${rec.meta.trainedOn} lines, ${(json.length / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - started)} ms -> ${DEFAULT_MODEL_PATH}`);
