import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { EventPublisher, ProductCreatedEvent, TOPICS, newEvent } from '@app/events';
import { CreateProductDto } from './dto/create-product.dto';
import { Product } from './product.schema';

export interface ProductView {
  _id: string;
  name: string;
  description: string;
  category: string;
  price: number;
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class ProductsService {
  constructor(
    @InjectModel(Product.name) private readonly products: Model<Product>,
    private readonly events: EventPublisher,
  ) {}

  async create(dto: CreateProductDto, correlationId?: string): Promise<ProductView> {
    const { stock, ...fields } = dto;
    const product = await this.products.create(fields);
    const view = toView(product.toObject());
    await this.events.publish(
      TOPICS.PRODUCT_CREATED,
      newEvent<ProductCreatedEvent>({ productId: view._id, name: view.name, price: view.price, stock }),
      { key: view._id, correlationId },
    );
    return view;
  }

  async findOne(id: string): Promise<ProductView> {
    const product = await this.products.findById(id).lean().exec();
    if (!product) throw new NotFoundException(`Product ${id} not found`);
    return toView(product);
  }
}

function toView(doc: Product & { _id: unknown }): ProductView {
  return {
    _id: String(doc._id),
    name: doc.name,
    description: doc.description,
    category: doc.category,
    price: doc.price,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
