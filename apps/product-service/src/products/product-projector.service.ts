import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { replaceOrInsert } from '@app/common';
import { CatalogCache } from '../cache/catalog-cache.service';
import { searchFields } from './catalog-query';
import { ProductRevision } from './product-revision.schema';
import { ProductRevisionLog } from './product-revision-log.service';
import { Product } from './product.schema';

const MAX_ROUNDS = 5;

/**
 * Brings a product's projection (the `products` document reads use) to its
 * newest revision, then invalidates its cache entries. It always projects
 * the newest revision from the log, never "the change I just made", and
 * checks the log again afterwards: whoever projects last has seen the newest
 * revision, so racing writers, and the reconciler healing a write cut short
 * by a crash, all end on the same state without a conditional update.
 */
@Injectable()
export class ProductProjector {
  private readonly logger = new Logger(ProductProjector.name);

  constructor(
    private readonly log: ProductRevisionLog,
    @InjectModel(Product.name) private readonly products: Model<Product>,
    private readonly cache: CatalogCache,
  ) {}

  async sync(productId: string): Promise<void> {
    for (let round = 1; ; round++) {
      const head = await this.log.latest(productId);
      if (!head) return;
      await this.project(head);
      if ((await this.log.latestRevision(productId)) === head.revision) break;
      if (round === MAX_ROUNDS) {
        this.logger.warn({ message: 'product keeps changing while projected; the reconciler will finish', productId });
        break;
      }
    }
    await this.cache.productChanged(productId);
  }

  private async project(head: ProductRevision): Promise<void> {
    const _id = new Types.ObjectId(head.productId);
    if (head.deleted) {
      await this.products.deleteOne({ _id }).exec();
      return;
    }
    const projection: Product = { ...head.snapshot, revision: head.revision, ...searchFields(head.snapshot) };
    // Two first projections of a new product may race to insert it; replaceOrInsert settles that.
    await replaceOrInsert(this.products, { _id }, projection);
  }
}
