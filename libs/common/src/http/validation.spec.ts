import { plainToInstance } from 'class-transformer';
import { IsDate, IsInt, IsNumber, IsString, validateSync } from 'class-validator';
import { MaxDecimals, NoControlCharacters, OptionalNotNull, QueryDateTime, QueryNumber } from './validation';

class Price {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @MaxDecimals(2)
  price!: number;
}

class Query {
  @QueryNumber()
  @IsInt()
  page!: number;
}

class Since {
  @QueryDateTime()
  @IsDate()
  from!: Date;
}

class Name {
  @NoControlCharacters()
  name!: string;
}

class Patch {
  @OptionalNotNull()
  @IsString()
  description?: string;
}

const problems = <T extends object>(type: new () => T, plain: object) =>
  validateSync(plainToInstance(type, plain)).flatMap((e) => Object.values(e.constraints ?? {}));

describe('validation helpers', () => {
  it('MaxDecimals judges the value, exponent notation included', () => {
    for (const price of [0, 1, 89.9, 0.29, 19.99, 1e9, 1e3]) expect(problems(Price, { price })).toEqual([]);
    for (const price of [5e-324, 0.001, 1.005, 1e-7]) {
      expect(problems(Price, { price })).toEqual(['price must have at most 2 decimals']);
    }
  });

  it('QueryNumber reads plain decimals only', () => {
    expect(plainToInstance(Query, { page: '12' }).page).toBe(12);
    for (const page of ['0x10', '1e308', ' 5', '', '-0', 'Infinity'])
      expect(problems(Query, { page })).toEqual(['page must be an integer number']);
  });

  it('QueryDateTime reads RFC 3339 date-times only, not whatever new Date() can read', () => {
    expect(plainToInstance(Since, { from: '2026-12-03T16:30:00.000Z' }).from).toEqual(new Date('2026-12-03T16:30:00Z'));
    expect(problems(Since, { from: '2026-12-03T17:30:00+01:00' })).toEqual([]);
    for (const from of ['0.5', '2026', '2026-12-03', 'March 3, 2026', '2026-13-45T00:00:00Z'])
      expect(problems(Since, { from })).toEqual(['from must be a Date instance']);
  });

  it('NoControlCharacters refuses exactly Unicode Cc (U+0000-001F, U+007F-009F)', () => {
    for (const name of ['a\u0000', 'a\n', '\u001f', '\u007f', 'x\u009f'])
      expect(problems(Name, { name })).toEqual(['name must not contain control characters']);
    for (const name of ['Ada', 'Zoë \u00a0', '\u00a0\u2028 emoji 🙂']) expect(problems(Name, { name })).toEqual([]);
  });

  it('OptionalNotNull lets a property be absent, never null', () => {
    expect(problems(Patch, {})).toEqual([]);
    expect(problems(Patch, { description: 'x' })).toEqual([]);
    expect(problems(Patch, { description: null })).toEqual(['description must be a string']);
  });
});
