import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { NoControlCharacters } from '@app/common';
import { NormaliseEmail } from './email.transform';
import { HardToGuess, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy';

/** No `role`: the global ValidationPipe refuses undeclared fields, so nobody registers as admin. */
export class RegisterDto {
  @ApiProperty({ example: 'Ada Lovelace' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  @NoControlCharacters()
  name: string;

  @ApiProperty({
    format: 'email',
    example: 'ada@example.com',
    description: 'Stored trimmed and lower-cased',
  })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  @NoControlCharacters()
  email: string;

  @ApiProperty({
    example: 'correct horse battery',
    description: 'At least 12 characters, and not easy to guess: no common password, pattern, or the email or name',
  })
  @IsString()
  @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH)
  @HardToGuess()
  password: string;
}
