import { ApiProperty } from '@nestjs/swagger';
import { Role } from '@app/auth';

export class UserProfileDto {
  @ApiProperty({ example: '665f1c2ab5d2a9c1e4f0a123' })
  _id: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  name: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ enum: Role, example: Role.Customer })
  role: Role;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}
