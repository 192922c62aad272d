import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of /auth/refresh and /auth/logout. */
export class RefreshDto {
  @ApiProperty({ description: 'A refresh token from register, login or an earlier refresh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  refreshToken: string;
}
