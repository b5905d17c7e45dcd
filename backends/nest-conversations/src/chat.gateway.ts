import { HttpException } from '@nestjs/common';
import {
  ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit,
  SubscribeMessage, WebSocketGateway, WebSocketServer, WsException,
} from '@nestjs/websockets';
import { Server, Socket } from 'socket.io';
import { AuthService } from './auth.service';
import { ChatService, MessageJson } from './chat.service';
import { UserSummary } from './users.service';

const userRoom = (userId: string) => `user:${userId}`;

/** Payload fields of the seed's client events; everything a client sends is checked at runtime. */
type Payload = Record<string, unknown>;
const fields = (body: unknown): Payload => (body !== null && typeof body === 'object' && !Array.isArray(body) ? body as Payload : {});

/**
 * The WebSocket gateway of seed 002. The JWT is checked in a socket.io middleware, so a bad
 * token is refused in the handshake (CONNECT_ERROR {message: 'Unauthorized'}). Each user's sockets
 * join 'user:{userId}', where their messages, typing and read receipts are delivered. Errors in
 * handlers become Nest's own 'exception' event {status: 'error', message}.
 */
@WebSocketGateway({ cors: { origin: true } })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer() server: Server;

  /** Open sockets per user: presence changes on the first connection and after the last one. */
  private readonly openSockets = new Map<string, number>();

  constructor(private readonly auth: AuthService, private readonly chat: ChatService) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      const { auth, query, headers } = socket.handshake;
      // The token as a socket.io client sends it: auth {token}, else ?token=, else a Bearer header.
      const token = (auth as Payload | undefined)?.token ?? query?.token ?? headers?.authorization;
      const user = this.auth.verify(token);
      if (!user) return next(new Error('Unauthorized'));
      socket.data.user = user;
      next();
    });
  }

  handleConnection(client: Socket): void {
    const user = client.data.user as UserSummary;
    client.join(userRoom(user.id));
    const count = (this.openSockets.get(user.id) ?? 0) + 1;
    this.openSockets.set(user.id, count);
    if (count === 1) this.server.emit('userOnline', { userId: user.id });
  }

  handleDisconnect(client: Socket): void {
    const user = client.data.user as UserSummary | undefined;
    if (!user) return;
    const count = (this.openSockets.get(user.id) ?? 1) - 1;
    if (count > 0) { this.openSockets.set(user.id, count); return; }
    this.openSockets.delete(user.id);
    this.server.emit('userOffline', { userId: user.id });
  }

  /** {conversationId, content} -> 'message' to both participants, the sender included. */
  @SubscribeMessage('sendMessage')
  handleSendMessage(@ConnectedSocket() client: Socket, @MessageBody() body: unknown): void {
    const { conversationId, content } = fields(body);
    const { message, participantIds } = this.asWsError(() => this.chat.createMessage(client.data.user, conversationId, content));
    this.server.to(participantIds.map(userRoom)).emit('message', message);
  }

  /** {conversationId} -> the socket joins 'conversation:{id}'; no answer. */
  @SubscribeMessage('joinConversation')
  handleJoinConversation(@ConnectedSocket() client: Socket, @MessageBody() body: unknown): void {
    const conversation = this.asWsError(() => this.chat.conversationOf(client.data.user, fields(body).conversationId));
    client.join(`conversation:${conversation.id}`);
  }

  /** {conversationId, isTyping} -> 'typing' {userId, isTyping} to the other participant. */
  @SubscribeMessage('typing')
  handleTyping(@ConnectedSocket() client: Socket, @MessageBody() body: unknown): void {
    const { conversationId, isTyping } = fields(body);
    const user = client.data.user as UserSummary;
    const otherId = this.asWsError(() => this.chat.otherParticipantId(user, conversationId));
    this.server.to(userRoom(otherId)).emit('typing', { userId: user.id, isTyping: isTyping === true });
  }

  /** {messageId} -> marks it read; its sender gets 'messageRead' {messageId}. */
  @SubscribeMessage('markAsRead')
  handleMarkAsRead(@ConnectedSocket() client: Socket, @MessageBody() body: unknown): void {
    const { message, changed } = this.asWsError(() => this.chat.markAsRead(client.data.user, fields(body).messageId));
    if (changed) this.notifyMessageRead(message);
  }

  /** Tells a message's sender that it was read. */
  notifyMessageRead(message: MessageJson): void {
    this.server.to(userRoom(message.senderId)).emit('messageRead', { messageId: message.id });
  }

  /** The service speaks HTTP exceptions; over the socket they become a WsException. */
  private asWsError<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (error instanceof HttpException) throw new WsException(error.message);
      throw error;
    }
  }
}
