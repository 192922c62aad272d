import { Controller } from '@nestjs/common';
import { OnEvent, OrderCancelledEvent, OrderPaidEvent, ProductCreatedEvent, TOPICS } from '@app/events';
import { ReservationsService } from './reservations.service';
import { StockService } from './stock.service';

/** inventory-service's part: open a new product's stock, reserve a paid order's lines, release a cancelled one's. */
@Controller()
export class StockEventsController {
  constructor(
    private readonly stock: StockService,
    private readonly reservations: ReservationsService,
  ) {}

  @OnEvent(TOPICS.PRODUCT_CREATED)
  productCreated(event: ProductCreatedEvent) {
    return this.stock.open(event);
  }

  @OnEvent(TOPICS.ORDER_PAID)
  orderPaid(event: OrderPaidEvent) {
    return this.reservations.reserve(event);
  }

  @OnEvent(TOPICS.ORDER_CANCELLED)
  orderCancelled(event: OrderCancelledEvent) {
    return this.reservations.release(event);
  }
}
