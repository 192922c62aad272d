import { OmitType, PartialType } from '@nestjs/swagger';
import { ObjectRules } from '@app/common';
import { CreateProductDto } from './create-product.dto';

/**
 * Body of PATCH /products/:id: any of the catalog fields, each left out or
 * valid (`null` is refused, not stored). Not `stock`, which is inventory's to
 * change, so it is refused like any unknown field. An empty body is refused
 * by ProductsService (PRODUCT_NOTHING_TO_UPDATE); `minProperties` tells the
 * API document so.
 */
@ObjectRules({ minProperties: 1 })
export class UpdateProductDto extends PartialType(OmitType(CreateProductDto, ['stock'] as const), {
  skipNullProperties: false,
}) {}
