import { CanActivate, ExecutionContext, Injectable, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { AuthService } from './auth.service';
import { UserSummary } from './users.service';

/** REST guard: `Authorization: Bearer <jwt>`; the user lands in request.user. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    const header = request.headers?.authorization;
    const user = typeof header === 'string' && /^Bearer\s+/i.test(header) ? this.auth.verify(header) : null;
    if (!user) throw new UnauthorizedException();
    request.user = user;
    return true;
  }
}

/** The signed-in user of a guarded request. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): UserSummary =>
  context.switchToHttp().getRequest().user);
