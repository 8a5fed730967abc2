import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifierEvalCommand, classifierTrainCommand } from './classifier.cli';
import { fixtureAppeals } from './classifier.fixtures';

describe('classifier CLI commands', () => {
  const folder = mkdtempSync(join(tmpdir(), 'classifier-cli-spec-'));
  const trainPath = join(folder, 'train.jsonl');
  const testPath = join(folder, 'test.jsonl');
  const modelPath = join(folder, 'models', 'model.json');
  writeFileSync(
    trainPath,
    fixtureAppeals(30, 4)
      .map((a) => JSON.stringify({ ...a, id: 'x' }))
      .join('\n'),
  );
  writeFileSync(
    testPath,
    fixtureAppeals(8, 5)
      .map((a) => JSON.stringify(a))
      .join('\n') + '\n',
  );

  it(`${classifierTrainCommand.name} should write a model and say how long it took and how big it is`, async () => {
    const lines: string[] = [];
    await classifierTrainCommand(['--data', trainPath, '--out', modelPath], (line) => lines.push(line));
    expect(statSync(modelPath).size).toBeGreaterThan(1000);
    expect(lines.join('\n')).toMatch(/Trained in \d+\.\d s; wrote .*model\.json \(\d+\.\d MB/);
    expect(lines.join('\n')).toMatch(/category: 6 labels, 180 examples; 3-fold CV accuracy/);
  });

  it(`${classifierEvalCommand.name} should print a summary and end with exactly one JSON line of the figures`, async () => {
    const lines: string[] = [];
    await classifierEvalCommand(['--model', modelPath, '--data', testPath], (line) => lines.push(line));
    const last = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    expect(Object.keys(last)).toEqual(['n', 'accuracy', 'macroF1', 'perLabel', 'threshold97', 'coverageAtPrecision97']);
    expect(last).toMatchObject({ n: 48, accuracy: expect.any(Number), coverageAtPrecision97: expect.any(Number) });
    expect(last.macroF1).toBeGreaterThan(0.85);
    expect(lines.filter((line) => line.startsWith('{'))).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/predictions\/s/);
  });

  it('should fail with exit code 2 naming the file and line of a malformed line', async () => {
    const badPath = join(folder, 'bad.jsonl');
    writeFileSync(badPath, '{"text": "路灯坏了", "label": "城乡建设"}\n{"text": "停水", "label": null}\n');
    await expect(
      classifierTrainCommand(['--data', badPath, '--out', join(folder, 'never.json')], () => {}),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/bad\.jsonl:2: "label" must be a non-empty string/),
    });
    await expect(classifierEvalCommand(['--model', modelPath, '--data', badPath], () => {})).rejects.toMatchObject({
      exitCode: 2,
    });
  });

  it('should fail with exit code 2 and the usage on missing or unknown options, and on a bad model file', async () => {
    await expect(classifierTrainCommand(['--data', trainPath], () => {})).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/missing --out[\s\S]*usage: classifier:train/),
    });
    await expect(
      classifierEvalCommand(['--model', modelPath, '--data', testPath, '--x', '1'], () => {}),
    ).rejects.toMatchObject({ exitCode: 2 });
    await expect(classifierEvalCommand(['--model', trainPath, '--data', testPath], () => {})).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/train\.jsonl: not valid JSON/),
    });
  });
});
