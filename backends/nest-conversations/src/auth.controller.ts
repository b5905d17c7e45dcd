import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AuthService } from './auth.service';

/**
 * POST /auth/login {username} -> {access_token, user: {id, username}}.
 * Test-only: seed 002's register/login belongs to another service (the API gateway) that the
 * document does not describe; users are created on first login, without passwords.
 */
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  login(@Body() body: unknown) {
    const username = (body as { username?: unknown } | null)?.username;
    if (typeof username !== 'string' || username.trim().length === 0 || username.length > 64) {
      throw new BadRequestException('username must be a non-empty string of at most 64 characters');
    }
    return this.auth.login(username.trim());
  }
}
