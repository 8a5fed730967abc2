import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TICKET_STATUSES } from '../tickets/ticket-state-machine';
import { jaccard, shingles } from './text-similarity';

export interface DuplicateCandidate {
  ticketId: number;
  number: string;
  status: string;
  reason: 'same_caller' | 'same_place_and_matter';
  similarity: number;
  createdAt: Date;
}

export interface DuplicateProbe {
  ticketId?: number;
  callerPhone: string | null;
  areaId: number | null;
  categoryId: number | null;
  text: string;
  at: Date;
}

const SAME_CALLER_DAYS = 7;
const SAME_PLACE_HOURS = 72;
const MIN_SIMILARITY = 0.3;
const MAX_CANDIDATES = 5;
// merged, invalid and handed-over tickets are not masters a duplicate could join
const LIVE_STATUSES = TICKET_STATUSES.filter((s) => s !== 'merged' && s !== 'invalid' && s !== 'handed_over');

/**
 * Likely duplicates (重复件) of an appeal: the same caller within 7 days, or the same area and
 * category with similar text within 72 hours. Suggestions only: the agent or a dispatcher merges.
 */
@Injectable()
export class DuplicatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(
    probe: DuplicateProbe,
    manager: Pick<EntityManager, 'query'> = this.dataSource,
  ): Promise<DuplicateCandidate[]> {
    const found = new Map<number, DuplicateCandidate>();
    const exclude = probe.ticketId ?? 0;
    type Row = {
      probe: 'caller' | 'place';
      id: number;
      number: string;
      status: string;
      description: string;
      title: string | null;
      createdAt: Date;
    };
    const columns = 'id, number, status, description, title, created_at AS createdAt';
    // both probes in one round trip; the indexes are named: on a table that filled within the window, the
    // optimiser's estimates can pick the created_at range instead, and read every ticket of the week
    const selects: string[] = [];
    const params: unknown[] = [];
    if (probe.callerPhone) {
      selects.push(
        `(SELECT 'caller' AS probe, ${columns} FROM tickets FORCE INDEX (IDX_tickets_caller_phone) WHERE caller_phone = ? AND created_at >= ? AND created_at <= ? AND id <> ? AND status IN (?) ORDER BY id DESC LIMIT 20)`,
      );
      params.push(
        probe.callerPhone,
        new Date(probe.at.getTime() - SAME_CALLER_DAYS * 86400_000),
        probe.at,
        exclude,
        LIVE_STATUSES,
      );
    }
    if (probe.areaId && probe.categoryId) {
      selects.push(
        `(SELECT 'place' AS probe, ${columns} FROM tickets FORCE INDEX (IDX_tickets_area_category_created) WHERE area_id = ? AND category_id = ? AND created_at >= ? AND created_at <= ? AND id <> ? AND status IN (?) ORDER BY id DESC LIMIT 200)`,
      );
      params.push(
        probe.areaId,
        probe.categoryId,
        new Date(probe.at.getTime() - SAME_PLACE_HOURS * 3600_000),
        probe.at,
        exclude,
        LIVE_STATUSES,
      );
    }
    if (selects.length === 0) return [];
    const rows = (await manager.query(selects.join(' UNION ALL '), params)) as Row[];
    const probeShingles = shingles(probe.text);
    // the same caller first: a ticket both probes find counts as the caller's
    const ordered = [...rows.filter((r) => r.probe === 'caller'), ...rows.filter((r) => r.probe === 'place')];
    for (const r of ordered) {
      const ticketId = Number(r.id);
      if (found.has(ticketId)) continue;
      const similarity = jaccard(probeShingles, shingles(`${r.title ?? ''}${r.description}`));
      if (r.probe === 'place' && similarity < MIN_SIMILARITY) continue;
      found.set(ticketId, {
        ticketId,
        number: r.number,
        status: r.status,
        reason: r.probe === 'caller' ? 'same_caller' : 'same_place_and_matter',
        similarity: round(similarity),
        createdAt: r.createdAt,
      });
    }
    return [...found.values()].sort((a, b) => b.similarity - a.similarity).slice(0, MAX_CANDIDATES);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
