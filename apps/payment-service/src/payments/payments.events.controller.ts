import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EventConsumer, TOPICS } from '@app/events';
import { toEventError } from '../errors/payment-event-error';
import { PaymentsService } from './payments.service';
import { RefundsService } from './refunds.service';

/** payment-service's part in the order saga: charge new orders, refund the ones inventory cannot fill. */
@Controller()
export class PaymentsEventsController {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly payments: PaymentsService,
    private readonly refunds: RefundsService,
  ) {}

  @EventPattern(TOPICS.ORDER_CREATED)
  orderCreated(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.ORDER_CREATED, value, context, (event) => this.payments.charge(event));
  }

  @EventPattern(TOPICS.INVENTORY_FAILED)
  inventoryFailed(@Payload() value: unknown, @Ctx() context: unknown) {
    return this.consumer.consume(TOPICS.INVENTORY_FAILED, value, context, (event) =>
      this.refunds.refund(event).catch((error: unknown) => {
        throw toEventError(error);
      }),
    );
  }
}
