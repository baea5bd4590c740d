import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { defaultAllowUrl, defaultWordsUrl } from './data-files.js';
import { parseAllowList, parseWordList } from './dictionary/parse.js';
import { compileDictionary } from './matcher/compile.js';
import { Matcher } from './matcher/matcher.js';
import type { WordEntry } from './matcher/types.js';

const USAGE = `Usage: keeper-sensitive scan [--words FILE]... [--allow FILE]... [--input FILE]

Reads JSON lines {"id":..., "text":...} from --input or stdin and writes one JSON line per input:
{"id":..., "hits":["<canonical word>", ...], "masked":"..."}.
--words   word list (word or word<TAB>category<TAB>action per line); repeatable. Default: the bundled list.
--allow   allow-list (one phrase per line); repeatable. Added to the bundled allow-list of ordinary words.
--input   JSON-lines file (default: stdin).
All recommended evasion handling is on.`;


interface CliArgs {
  words: string[];
  allow: string[];
  input: string | undefined;
}

function parseArgs(argv: readonly string[]): CliArgs | string {
  const [command, ...rest] = argv;
  if (command !== 'scan') return command === undefined || command === '--help' || command === '-h' ? '' : `unknown command "${command}"`;
  const args: CliArgs = { words: [], allow: [], input: undefined };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const value = rest[i + 1];
    if (flag === '--help' || flag === '-h') return '';
    if (!['--words', '--allow', '--input'].includes(flag)) return `unknown option "${flag}"`;
    if (value === undefined) return `${flag} needs a file`;
    i++;
    if (flag === '--words') args.words.push(value);
    else if (flag === '--allow') args.allow.push(value);
    else args.input = value;
  }
  return args;
}

/** Builds the matcher the CLI uses: the given lists, or the bundled ones. */
export function loadCliMatcher(wordFiles: readonly string[], allowFiles: readonly string[]): Matcher {
  const words: WordEntry[] = [];
  const seen = new Set<string>();
  const sources = wordFiles.length > 0 ? wordFiles.map((f) => [f, readFileSync(f, 'utf8')] as const) : [['default', readFileSync(defaultWordsUrl, 'utf8')] as const];
  for (const [name, text] of sources) {
    for (const e of parseWordList(text, { list: name })) {
      if (!seen.has(e.word)) {
        seen.add(e.word);
        words.push(e);
      }
    }
  }
  // The bundled allow-list holds ordinary words that straddle common listed words (垃圾袋, 特色情侣,
  // 权威信息); it only ever suppresses hits overlapping them, so it applies to any word list.
  const allowTexts = [readFileSync(defaultAllowUrl, 'utf8'), ...allowFiles.map((f) => readFileSync(f, 'utf8'))];
  const allow = allowTexts.flatMap(parseAllowList);
  return new Matcher(compileDictionary(words, allow));
}

/** Scans one input line; returns the output line (JSON) or undefined for a blank line. */
export function scanLine(matcher: Matcher, line: string): string | undefined {
  if (line.trim() === '') return undefined;
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return JSON.stringify({ id: null, error: 'invalid JSON' });
  }
  const { id = null, text } = (typeof record === 'object' && record !== null ? record : {}) as { id?: unknown; text?: unknown };
  if (typeof text !== 'string') return JSON.stringify({ id, error: 'missing "text" string' });
  const hits = matcher.scan(text);
  const distinct: string[] = [];
  for (const h of hits) if (!distinct.includes(h.word)) distinct.push(h.word);
  return JSON.stringify({ id, hits: distinct, masked: matcher.mask(text, hits) });
}

export async function main(argv: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args) err.write(`keeper-sensitive: ${args}\n`);
    err.write(`${USAGE}\n`);
    return args ? 2 : 0;
  }
  let matcher: Matcher;
  try {
    matcher = loadCliMatcher(args.words, args.allow);
  } catch (error) {
    err.write(`keeper-sensitive: ${(error as Error).message}\n`);
    return 1;
  }
  const input = args.input ? createReadStream(args.input, 'utf8') : process.stdin;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let buffer = '';
  for await (const line of lines) {
    const result = scanLine(matcher, line);
    if (result === undefined) continue;
    buffer += result + '\n';
    if (buffer.length > 65536) {
      if (!out.write(buffer)) await new Promise((r) => out.once('drain', r));
      buffer = '';
    }
  }
  if (buffer) out.write(buffer);
  return 0;
}
