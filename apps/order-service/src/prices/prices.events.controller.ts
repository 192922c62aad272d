import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumer, TOPICS } from '@app/events';
import { PricesService } from './prices.service';

/** Keeps the price list in step with the catalog. */
@Controller()
export class PricesEventsController {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly prices: PricesService,
  ) {}

  @EventPattern(TOPICS.PRODUCT_CREATED)
  created(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.PRODUCT_CREATED, value, context, (event) => this.prices.apply(event));
  }

  @EventPattern(TOPICS.PRODUCT_UPDATED)
  updated(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.PRODUCT_UPDATED, value, context, (event) => this.prices.apply(event));
  }

  @EventPattern(TOPICS.PRODUCT_DELETED)
  deleted(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.PRODUCT_DELETED, value, context, (event) => this.prices.remove(event));
  }
}
