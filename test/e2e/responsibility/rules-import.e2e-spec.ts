import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { DataSource } from 'typeorm';
import { bearer, createTestApp, login } from '../../app';
import { DemoIds, resolveVia, TOWNSHIP } from './fixtures';

describe('Responsibility rules CSV import and export (e2e)', () => {
  let app: INestApplication<App>;
  let server: App;
  let dataSource: DataSource;
  let admin: string;
  let original: string;

  const state = async (): Promise<unknown> =>
    dataSource.query(
      `SELECT (SELECT COUNT(*) FROM responsibility_rules) AS rules,
              (SELECT COUNT(*) FROM responsibility_rules WHERE active = 1) AS active,
              (SELECT COUNT(*) FROM responsibility_rule_versions) AS versions,
              (SELECT COUNT(*) FROM audit_log WHERE entity_type = 'rule') AS audits`,
    );
  const exportCsv = async (): Promise<string> => {
    const response = await request(server)
      .get('/api/admin/responsibility-rules/export')
      .set(bearer(admin))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    return response.body as string;
  };
  const importCsv = (csv: string, commit: boolean): request.Test =>
    request(server)
      .post('/api/admin/responsibility-rules/import')
      .query({ commit: String(commit) })
      .set(bearer(admin))
      .set('Content-Type', 'text/csv')
      .send(csv);
  const lines = (csv: string): string[] => csv.split('\r\n').filter((l) => l !== '');

  beforeAll(async () => {
    app = await createTestApp();
    server = app.getHttpServer();
    dataSource = app.get(DataSource);
    admin = await login(app, 'admin');
    original = await exportCsv();
  });

  afterAll(async () => {
    // put the demo lists back for the suites that follow
    await importCsv(original, true);
    await app.close();
  });

  it('should export every active rule with the header first and a BOM for Excel', () => {
    const rows = lines(original);
    expect(rows[0]).toBe(
      '\uFEFFcategory_code,area_code,target,co_handlers,priority,valid_from,valid_to,source_document,active',
    );
    expect(rows.length - 1).toBeGreaterThanOrEqual(200);
    const override = `urban.street-vending,${TOWNSHIP.gucheng},dept-urban,tn-gucheng,20,`;
    expect(rows.some((r) => r.startsWith(override))).toBe(true);
  });

  it('should change nothing when the export is imported again', async () => {
    const response = await importCsv(original, false).expect(200);
    expect(response.body.summary).toMatchObject({ adds: 0, changes: 0, removals: 0, conflicts: 0, errors: 0 });
    expect(response.body.summary.unchanged).toBe(lines(original).length - 1);
    expect(response.body.committed).toBe(false);
  });

  it('should report adds, changes and removals with line numbers in a dry run and write nothing', async () => {
    const rows = lines(original);
    const changedAt = rows.findIndex((r) => r.startsWith('urban.outdoor-ads,,dept-urban,'));
    const removedAt = rows.findIndex((r) => r.startsWith('transport.taxi,,'));
    const edited = rows
      .map((r, i) => (i === changedAt ? r.replace(/,true$/, '（修订）,true') : r))
      .filter((_, i) => i !== removedAt);
    edited.push(`other.misc,${TOWNSHIP.dajing},dept-gov-services,,20,2024-01-01,,"《测试清单》第1项, 附件",true`);
    const before = await state();
    const response = await importCsv(edited.join('\n'), false).expect(200);
    expect(await state()).toEqual(before);
    expect(response.body.summary).toMatchObject({ adds: 1, changes: 1, removals: 1, conflicts: 0, errors: 0 });
    // the physical line of the file: the header is line 1, and one line above it was removed
    expect(response.body.adds[0]).toMatchObject({
      line: edited.length,
      rule: { categoryCode: 'other.misc', target: 'dept-gov-services', sourceDocument: '《测试清单》第1项, 附件' },
    });
    expect(response.body.changes[0]).toMatchObject({
      line: changedAt + 1 - (removedAt < changedAt ? 1 : 0),
      fields: ['sourceDocument'],
    });
    expect(response.body.removals[0].rule).toMatchObject({ categoryCode: 'transport.taxi', areaCode: null });
  });

  it('should write nothing on commit when one line is bad, and say which line', async () => {
    const rows = lines(original);
    const bad = [...rows, `other.misc,${TOWNSHIP.dajing},no-such-unit,,20,2024-01-01,,doc,true`];
    bad.push('urban.outdoor-ads,,territorial:village,,55,2024-01-01,,doc,true');
    const before = await state();
    const response = await importCsv(bad.join('\n'), true).expect(400);
    expect(response.body.code).toBe('RULE_IMPORT_INVALID');
    expect(response.body.details.errors).toEqual([
      expect.objectContaining({ line: rows.length + 1, code: 'RULE_TARGET_UNIT_INVALID', field: 'target' }),
      expect.objectContaining({ line: rows.length + 2, code: 'RULE_DEPARTMENT_TO_VILLAGE' }),
    ]);
    expect(await state()).toEqual(before);
  });

  it('should write nothing on commit when two lines tie', async () => {
    const rows = lines(original);
    const tie = [
      ...rows,
      `other.misc,${TOWNSHIP.dajing},dept-gov-services,,20,2024-01-01,,a,true`,
      `other.misc,${TOWNSHIP.dajing},dept-market,,20,2024-06-01,,b,true`,
    ];
    const before = await state();
    const response = await importCsv(tie.join('\n'), true).expect(409);
    expect(response.body).toMatchObject({
      code: 'RULE_CONFLICT',
      details: { conflicts: [{ lines: [rows.length + 1, rows.length + 2] }] },
    });
    expect(await state()).toEqual(before);
  });

  it('should commit a file in one go: versions of kind import, one audit row, the resolver sees it', async () => {
    const rows = lines(original);
    const removedAt = rows.findIndex((r) => r.startsWith('transport.taxi,,'));
    const file = rows.filter((_, i) => i !== removedAt);
    file.push(`other.misc,${TOWNSHIP.dajing},dept-gov-services,,20,2024-01-01,,《测试清单》第2项,true`);
    const response = await request(server)
      .post('/api/admin/responsibility-rules/import?commit=true')
      .set(bearer(admin))
      .send({ csv: file.join('\n') })
      .expect(200);
    expect(response.body).toMatchObject({ committed: true, summary: { adds: 1, removals: 1, changes: 0 } });

    const ids = new DemoIds(dataSource);
    const agent = await login(app, 'agent');
    const resolved = await resolveVia(app, agent, await ids.category('other.misc'), await ids.area(TOWNSHIP.dajing));
    expect(resolved.body.unit.code).toBe('dept-gov-services');
    const taxi = await resolveVia(app, agent, await ids.category('transport.taxi'), await ids.area(TOWNSHIP.dajing));
    expect(taxi.body.unit).toBeNull();
    expect(taxi.body.candidates[0].reason).toBe('inactive');

    const versions = await dataSource.query<{ kind: string; n: number }[]>(
      "SELECT change_kind AS kind, COUNT(*) AS n FROM responsibility_rule_versions WHERE change_kind = 'import' GROUP BY change_kind",
    );
    expect(Number(versions[0]?.n)).toBe(2);
    const audit = await request(server)
      .get('/api/admin/audit')
      .query({ entityType: 'rule' })
      .set(bearer(admin))
      .expect(200);
    expect(audit.body.items[0]).toMatchObject({
      action: 'import',
      after: { summary: { adds: 1, removals: 1 }, fileSha256: response.body.fileSha256 },
    });

    // and back: the original file reactivates the taxi rule and retires the test rule; a new export is the same file
    const back = await importCsv(original, true).expect(200);
    expect(back.body.summary).toMatchObject({ adds: 0, changes: 1, removals: 1 });
    expect(await exportCsv()).toBe(original);
  });

  it('should refuse a JSON body with other fields, a body that is neither, and non-admins', async () => {
    const extra = await request(server)
      .post('/api/admin/responsibility-rules/import')
      .set(bearer(admin))
      .send({ csv: original, commit: true })
      .expect(400);
    expect(extra.body.code).toBe('VALIDATION_FAILED');
    const xml = await request(server)
      .post('/api/admin/responsibility-rules/import')
      .set(bearer(admin))
      .set('Content-Type', 'application/xml')
      .send('<rules/>')
      .expect(400);
    expect(xml.body.code).toBe('RULE_IMPORT_BODY');
    const agent = await login(app, 'agent');
    await request(server).get('/api/admin/responsibility-rules/export').set(bearer(agent)).expect(403);
    await request(server)
      .post('/api/admin/responsibility-rules/import')
      .set(bearer(agent))
      .set('Content-Type', 'text/csv')
      .send(original)
      .expect(403);
  });
});
