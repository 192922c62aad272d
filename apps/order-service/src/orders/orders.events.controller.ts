import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumer, TOPICS } from '@app/events';
import { OrderSagaService } from './order-saga.service';

/** Follows payment and inventory through the saga. */
@Controller()
export class OrdersEventsController {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly saga: OrderSagaService,
  ) {}

  @EventPattern(TOPICS.PAYMENT_COMPLETED)
  paymentCompleted(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.PAYMENT_COMPLETED, value, context, (e) => this.saga.paid(e));
  }

  @EventPattern(TOPICS.PAYMENT_FAILED)
  paymentFailed(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.PAYMENT_FAILED, value, context, (e) => this.saga.declined(e));
  }

  @EventPattern(TOPICS.INVENTORY_RESERVED)
  inventoryReserved(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.INVENTORY_RESERVED, value, context, (e) => this.saga.reserved(e));
  }

  @EventPattern(TOPICS.INVENTORY_FAILED)
  inventoryFailed(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.INVENTORY_FAILED, value, context, (e) => this.saga.outOfStock(e));
  }

  @EventPattern(TOPICS.PAYMENT_REFUNDED)
  paymentRefunded(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.PAYMENT_REFUNDED, value, context, (e) => this.saga.refunded(e));
  }
}
