import { IsMongoId } from 'class-validator';
import { BaseEvent } from './base.event';

/** A product left the catalog: it can no longer be ordered. */
export class ProductDeletedEvent extends BaseEvent {
  @IsMongoId()
  productId: string;
}
