// What a message row may do to its message, given by the open room: rows are
// memoized, so the actions come through a context of stable functions
// rather than through props of every row.
import type { Message } from 'chatwire';
import { createContext, useContext } from 'react';

export interface MessageActions {
  /** The signed-in user's id: their own messages may be edited and deleted. */
  me: string;
  /** Which changes the backend has (capabilities.operations); a seed backend has none. */
  canEdit: boolean;
  canDelete: boolean;
  canReact: boolean;
  canReply: boolean;
  edit(message: Message, text: string): void;
  deleteMessage(message: Message): void;
  react(message: Message, emoji: string, on: boolean): void;
  /** Makes `message` the one the composer answers. */
  reply(message: Message): void;
  /** Scrolls to the message with this id, when the room holds it. */
  reveal(id: string): void;
}

const NOTHING: MessageActions = {
  me: '',
  canEdit: false,
  canDelete: false,
  canReact: false,
  canReply: false,
  edit: () => {},
  deleteMessage: () => {},
  react: () => {},
  reply: () => {},
  reveal: () => {},
};

export const MessageActionsContext = createContext<MessageActions>(NOTHING);

export const useMessageActions = (): MessageActions => useContext(MessageActionsContext);
