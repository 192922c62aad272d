import { Module, OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AuthModule } from '@app/auth';
import { ensureIndexes } from '@app/common';
import { PricesModule } from '../prices/prices.module';
import { OrderSagaService } from './order-saga.service';
import { OrderTransition, OrderTransitionSchema } from './order-transition.schema';
import { Order, OrderSchema } from './order.schema';
import { OrdersController } from './orders.controller';
import { OrdersEventsController } from './orders.events.controller';
import { OrdersService } from './orders.service';
import { SagaBacklog } from './saga-backlog.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Order.name, schema: OrderSchema },
      { name: OrderTransition.name, schema: OrderTransitionSchema },
    ]),
    AuthModule,
    PricesModule,
  ],
  controllers: [OrdersController, OrdersEventsController],
  providers: [OrdersService, OrderSagaService, SagaBacklog],
})
export class OrdersModule implements OnModuleInit {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<Order>,
    @InjectModel(OrderTransition.name) private readonly transitions: Model<OrderTransition>,
  ) {}

  /** Idempotency keys and the once-per-slot lifecycle rest on unique indexes: they exist before traffic. */
  async onModuleInit(): Promise<void> {
    await Promise.all([ensureIndexes(this.orders), ensureIndexes(this.transitions)]);
  }
}
