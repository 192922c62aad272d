import { Controller } from '@nestjs/common';
import { OnEvent, OrderCancelledEvent, OrderCreatedEvent, TOPICS } from '@app/events';
import { PaymentsService } from './payments.service';
import { RefundsService } from './refunds.service';

/** payment-service's part in the order saga: charge new orders, refund the cancelled ones order-service says to. */
@Controller()
export class PaymentsEventsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly refunds: RefundsService,
  ) {}

  @OnEvent(TOPICS.ORDER_CREATED)
  orderCreated(event: OrderCreatedEvent) {
    return this.payments.charge(event);
  }

  @OnEvent(TOPICS.ORDER_CANCELLED)
  orderCancelled(event: OrderCancelledEvent) {
    return this.refunds.refund(event);
  }
}
