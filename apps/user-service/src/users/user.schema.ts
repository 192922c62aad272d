import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Role } from '@app/auth';

@Schema({ timestamps: true, versionKey: false, autoIndex: false })
export class User {
  @Prop({ required: true, trim: true, maxlength: 100 })
  name: string;

  /** Stored lower-cased and trimmed; the unique index is what makes "email taken" race-free. */
  @Prop({ required: true, unique: true, lowercase: true, trim: true })
  email: string;

  /** argon2id; not selected unless a query asks for it, so it cannot leak into a response by accident. */
  @Prop({ required: true, select: false })
  passwordHash: string;

  @Prop({ type: String, enum: Object.values(Role), required: true, default: Role.Customer })
  role: Role;

  createdAt: Date;
  updatedAt: Date;
}

export const UserSchema = SchemaFactory.createForClass(User);
