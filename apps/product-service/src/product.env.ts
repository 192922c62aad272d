import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv } from '@app/common';

const toInt = ({ value }: { value: unknown }) => (value === undefined ? undefined : Number(value));

/** product-service settings: the catalog cache and the projection reconciler. */
export class ProductEnv extends BaseEnv {
  /**
   * Lifetime of a cached product or list page. Freshness does not depend on
   * it (every change bumps a generation); it only bounds what Redis keeps.
   */
  @Transform(toInt)
  @IsInt({ message: 'CATALOG_CACHE_TTL_MS must be a whole number of milliseconds' })
  @Min(1000)
  @Max(24 * 3600 * 1000)
  CATALOG_CACHE_TTL_MS = 5 * 60 * 1000;

  /** How often the projection is checked against the revision log (heals a write cut short by a crash). */
  @Transform(toInt)
  @IsInt({ message: 'CATALOG_RECONCILE_INTERVAL_MS must be a whole number of milliseconds' })
  @Min(1000)
  CATALOG_RECONCILE_INTERVAL_MS = 30_000;
}
