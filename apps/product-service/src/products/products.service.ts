import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import {
  newEvent,
  outboxMessage,
  ProductCreatedEvent,
  ProductDeletedEvent,
  ProductUpdatedEvent,
  TOPICS,
} from '@app/events';
import { ProductErrorCode, ProductServiceError } from '../errors/product-service.error';
import { CreateProductDto } from './dto/create-product.dto';
import { ProductDto } from './dto/product.dto';
import { UpdateProductDto } from './dto/update-product.dto';
import { ProductProjector } from './product-projector.service';
import { ProductReader } from './product-reader.service';
import { ProductRevision } from './product-revision.schema';
import { ProductRevisionLog, RevisionRecord } from './product-revision-log.service';
import { ProductSnapshot } from './product-snapshot.schema';

/**
 * Catalog writes. Each one appends a revision that carries its event (one
 * insert, so no crash separates them), then projects it and invalidates the
 * cache before answering: the next read anywhere sees the change.
 */
@Injectable()
export class ProductsService {
  constructor(
    private readonly log: ProductRevisionLog,
    private readonly projector: ProductProjector,
    private readonly reader: ProductReader,
  ) {}

  async create(dto: CreateProductDto): Promise<ProductDto> {
    const productId = new Types.ObjectId();
    const id = productId.toHexString();
    const now = new Date();
    const snapshot: ProductSnapshot = {
      name: dto.name,
      description: dto.description ?? '',
      category: dto.category ?? 'general',
      price: dto.price,
      initialStock: dto.stock,
      createdAt: now,
      updatedAt: now,
    };
    const event = newEvent<ProductCreatedEvent>({ productId: id, name: dto.name, price: dto.price, stock: dto.stock });
    const record = { productId, revision: 1, deleted: false, snapshot, recordedAt: now };
    await this.log.append({ ...record, outbox: outboxMessage(TOPICS.PRODUCT_CREATED, event, id) });
    return this.settle(record);
  }

  async update(id: string, dto: UpdateProductDto): Promise<ProductDto> {
    const changes = definedFields(dto);
    if (Object.keys(changes).length === 0) throw new ProductServiceError(ProductErrorCode.NothingToUpdate);
    const head = await this.current(id);
    const now = new Date();
    const snapshot: ProductSnapshot = { ...head.snapshot, ...changes, updatedAt: now };
    const event = newEvent<ProductUpdatedEvent>({
      productId: id,
      name: snapshot.name,
      price: snapshot.price,
      category: snapshot.category,
    });
    const record = {
      productId: head.productId,
      revision: head.revision + 1,
      deleted: false,
      snapshot,
      recordedAt: now,
    };
    await this.log.append({ ...record, outbox: outboxMessage(TOPICS.PRODUCT_UPDATED, event, id) });
    return this.settle(record);
  }

  async remove(id: string): Promise<void> {
    const head = await this.current(id);
    const event = newEvent<ProductDeletedEvent>({ productId: id });
    await this.log.append({
      productId: head.productId,
      revision: head.revision + 1,
      deleted: true,
      snapshot: head.snapshot,
      recordedAt: new Date(),
      outbox: outboxMessage(TOPICS.PRODUCT_DELETED, event, id),
    });
    await this.projector.sync(id);
  }

  /** The newest revision from the log (not the projection, which may lag after a crash). */
  private async current(id: string): Promise<ProductRevision> {
    const head = await this.log.latest(id);
    if (!head || head.deleted) throw new ProductServiceError(ProductErrorCode.NotFound);
    return head;
  }

  /** Projects and invalidates, then answers the product as this write left it (a later write may follow). */
  private async settle(record: Omit<RevisionRecord, 'outbox'>): Promise<ProductDto> {
    await this.projector.sync(record.productId.toHexString());
    return this.reader.viewOf(record);
  }
}

function definedFields(dto: UpdateProductDto): Partial<ProductSnapshot> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined));
}
