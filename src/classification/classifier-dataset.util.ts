import { readFile } from 'node:fs/promises';
import { ClassifierInputError } from './classifier.errors';
import { APPEAL_TYPES, AppealType, URGENCY_LEVELS, UrgencyLevel } from './urgency-rules.util';

/** One training or evaluation example. Fields other than these are ignored. */
export interface LabelledAppeal {
  text: string;
  label: string;
  appealType?: AppealType;
  urgency?: UrgencyLevel;
}

function fail(fileName: string, line: number, problem: string): never {
  throw new ClassifierInputError('CLASSIFIER_DATA_INVALID', `${fileName}:${line}: ${problem}`);
}

function optionalEnum<T extends string>(
  record: Record<string, unknown>,
  field: string,
  allowed: readonly T[],
  where: [string, number],
): T | undefined {
  const value = record[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(where[0], where[1], `"${field}" must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value as T;
}

/**
 * Parses JSONL: one `{"text": "...", "label": "..."}` object a line, blank lines skipped. The first
 * bad line stops everything with its file name and 1-based line number: training on a silently
 * shortened file would hide the problem in a worse model.
 */
export function parseJsonlDataset(content: string, fileName: string): LabelledAppeal[] {
  const examples: LabelledAppeal[] = [];
  const lines = content.split('\n');
  lines.forEach((raw, i) => {
    const lineNumber = i + 1;
    const line = raw.replace(/\r$/, '').replace(/^\uFEFF/, '');
    if (line.trim().length === 0) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      fail(fileName, lineNumber, `not valid JSON (${(error as Error).message})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      fail(fileName, lineNumber, 'expected a JSON object');
    }
    const record = parsed as Record<string, unknown>;
    if (typeof record.text !== 'string' || record.text.trim().length === 0) {
      fail(fileName, lineNumber, '"text" must be a non-empty string');
    }
    if (typeof record.label !== 'string' || record.label.trim().length === 0) {
      fail(fileName, lineNumber, '"label" must be a non-empty string');
    }
    const example: LabelledAppeal = { text: record.text, label: record.label.trim() };
    const appealType = optionalEnum(record, 'appealType', APPEAL_TYPES, [fileName, lineNumber]);
    const urgency = optionalEnum(record, 'urgency', URGENCY_LEVELS, [fileName, lineNumber]);
    if (appealType) example.appealType = appealType;
    if (urgency) example.urgency = urgency;
    examples.push(example);
  });
  if (examples.length === 0) {
    throw new ClassifierInputError('CLASSIFIER_DATA_INVALID', `${fileName}: no examples (the file is empty)`);
  }
  return examples;
}

export async function readJsonlDataset(path: string): Promise<LabelledAppeal[]> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    throw new ClassifierInputError('CLASSIFIER_DATA_INVALID', `${path}: cannot read (${(error as Error).message})`);
  }
  return parseJsonlDataset(content, path);
}
