import { Body, Controller, Get, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ChatGateway } from './chat.gateway';
import { ChatService } from './chat.service';
import { CurrentUser, JwtAuthGuard } from './jwt-auth.guard';
import { UserSummary } from './users.service';

/** The REST endpoints of seed 002, all behind the JWT. */
@Controller('chat')
@UseGuards(JwtAuthGuard)
export class ChatController {
  constructor(private readonly chat: ChatService, private readonly gateway: ChatGateway) {}

  @Post('conversations')
  createConversation(@CurrentUser() user: UserSummary, @Body() body: unknown) {
    return this.chat.getOrCreateConversation(user, (body as { participantId?: unknown } | null)?.participantId);
  }

  @Get('conversations')
  listConversations(@CurrentUser() user: UserSummary) {
    return this.chat.listConversations(user);
  }

  @Get('conversations/:id/messages')
  getMessages(@CurrentUser() user: UserSummary, @Param('id') id: string) {
    return this.chat.getMessages(user, id);
  }

  @Get('unread-count')
  unreadCount(@CurrentUser() user: UserSummary) {
    return this.chat.unreadCount(user);
  }

  /** Marks the message read and, as the socket's markAsRead does, tells its sender. */
  @Put('messages/:id/read')
  markAsRead(@CurrentUser() user: UserSummary, @Param('id') id: string) {
    const { message, changed } = this.chat.markAsRead(user, id);
    if (changed) this.gateway.notifyMessageRead(message);
    return message;
  }
}
