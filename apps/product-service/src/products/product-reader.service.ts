import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Cached } from '@app/caching';
import { ensureIndexes } from '@app/common';
import { CatalogCache } from '../cache/catalog-cache.service';
import { ProductErrorCode, ProductServiceError } from '../errors/product-service.error';
import { ProductStockService } from '../stock/product-stock.service';
import { catalogFilter, catalogQuery, catalogQueryKey, catalogSort, CatalogQuery } from './catalog-query';
import { ListProductsQueryDto } from './dto/list-products.query.dto';
import { ProductDto } from './dto/product.dto';
import { ProductPage, toView } from './product-view';
import type { RevisionRecord } from './product-revision-log.service';
import { Product } from './product.schema';

/** List pages are cached without inventory's figures, which `list` lays over them. */
const NO_STOCK_REPORTS = new Map<string, number>();

/** Catalog reads: through the cache for clients, straight from the database after a write. */
@Injectable()
export class ProductReader implements OnModuleInit {
  constructor(
    @InjectModel(Product.name) private readonly products: Model<Product>,
    private readonly stock: ProductStockService,
    private readonly cache: CatalogCache,
  ) {}

  onModuleInit(): Promise<void> {
    return ensureIndexes(this.products);
  }

  async findOne(productId: string): Promise<Cached<ProductDto>> {
    // An unknown id is cached too (as null), so requests for made-up ids do not all reach the database.
    const found = await this.cache.product(productId, () => this.load(productId));
    if (!found.value) throw new ProductServiceError(ProductErrorCode.NotFound);
    return { value: found.value, hit: found.hit };
  }

  /**
   * The products of these ids that exist (unknown and deleted ones are left out), each read as findOne
   * reads it: through its cache entry, else by _id. Not one query with $in, which FerretDB answers by
   * scanning the collection.
   */
  async findMany(productIds: string[]): Promise<ProductDto[]> {
    const found = await Promise.all(productIds.map((id) => this.cache.product(id, () => this.load(id))));
    return found.map((f) => f.value).filter((product) => product !== null);
  }

  async list(dto: ListProductsQueryDto): Promise<Cached<ProductPage>> {
    const query = catalogQuery(dto);
    const page = await this.cache.list(catalogQueryKey(query), () => this.loadPage(query));
    const ids = page.value.items.map((item) => item._id);
    const stock = await this.cache.stock(ids, async (missing) => {
      const levels = await this.stock.levels(missing.map((id) => new Types.ObjectId(id)));
      return missing.map((id) => levels.get(id) ?? null);
    });
    // A page entry carries each product's initial stock; inventory's figure, where there is one, replaces it.
    const items = page.value.items.map((item, i) => ({ ...item, stock: stock.value[i] ?? item.stock }));
    return { value: { total: page.value.total, items }, hit: page.hit && stock.hit };
  }

  private async load(productId: string): Promise<ProductDto | null> {
    const doc = await this.products.findById(productId).lean<Product & { _id: Types.ObjectId }>().exec();
    if (!doc) return null;
    return toView(doc, await this.stock.levels([doc._id]));
  }

  /** The product as one revision describes it, with inventory's current stock. */
  async viewOf(record: Pick<RevisionRecord, 'productId' | 'revision' | 'snapshot'>): Promise<ProductDto> {
    const doc = { _id: record.productId, ...record.snapshot, revision: record.revision };
    return toView(doc, await this.stock.levels([record.productId]));
  }

  private async loadPage(query: CatalogQuery): Promise<ProductPage> {
    const filter = catalogFilter(query);
    const [docs, total] = await Promise.all([
      this.products
        .find(filter, { searchText: 0 })
        .sort(catalogSort(query.sort))
        .skip((query.page - 1) * query.limit)
        .limit(query.limit)
        .lean<Array<Product & { _id: Types.ObjectId }>>()
        .exec(),
      this.products.countDocuments(filter).exec(),
    ]);
    return { total, items: docs.map((doc) => toView(doc, NO_STOCK_REPORTS)) };
  }
}
