import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** A MongoDB ObjectId: 24 hex digits, either case (the OpenAPI document declares this very pattern). */
export const MONGO_ID_PATTERN = '^[0-9a-fA-F]{24}$';
const MONGO_ID = new RegExp(MONGO_ID_PATTERN);

export function isMongoId(value: unknown): value is string {
  return typeof value === 'string' && MONGO_ID.test(value);
}

/** 400 for anything that is not a 24-hex-digit id, before it reaches a query. */
@Injectable()
export class MongoIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (!isMongoId(value)) throw new BadRequestException(`'${String(value)}' is not a valid id (24 hex digits)`);
    return value.toLowerCase();
  }
}
