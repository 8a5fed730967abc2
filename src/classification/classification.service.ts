import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CacheInvalidationService } from '../redis/cache-invalidation.service';
import { CategoriesService } from '../catalog/categories.service';
import { AppealPrediction, predict } from './appeal-classifier';
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

/**
 * Runs the active classifier model. Every worker loads the same model from MySQL; a switch of the
 * active model is picked up within seconds, without a restart.
 */
@Injectable()
export class ClassificationService {
  private readonly logger = new Logger(ClassificationService.name);
  private model: { id: number; model: ClassifierModel } | null = null;
  private checkedAt = 0;
  private places: { index: PlaceIndex; at: number } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly categories: CategoriesService,
    invalidation: CacheInvalidationService,
  ) {
    // a new or renamed area must be found in the next appeal, not minutes later
    invalidation.on('org', () => (this.places = null));
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

  /** Forgets the cached model, so the next call loads the active one (after a retrain or a switch). */
  invalidate(): void {
    this.checkedAt = 0;
  }

  private async activeModel(): Promise<{ id: number; model: ClassifierModel } | null> {
    if (Date.now() - this.checkedAt < MODEL_CHECK_MS) return this.model;
    this.checkedAt = Date.now();
    const id = await activeModelId(this.dataSource);
    if (id === null) return (this.model = null);
    if (this.model?.id !== id) {
      this.model = { id, model: await loadModel(this.dataSource, id) };
      this.logger.log({ modelId: id }, 'Classifier model loaded');
    }
    return this.model;
  }

  private async placeIndex(): Promise<PlaceIndex> {
    if (this.places && Date.now() - this.places.at < PLACE_INDEX_TTL_MS) return this.places.index;
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
    this.places = { index, at: Date.now() };
    return index;
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
