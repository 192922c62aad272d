import { Module, OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AuthModule } from '@app/auth';
import { ensureIndexes } from '@app/common';
import { Reservation, ReservationSchema } from './reservation.schema';
import { ReservationsService } from './reservations.service';
import { StockController } from './stock.controller';
import { StockEventsController } from './stock.events.controller';
import { StockLedger } from './stock-ledger.service';
import { StockMovement, StockMovementSchema } from './stock-movement.schema';
import { StockService } from './stock.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: StockMovement.name, schema: StockMovementSchema },
      { name: Reservation.name, schema: ReservationSchema },
    ]),
    AuthModule,
  ],
  controllers: [StockController, StockEventsController],
  providers: [StockLedger, StockService, ReservationsService],
})
export class StockModule implements OnModuleInit {
  constructor(
    @InjectModel(StockMovement.name) private readonly movements: Model<StockMovement>,
    @InjectModel(Reservation.name) private readonly reservations: Model<Reservation>,
  ) {}

  /** The ledger is only correct with its unique indexes, so they exist before any traffic. */
  async onModuleInit(): Promise<void> {
    await Promise.all([ensureIndexes(this.movements), ensureIndexes(this.reservations)]);
  }
}
