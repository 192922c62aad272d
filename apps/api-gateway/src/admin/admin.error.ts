import { HttpStatus } from '@nestjs/common';
import { defineErrors } from '@app/common';

/** What the gateway's admin APIs refuse, each code with its HTTP status (they handle no events). */
export enum AdminErrorCode {
  UnknownTopic = 'DLQ_UNKNOWN_TOPIC',
  LetterNotFound = 'DLQ_LETTER_NOT_FOUND',
  AlreadyReplayed = 'DLQ_ALREADY_REPLAYED',
  ReadTimedOut = 'DLQ_READ_TIMED_OUT',
}

export class AdminError extends defineErrors<AdminErrorCode>('AdminError', {
  [AdminErrorCode.UnknownTopic]: {
    status: HttpStatus.NOT_FOUND,
    message: 'No such dead-letter topic',
    event: 'dead-letter',
  },
  [AdminErrorCode.LetterNotFound]: {
    status: HttpStatus.NOT_FOUND,
    message: 'No dead letter there',
    event: 'dead-letter',
  },
  [AdminErrorCode.AlreadyReplayed]: {
    status: HttpStatus.CONFLICT,
    message: 'This dead letter was replayed already',
    event: 'dead-letter',
  },
  [AdminErrorCode.ReadTimedOut]: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    message: 'Kafka did not hand over the dead letters in time; retry shortly',
    event: 'retry',
  },
}) {}
