import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Every error the API answers (HttpErrorFilter): one shape for every status. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description: 'What was wrong; a list when several fields were',
    example: 'price must not be less than 0',
  })
  message: string | string[];

  @ApiProperty({ example: 'Bad Request', description: 'The status in words' })
  error: string;

  @ApiPropertyOptional({ example: 'PRODUCT_NOT_FOUND', description: "The service's error code, when it has one" })
  code?: string;
}
