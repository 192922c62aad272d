import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Price, PriceSchema } from './price.schema';
import { PricesEventsController } from './prices.events.controller';
import { PricesService } from './prices.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: Price.name, schema: PriceSchema }])],
  controllers: [PricesEventsController],
  providers: [PricesService],
  exports: [PricesService],
})
export class PricesModule {}
