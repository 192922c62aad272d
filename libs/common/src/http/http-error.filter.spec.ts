import { ArgumentsHost, BadRequestException, ConflictException } from '@nestjs/common';
import { HttpErrorFilter } from './http-error.filter';

function capture(exception: unknown) {
  const reply = { status: jest.fn().mockReturnThis(), send: jest.fn() };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  new HttpErrorFilter().catch(exception, host);
  return { status: reply.status.mock.calls[0][0], body: reply.send.mock.calls[0][0] };
}

describe(HttpErrorFilter.name, () => {
  it('keeps Nest exceptions as {statusCode, message, error}', () => {
    expect(capture(new ConflictException('taken'))).toEqual({
      status: 409,
      body: { statusCode: 409, message: 'taken', error: 'Conflict' },
    });
    expect(capture(new BadRequestException(['a must be a string'])).body).toEqual({
      statusCode: 400,
      message: ['a must be a string'],
      error: 'Bad Request',
    });
  });

  it('shapes a Fastify client error (body too large) the same way', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(capture(tooLarge).body).toEqual({
      statusCode: 413,
      message: 'Request body is too large',
      error: 'Payload Too Large',
    });
  });

  it('answers 503 when the database is out of reach', () => {
    const down = Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' });
    expect(capture(down)).toMatchObject({ status: 503, body: { error: 'Service Unavailable' } });
  });

  it('hides anything unexpected behind a 500', () => {
    expect(capture(new TypeError('x is undefined'))).toEqual({
      status: 500,
      body: { statusCode: 500, message: 'Internal server error', error: 'Internal Server Error' },
    });
  });
});
