import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NoControlCharacters, QueryNumber } from '@app/common';

export const CATALOG_SORTS = ['price', '-price', 'name', '-createdAt'] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];
export const MAX_PAGE_SIZE = 100;
export const MAX_PAGE = 10_000;

/** Query of GET /products; any other parameter is refused (400). */
export class ListProductsQueryDto {
  @ApiPropertyOptional({
    maxLength: 100,
    example: 'red shoe',
    description:
      'Case-insensitive; every whitespace-separated word must appear in the name, description or category. Matched literally (no patterns).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @NoControlCharacters()
  search?: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'shoes', description: 'Exact category, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;

  @ApiPropertyOptional({ minimum: 0, example: 10 })
  @IsOptional()
  @QueryNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  minPrice?: number;

  @ApiPropertyOptional({ minimum: 0, example: 50 })
  @IsOptional()
  @QueryNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  maxPrice?: number;

  @ApiPropertyOptional({ enum: CATALOG_SORTS, default: '-createdAt' })
  @IsOptional()
  @IsIn(CATALOG_SORTS)
  sort?: CatalogSort;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}
