import { DynamicModule, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService, JWT_SECRET } from './auth.service';
import { ChatController } from './chat.controller';
import { ChatGateway } from './chat.gateway';
import { ChatService } from './chat.service';
import { Database } from './database';
import { loadJwtSecret } from './jwt-secret';
import { SERVER_OPTIONS, ServerOptions } from './options';
import { UsersService } from './users.service';

/** The seed's chat module plus the minimal login the tests need. */
@Module({})
export class AppModule {
  static forRoot(options: ServerOptions): DynamicModule {
    return {
      module: AppModule,
      controllers: [AuthController, ChatController],
      providers: [
        { provide: SERVER_OPTIONS, useValue: options },
        { provide: JWT_SECRET, useValue: loadJwtSecret(options.dataDir) },
        Database, UsersService, AuthService, ChatService, ChatGateway,
      ],
    };
  }
}
