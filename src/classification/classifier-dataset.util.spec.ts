import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassifierInputError } from './classifier.errors';
import { parseJsonlDataset, readJsonlDataset } from './classifier-dataset.util';

describe(parseJsonlDataset.name, () => {
  it('should read text and label, keep appealType and urgency, ignore other fields and blank lines', () => {
    const content = [
      '{"id": 1, "text": "路灯坏了", "label": "城乡建设", "title": "x"}',
      '',
      '{"text": "停水了", "label": "城乡建设", "appealType": "help", "urgency": "urgent"}\r',
    ].join('\n');
    expect(parseJsonlDataset(content, 'a.jsonl')).toEqual([
      { text: '路灯坏了', label: '城乡建设' },
      { text: '停水了', label: '城乡建设', appealType: 'help', urgency: 'urgent' },
    ]);
  });

  it.each([
    ['bad JSON', '{"text": "路灯坏了", "label": ', /data\.jsonl:3: not valid JSON/],
    ['missing text', '{"label": "城乡建设"}', /data\.jsonl:3: "text" must be a non-empty string/],
    ['empty text', '{"text": "  ", "label": "城乡建设"}', /data\.jsonl:3: "text"/],
    [
      'a label of the wrong type',
      '{"text": "路灯坏了", "label": 7}',
      /data\.jsonl:3: "label" must be a non-empty string/,
    ],
    ['an array', '["路灯坏了", "城乡建设"]', /data\.jsonl:3: expected a JSON object/],
    [
      'an unknown urgency',
      '{"text": "路灯坏了", "label": "城乡建设", "urgency": "asap"}',
      /data\.jsonl:3: "urgency" must be one of critical, urgent, normal/,
    ],
  ])('should name the file and line of %s, with exit code 2', (_, badLine, message) => {
    const content = ['{"text": "a", "label": "b"}', '{"text": "c", "label": "d"}', badLine].join('\n');
    let error: unknown;
    try {
      parseJsonlDataset(content, 'data.jsonl');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ClassifierInputError);
    expect((error as ClassifierInputError).message).toMatch(message);
    expect((error as ClassifierInputError).exitCode).toBe(2);
  });

  it('should refuse a file without examples', () => {
    expect(() => parseJsonlDataset('\n\n', 'empty.jsonl')).toThrow(/empty\.jsonl: no examples/);
  });
});

describe(readJsonlDataset.name, () => {
  it('should read a file and report a missing one clearly', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dataset-spec-'));
    const path = join(folder, 'ok.jsonl');
    writeFileSync(path, '{"text": "路灯坏了", "label": "城乡建设"}\n');
    await expect(readJsonlDataset(path)).resolves.toHaveLength(1);
    await expect(readJsonlDataset(join(folder, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: cannot read/);
  });
});
