import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ensureIndexes, insertOnce } from '@app/common';
import { ProductErrorCode, ProductServiceError } from '../errors/product-service.error';
import { ProductRevision } from './product-revision.schema';

export type RevisionRecord = Omit<ProductRevision, 'outbox'> & { outbox?: ProductRevision['outbox'] };

export interface RevisionHead {
  productId: string;
  revision: number;
  deleted: boolean;
  recordedAt: Date;
}

/** The append-only revision log of the catalog; its events leave through the outbox relay. */
@Injectable()
export class ProductRevisionLog implements OnModuleInit {
  constructor(@InjectModel(ProductRevision.name) private readonly revisions: Model<ProductRevision>) {}

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.revisions);
  }

  /** One insert: the change and its event together. A revision already taken is a PRODUCT_CONFLICT. */
  async append(record: RevisionRecord): Promise<void> {
    if (!(await insertOnce(this.revisions, record))) throw new ProductServiceError(ProductErrorCode.Conflict);
  }

  latest(productId: string): Promise<ProductRevision | null> {
    return this.revisions
      .findOne({ productId: new Types.ObjectId(productId) }, { outbox: 0 })
      .sort({ revision: -1 })
      .lean<ProductRevision>()
      .exec();
  }

  async latestRevision(productId: string): Promise<number | undefined> {
    const head = await this.revisions
      .findOne({ productId: new Types.ObjectId(productId) }, { revision: 1 })
      .sort({ revision: -1 })
      .lean()
      .exec();
    return head?.revision;
  }

  /**
   * The newest revision of every product with a revision recorded since
   * `since` (all products without it). Read as a stream of small rows and
   * reduced here, because FerretDB has no $group accumulators.
   */
  async heads(since?: Date): Promise<RevisionHead[]> {
    const heads = new Map<string, RevisionHead>();
    const cursor = this.revisions
      .find(since ? { recordedAt: { $gte: since } } : {}, { productId: 1, revision: 1, deleted: 1, recordedAt: 1 })
      .lean()
      .cursor();
    for await (const row of cursor) {
      const productId = row.productId.toHexString();
      const known = heads.get(productId);
      if (!known || known.revision < row.revision) {
        heads.set(productId, { productId, revision: row.revision, deleted: row.deleted, recordedAt: row.recordedAt });
      }
    }
    return [...heads.values()];
  }
}
