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
    example: 'red shoe',
    description:
      'Case-insensitive; every whitespace-separated word must appear in the name, description or category. Matched literally (no patterns).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @NoControlCharacters()
  search?: string;

  @ApiPropertyOptional({ example: 'shoes', description: 'Exact category, case-insensitive' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;

  @ApiPropertyOptional({ example: 10 })
  @IsOptional()
  @QueryNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  minPrice?: number;

  @ApiPropertyOptional({ example: 50 })
  @IsOptional()
  @QueryNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  maxPrice?: number;

  @ApiPropertyOptional({ default: '-createdAt' })
  @IsOptional()
  @IsIn(CATALOG_SORTS)
  sort?: CatalogSort;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ default: 20 })
  @IsOptional()
  @QueryNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;
}
