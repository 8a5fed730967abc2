import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CacheInvalidationService } from '../redis/cache-invalidation.service';
import { CategoriesService } from '../catalog/categories.service';
import { runsWorkers } from '../config/app-role';
import { AppealPrediction, predict, predictingPart, prepareModel } from './appeal-classifier';
import type { ClassifierModel } from './classifier-model.schema';
import { activeModelId, loadModel } from './classifier-store';
import { detectEmergency } from './emergency-rules.util';
import { keywordCategories } from './keyword-category';
import { normalizeText } from './text-normalizer.util';
import { ruleAppealType, ruleUrgency } from './urgency-rules.util';
import { compilePlaceIndex, matchPlace, PlaceIndex } from './place-matcher.util';

export interface CategoryGuess {
  categoryId: number | null;
  code: string;
  confidence: number;
}

/** What the classify step learns about a ticket: every field with its confidence. */
export interface Classification {
  modelId: number | null;
  method: 'model' | 'keywords';
  category: CategoryGuess & { top: CategoryGuess[] };
  appealType: { label: string; confidence: number } | null;
  urgency: { label: 'critical' | 'urgent' | 'normal'; confidence: number; source: string };
  emergency: AppealPrediction['emergency'];
  place: { areaId: number; level: string; matched: string; confidence: number } | null;
  /** The model's own threshold for 97 % precision, when it has one. */
  threshold97: number | null;
}

const MODEL_CHECK_MS = 10_000;
const PLACE_INDEX_TTL_MS = 5 * 60_000;

interface ActiveModel {
  id: number;
  model: ClassifierModel;
}

/**
 * Runs the active classifier model. Every process loads the same model from MySQL, and prepares it
 * as it loads it (prepareModel: ~0.5 s of decoding and dictionary loading): where the pipeline's jobs
 * run, at boot, before the process takes jobs (with the place index, ~0.1 s more); in an api process,
 * which classifies only for the agents' intake suggestions, at the first suggestion (the model and
 * jieba's dictionary take some 80 MB a process need not hold for nothing). Once loaded, a model is
 * replaced when the active model changes, in the background, while the previous one keeps answering.
 * A switch is picked up within seconds, without a restart; the process where an admin switches models
 * or a retrain ends has the new one ready before it answers (reload).
 */
@Injectable()
export class ClassificationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ClassificationService.name);
  /** Undefined until a load has succeeded; null when no model is active (keywords then). */
  private active: ActiveModel | null | undefined = undefined;
  /** The load in progress: one at a time. */
  private loading: Promise<ActiveModel | null> | null = null;
  private checkTimer: NodeJS.Timeout | undefined;
  private places: { index: PlaceIndex; at: number; fingerprint: string } | null = null;
  /** The check or rebuild in progress, shared by the appeals that arrive meanwhile. */
  private placesLoading: Promise<PlaceIndex> | null = null;
  /** Moves at each `org` invalidation: a load begun before one does not keep its index. */
  private placesGeneration = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly categories: CategoriesService,
    invalidation: CacheInvalidationService,
  ) {
    // a new or renamed area must be found in the next appeal, not minutes later
    invalidation.on('org', () => {
      this.places = null;
      this.placesLoading = null;
      this.placesGeneration++;
    });
  }

  async onModuleInit(): Promise<void> {
    if (runsWorkers()) {
      try {
        await Promise.all([this.reload(), this.placeIndex()]);
      } catch (error) {
        // classify() tries again; a bad model must not keep the rest of the app down
        this.logger.error({ err: (error as Error).message }, 'Classifier could not be prepared at start');
      }
    }
    this.checkTimer = setInterval(() => {
      // a process that has not classified yet loads the model when it first does
      if (this.loading || this.active === undefined) return;
      this.reload().catch((error: Error) =>
        this.logger.error({ err: error.message }, 'Classifier model check failed; the loaded model stays'),
      );
    }, MODEL_CHECK_MS);
    this.checkTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.checkTimer);
  }

  async classify(text: string): Promise<Classification> {
    const [model, tree, places] = await Promise.all([this.activeModel(), this.categories.tree(), this.placeIndex()]);
    const placeMatch = matchPlace(text, places);
    const place = placeMatch
      ? {
          areaId: Number(placeMatch.areaId),
          level: placeMatch.level,
          matched: placeMatch.matched,
          confidence: placeMatch.confidence,
        }
      : null;
    if (!model) {
      const leaves = tree.all().filter((c) => c.active && c.childIds.length === 0);
      const guesses = keywordCategories(text, leaves);
      const best = guesses[0];
      const normalized = normalizeText(text);
      const emergency = detectEmergency(text);
      const urgency = emergency ? { label: 'critical' as const, reason: emergency.reason } : ruleUrgency(normalized);
      const appealType = ruleAppealType(normalized);
      return {
        modelId: null,
        method: 'keywords',
        category: best ? { ...best, top: guesses } : { categoryId: null, code: '', confidence: 0, top: [] },
        appealType: appealType ? { label: appealType.label, confidence: 0.6 } : null,
        urgency: { label: urgency.label, confidence: 0.6, source: 'rule' },
        emergency,
        place,
        threshold97: null,
      };
    }
    const p = predict(model.model, text);
    const toGuess = (s: { label: string; confidence: number }): CategoryGuess => ({
      categoryId: tree.getByCode(s.label)?.id ?? null,
      code: s.label,
      confidence: round(s.confidence),
    });
    return {
      modelId: model.id,
      method: 'model',
      category: { ...toGuess(p.category), top: p.category.top.map(toGuess) },
      appealType: p.appealType ? { label: p.appealType.label, confidence: round(p.appealType.confidence) } : null,
      urgency: { ...p.urgency, confidence: round(p.urgency.confidence) },
      emergency: p.emergency,
      place,
      threshold97: model.model.heads.category?.threshold97 ?? null,
    };
  }

  /**
   * Loads and prepares the active model if it is not the loaded one, and resolves when this process
   * uses it (after a retrain or a switch). It starts after a load in progress, which may have read
   * the previous active id.
   */
  reload(): Promise<ActiveModel | null> {
    const previous = this.loading ?? Promise.resolve(null);
    const load = previous.catch(() => null).then(() => this.loadActive());
    this.loading = load;
    const settled = (): void => {
      if (this.loading === load) this.loading = null;
    };
    load.then(settled, settled);
    return load;
  }

  private async activeModel(): Promise<ActiveModel | null> {
    if (this.active !== undefined) return this.active;
    return this.loading ?? this.reload();
  }

  private async loadActive(): Promise<ActiveModel | null> {
    const id = await activeModelId(this.dataSource);
    if (id === null) return (this.active = null);
    if (this.active?.id === id) return this.active;
    const model = await loadModel(this.dataSource, id);
    const started = Date.now();
    prepareModel(model);
    this.active = { id, model: predictingPart(model) };
    this.logger.log({ modelId: id, prepareMs: Date.now() - started }, 'Classifier model loaded');
    return this.active;
  }

  /**
   * The place index, rebuilt when the areas change: at once on an `org` invalidation, and otherwise
   * checked every few minutes (a missed invalidation message) by a fingerprint of the table, one
   * aggregate query, instead of reading every area and compiling the index again (about 0.1 s of
   * one appeal's classification every five minutes).
   */
  private placeIndex(): Promise<PlaceIndex> {
    if (this.places && Date.now() - this.places.at < PLACE_INDEX_TTL_MS) return Promise.resolve(this.places.index);
    if (!this.placesLoading) {
      const loading = this.loadPlaceIndex().finally(() => {
        if (this.placesLoading === loading) this.placesLoading = null;
      });
      this.placesLoading = loading;
    }
    return this.placesLoading;
  }

  private async loadPlaceIndex(): Promise<PlaceIndex> {
    const generation = this.placesGeneration;
    const fingerprint = await this.areasFingerprint();
    if (this.places?.fingerprint === fingerprint) {
      this.places.at = Date.now();
      return this.places.index;
    }
    const rows = (await this.dataSource.query('SELECT id, parent_id AS parentId, level, name, aliases FROM areas')) as {
      id: number;
      parentId: number | null;
      level: 'county' | 'township' | 'village' | 'grid';
      name: string;
      aliases: string | string[];
    }[];
    const index = compilePlaceIndex(
      rows.map((r) => ({
        ...r,
        aliases: typeof r.aliases === 'string' ? (JSON.parse(r.aliases) as string[]) : r.aliases,
      })),
    );
    // taken before the read: a change in between makes the next check rebuild, never the reverse
    if (generation === this.placesGeneration) this.places = { index, at: Date.now(), fingerprint };
    return index;
  }

  /** Changes with any area's id, parent, level, name or aliases (areas are never deleted). */
  private async areasFingerprint(): Promise<string> {
    const [row] = (await this.dataSource.query(
      `SELECT COUNT(*) AS n, BIT_XOR(CRC32(CONCAT_WS('|', id, IFNULL(parent_id, ''), level, name, aliases))) AS crc FROM areas`,
    )) as { n: number | string; crc: number | string | null }[];
    return `${row?.n}:${row?.crc}`;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
