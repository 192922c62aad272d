import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { NormaliseEmail } from './email.transform';

export class LoginDto {
  @ApiProperty({ format: 'email', example: 'ada@example.com' })
  @NormaliseEmail()
  @IsEmail()
  @MaxLength(254)
  email: string;

  /** No minimum here: the length rule is for new passwords, and 401 is the answer for a wrong one. */
  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password: string;
}
