import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';

export class ReplayLetterDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The corrected event to send in place of the letter’s value; without it the letter goes back as it was',
  })
  @IsOptional()
  @IsObject()
  value?: Record<string, unknown>;
}
