import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNumber, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { MaxDecimals, OptionalNotNull } from '@app/common';

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Body of POST /products; any other field is refused (400). */
export class CreateProductDto {
  @ApiProperty({ example: 'Trail running shoe' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'Light, with a grippy sole', default: '' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ example: 'shoes', default: 'general' })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  category?: string;

  @ApiProperty({ example: 89.9, description: 'At most two decimals' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimals(2)
  @Min(0)
  @Max(1_000_000_000)
  price: number;

  /** Initial stock; from then on inventory-service owns the figure. */
  @ApiProperty({
    example: 25,
    description: 'Initial stock; inventory owns it after',
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  stock: number;
}
