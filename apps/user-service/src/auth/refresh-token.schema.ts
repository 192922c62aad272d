import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { SchemaTypes, Types } from 'mongoose';

/**
 * One refresh token, stored as the SHA-256 of the random value handed out.
 * Tokens issued from one login form a family (a chain of rotations).
 */
@Schema({
  collection: 'refresh_tokens',
  timestamps: { createdAt: true, updatedAt: false },
  versionKey: false,
  autoIndex: false,
})
export class RefreshToken {
  @Prop({ required: true, unique: true })
  tokenHash: string;

  /**
   * Hash of the token this one was issued in exchange for (`root:<familyId>`
   * for a login). Unique, so redeeming a token is one insert that at most one
   * caller can win: FerretDB has no transactions and runs conditional updates
   * as read-then-write, so "mark as used" could be won twice; an index cannot.
   */
  @Prop({ required: true, unique: true })
  parentHash: string;

  @Prop({ required: true, index: true })
  familyId: string;

  @Prop({ type: SchemaTypes.ObjectId, required: true, index: true })
  userId: Types.ObjectId;

  @Prop({ required: true })
  expiresAt: Date;

  /**
   * When the family's login happened, copied along every rotation: the
   * session ends REFRESH_SESSION_MAX_AGE after it, however often it is
   * refreshed. Tokens from before this field count from their own creation.
   */
  @Prop({ type: Date })
  sessionStartedAt?: Date;

  @Prop({ type: Date, default: null })
  revokedAt: Date | null;

  createdAt: Date;
}

export const RefreshTokenSchema = SchemaFactory.createForClass(RefreshToken);
