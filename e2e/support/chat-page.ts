// The demo page as one user sees it, through the data-testid contract only
// (see demo/web and the e2e README): sign in, rooms, messages, composer,
// typing, connection. Helpers return locators so that tests wait with
// expect(...) instead of sleeping.
import { expect, type Locator, type Page } from '@playwright/test';

/** A regular expression matching exactly `text` (for locator filters). */
export const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

export class ChatPage {
  constructor(
    readonly page: Page,
    /** The display name this user signed in with. */
    readonly name: string,
  ) {}

  /** Signs in through the page's own form (what a person does) and waits for the connection. */
  async signInWithForm(): Promise<void> {
    await this.page.getByTestId('signin-name').fill(this.name);
    await this.page.getByTestId('signin-submit').click();
    await expect(this.page.getByTestId('me')).toHaveText(this.name);
    await this.expectConnected();
  }

  /** Another tab of this person (same browser context), on the same page, signed in with the same name. */
  async openAnotherTab(): Promise<ChatPage> {
    const page = await this.page.context().newPage();
    await page.goto(this.page.url());
    const tab = new ChatPage(page, this.name);
    await tab.signInWithForm();
    return tab;
  }

  get connectionStatus(): Locator {
    return this.page.getByTestId('connection-status');
  }

  async expectConnected(timeout?: number): Promise<void> {
    await expect(this.connectionStatus).toHaveAttribute('data-state', 'connected', { timeout });
  }

  roomItem(roomId: string): Locator {
    return this.page.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`);
  }

  unreadBadge(roomId: string): Locator {
    return this.roomItem(roomId).getByTestId('room-unread');
  }

  /** Opens a room from the sidebar and waits until it is the current one. */
  async openRoom(roomId: string): Promise<void> {
    await this.roomItem(roomId).click();
    await expect(this.roomItem(roomId)).toHaveAttribute('aria-current', 'true');
  }

  get messageList(): Locator {
    return this.page.getByTestId('message-list');
  }

  /** Every rendered message row (the list is virtualized: rows on screen, plus a few). */
  get messages(): Locator {
    return this.messageList.getByTestId('message');
  }

  /** The "new messages" divider of the open room. */
  get newMessagesDivider(): Locator {
    return this.messageList.getByTestId('new-messages-divider');
  }

  /** The list row that holds the divider (it sits above the first unread message). */
  get rowWithDivider(): Locator {
    return this.messageList.locator('[data-index]', { has: this.page.getByTestId('new-messages-divider') });
  }

  /** The rendered rows whose text is exactly `text`. */
  messagesWithText(text: string): Locator {
    return this.messages.filter({ has: this.page.getByTestId('message-text').filter({ hasText: exactly(text) }) });
  }

  /** The texts of the rendered messages, top to bottom. */
  async messageTexts(): Promise<string[]> {
    return this.messages.getByTestId('message-text').allTextContents();
  }

  get composer(): Locator {
    return this.page.getByTestId('composer-input');
  }

  /** Fills the composer in one step (not key by key) and presses Enter, which sends. */
  async send(text: string): Promise<void> {
    await this.composer.fill(text);
    await this.composer.press('Enter');
    await expect(this.composer).toHaveValue('');
  }

  get typingIndicator(): Locator {
    return this.page.getByTestId('typing-indicator');
  }

  get offlineToggle(): Locator {
    return this.page.getByTestId('offline-toggle');
  }

  /** Shows the hover actions of the row whose text is `text`, and returns the row. */
  async hoverMessage(text: string): Promise<Locator> {
    const row = this.messagesWithText(text);
    await row.hover();
    await expect(row.getByTestId('message-actions')).toBeVisible();
    return row;
  }

  /** Edits the user's message `from` to `to` inline (Enter saves). */
  async editMessage(from: string, to: string): Promise<void> {
    const hovered = await this.hoverMessage(from);
    // By id from here: while it is edited, the row shows no text to find it by.
    const row = this.messageById((await hovered.getAttribute('data-message-id'))!);
    await row.getByTestId('edit-button').click();
    const input = row.getByTestId('edit-input');
    await input.fill(to);
    await input.press('Enter');
  }

  /** Deletes the user's message `text`, confirming inline; returns the row's message id. */
  async deleteMessage(text: string): Promise<string> {
    const id = (await (await this.hoverMessage(text)).getAttribute('data-message-id'))!;
    const row = this.messageById(id);
    await row.getByTestId('delete-button').click();
    await row.getByTestId('confirm-delete-yes').click();
    await expect(this.messageById(id)).toHaveAttribute('data-deleted', 'true');
    return id;
  }

  /** Reacts with `emoji` from the picker of the row `text`. */
  async react(text: string, emoji: string): Promise<void> {
    const row = await this.hoverMessage(text);
    await row.getByTestId('react-button').click();
    await row.getByRole('button', { name: `React ${emoji}` }).click();
  }

  /** Answers the message `text` with `reply` (Reply, then the composer). */
  async reply(text: string, reply: string): Promise<void> {
    const row = await this.hoverMessage(text);
    await row.getByTestId('reply-button').click();
    await expect(this.page.getByTestId('composer-reply')).toContainText(text);
    await this.send(reply);
  }

  /** The row of the message with server id `id`. */
  messageById(id: string): Locator {
    return this.messageList.locator(`[data-testid="message"][data-message-id="${id}"]`);
  }

  /** The reaction chip `emoji` of the row `text`. */
  reactionChip(text: string, emoji: string): Locator {
    return this.messagesWithText(text).locator(`[data-testid="reaction-chip"][data-emoji="${emoji}"]`);
  }

  /**
   * What the open room shows, row by row, as plain data: text (or
   * "deleted"), edited, reactions with counts, the quoted parent. Two users
   * who see the same room have the same rows (their own "mine" marks aside).
   */
  async roomAsData(): Promise<string[]> {
    return this.messages.evaluateAll((rows) =>
      rows.map((row) => {
        const part = (id: string) => row.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
        const reactions = [...row.querySelectorAll('[data-testid="reaction-chip"]')].map((chip) => chip.textContent?.replace(/\s+/g, ' ').trim());
        const quote = part('reply-quote');
        return [
          row.getAttribute('data-deleted') ? 'deleted' : part('message-text'),
          part('message-edited'),
          reactions.join(' '),
          quote ? `re: ${quote}` : '',
        ].join(' | ');
      }),
    );
  }

  /** Flips the offline switch and waits until it reports the new position. */
  async setOffline(offline: boolean): Promise<void> {
    await this.offlineToggle.click();
    await expect(this.offlineToggle).toHaveAttribute('aria-checked', String(offline));
  }
}
