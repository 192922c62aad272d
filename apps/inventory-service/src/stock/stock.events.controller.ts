import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumer, TOPICS } from '@app/events';
import { ReservationsService } from './reservations.service';
import { StockService } from './stock.service';

@Controller()
export class StockEventsController {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly stock: StockService,
    private readonly reservations: ReservationsService,
  ) {}

  @EventPattern(TOPICS.PRODUCT_CREATED)
  productCreated(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.PRODUCT_CREATED, value, context, (event) => this.stock.open(event));
  }

  @EventPattern(TOPICS.PAYMENT_COMPLETED)
  paymentCompleted(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.PAYMENT_COMPLETED, value, context, (event) => this.reservations.reserve(event));
  }
}
