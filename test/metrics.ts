import type { INestApplication } from '@nestjs/common';
import { MetricsService } from '../src/metrics/metrics.service';

/** A value of one of the app's metrics: `series` picks a histogram's _count or _sum; labels are summed over. */
export async function metricValue(app: INestApplication, name: string, series = name): Promise<number> {
  const found = app.get(MetricsService).registry.getSingleMetric(name);
  if (!found) throw new Error(`no metric ${name}`);
  const { values } = await found.get();
  return values
    .filter((v) => ((v as { metricName?: string }).metricName ?? name) === series)
    .reduce((sum, v) => sum + v.value, 0);
}
