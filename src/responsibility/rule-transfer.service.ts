import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/actor';
import { DomainError } from '../common/domain-error';
import { ResponsibilityService } from './responsibility.service';
import { exportRules, importRules, ImportReport } from './rule-import';

/** The CSV import and export for the admin console; the CLI runs the same functions without Nest. */
@Injectable()
export class RuleTransferService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly responsibility: ResponsibilityService,
  ) {}

  /** A refused commit is an error whose details carry the whole report, line numbers and all. */
  async import(csv: string, commit: boolean, actor: Actor): Promise<ImportReport> {
    const report = await importRules(this.dataSource, this.audit, csv, { commit, actor });
    if (commit && !report.committed) {
      if (report.errors.length > 0) {
        throw DomainError.invalidInput(
          'RULE_IMPORT_INVALID',
          `${report.errors.length} line(s) are invalid; nothing was written`,
          report,
        );
      }
      throw DomainError.conflict(
        'RULE_CONFLICT',
        `${report.conflicts.length} conflict(s); nothing was written`,
        report,
      );
    }
    if (report.committed) await this.responsibility.changed();
    return report;
  }

  export(): Promise<string> {
    return exportRules(this.dataSource.manager);
  }
}
