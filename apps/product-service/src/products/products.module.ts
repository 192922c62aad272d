import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { CatalogCacheModule } from '../cache/catalog-cache.module';
import { StockModule } from '../stock/stock.module';
import { CatalogReconciler } from './catalog-reconciler.service';
import { PricesController } from './prices.controller';
import { ProductProjector } from './product-projector.service';
import { ProductReader } from './product-reader.service';
import { ProductRevision, ProductRevisionSchema } from './product-revision.schema';
import { ProductRevisionLog } from './product-revision-log.service';
import { Product, ProductSchema } from './product.schema';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Product.name, schema: ProductSchema },
      { name: ProductRevision.name, schema: ProductRevisionSchema },
    ]),
    AuthModule,
    CatalogCacheModule,
    StockModule,
  ],
  controllers: [ProductsController, PricesController],
  providers: [ProductsService, ProductReader, ProductRevisionLog, ProductProjector, CatalogReconciler],
})
export class ProductsModule {}
