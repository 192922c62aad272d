import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CatalogCacheModule } from '../cache/catalog-cache.module';
import { ProductStock, ProductStockSchema } from './product-stock.schema';
import { ProductStockService } from './product-stock.service';
import { StockEventsController } from './stock.events.controller';

/** The stock a product shows: inventory's figure, fed by inventory-stock-changed. */
@Module({
  imports: [MongooseModule.forFeature([{ name: ProductStock.name, schema: ProductStockSchema }]), CatalogCacheModule],
  controllers: [StockEventsController],
  providers: [ProductStockService],
  exports: [ProductStockService],
})
export class StockModule {}
