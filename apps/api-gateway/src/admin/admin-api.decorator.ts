import { UseGuards, applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { JwtAuthGuard, Role, Roles, RolesGuard } from '@app/auth';
import { ClientThrottlerGuard } from '../rate-limit/client-throttler.guard';

/** A controller of the gateway's admin APIs: rate-limited like /api, an admin's token, and the answers that come with both. */
export const AdminApi = () =>
  applyDecorators(
    ApiTags('admin'),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired access token' }),
    ApiForbiddenResponse({ description: 'Not an admin' }),
    ApiTooManyRequestsResponse({ description: 'Rate limited (not an admin); retry after Retry-After seconds' }),
    UseGuards(ClientThrottlerGuard, JwtAuthGuard, RolesGuard),
    Roles(Role.Admin),
  );
