import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DLQ_TOPICS } from '../dead-letter';
import type { LetterState } from '../dead-letters.service';

export class ListDeadLettersQuery {
  @ApiPropertyOptional({ enum: DLQ_TOPICS, description: 'Only this dead-letter topic' })
  @IsOptional()
  @IsIn(DLQ_TOPICS)
  topic?: string;

  @ApiPropertyOptional({
    enum: ['pending', 'all'],
    default: 'pending',
    description: '`all` lists replayed letters too',
  })
  @IsOptional()
  @IsIn(['pending', 'all'])
  state: LetterState = 'pending';
}
