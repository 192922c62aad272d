import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A product's catalog fields as of one revision. */
@Schema({ _id: false, versionKey: false })
export class ProductSnapshot {
  @Prop({ required: true })
  name: string;

  @Prop({ default: '' })
  description: string;

  @Prop({ required: true })
  category: string;

  @Prop({ required: true, min: 0 })
  price: number;

  /** The stock given at creation; inventory's figure replaces it once inventory reports one. */
  @Prop({ required: true, min: 0 })
  initialStock: number;

  @Prop({ required: true })
  createdAt: Date;

  @Prop({ required: true })
  updatedAt: Date;
}

export const ProductSnapshotSchema = SchemaFactory.createForClass(ProductSnapshot);
