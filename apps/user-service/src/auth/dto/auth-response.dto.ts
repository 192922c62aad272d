import { ApiProperty } from '@nestjs/swagger';
import { Role } from '@app/auth';

/** What register, login and refresh answer: the account and a fresh token pair. */
export class AuthResponseDto {
  @ApiProperty({ example: '665f1c2ab5d2a9c1e4f0a123' })
  _id: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ enum: Role, example: Role.Customer })
  role: Role;

  @ApiProperty({ description: 'Access token (JWT, HS256); send as `Authorization: Bearer <token>`' })
  token: string;

  @ApiProperty({ description: 'Single-use refresh token for POST /auth/refresh' })
  refreshToken: string;
}
