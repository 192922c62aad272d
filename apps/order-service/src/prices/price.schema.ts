import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Order-service's own copy of a product's price, fed by product events (keyed
 * by product, so one consumer writes a given product's row). Orders are priced
 * from here, never from what the client sends.
 */
@Schema({ collection: 'prices', versionKey: false })
export class Price {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true })
  name: string;

  @Prop({ required: true, min: 0 })
  price: number;

  @Prop({ default: false })
  deleted: boolean;

  /** occurredAt of the event that set this row: an older event never overwrites a newer one. */
  @Prop({ required: true })
  asOf: Date;
}

export const PriceSchema = SchemaFactory.createForClass(Price);
