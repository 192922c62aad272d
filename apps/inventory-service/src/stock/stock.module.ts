import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { StockController } from './stock.controller';
import { StockEventsController } from './stock.events.controller';
import { Stock, StockSchema } from './stock.schema';
import { StockService } from './stock.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: Stock.name, schema: StockSchema }])],
  controllers: [StockController, StockEventsController],
  providers: [StockService],
})
export class StockModule {}
