import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ProductErrorCode, ProductServiceError } from '../errors/product-service.error';
import { ProductEnv } from '../product.env';
import { ProductProjector } from './product-projector.service';
import { ProductRevisionLog, RevisionHead } from './product-revision-log.service';
import { Product } from './product.schema';

/** A revision younger than this is probably a write still in progress: its writer projects it. */
const SETTLE_MS = 5000;
const LEGACY_BATCH = 500;

type Projected = { _id: Types.ObjectId; revision?: number };

/**
 * Heals the projection when a write stopped between its revision insert and
 * its projection update (crash, database blip): once at start-up over the
 * whole log, then periodically over the recent part of it. It also adopts
 * products written before the revision log existed, as their revision 1.
 */
@Injectable()
export class CatalogReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogReconciler.name);
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private fullPassDone = false;

  constructor(
    private readonly log: ProductRevisionLog,
    private readonly projector: ProductProjector,
    @InjectModel(Product.name) private readonly products: Model<Product>,
    config: ConfigService<ProductEnv, true>,
  ) {
    this.intervalMs = config.get('CATALOG_RECONCILE_INTERVAL_MS', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Returns how many products it re-projected. */
  async pass(full: boolean): Promise<number> {
    await this.adoptLegacy();
    // The window overlaps the previous pass generously: a revision is examined by several passes.
    const since = full ? undefined : new Date(Date.now() - 3 * this.intervalMs - SETTLE_MS);
    const settledBefore = Date.now() - SETTLE_MS;
    const heads = (await this.log.heads(since)).filter((head) => head.recordedAt.getTime() < settledBefore);
    const stale = await this.staleOf(heads);
    for (const productId of stale) await this.projector.sync(productId);
    if (stale.length > 0) this.logger.warn({ message: 're-projected products behind their revision log', stale });
    return stale.length;
  }

  private async staleOf(heads: RevisionHead[]): Promise<string[]> {
    const projected = new Map<string, number | undefined>();
    const ids = heads.map((head) => new Types.ObjectId(head.productId));
    for (let i = 0; i < ids.length; i += 1000) {
      const docs = await this.products
        .find({ _id: { $in: ids.slice(i, i + 1000) } }, { revision: 1 })
        .lean<Projected[]>()
        .exec();
      for (const doc of docs) projected.set(doc._id.toHexString(), doc.revision);
    }
    return heads
      .filter((head) =>
        head.deleted ? projected.has(head.productId) : projected.get(head.productId) !== head.revision,
      )
      .map((head) => head.productId);
  }

  /** Products projected by the pre-revision code: their current fields become revision 1 (no event: it was sent). */
  private async adoptLegacy(): Promise<void> {
    const legacy = await this.products
      .find({ revision: { $exists: false } })
      .limit(LEGACY_BATCH)
      .lean<Array<Partial<Product> & { _id: Types.ObjectId }>>()
      .exec();
    for (const doc of legacy) {
      const createdAt = doc.createdAt ?? doc._id.getTimestamp();
      try {
        await this.log.append({
          productId: doc._id,
          revision: 1,
          deleted: false,
          snapshot: {
            name: doc.name ?? '',
            description: doc.description ?? '',
            category: doc.category ?? 'general',
            price: doc.price ?? 0,
            initialStock: doc.initialStock ?? 0,
            createdAt,
            updatedAt: doc.updatedAt ?? createdAt,
          },
          recordedAt: createdAt,
          outbox: null,
        });
      } catch (error) {
        // Adopted already by another instance: projecting it again below is harmless.
        if (!(error instanceof ProductServiceError && error.code === ProductErrorCode.Conflict)) throw error;
      }
      await this.projector.sync(doc._id.toHexString());
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.pass(!this.fullPassDone)
        .then(() => (this.fullPassDone = true))
        .catch((error: Error) => this.logger.warn(`catalog reconcile pass failed, will retry: ${error.message}`))
        .finally(() => {
          this.running = undefined;
          if (this.timer) this.schedule(this.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
