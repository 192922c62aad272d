import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ProductCreatedEvent } from '@app/events';
import { Stock } from './stock.schema';

export interface StockView {
  productId: string;
  stock: number;
}

@Injectable()
export class StockService {
  constructor(@InjectModel(Stock.name) private readonly records: Model<Stock>) {}

  /**
   * Opens the stock record of a new product. Insert-if-absent keeps a
   * redelivered event from resetting stock that has moved since.
   */
  async open(event: ProductCreatedEvent): Promise<void> {
    await this.records.updateOne(
      { productId: event.productId },
      { $setOnInsert: { productId: event.productId, stock: event.stock } },
      { upsert: true },
    );
  }

  async get(productId: string): Promise<StockView> {
    const record = await this.records.findOne({ productId }).lean().exec();
    if (!record) throw new NotFoundException(`No stock record for product ${productId}`);
    return { productId: record.productId, stock: record.stock };
  }
}
