import { Controller } from '@nestjs/common';
import { OnEvent, ProductCreatedEvent, ProductDeletedEvent, ProductUpdatedEvent, TOPICS } from '@app/events';
import { PricesService } from './prices.service';

/** Keeps the price list in step with the catalog. */
@Controller()
export class PricesEventsController {
  constructor(private readonly prices: PricesService) {}

  @OnEvent(TOPICS.PRODUCT_CREATED)
  created(event: ProductCreatedEvent) {
    return this.prices.apply(event);
  }

  @OnEvent(TOPICS.PRODUCT_UPDATED)
  updated(event: ProductUpdatedEvent) {
    return this.prices.apply(event);
  }

  @OnEvent(TOPICS.PRODUCT_DELETED)
  deleted(event: ProductDeletedEvent) {
    return this.prices.remove(event);
  }
}
